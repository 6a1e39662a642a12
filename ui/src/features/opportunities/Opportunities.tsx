import { useQuery } from "@tanstack/react-query";
import { Button, Card, Col, Input, Row, Segmented, Select, Space, Table, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import {
  api,
  opportunityKeys,
  stageKeys,
  userKeys,
  type OpportunityFilter,
  type OpportunityRow,
  type OpportunitySort,
  type OpportunityStatus,
  type PipelineRow,
  type QuotationRow,
} from "../../api";
import { useSession } from "../../app/session";
import { byField } from "../../components/sorters";
import { OPPORTUNITY_STATUS } from "../../domain/enums";
import ListPage, { type ListColumn, type Sort } from "../../components/ListPage";
import DrillTag, { useDrill } from "../../components/DrillTag";
import { undrill, type DrillSpec } from "../../components/drill";
import { localTime } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import ExportButton from "../dataio/ExportButton";
import QuotationEditor from "../quotations/QuotationEditor";
import { OppStatusTag } from "../sales/labels";
import Kanban from "./Kanban";
import OpportunityDetail from "./OpportunityDetail";
import OpportunityForm from "./OpportunityForm";
import { useOppActions } from "./useOppActions";

type View = "kanban" | "list" | "pipeline";
const EMPTY: OpportunityFilter = { keyword: null, customerId: null, stage: null, status: null, ownerId: null, closeBefore: null };
/** What the dashboard may open the list with: created in its period, or a stage of the open pipeline; of one owner. */
const DRILL = {
  createdFrom: "date",
  createdTo: "date",
  stage: "text",
  status: OPPORTUNITY_STATUS,
  ownerId: "id",
} as const satisfies DrillSpec;

function PipelineView() {
  const { t } = useI18n();
  const q = useQuery({ queryKey: opportunityKeys.pipeline(), queryFn: api.opportunities.pipeline });
  const cols = (first: string) => [
    { key: "key", title: first, dataIndex: "key" },
    { key: "count", title: t("opp.countTitle"), dataIndex: "count", width: 90, align: "right" as const },
    {
      key: "amount",
      title: t("opp.amount"),
      dataIndex: "amount",
      width: 170,
      align: "right" as const,
      render: (v: string) => formatMoney(v),
    },
    {
      key: "weighted",
      title: t("opp.weighted"),
      dataIndex: "weightedAmount",
      width: 170,
      align: "right" as const,
      render: (v: string) => formatMoney(v),
    },
  ];
  const total = q.data?.total;
  const summary = () =>
    total && (
      <Table.Summary.Row>
        <Table.Summary.Cell index={0}>
          <strong>{t("opp.pipelineTotal")}</strong>
        </Table.Summary.Cell>
        <Table.Summary.Cell index={1} align="right">
          {total.count}
        </Table.Summary.Cell>
        <Table.Summary.Cell index={2} align="right">
          <strong>{formatMoney(total.amount)}</strong>
        </Table.Summary.Cell>
        <Table.Summary.Cell index={3} align="right">
          <strong data-testid="pipeline-weighted-total">{formatMoney(total.weightedAmount)}</strong>
        </Table.Summary.Cell>
      </Table.Summary.Row>
    );
  return (
    <Row gutter={16} data-testid="opp-pipeline">
      <Col xs={24} xl={12}>
        <Card size="small" title={t("opp.byStage")}>
          <Table<PipelineRow>
            rowKey="key"
            size="small"
            loading={q.isFetching}
            pagination={false}
            dataSource={q.data?.byStage ?? []}
            columns={cols(t("opp.stage"))}
            summary={summary}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t("opp.byOwner")}>
          <Table<PipelineRow>
            rowKey="key"
            size="small"
            loading={q.isFetching}
            pagination={false}
            dataSource={q.data?.byOwner ?? []}
            columns={cols(t("customer.owner"))}
            summary={summary}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t("opp.pipelineHint")}
        </Typography.Paragraph>
      </Col>
    </Row>
  );
}

