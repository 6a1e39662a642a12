// 报表 (/reports, report:read): the seven reports and the sales targets, chosen from the
// menu on the left (kept in the URL as `?view=`, so a link opens one). The filter bar
// (scope, department, period) is shared by the reports and kept while switching.
import { AimOutlined } from "@ant-design/icons";
import { Card, Menu } from "antd";
import { useSearchParams } from "react-router";
import type { ReportKind } from "../../api/types/ReportKind";
import { REPORT_KIND } from "../../domain/enums";
import { useI18n } from "../../i18n";
import ReportView, { useReportFilter } from "./ReportView";
import Targets from "./Targets";

type View = ReportKind | "targets";

const isView = (v: string | null): v is View => v === "targets" || REPORT_KIND.has(v);

export default function Reports() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const asked = params.get("view");
  const view: View = isView(asked) ? asked : "performance";
  const [filter, setFilter] = useReportFilter();

  return (
    <div data-testid="reports-page" style={{ display: "flex", gap: 16, alignItems: "flex-start" }}>
      <Card size="small" style={{ width: 200, flex: "none", position: "sticky", top: 0 }} styles={{ body: { padding: 4 } }}>
        <Menu
          mode="inline"
          selectedKeys={[view]}
          style={{ borderInlineEnd: 0 }}
          onClick={({ key }) => setParams(key === "performance" ? {} : { view: key })}
          items={[
            ...REPORT_KIND.values.map((k) => ({
              key: k,
              label: <span data-testid={`report-menu-${k}`}>{REPORT_KIND.label(t, k)}</span>,
            })),
            { type: "divider" as const },
            {
              key: "targets",
              icon: <AimOutlined />,
              label: <span data-testid="report-menu-targets">{t("reports.targets")}</span>,
            },
          ]}
        />
      </Card>
      <div style={{ flex: 1, minWidth: 0 }}>
        {view === "targets" ? <Targets /> : <ReportView kind={view} filter={filter} onFilter={setFilter} />}
      </div>
    </div>
  );
}
