import { useQuery } from "@tanstack/react-query";
import { AutoComplete, Col, Form, Input, Radio, Row, Select, Switch } from "antd";
import { poolKeys, leadKeys, api, type LeadInput, type LeadRow } from "../../api";
import FormDrawer from "../../components/FormDrawer";
import { useFreshRecord } from "../../hooks/useFreshRecord";
import { blank } from "../../format";
import { useI18n } from "../../i18n";
import { leadSourceSuggestions, textOptions } from "../../locales/suggestions";
import { INTENT_LEVEL } from "../../domain/enums";
import ActivitySelect from "../customers/ActivitySelect";

/** The form's values: "no intent rating" is "" in the radio group (null is no radio value). */
type V = Omit<LeadInput, "intentLevel"> & { intentLevel: LeadInput["intentLevel"] | "" };

const FIELDS = [
  "leadName",
  "phone",
  "company",
  "position",
  "source",
  "intentProduct",
  "intentLevel",
  "remark",
  "poolId",
  "toPool",
  "activityId",
] as const;

/** Create or edit a lead. A phone that already exists is refused on the phone field, naming who has it. */
export default function LeadForm({
  editing,
  defaults,
  onClose,
  onCreated,
}: {
  editing: LeadRow | "new" | null;
  /** Initial values for a new lead (e.g. the pool being viewed). */
  defaults?: Partial<LeadInput>;
  onClose: () => void;
  onCreated?: (l: LeadRow) => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<V>();
  const open = editing !== null;
  const sources = useQuery({ queryKey: leadKeys.sources(), queryFn: api.leads.sources, enabled: open });
  const pools = useQuery({ queryKey: poolKeys.list(), queryFn: api.pools.list, enabled: open });
  const isNew = editing === "new";
  const { record: l, reload } = useFreshRecord(editing, (r) => api.leads.get(r.id));
  const initial: Partial<V> = l
    ? {
        leadName: l.leadName,
        phone: l.phone,
        company: l.company,
        position: l.position,
        source: l.source,
        intentProduct: l.intentProduct,
        intentLevel: l.intentLevel ?? "",
        remark: l.remark,
        poolId: l.poolId,
        toPool: false,
        activityId: l.activityId,
      }
    : { intentLevel: "", poolId: null, toPool: false, activityId: null, ...defaults };

  return (
    <FormDrawer<V>
      open={open}
      title={isNew ? t("lead.new") : t("lead.edit")}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      width={600}
      onClose={onClose}
      invalidates={["leads"]}
      onReload={reload}
      onSubmit={async (v) => {
        const input: LeadInput = {
          leadName: v.leadName.trim(),
          phone: blank(v.phone),
          company: blank(v.company),
          position: blank(v.position),
          source: blank(v.source),
          intentProduct: blank(v.intentProduct),
          intentLevel: v.intentLevel || null,
          remark: blank(v.remark),
          poolId: v.poolId ?? null,
          toPool: isNew ? !!v.toPool : false,
          // Sent back as loaded on an edit; cleared is null (no source activity).
          activityId: v.activityId ?? null,
        };
        if (isNew) {
          const l = await api.leads.create(input);
          onCreated?.(l);
        } else if (l) {
          await api.leads.update(l.id, input, l.lockVersion);
        }
      }}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="leadName"
            label={t("lead.name")}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("lead.name") }) }]}
          >
            <Input id="lead-name" maxLength={100} autoFocus />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="phone" label={t("lead.phone")} rules={[{ pattern: /^[0-9+\-() ]{5,20}$/, message: t("common.badPhone") }]}>
            <Input id="lead-phone" maxLength={20} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="company" label={t("lead.company")}>
            <Input id="lead-company" maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="position" label={t("lead.position")}>
            <Input id="lead-position" maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="source" label={t("lead.source")}>
            <AutoComplete
              id="lead-source"
              options={textOptions(leadSourceSuggestions(lang, sources.data))}
              showSearch={{
                filterOption: (input, o) =>
                  String(o?.value ?? "")
                    .toLowerCase()
                    .includes(input.toLowerCase()),
              }}
              maxLength={50}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="intentProduct" label={t("lead.intentProduct")}>
            <Input id="lead-intent-product" maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="activityId" label={t("lead.activity")}>
            <ActivitySelect id="lead-activity" enabled={open} current={l ? { id: l.activityId, name: l.activityName } : undefined} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="intentLevel" label={t("lead.intentLevel")}>
        <Radio.Group optionType="button" options={[{ value: "", label: t("lead.intent.none") }, ...INTENT_LEVEL.options(t)]} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="poolId" label={t("lead.pool")} extra={isNew ? t("lead.poolHint") : undefined}>
            <Select
              id="lead-pool"
              allowClear
              placeholder={t("lead.poolDefault")}
              loading={pools.isLoading}
              options={(pools.data ?? []).map((p) => ({
                value: p.id,
                label: p.isPublic ? p.poolName : `${p.poolName} (${t("pool.private")})`,
              }))}
            />
          </Form.Item>
        </Col>
        {isNew && (
          <Col span={12}>
            <Form.Item name="toPool" label={t("lead.toPool")} valuePropName="checked" extra={t("lead.toPoolHint")}>
              <Switch id="lead-to-pool" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item name="remark" label={t("lead.remark")}>
        <Input.TextArea id="lead-remark" rows={3} maxLength={5000} showCount />
      </Form.Item>
    </FormDrawer>
  );
}
