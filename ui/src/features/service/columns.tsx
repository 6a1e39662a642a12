// The work-order columns every list shares (the service page, a customer's tab), and the
// settings query the lists and the form read the order types from.
import { useQuery } from "@tanstack/react-query";
import { Space, Tag, Tooltip, Typography } from "antd";
import { StarFilled } from "@ant-design/icons";
import { api, serviceKeys, type WorkOrderRow } from "../../api";
import type { ListColumn } from "../../components/ListPage";
import { localTime } from "../../format";
import type { T } from "../../i18n";
import { PriorityTag, scoreLabel, StatusTag } from "./labels";
import { isOpen, SlaCell } from "./sla";

/** The module's settings (order types, SLA targets, calendar): everyone signed in may read them. */
export function useServiceSettings(enabled = true) {
  return useQuery({ queryKey: serviceKeys.settings(), queryFn: api.service.settings, enabled, staleTime: 60_000 });
}

/** Shown after the title: reopened, or answered after the response deadline (an open order on its response clock shows that in its countdown). */
const lateResponse = (r: WorkOrderRow) => r.responseBreached && !(isOpen(r) && r.slaClock === "response");
export const hasFlags = (r: WorkOrderRow) => r.reopenCount > 0 || lateResponse(r);

/** Reopened, or answered after the response deadline: small flags by the title. */
export function OrderFlags({ r, t }: { r: WorkOrderRow; t: T }) {
  return (
    <>
      {r.reopenCount > 0 && (
        <Tooltip title={t("wo.reopenedTimes", { n: r.reopenCount })}>
          <Tag color="volcano" variant="filled" style={{ marginInlineEnd: 0 }} data-testid={`wo-reopened-${r.id}`}>
            {t("wo.flag.reopened", { n: r.reopenCount })}
          </Tag>
        </Tooltip>
      )}
      {lateResponse(r) && (
        <Tag color="red" variant="filled" style={{ marginInlineEnd: 0 }} data-testid={`wo-late-response-${r.id}`}>
          {t("wo.flag.lateResponse")}
        </Tag>
      )}
    </>
  );
}

/** A satisfaction score as stars ("—" when not rated). */
export function Score({ value, t }: { value: number | null; t: T }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={scoreLabel(t, value)}>
      <span style={{ whiteSpace: "nowrap", color: value >= 4 ? "#d48806" : value <= 2 ? "#cf1322" : undefined }}>
        <StarFilled style={{ color: "#fadb14", marginInlineEnd: 4 }} />
        {value}
      </span>
    </Tooltip>
  );
}

/** The list columns; `withCustomer: false` drops the customer (a customer's own tab). */
export function workOrderColumns(t: T, { withCustomer = true }: { withCustomer?: boolean } = {}): ListColumn<WorkOrderRow>[] {
  return [
    {
      key: "orderNo",
      title: t("wo.no"),
      dataIndex: "orderNo",
      width: 140,
      render: (v: string, r) => (
        <a data-testid={`wo-open-${r.id}`} style={{ whiteSpace: "nowrap" }}>
          {v}
        </a>
      ),
    },
    {
      key: "title",
      title: t("wo.title"),
      dataIndex: "title",
      // The cell shows the order type's tag before the title.
      exportKeys: ["orderType", "title"],
      width: 205,
      render: (v: string, r) => (
        <div style={{ minWidth: 0 }}>
          <div style={{ display: "flex", alignItems: "center", gap: 4, minWidth: 0 }}>
            <Tag variant="filled" style={{ marginInlineEnd: 0, flex: "none" }}>
              {r.orderType}
            </Tag>
            <Typography.Text ellipsis={{ tooltip: v }} style={{ minWidth: 0 }} data-testid={`wo-title-${r.id}`}>
              {v}
            </Typography.Text>
          </div>
          {hasFlags(r) && (
            <div style={{ display: "flex", flexWrap: "wrap", gap: 4, marginTop: 2 }}>
              <OrderFlags r={r} t={t} />
            </div>
          )}
        </div>
      ),
    },
    ...(withCustomer
      ? [
          {
            key: "customerName",
            title: t("wo.customer"),
            dataIndex: "customerName",
            width: 135,
            ellipsis: true,
            render: (v: string | null, r: WorkOrderRow) => v ?? `#${r.customerId}`,
          },
        ]
      : []),
    {
      key: "priority",
      title: t("wo.priority"),
      dataIndex: "priority",
      width: 72,
      render: (v: WorkOrderRow["priority"], r) => <PriorityTag value={v} testid={`wo-priority-${r.id}`} />,
    },
    {
      key: "status",
      title: t("wo.status"),
      dataIndex: "status",
      width: 80,
      render: (v: WorkOrderRow["status"], r) => <StatusTag value={v} testid={`wo-status-${r.id}`} />,
    },
    {
      key: "assignee",
      title: t("wo.assignee"),
      dataIndex: "assigneeName",
      width: 100,
      ellipsis: true,
      render: (v: string | null, r) =>
        r.assigneeId ? (v ?? `#${r.assigneeId}`) : <Typography.Text type="warning">{t("wo.unassigned")}</Typography.Text>,
    },
    {
      key: "sla",
      title: t("wo.sla"),
      exportKeys: ["slaDueAt"],
      width: 170,
      render: (_: unknown, r) => (
        <Space size={4}>
          <SlaCell row={r} testid={`wo-sla-${r.id}`} />
        </Space>
      ),
    },
    {
      key: "satisfaction",
      title: t("wo.satisfaction"),
      dataIndex: "satisfaction",
      width: 80,
      render: (v: number | null) => <Score value={v} t={t} />,
    },
    { key: "createdAt", title: t("wo.createdAt"), dataIndex: "createdAt", width: 130, render: localTime },
  ];
}
