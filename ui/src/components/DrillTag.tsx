// The tag a list shows when the dashboard opened it with a filter ("来自工作台: 2030-05-01 ~
// 2030-05-31 · 负责人:张三"), and the hook that reads that filter from the URL once.
import { useQuery } from "@tanstack/react-query";
import { Tag, Tooltip } from "antd";
import { CloseOutlined, DashboardOutlined } from "@ant-design/icons";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api, userKeys } from "../api";
import { useI18n } from "../i18n";
import { describeDrill, readDrill, withoutDrill, type Drill, type DrillSpec } from "./drill";

/**
 * The list's dashboard filter, read from the URL when the list opens (later URL changes,
 * such as opening a record, do not change it). `dismiss` forgets it and removes its
 * parameters from the URL; the list resets its filter fields itself (see `undrill`).
 */
export function useDrill<S extends DrillSpec>(spec: S): { drill: Drill<S> | null; dismiss: () => void } {
  const [params, setParams] = useSearchParams();
  const [drill, setDrill] = useState(() => readDrill(params, spec));
  const dismiss = () => {
    setDrill(null);
    setParams((p) => withoutDrill(p, spec), { replace: true });
  };
  return { drill, dismiss };
}

/** "来自工作台: <period> · <owner> · …", closable (closing shows the list unfiltered by these). */
export default function DrillTag({ drill, spec, onClose }: { drill: object; spec: DrillSpec; onClose: () => void }) {
  const { t } = useI18n();
  const users = useQuery({ queryKey: userKeys.options(), queryFn: api.users.options });
  const name = (id: number) => users.data?.find((u) => u.id === id)?.fullName ?? `#${id}`;
  const parts = describeDrill(t, drill as Record<string, unknown>, spec, name);
  return (
    <Tooltip title={t("drill.hint")}>
      <Tag
        color="blue"
        icon={<DashboardOutlined />}
        closeIcon={<CloseOutlined data-testid="drill-tag-close" aria-label={t("drill.clear")} />}
        onClose={(e) => {
          e.preventDefault();
          onClose();
        }}
        data-testid="drill-tag"
        style={{ marginInlineEnd: 0, paddingBlock: 3, fontSize: 13 }}
      >
        {t("drill.fromDashboard")}: {parts.join(" · ")}
      </Tag>
    </Tooltip>
  );
}
