// Customer segments: each with its rule in words and how many customers (in the user's data
// scope) it holds now. Four are built in: they can be tuned but not deleted.
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Empty, Space, Table, Tag, Tooltip, Typography } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { api, marketingKeys } from "../../api";
import type { ActivityOption } from "../../api/types/ActivityOption";
import type { Segment } from "../../api/types/Segment";
import type { SegmentRule } from "../../api/types/SegmentRule";
import type { Tag as CustomerTag } from "../../api/types/Tag";
import { useSession } from "../../app/session";
import { CUSTOMER_LEVEL, CUSTOMER_STATUS, CUSTOMER_TYPE } from "../../domain/enums";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import { useI18n, type T } from "../../i18n";
import SegmentEditor from "./SegmentEditor";
import { useActivityOptions, useTags } from "./shared";

/** A rule in words, one phrase per condition ("A 级", "超过 90 天未跟进" …). */
export function describeRule(
  t: T,
  r: Partial<SegmentRule> | null | undefined,
  tags: readonly CustomerTag[] = [],
  activities: readonly ActivityOption[] = [],
): string[] {
  const out: string[] = [];
  const sep = t("mkt.listSep");
  if (r?.tagIds?.length) {
    const names = r.tagIds.map((id) => tags.find((x) => x.id === id)?.tagName ?? `#${id}`);
    out.push(t("mkt.seg.r.tags", { tags: names.join(sep) }));
  }
  if (r?.level) out.push(t("mkt.seg.r.level", { level: CUSTOMER_LEVEL.label(t, r.level) }));
  if (r?.status) out.push(t("mkt.seg.r.status", { status: CUSTOMER_STATUS.label(t, r.status) }));
  if (r?.customerType) out.push(t("mkt.seg.r.type", { type: CUSTOMER_TYPE.label(t, r.customerType) }));
  if (r?.industry) out.push(t("mkt.seg.r.industry", { industry: r.industry }));
  if (r?.idleDays) out.push(t("mkt.seg.r.idleDays", { n: r.idleDays }));
  if (r?.hasSignedContract) out.push(t("mkt.seg.r.signed"));
  if (r?.birthdayThisMonth) out.push(t("mkt.seg.r.birthday"));
  if (r?.activityId) {
    const a = activities.find((x) => x.id === r.activityId);
    out.push(t("mkt.seg.r.activity", { name: a?.activityName ?? `#${r.activityId}` }));
  }
  if (out.length === 0) out.push(t("mkt.seg.r.all"));
  if (r?.includeSea) out.push(t("mkt.seg.r.sea"));
  return out;
}

export default function Segments() {
  const { t } = useI18n();
  const { can } = useSession();
  const { modal } = App.useApp();
  const q = useQuery({ queryKey: marketingKeys.segments(), queryFn: api.marketing.segments });
  const tags = useTags();
  const activities = useActivityOptions();
  const [editing, setEditing] = useState<Segment | "new" | null>(null);
  const { act, busy } = useApiAction({ invalidates: ["marketing"] });
  const mayUpdate = can("marketing:update");
  const mayDelete = can("marketing:delete");

  const remove = (s: Segment) =>
    modal.confirm({
      title: t("mkt.seg.deleteTitle", { name: s.segmentName }),
      content: t("mkt.seg.deleteBody"),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: () => act(`delete-${s.id}`, () => api.marketing.removeSegment(s.id), t("common.deleted")),
    });

  return (
    <div data-testid="marketing-segments">
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, marginBottom: 12, flexWrap: "wrap" }}>
        <Typography.Text type="secondary">{t("mkt.seg.intro")}</Typography.Text>
        {can("marketing:create") && (
          <Button type="primary" icon={<PlusOutlined />} id="segment-new" onClick={() => setEditing("new")}>
            {t("mkt.seg.new")}
          </Button>
        )}
      </div>
      {q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, q.error)}
          action={<Button onClick={() => q.refetch()}>{t("common.retry")}</Button>}
        />
      )}
      <Table<Segment>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t("mkt.seg.empty")} /> }}
        columns={[
          {
            key: "name",
            title: t("mkt.seg.name"),
            dataIndex: "segmentName",
            width: 200,
            render: (v: string, s) => (
              <Space size={6}>
                {mayUpdate ? (
                  <Typography.Link data-testid={`segment-open-${s.id}`} onClick={() => setEditing(s)}>
                    {v}
                  </Typography.Link>
                ) : (
                  <span data-testid={`segment-open-${s.id}`}>{v}</span>
                )}
                {s.builtin && (
                  <Tooltip title={t("mkt.seg.builtinHint")}>
                    <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid={`segment-builtin-${s.id}`}>
                      {t("mkt.seg.builtin")}
                    </Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            key: "rule",
            title: t("mkt.seg.rule"),
            width: 320,
            render: (_: unknown, s) => (
              <Space size={[4, 4]} wrap data-testid={`segment-rule-${s.id}`}>
                {describeRule(t, s.rule, tags.data, activities.data).map((x) => (
                  <Tag key={x} variant="filled" style={{ marginInlineEnd: 0 }}>
                    {x}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            key: "description",
            title: t("mkt.seg.description"),
            dataIndex: "description",
            render: (v: string | null) =>
              v ? (
                <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ marginBottom: 0 }}>
                  {v}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            key: "customers",
            title: t("mkt.seg.customers"),
            dataIndex: "customers",
            width: 100,
            align: "right",
            render: (v: number, s) => (
              <Typography.Text strong data-testid={`segment-customers-${s.id}`}>
                {v}
              </Typography.Text>
            ),
          },
          ...(mayUpdate || mayDelete
            ? [
                {
                  key: "actions",
                  title: t("common.actions"),
                  width: 150,
                  fixed: "right" as const,
                  render: (_: unknown, s: Segment) => (
                    <Space size={0}>
                      {mayUpdate && (
                        <Button
                          size="small"
                          type="link"
                          icon={<EditOutlined />}
                          data-testid={`segment-edit-${s.id}`}
                          onClick={() => setEditing(s)}
                        >
                          {t("common.edit")}
                        </Button>
                      )}
                      {/* Built-in segments can be tuned, never deleted. */}
                      {mayDelete && !s.builtin && (
                        <Button
                          size="small"
                          type="link"
                          danger
                          icon={<DeleteOutlined />}
                          loading={busy === `delete-${s.id}`}
                          data-testid={`segment-delete-${s.id}`}
                          onClick={() => remove(s)}
                        >
                          {t("common.delete")}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <SegmentEditor editing={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
