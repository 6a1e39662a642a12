// The service desk (/service): the work-order list, the board and the per-handler report,
// "new work order", and the order drawer opened from the URL (`?id=`), so a link from the
// to-do board or a customer opens it here.
import { Button, Tabs } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { WorkOrderFilter } from "../../api";
import { useSession } from "../../app/session";
import { useI18n } from "../../i18n";
import Board from "./Board";
import Report from "./Report";
import WorkOrderDrawer from "./WorkOrderDrawer";
import WorkOrderForm from "./WorkOrderForm";
import WorkOrderList, { DEFAULT_FILTER } from "./WorkOrderList";

type TabKey = "list" | "board" | "report";
const TABS: TabKey[] = ["list", "board", "report"];

export default function Service() {
  const { t } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const asked = params.get("tab") as TabKey | null;
  const tab: TabKey = asked && TABS.includes(asked) ? asked : "list";
  const openId = Number(params.get("id")) || null;
  const [filter, setFilter] = useState<WorkOrderFilter>(DEFAULT_FILTER);
  // A jump from the board remounts the list with its filter (and the search box with its text).
  const [jumps, setJumps] = useState(0);
  const [creating, setCreating] = useState(false);

  const go = (next: { tab?: TabKey; id?: number | null }) => {
    const p: Record<string, string> = {};
    const nt = next.tab ?? tab;
    if (nt !== "list") p.tab = nt;
    const id = next.id === undefined ? openId : next.id;
    if (id) p.id = String(id);
    setParams(p);
  };
  const open = (id: number) => go({ id });

  return (
    <div data-testid="service-page">
      <Tabs
        activeKey={tab}
        onChange={(k) => go({ tab: k as TabKey, id: null })}
        tabBarExtraContent={
          can("service:create") && (
            <Button type="primary" icon={<PlusOutlined />} id="wo-new" onClick={() => setCreating(true)}>
              {t("wo.new")}
            </Button>
          )
        }
        items={[
          {
            key: "list",
            label: <span data-testid="service-tab-list">{t("service.tab.list")}</span>,
            children: <WorkOrderList key={jumps} filter={filter} onFilter={setFilter} onOpen={open} />,
          },
          {
            key: "board",
            label: <span data-testid="service-tab-board">{t("service.tab.board")}</span>,
            children: tab === "board" && (
              <Board
                onOpen={open}
                onJump={(patch) => {
                  setFilter({ ...DEFAULT_FILTER, ...patch });
                  setJumps((n) => n + 1);
                  go({ tab: "list", id: null });
                }}
              />
            ),
          },
          {
            key: "report",
            label: <span data-testid="service-tab-report">{t("service.tab.report")}</span>,
            children: tab === "report" && <Report />,
          },
        ]}
      />
      <WorkOrderDrawer id={openId} onClose={() => go({ id: null })} />
      <WorkOrderForm editing={creating ? "new" : null} onClose={() => setCreating(false)} onSaved={(r) => open(r.id)} />
    </div>
  );
}
