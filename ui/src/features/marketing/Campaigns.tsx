// The 短信营销 tab: the campaigns (with the editor for a new one and the detail drawer) and
// the opt-out list, switched at the top. A campaign saved to go now opens and starts sending
// from this desktop; a scheduled one says when it will be sent.
import { App, Segmented } from "antd";
import { useState } from "react";
import type { CampaignRow } from "../../api/types/CampaignRow";
import { localTime } from "../../format";
import { useI18n } from "../../i18n";
import CampaignDrawer from "./CampaignDrawer";
import CampaignEditor from "./CampaignEditor";
import CampaignList from "./CampaignList";
import Optouts from "./Optouts";
import { useCampaignSender } from "./sendRuns";

type View = "campaigns" | "optouts";

export default function Campaigns() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [view, setView] = useState<View>("campaigns");
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const { start } = useCampaignSender();

  const created = (row: CampaignRow, sendNow: boolean) => {
    const name = row.campaignName ?? `#${row.id}`;
    if (sendNow) {
      message.success(t("mkt.cmp.created", { name }));
      setOpenId(row.id);
      void start(row.id);
    } else {
      message.success(t("mkt.cmp.createdScheduled", { name, time: localTime(row.scheduledAt) }));
    }
  };

  return (
    <div data-testid="marketing-campaigns-tab">
      <Segmented<View>
        style={{ marginBottom: 12 }}
        value={view}
        onChange={setView}
        options={[
          { value: "campaigns", label: <span data-testid="campaigns-view-campaigns">{t("mkt.cmp.view.campaigns")}</span> },
          { value: "optouts", label: <span data-testid="campaigns-view-optouts">{t("mkt.cmp.view.optouts")}</span> },
        ]}
      />
      {view === "campaigns" ? <CampaignList onOpen={(r) => setOpenId(r.id)} onNew={() => setCreating(true)} /> : <Optouts />}
      <CampaignEditor open={creating} onClose={() => setCreating(false)} onCreated={created} />
      <CampaignDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