/** Opportunities: a kanban by stage, a list, and the sales funnel. */
export default function Opportunities() {
  const { t } = useI18n();
  const nav = useNavigate();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const { drill, dismiss } = useDrill(DRILL);
  const asked = (["kanban", "list", "pipeline"] as const).find((v) => v === params.get("view"));
  // Opened from the dashboard: the list view (the kanban leaves out the stage and status filters).
  const [listFirst, setListFirst] = useState(() => drill !== null && !asked);
  const view: View = asked ?? (listFirst ? "list" : "kanban");
  const openId = Number(params.get("id")) || null;
  const [filter, setFilter] = useState<OpportunityFilter>(() => ({ ...EMPTY, ...drill }));
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<OpportunityRow | "new" | null>(null);
  const [quoting, setQuoting] = useState<OpportunityRow | null>(null);
  const stages = useQuery({ queryKey: stageKeys.list(), queryFn: api.stages.list });
  const owners = useQuery({ queryKey: userKeys.options(), queryFn: api.users.options });
  const set = (patch: Partial<OpportunityFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const params2 = (p: Record<string, string>) => setParams(view === "kanban" ? p : { view, ...p });
  const open = (o: OpportunityRow) => params2({ id: String(o.id) });
  const close = () => params2({});
  const actions = useOppActions({ onDeleted: (id) => id === openId && close() });
  // What the list asks for, with its sort (the export sends the same).
  const query = (sort: Sort): OpportunityFilter => ({
    ...filter,
    sort: (sort?.field as OpportunitySort | undefined) ?? null,
    desc: sort ? sort.desc : null,
  });

  const columns: ListColumn<OpportunityRow>[] = [
    {
      key: "opportunityName",
      title: t("opp.name"),
      dataIndex: "opportunityName",
      sorter: true,
      width: 200,
      ellipsis: true,
      render: (v: string, o) => (
        <a onClick={() => open(o)} data-testid={`opp-open-${o.id}`}>
          {v}
        </a>
      ),
    },
    {
      key: "customerName",
      title: t("opp.customer"),
      dataIndex: "customerName",
      sorter: byField("customerName"),
      width: 180,
      ellipsis: true,
      render: (v: string | null) => v ?? "-",
    },
    { key: "stage", title: t("opp.stage"), dataIndex: "stage", sorter: true, width: 100 },
    {
      key: "estimatedAmount",
      title: t("opp.amount"),
      dataIndex: "estimatedAmount",
      sorter: true,
      width: 140,
      align: "right",
      render: (v: string) => formatMoney(v),
    },
    {
      key: "winProbability",
      title: t("opp.probability"),
      dataIndex: "winProbability",
      sorter: true,
      width: 80,
      render: (v: number | null) => (v === null ? "-" : `${v}%`),
    },
    {
      key: "weightedAmount",
      title: t("opp.weighted"),
      dataIndex: "weightedAmount",
      sorter: byField("weightedAmount"),
      width: 140,
      align: "right",
      render: (v: string) => formatMoney(v),
    },
    {
      key: "expectedCloseTime",
      title: t("opp.expectedClose"),
      dataIndex: "expectedCloseTime",
      sorter: true,
      width: 110,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "status",
      title: t("opp.status"),
      dataIndex: "status",
      sorter: true,
      width: 90,
      render: (v: OpportunityStatus) => <OppStatusTag status={v} />,
    },
    {
      key: "ownerName",
      title: t("customer.owner"),
      dataIndex: "ownerName",
      sorter: byField("ownerName"),
      width: 90,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "updatedAt",
      title: t("customer.updatedAt"),
      dataIndex: "updatedAt",
      sorter: true,
      width: 150,
      render: localTime,
    },
  ];

  const clearDrill = () => {
    setFilter((f) => undrill(f, drill, EMPTY));
    dismiss();
  };

  const filters = view !== "pipeline" && (
    <Space wrap>
      {drill && <DrillTag drill={drill} spec={DRILL} onClose={clearDrill} />}
      <Input.Search
        id="opp-keyword"
        allowClear
        placeholder={t("opp.keyword")}
        value={keyword}
        onChange={(e) => setKeyword(e.target.value)}
        onSearch={(v) => set({ keyword: v.trim() || null })}
        style={{ width: 220 }}
      />
      {view === "list" && (
        <>
          <Select
            allowClear
            placeholder={t("opp.stage")}
            style={{ width: 120 }}
            value={filter.stage ?? undefined}
            onChange={(v) => set({ stage: v ?? null })}
            options={(stages.data ?? []).map((s) => ({ value: s.name, label: s.name }))}
          />
          <Select<OpportunityStatus>
            allowClear
            placeholder={t("opp.status")}
            style={{ width: 110 }}
            value={filter.status ?? undefined}
            onChange={(v) => set({ status: v ?? null })}
            options={OPPORTUNITY_STATUS.options(t)}
          />
        </>
      )}
      <Select
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        placeholder={t("customer.owner")}
        style={{ width: 120 }}
        value={filter.ownerId ?? undefined}
        onChange={(v) => set({ ownerId: v ?? null })}
        options={(owners.data ?? []).map((o) => ({ value: o.id, label: o.fullName }))}
      />
    </Space>
  );

  return (
    <div data-testid="opportunities-page">
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginBottom: 12, gap: 12, flexWrap: "wrap" }}>
        <Space wrap>
          <Segmented<View>
            value={view}
            onChange={(v) => {
              setListFirst(false);
              setParams(v === "kanban" ? {} : { view: v });
            }}
            options={[
              { value: "kanban", label: <span data-testid="opp-view-kanban">{t("opp.view.kanban")}</span> },
              { value: "list", label: <span data-testid="opp-view-list">{t("opp.view.list")}</span> },
              { value: "pipeline", label: <span data-testid="opp-view-pipeline">{t("opp.view.pipeline")}</span> },
            ]}
          />
          {view === "kanban" && filters}
        </Space>
        {can("opportunity:create") && (
          <Button type="primary" icon={<PlusOutlined />} id="opp-new" onClick={() => setEditing("new")}>
            {t("opp.new")}
          </Button>
        )}
      </div>
      {view === "kanban" && (
        <Kanban filter={{ ...filter, stage: null, status: null }} canMove={can("opportunity:update")} actions={actions} onOpen={open} />
      )}
      {view === "list" && (
        <ListPage<OpportunityRow>
          id="opportunities"
          queryKey={opportunityKeys.list(filter)}
          columns={columns}
          filters={filter}
          rowKey={(r) => r.id}
          fetch={(page, sort) => api.opportunities.list(query(sort), page)}
          actions={(v) => <ExportButton kind="opportunity" filter={query(v.sort)} columns={v.columns} />}
          onOpen={open}
          emptyText={t("opp.empty")}
          toolbar={filters}
        />
      )}
      {view === "pipeline" && <PipelineView />}
      <OpportunityDetail id={openId} actions={actions} onEdit={setEditing} onQuote={setQuoting} onClose={close} />
      <OpportunityForm editing={editing} onClose={() => setEditing(null)} onSaved={(o) => editing === "new" && open(o)} />
      <QuotationEditor
        editing={quoting ? "new" : null}
        preset={quoting ? { id: quoting.id, name: quoting.opportunityName } : null}
        onClose={() => setQuoting(null)}
        onSaved={(q: QuotationRow) => nav(`/quotations?id=${q.id}`)}
      />
      {actions.element}
    </div>
  );
}
