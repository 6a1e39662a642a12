// The opt-out list (退订名单): numbers no campaign created afterwards texts. Searched by
// number; each with where it came from (added by hand, or a customer's reply entered by
// staff, with the reply) and when. 登记退订 adds one (marketing:update): by hand, or from a
// reply, which must be an opt-out word (T, TD, N, R, 退订; the backend says so on the reply
// field). A number already on the list is said so, not an error. Removing one asks first
// (marketing:delete).
import { App, Button, Form, Input, Radio, Tag, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { api, marketingKeys } from "../../api";
import type { OptOut } from "../../api/types/OptOut";
import { useSession } from "../../app/session";
import FormModal from "../../components/FormModal";
import ListPage, { type ListColumn } from "../../components/ListPage";
import { localTime } from "../../format";
import { useApiAction } from "../../hooks/useApiMutation";
import { useI18n, type T } from "../../i18n";

type Mode = "manual" | "reply";
type V = { mode: Mode; phone: string; reply: string };
const INITIAL: Partial<V> = { mode: "manual", phone: "", reply: "" };

/** Where an opt-out came from, as the backend writes it. */
export const SOURCE_MANUAL = "manual";
export const SOURCE_REPLY = "reply";

function OptoutModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const mode = Form.useWatch("mode", form) ?? "manual";
  return (
    <FormModal<V>
      open={open}
      title={t("mkt.opt.add")}
      form={form}
      fields={["phone", "reply"]}
      initialValues={INITIAL}
      okId="optout-save"
      invalidates={["marketing"]}
      successText={null}
      onClose={onClose}
      onSubmit={async (v) => {
        const phone = v.phone.trim();
        const added = v.mode === "reply" ? await api.marketing.optoutReply(phone, v.reply.trim()) : await api.marketing.addOptout(phone);
        if (added) message.success(t("mkt.opt.added"));
        else message.info(t("mkt.opt.exists"));
      }}
    >
      <Form.Item name="mode" label={t("mkt.opt.mode")}>
        <Radio.Group
          id="optout-mode"
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: "manual", label: <span data-testid="optout-mode-manual">{t("mkt.opt.mode.manual")}</span> },
            { value: "reply", label: <span data-testid="optout-mode-reply">{t("mkt.opt.mode.reply")}</span> },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t("mkt.opt.phone")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("mkt.opt.phone") }) }]}
      >
        <Input id="optout-phone" maxLength={20} placeholder={t("mkt.opt.phonePlaceholder")} />
      </Form.Item>
      {mode === "reply" && (
        <Form.Item
          name="reply"
          label={t("mkt.opt.reply")}
          extra={t("mkt.opt.replyHint")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("mkt.opt.reply") }) }]}
        >
          <Input id="optout-reply" maxLength={100} placeholder={t("mkt.opt.replyPlaceholder")} />
        </Form.Item>
      )}
    </FormModal>
  );
}

function columns(t: T, remove?: (o: OptOut) => void, busy?: string | null): ListColumn<OptOut>[] {
  const cols: ListColumn<OptOut>[] = [
    {
      key: "phone",
      title: t("mkt.opt.phone"),
      dataIndex: "phone",
      width: 160,
      render: (v: string, o) => <span data-testid={`optout-phone-${o.id}`}>{v}</span>,
    },
    {
      key: "source",
      title: t("mkt.opt.source"),
      dataIndex: "source",
      width: 260,
      render: (v: string, o) => (
        <span data-testid={`optout-source-${o.id}`}>
          <Tag color={v === SOURCE_REPLY ? "orange" : "default"}>
            {v === SOURCE_REPLY ? t("mkt.opt.source.reply") : v === SOURCE_MANUAL ? t("mkt.opt.source.manual") : v}
          </Tag>
          {o.replyText && <Typography.Text type="secondary">{t("mkt.opt.replyText", { text: o.replyText })}</Typography.Text>}
        </span>
      ),
    },
    {
      key: "createdAt",
      title: t("mkt.opt.createdAt"),
      dataIndex: "createdAt",
      width: 160,
      render: (v: string) => localTime(v),
    },
  ];
  if (remove)
    cols.push({
      key: "actions",
      title: t("common.actions"),
      width: 100,
      fixed: "right",
      exportKeys: [],
      render: (_: unknown, o) => (
        <Button
          size="small"
          type="link"
          danger
          icon={<DeleteOutlined />}
          loading={busy === `remove-${o.id}`}
          data-testid={`optout-remove-${o.id}`}
          onClick={() => remove(o)}
        >
          {t("mkt.opt.remove")}
        </Button>
      ),
    });
  return cols;
}

export default function Optouts() {
  const { t } = useI18n();
  const { can } = useSession();
  const { modal } = App.useApp();
  const [q, setQ] = useState("");
  const [text, setText] = useState("");
  const [adding, setAdding] = useState(false);
  const { act, busy } = useApiAction({ invalidates: ["marketing"] });

  const remove = (o: OptOut) =>
    modal.confirm({
      title: t("mkt.opt.removeTitle", { phone: o.phone }),
      content: t("mkt.opt.removeBody"),
      okText: t("mkt.opt.remove"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: () => act(`remove-${o.id}`, () => api.marketing.removeOptout(o.id), t("mkt.opt.removed")),
    });

  return (
    <div data-testid="marketing-optouts">
      <ListPage<OptOut>
        id="marketingOptouts"
        queryKey={marketingKeys.optouts(q)}
        columns={columns(t, can("marketing:delete") ? remove : undefined, busy)}
        filters={q}
        rowKey={(o) => o.id}
        fetch={(page) => api.marketing.optouts(q || null, page)}
        emptyText={q ? t("mkt.opt.emptyFiltered") : t("mkt.opt.empty")}
        toolbar={
          <div style={{ display: "flex", gap: 12, alignItems: "center", flexWrap: "wrap" }}>
            <Input.Search
              id="optout-search"
              allowClear
              placeholder={t("mkt.opt.search")}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => setQ(v.trim())}
              style={{ width: 220 }}
            />
            <Typography.Text type="secondary">{t("mkt.opt.intro")}</Typography.Text>
          </div>
        }
        actions={() =>
          can("marketing:update") && (
            <Button type="primary" icon={<PlusOutlined />} id="optout-add" onClick={() => setAdding(true)}>
              {t("mkt.opt.add")}
            </Button>
          )
        }
      />
      <OptoutModal open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
