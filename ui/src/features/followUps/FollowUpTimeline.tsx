import { useInfiniteQuery } from "@tanstack/react-query";
import { Alert, Button, Col, Empty, Form, Input, Popconfirm, Row, Select, Skeleton, Space, Tag, Timeline, Tooltip, Typography } from "antd";
import { CheckOutlined, ClockCircleOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { followUpKeys, api, type FollowUpRow, type RelationKind } from "../../api";
import { blank, fromUtc, isPast, localTime, toUtc } from "../../format";
import { useI18n, type T } from "../../i18n";
import { useSession } from "../../app/session";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import DateTimePicker from "../../components/DateTimePicker";
import FormModal from "../../components/FormModal";
import { FOLLOW_TYPE } from "../../domain/enums";

/** A stored channel in the user's language (one the backend does not know: as stored). */
export const followTypeLabel = (t: T, v: string) => (FOLLOW_TYPE.has(v) ? FOLLOW_TYPE.label(t, v) : v);
export const followTypeOptions = (t: T) => FOLLOW_TYPE.options(t);
const typeColor = (v: string) => (FOLLOW_TYPE.has(v) ? FOLLOW_TYPE.color(v) : undefined);

const FIELDS = ["followType", "content", "nextFollowTime", "nextContent"] as const;
type FV = { followType: string; content: string; nextFollowTime: Dayjs | null; nextContent: string | null };

/** Where a follow-up goes: a lead or a customer (its name is shown in the title). */
export type FollowTarget = { relationType: RelationKind; relationId: number; relationName?: string | null };

/**
 * Log a follow-up (or edit one): channel, what happened, and optionally when to
 * follow up next and about what. The next time is sent as UTC.
 */
export function FollowUpModal({
  open,
  target,
  editing,
  onClose,
}: {
  open: boolean;
  target: FollowTarget | null;
  editing?: FollowUpRow | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<FV>();
  const next = Form.useWatch("nextFollowTime", form);
  const initial: Partial<FV> = editing
    ? {
        followType: editing.followType,
        content: editing.content,
        nextFollowTime: fromUtc(editing.nextFollowTime),
        nextContent: editing.nextContent,
      }
    : { followType: FOLLOW_TYPE.values[0], content: "", nextFollowTime: null, nextContent: null };
  const at = (d: Dayjs) => d.second(0).millisecond(0);
  const presets = [
    { label: t("follow.preset.tomorrow"), value: at(dayjs().add(1, "day").hour(9).minute(0)) },
    { label: t("follow.preset.in3days"), value: at(dayjs().add(3, "day").hour(9).minute(0)) },
    { label: t("follow.preset.nextWeek"), value: at(dayjs().add(7, "day").hour(9).minute(0)) },
  ];
  const name = editing?.relationName ?? target?.relationName;
  return (
    <FormModal<FV>
      open={open}
      title={
        <span>
          {editing ? t("follow.edit") : t("follow.new")}
          {name && (
            <Typography.Text type="secondary" style={{ fontWeight: "normal", marginInlineStart: 8 }}>
              {name}
            </Typography.Text>
          )}
        </span>
      }
      form={form}
      initialValues={initial}
      fields={FIELDS}
      okId="follow-save"
      width={560}
      onClose={onClose}
      invalidates={["followUps"]}
      onSubmit={async (v) => {
        const body = {
          followType: v.followType,
          content: v.content.trim(),
          nextFollowTime: toUtc(v.nextFollowTime),
          nextContent: v.nextFollowTime ? blank(v.nextContent) : null,
        };
        if (editing) await api.followUps.update(editing.id, body);
        else if (target) await api.followUps.create({ relationType: target.relationType, relationId: target.relationId, ...body });
      }}
    >
      <Form.Item name="followType" label={t("follow.type")} rules={[{ required: true, message: t("follow.typeRequired") }]}>
        <Select id="follow-type" options={followTypeOptions(t)} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        name="content"
        label={t("follow.content")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("follow.content") }) }]}
      >
        <Input.TextArea id="follow-content" autoFocus rows={4} maxLength={10000} placeholder={t("follow.contentHint")} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item name="nextFollowTime" label={t("follow.nextTime")} style={{ marginBottom: 12 }}>
            <DateTimePicker
              id="follow-next-time"
              presets={presets}
              style={{ width: "100%" }}
              disabledDate={(d) => d.isBefore(dayjs().startOf("day"))}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            name="nextContent"
            label={t("follow.nextContent")}
            style={{ marginBottom: 12 }}
            rules={[{ max: 500, message: t("common.tooLong", { n: 500 }) }]}
          >
            <Input
              id="follow-next-content"
              disabled={!next}
              placeholder={next ? t("follow.nextContentHint") : t("follow.nextTimeFirst")}
              maxLength={500}
            />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("follow.shortcut")}
      </Typography.Text>
    </FormModal>
  );
}

/** The state of a follow-up's next step as a tag (done / overdue / pending), or nothing. */
export function NextStepTag({ f }: { f: Pick<FollowUpRow, "nextFollowTime" | "nextDone"> }) {
  const { t } = useI18n();
  if (!f.nextFollowTime) return null;
  if (f.nextDone) return <Tag color="green">{t("follow.status.done")}</Tag>;
  if (isPast(f.nextFollowTime)) return <Tag color="red">{t("follow.status.overdue")}</Tag>;
  return <Tag color="blue">{t("follow.status.pending")}</Tag>;
}

