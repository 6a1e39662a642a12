import { App, Button, Modal, Space, Typography } from "antd";
import { EyeOutlined, PrinterOutlined, SaveOutlined } from "@ant-design/icons";
import { useEffect, useState, type ReactNode } from "react";
import { api, type Period, type PrintKind } from "../../../api";
import { useApiMutation, type ApiMutationOptions } from "../../../hooks/useApiMutation";
import { useI18n } from "../../../i18n";

/** base64 → Blob (for the preview iframe and attachment downloads). */
export function base64Blob(b64: string, mime: string): Blob {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** A printable document: its kind, its id and (a statement of account only) the period. */
export type PdfTarget = { kind: PrintKind; id: number; period?: Period | null };

export type PdfAction = "preview" | "save" | "open";

type PdfJob = { what: PdfAction; target: PdfTarget };

/**
 * The PDF flow every printable document shares: preview in the app (a dialog that can also
 * save or open it), save as, and open with the system program (to print). `run` resolves
 * true when it worked; a refusal goes through the one mutation policy (a field the form
 * shows — e.g. a statement's period — is marked there, anything else is a toast).
 */
export function usePdf(options: Pick<ApiMutationOptions<PdfJob, unknown>, "form" | "fields" | "fieldAliases"> = {}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [preview, setPreview] = useState<{ url: string; name: string; target: PdfTarget } | null>(null);
  const [savedPath, setSavedPath] = useState<string | null>(null);

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );

  const file = useApiMutation(async ({ what, target }: PdfJob) => {
    const { kind, id } = target;
    const period = target.period ?? null;
    if (what === "preview") {
      const f = await api.files.render(kind, id, period);
      setPreview({ url: URL.createObjectURL(base64Blob(f.contentBase64, f.mimeType || "application/pdf")), name: f.fileName, target });
    } else if (what === "save") {
      const path = await api.files.saveAs(kind, id, period);
      if (path) {
        setSavedPath(path);
        message.success(t("pdf.savedTo", { path }));
      }
    } else {
      await api.files.open(kind, id, period);
      message.success(t("pdf.opened"));
    }
  }, options);
  const run = (what: PdfAction, target: PdfTarget) => file.run({ what, target });
  /** The job in flight (its button spins), or null. */
  const busy: PdfJob | null = file.variables ?? null;

  const dialog: ReactNode = (
    <Modal
      open={preview !== null}
      title={preview?.name}
      width="80vw"
      footer={
        <Space>
          <Typography.Text type="secondary">{t("pdf.previewHint")}</Typography.Text>
          <Button
            icon={<SaveOutlined />}
            data-testid="pdf-preview-save"
            loading={busy?.what === "save"}
            onClick={() => preview && run("save", preview.target)}
          >
            {t("pdf.saveAs")}
          </Button>
          <Button
            icon={<PrinterOutlined />}
            data-testid="pdf-preview-open"
            loading={busy?.what === "open"}
            onClick={() => preview && run("open", preview.target)}
          >
            {t("pdf.open")}
          </Button>
          <Button type="primary" onClick={() => setPreview(null)}>
            {t("common.close")}
          </Button>
        </Space>
      }
      onCancel={() => setPreview(null)}
      destroyOnHidden
    >
      {preview && (
        <iframe
          src={preview.url}
          title={preview.name}
          data-testid="pdf-frame"
          style={{ width: "100%", height: "70vh", border: "1px solid #f0f0f0" }}
        />
      )}
    </Modal>
  );

  return { run, busy, savedPath, dialog };
}

/** Preview (in-app), save as, and open with the system program (to print) for a quotation or contract PDF. */
export default function PdfButtons({ kind, id }: { kind: PrintKind; id: number }) {
  const { t } = useI18n();
  const pdf = usePdf();
  const target: PdfTarget = { kind, id };
  const busy = pdf.busy?.what ?? null;

  return (
    <>
      <Space wrap>
        <Button icon={<EyeOutlined />} id="pdf-preview" loading={busy === "preview"} onClick={() => pdf.run("preview", target)}>
          {t("pdf.preview")}
        </Button>
        <Button icon={<SaveOutlined />} id="pdf-save" loading={busy === "save"} onClick={() => pdf.run("save", target)}>
          {t("pdf.saveAs")}
        </Button>
        <Button icon={<PrinterOutlined />} id="pdf-open" loading={busy === "open"} onClick={() => pdf.run("open", target)}>
          {t("pdf.open")}
        </Button>
        {pdf.savedPath && (
          <Typography.Text type="secondary" copyable={{ text: pdf.savedPath }} data-testid="pdf-saved-path">
            {t("pdf.savedTo", { path: pdf.savedPath })}
          </Typography.Text>
        )}
      </Space>
      {pdf.dialog}
    </>
  );
}
