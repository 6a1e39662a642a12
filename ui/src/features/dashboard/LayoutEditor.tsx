// "自定义布局": every dashboard block with a show/hide switch and up/down buttons; saving
// stores the layout for the signed-in user (reports.setLayout) and the page follows it.
import { useQueryClient } from "@tanstack/react-query";
import { Button, Modal, Space, Switch, Tooltip, Typography } from "antd";
import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import { useState } from "react";
import { api, reportKeys } from "../../api";
import type { DashboardLayout } from "../../api/types/DashboardLayout";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n, type MessageKey } from "../../i18n";
import { DEFAULT_LAYOUT, move, normalize, toggle } from "./layout";

export const blockLabel = (b: string) => `dash.block.${b}` as MessageKey;

export default function LayoutEditor({ layout, open, onClose }: { layout: DashboardLayout; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  // The page mounts the editor when it opens: a fresh copy of the saved layout each time.
  const [draft, setDraft] = useState(() => normalize(layout));
  const save = useApiMutation((l: DashboardLayout) => api.reports.setLayout(l), {
    success: t("dash.layout.saved"),
    onSuccess: (saved) => {
      qc.setQueryData(reportKeys.layout(), saved);
      onClose();
    },
  });
  const last = draft.order.length - 1;

  return (
    <Modal
      open={open}
      title={t("dash.layout.title")}
      onCancel={onClose}
      width={460}
      okText={t("form.save")}
      cancelText={t("form.cancel")}
      okButtonProps={{ id: "dash-layout-save", loading: save.busy }}
      onOk={() => save.run(draft)}
      footer={(_, { OkBtn, CancelBtn }) => (
        <div style={{ display: "flex", justifyContent: "space-between" }}>
          <Button onClick={() => setDraft(normalize(DEFAULT_LAYOUT))} id="dash-layout-reset">
            {t("dash.layout.reset")}
          </Button>
          <Space>
            <CancelBtn />
            <OkBtn />
          </Space>
        </div>
      )}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("dash.layout.hint")}
      </Typography.Paragraph>
      <div data-testid="dash-layout-list" style={{ maxHeight: "60vh", overflow: "auto", border: "1px solid #f0f0f0", borderRadius: 8 }}>
        {draft.order.map((b, i) => {
          const shown = !draft.hidden.includes(b);
          return (
            <div
              key={b}
              data-testid={`dash-layout-row-${b}`}
              style={{
                display: "flex",
                alignItems: "center",
                justifyContent: "space-between",
                padding: "6px 12px",
                borderTop: i === 0 ? undefined : "1px solid #f0f0f0",
              }}
            >
              <Space>
                <Switch
                  size="small"
                  checked={shown}
                  onChange={(v) => setDraft((d) => toggle(d, b, v))}
                  aria-label={`${t("dash.layout.show")} ${t(blockLabel(b))}`}
                  data-testid={`dash-layout-switch-${b}`}
                />
                <Typography.Text type={shown ? undefined : "secondary"}>{t(blockLabel(b))}</Typography.Text>
              </Space>
              <Space size={0}>
                <Tooltip title={t("dash.layout.up")}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowUpOutlined />}
                    disabled={i === 0}
                    aria-label={t("dash.layout.up")}
                    onClick={() => setDraft((d) => move(d, b, -1))}
                    data-testid={`dash-layout-up-${b}`}
                  />
                </Tooltip>
                <Tooltip title={t("dash.layout.down")}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={i === last}
                    aria-label={t("dash.layout.down")}
                    onClick={() => setDraft((d) => move(d, b, 1))}
                    data-testid={`dash-layout-down-${b}`}
                  />
                </Tooltip>
              </Space>
            </div>
          );
        })}
      </div>
    </Modal>
  );
}