const PAGE = 20;

/**
 * The follow-up history of a lead or customer as a timeline, newest first, with
 * "write a follow-up" and per-entry complete / edit / delete.
 */
export default function FollowUpTimeline({
  target,
  canAdd,
  addDisabledReason,
}: {
  target: FollowTarget;
  canAdd: boolean;
  addDisabledReason?: string;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const { act } = useApiAction({ invalidates: ["followUps"] });
  const [modal, setModal] = useState<{ editing: FollowUpRow | null } | null>(null);
  const q = useInfiniteQuery({
    queryKey: followUpKeys.timeline(target.relationType, target.relationId),
    queryFn: ({ pageParam }) => api.followUps.list(target.relationType, target.relationId, { page: pageParam, pageSize: PAGE }),
    initialPageParam: 1,
    getNextPageParam: (last, all) => (all.reduce((n, p) => n + p.items.length, 0) < Number(last.total) ? all.length + 1 : undefined),
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = Number(q.data?.pages[0]?.total ?? 0);
  const mayCreate = canAdd && can("follow_up:create");
  const mayUpdate = can("follow_up:update");
  const mayDelete = can("follow_up:delete");

  const addButton = (
    <Tooltip title={!canAdd ? addDisabledReason : undefined}>
      <Button type="primary" icon={<PlusOutlined />} id="follow-new" disabled={!mayCreate} onClick={() => setModal({ editing: null })}>
        {t("follow.new")}
      </Button>
    </Tooltip>
  );

  return (
    <div data-testid="follow-timeline">
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginBottom: 16 }}>
        <Typography.Text type="secondary">{t("common.total", { n: total })}</Typography.Text>
        {(mayCreate || addDisabledReason) && addButton}
      </div>
      {q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, q.error)}
          action={
            <Button size="small" onClick={() => q.refetch()}>
              {t("common.retry")}
            </Button>
          }
        />
      )}
      {q.isLoading ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : rows.length === 0 && !q.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("follow.empty")} />
      ) : (
        <Timeline
          items={rows.map((f) => ({
            key: f.id,
            color: typeColor(f.followType) ?? "gray",
            content: (
              <div className="follow-item" data-testid={`follow-${f.id}`}>
                <div style={{ display: "flex", justifyContent: "space-between", gap: 8, alignItems: "flex-start" }}>
                  <Space size={6} wrap>
                    <Tag color={typeColor(f.followType)}>{followTypeLabel(t, f.followType)}</Tag>
                    <b>{f.createdByName ?? "-"}</b>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {localTime(f.createdAt)}
                    </Typography.Text>
                    {f.relationType !== target.relationType && <Tag>{t("follow.fromLead")}</Tag>}
                  </Space>
                  <Space size={0} className="follow-actions">
                    {mayUpdate && f.nextFollowTime && !f.nextDone && (
                      <Tooltip title={t("follow.markDone")}>
                        <Button
                          size="small"
                          type="text"
                          icon={<CheckOutlined />}
                          aria-label={t("follow.markDone")}
                          onClick={() => act("done", () => api.followUps.done(f.id), t("follow.doneOk"))}
                        />
                      </Tooltip>
                    )}
                    {mayUpdate && (
                      <Tooltip title={t("common.edit")}>
                        <Button
                          size="small"
                          type="text"
                          icon={<EditOutlined />}
                          aria-label={t("common.edit")}
                          onClick={() => setModal({ editing: f })}
                        />
                      </Tooltip>
                    )}
                    {mayDelete && (
                      <Popconfirm
                        title={t("follow.deleteConfirm")}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => act("delete", () => api.followUps.remove(f.id), t("common.deleted"))}
                      >
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} />
                      </Popconfirm>
                    )}
                  </Space>
                </div>
                <div style={{ whiteSpace: "pre-wrap", margin: "6px 0", wordBreak: "break-word" }}>{f.content}</div>
                {f.nextFollowTime && (
                  <div
                    style={{
                      fontSize: 13,
                      background: "#fafafa",
                      borderRadius: 6,
                      padding: "4px 10px",
                      display: "inline-flex",
                      gap: 8,
                      alignItems: "center",
                      flexWrap: "wrap",
                    }}
                  >
                    <ClockCircleOutlined style={{ color: "#8c8c8c" }} />
                    <span>
                      {t("follow.nextTime")}: {localTime(f.nextFollowTime)}
                    </span>
                    {f.nextContent && <span style={{ color: "#595959" }}>· {f.nextContent}</span>}
                    <NextStepTag f={f} />
                  </div>
                )}
              </div>
            ),
          }))}
        />
      )}
      {q.hasNextPage && (
        <div style={{ textAlign: "center" }}>
          <Button onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t("common.loadMore")}
          </Button>
        </div>
      )}
      <FollowUpModal open={modal !== null} target={target} editing={modal?.editing} onClose={() => setModal(null)} />
    </div>
  );
}
