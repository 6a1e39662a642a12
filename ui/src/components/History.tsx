import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Empty, Spin, Timeline, Typography } from "antd";
import { oplogKeys, api } from "../api";
import { localTime } from "../format";
import { errorMessage } from "../hooks/useApiMutation";
import { useI18n } from "../i18n";

const fmt = (v: unknown) => (v === null || v === undefined || v === "" ? "∅" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** The operation log of one record (who changed what, when), newest first. */
export default function History({ entityType, id }: { entityType: string; id: number }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: oplogKeys.history(entityType, id), queryFn: () => api.oplog(entityType, id, { page: 1, pageSize: 100 }) });
  if (q.isLoading) return <Spin style={{ display: "block", margin: 24 }} />;
  if (q.error)
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(t, q.error)}
        action={
          <Button size="small" onClick={() => q.refetch()}>
            {t("common.retry")}
          </Button>
        }
      />
    );
  const items = q.data?.items ?? [];
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("history.empty")} />;
  return (
    <Timeline
      style={{ marginTop: 8 }}
      items={items.map((e) => ({
        key: e.id,
        content: (
          <div>
            <div>
              <b>{e.userName ?? t("history.system")}</b> · {t(`action.${e.action}` as never)}
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {localTime(e.createdAt)}
              </Typography.Text>
            </div>
            {e.summary && e.action !== "create" && e.action !== "delete" && <div style={{ fontSize: 12, color: "#666" }}>{e.summary}</div>}
            {e.changes &&
              Object.entries(e.changes).map(([k, [a, b]]) => (
                <div key={k} style={{ fontSize: 12, color: "#666" }}>
                  {k}: {fmt(a)} → {fmt(b)}
                </div>
              ))}
          </div>
        ),
      }))}
    />
  );
}
