// Marketing (/marketing): activities with their budget, cost and what they brought in, SMS
// templates with a live preview, SMS campaigns (with the opt-out list), customer segments,
// customer tags, and (for those who may change them) the module's settings. The tab and an open activity live in the URL
// (`?tab=templates`, `?id=12`), so a link opens them here.
import { App, Tabs } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../api";
import type { ActivityRow } from "../../api/types/ActivityRow";
import { useSession } from "../../app/session";
import { useApiAction } from "../../hooks/useApiMutation";
import { useFreshRecord } from "../../hooks/useFreshRecord";
import { useI18n, type MessageKey } from "../../i18n";
import ActivityDrawer from "./ActivityDrawer";
import ActivityForm from "./ActivityForm";
import ActivityList from "./ActivityList";
import Campaigns from "./Campaigns";
import Segments from "./Segments";
import SettingsTab from "./SettingsTab";
import Tags from "./Tags";
import Templates from "./Templates";

type TabKey = "activities" | "templates" | "campaigns" | "segments" | "tags" | "settings";
const TABS: TabKey[] = ["activities", "templates", "campaigns", "segments", "tags", "settings"];
const LABELS: Record<TabKey, MessageKey> = {
  activities: "mkt.tab.activities",
  templates: "mkt.tab.templates",
  campaigns: "mkt.tab.campaigns",
  segments: "mkt.tab.segments",
  tags: "mkt.tab.tags",
  settings: "mkt.tab.settings",
};

export default function Marketing() {
  const { t } = useI18n();
  const { can } = useSession();
  const { modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tabs = TABS.filter((k) => k !== "settings" || can("marketing:update"));
  const asked = params.get("tab") as TabKey | null;
  const tab: TabKey = asked && tabs.includes(asked) ? asked : "activities";
  const openId = Number(params.get("id")) || null;
  const [editing, setEditing] = useState<ActivityRow | "new" | null>(null);
  const { record, reload } = useFreshRecord(editing, (r) => api.marketing.activity(r.id));
  const { act } = useApiAction({ invalidates: ["marketing"] });

  const go = (next: { tab?: TabKey; id?: number | null }) => {
    const p: Record<string, string> = {};
    const nt = next.tab ?? tab;
    if (nt !== "activities") p.tab = nt;
    const id = next.id === undefined ? openId : next.id;
    if (id) p.id = String(id);
    setParams(p);
  };

  // Refused (CONFLICT) once leads, customers or campaigns belong to it: the toast says so.
  const remove = (r: ActivityRow) =>
    modal.confirm({
      title: t("mkt.act.deleteTitle", { name: r.activityName }),
      content: t("mkt.act.deleteBody"),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: () =>
        act(
          "delete",
          () => api.marketing.removeActivity(r.id),
          t("common.deleted"),
          () => {
            if (openId === r.id) go({ id: null });
          },
        ),
    });

  const content = (k: TabKey) => {
    switch (k) {
      case "activities":
        return (
          <ActivityList onOpen={(r) => go({ id: r.id })} onNew={() => setEditing("new")} onEdit={(r) => setEditing(r)} onRemove={remove} />
        );
      case "templates":
        return tab === k && <Templates />;
      case "campaigns":
        return tab === k && <Campaigns />;
      case "segments":
        return tab === k && <Segments />;
      case "tags":
        return tab === k && <Tags />;
      case "settings":
        return tab === k && <SettingsTab editable={can("marketing:update")} />;
    }
  };

  return (
    <div data-testid="marketing-page">
      <Tabs
        activeKey={tab}
        onChange={(k) => go({ tab: k as TabKey, id: null })}
        items={tabs.map((k) => ({
          key: k,
          label: <span data-testid={`marketing-tab-${k}`}>{t(LABELS[k])}</span>,
          children: content(k),
        }))}
      />
      <ActivityDrawer id={openId} onClose={() => go({ id: null })} onEdit={(r) => setEditing(r)} onRemove={remove} />
      <ActivityForm
        editing={record ?? (editing === "new" ? "new" : null)}
        onClose={() => setEditing(null)}
        onReload={reload}
        onSaved={(r) => {
          if (editing === "new") go({ tab: "activities", id: r.id });
        }}
      />
    </div>
  );
}
