import { Button, Descriptions, Modal, Space, Typography } from "antd";
import { FileTextOutlined, FileZipOutlined, WarningOutlined } from "@ant-design/icons";
import { useEffect, useRef, useState } from "react";
import { api } from "../../api";
import type { CrashReport } from "../../api/types/CrashReport";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { BundleResult, useSupportBundle } from "./AboutDialog";

/**
 * Asked once at start (before and after login): if the app crashed since a report was last
 * shown, say so and offer the report and a support bundle. Closing it in any way marks the
 * report seen, so it is offered once.
 */
export default function CrashNotice() {
  const { t } = useI18n();
  const [report, setReport] = useState<CrashReport | null>(null);
  const [open, setOpen] = useState(false);
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    api.diagnostics
      .pendingCrash()
      .then((r) => {
        if (!r) return;
        setReport(r);
        setOpen(true);
      })
      // No report to offer: nothing to say (the About dialog still reaches the logs).
      .catch(() => {});
  }, []);
  const view = useApiMutation((fileName: string) => api.diagnostics.openCrash(fileName));
  const seen = useApiMutation((fileName: string) => api.diagnostics.crashSeen(fileName));
  const { bundle, create, busy } = useSupportBundle();
  if (!report) return null;

  const dismiss = () => {
    if (!open) return;
    setOpen(false);
    void seen.run(report.fileName);
  };

  return (
    <Modal
      open={open}
      onCancel={dismiss}
      title={
        <Space>
          <WarningOutlined style={{ color: "#faad14" }} />
          {t("crash.title")}
        </Space>
      }
      width={600}
      footer={
        <Space wrap>
          <Button icon={<FileTextOutlined />} onClick={() => view.run(report.fileName)} loading={view.busy} id="crash-view">
            {t("crash.view")}
          </Button>
          <Button icon={<FileZipOutlined />} onClick={create} loading={busy} id="crash-bundle">
            {t("about.bundle")}
          </Button>
          <Button type="primary" onClick={dismiss} id="crash-ok">
            {t("crash.ok")}
          </Button>
        </Space>
      }
    >
      <div data-testid="crash-notice">
        <Space orientation="vertical" size={12} style={{ width: "100%" }}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: "at", label: t("crash.at"), children: <span data-testid="crash-at">{report.at}</span> },
              {
                key: "summary",
                label: t("crash.summary"),
                children: (
                  <Typography.Text style={{ wordBreak: "break-word" }} data-testid="crash-summary">
                    {report.summary}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t("crash.hint")}
          </Typography.Paragraph>
          {bundle && <BundleResult bundle={bundle} />}
        </Space>
      </div>
    </Modal>
  );
}
