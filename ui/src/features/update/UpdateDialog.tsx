import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Modal, Progress, Space, Typography } from "antd";
import { CloudDownloadOutlined } from "@ant-design/icons";
import { useState } from "react";
import { api, updateKeys, type UpdateOffer } from "../../api";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { fileSize } from "../../format";
import { PROGRESS_POLL_MS, when } from "./useUpdate";

const size = (n: number) => (n > 0 ? fileSize(n) : "0 KB");

/**
 * An offered version: the new and current version, its date and release notes, then
 * "Install and restart" (the download's progress while it runs; a refusal shows here) —
 * or, when the version may not be installed against this desktop's database yet, why not.
 */
export default function UpdateDialog({ offer, open, onClose }: { offer: UpdateOffer | null; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [installing, setInstalling] = useState(false);
  return (
    <Modal
      open={open && offer !== null}
      onCancel={() => !installing && onClose()}
      closable={!installing}
      mask={{ closable: false }}
      keyboard={!installing}
      title={t("update.title")}
      width={600}
      footer={null}
      destroyOnHidden
    >
      {offer && <UpdateBody offer={offer} onClose={onClose} onInstalling={setInstalling} />}
    </Modal>
  );
}

function UpdateBody({ offer, onClose, onInstalling }: { offer: UpdateOffer; onClose: () => void; onInstalling: (b: boolean) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [installed, setInstalled] = useState(false);
  const blocked = offer.gate.kind !== "ok";
  const install = useApiMutation(() => api.update.install(), {
    // A refusal (e.g. the company database must be migrated first) shows in the dialog.
    showError: (text) => setError(text),
    onSuccess: () => setInstalled(true),
  });
  const busy = install.busy;
  const progress = useQuery({
    queryKey: updateKeys.progress(),
    queryFn: api.update.progress,
    enabled: busy,
    refetchInterval: busy ? PROGRESS_POLL_MS : false,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const run = async () => {
    setError(null);
    onInstalling(true);
    await install.run();
    onInstalling(false);
  };

  const p = progress.data ?? null;
  const received = p?.received ?? 0;
  const total = p?.total ?? null;
  const percent = installed ? 100 : total ? Math.min(100, Math.floor((received / total) * 100)) : 0;

  return (
    <div id="update-dialog" data-testid="update-dialog">
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 120, whiteSpace: "nowrap" } }}
          items={[
            { key: "new", label: t("update.newVersion"), children: <strong data-testid="update-new-version">{offer.version}</strong> },
            {
              key: "current",
              label: t("update.currentVersion"),
              children: <span data-testid="update-current">{offer.currentVersion}</span>,
            },
            { key: "date", label: t("update.date"), children: <span data-testid="update-date">{when(offer.date)}</span> },
          ]}
        />
        <div>
          <Typography.Text strong>{t("update.notes")}</Typography.Text>
          <Typography.Paragraph
            data-testid="update-notes"
            style={{ whiteSpace: "pre-wrap", maxHeight: 260, overflow: "auto", marginTop: 4, marginBottom: 0 }}
            type={offer.notes ? undefined : "secondary"}
          >
            {offer.notes || t("update.noNotes")}
          </Typography.Paragraph>
        </div>
        {blocked && (
          <Alert
            type="warning"
            showIcon
            data-testid="update-blocked"
            title={t("update.blockedTitle")}
            description={offer.blockedMessage || t("update.blockedDefault")}
          />
        )}
        {(busy || installed) && (
          <div data-testid="update-installing">
            <Typography.Text type="secondary">{installed ? t("update.restarting") : t("update.installing")}</Typography.Text>
            <Progress percent={percent} status={installed ? "success" : "active"} data-testid="update-progress" />
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="update-received">
              {total
                ? t("update.receivedOf", { received: size(received), total: size(total) })
                : t("update.received", { received: size(received) })}
            </Typography.Text>
          </div>
        )}
        {error && <Alert type="error" showIcon data-testid="update-error" title={t("update.installFailed")} description={error} />}
        <Space wrap style={{ width: "100%", justifyContent: "flex-end" }}>
          <Button onClick={onClose} disabled={busy || installed} id="update-later">
            {t("update.later")}
          </Button>
          <Button
            type="primary"
            icon={<CloudDownloadOutlined />}
            onClick={run}
            loading={busy}
            disabled={blocked || installed}
            id="update-install"
          >
            {t("update.install")}
          </Button>
        </Space>
      </Space>
    </div>
  );
}
