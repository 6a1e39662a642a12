import { App, Button, Modal, Space, Typography } from "antd";
import { EyeOutlined, PrinterOutlined, SaveOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { api, type PrintKind } from "../../../api";
import { useApiMutation } from "../../../hooks/useApiMutation";
import { useI18n } from "../../../i18n";

/** base64 → Blob (for the preview iframe and attachment downloads). */
export function base64Blob(b64: string, mime: string): Blob {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** Preview (in-app), save as, and open with the system program (to print) for a quotation or contract PDF. */
export default function PdfButtons({ kind, id }: { kind: PrintKind; id: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [preview, setPreview] = useState<{ url: string; name: string } | null>(null);
  const [savedPath, setSavedPath] = useState<string | null>(null);

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );

  const file = useApiMutation(async (what: "preview" | "save" | "open") => {
    if (what === "preview") {
      const f = await api.files.render(kind, id);
      setPreview({ url: URL.createObjectURL(base64Blob(f.contentBase64, f.mimeType || "application/pdf")), name: f.fileName });
    } else if (what === "save") {
      const path = await api.files.saveAs(kind, id);
      if (path) {
        setSavedPath(path);
        message.success(t("pdf.savedTo", { path }));
      }
    } else {
      await api.files.open(kind, id);
      message.success(t("pdf.opened"));
    }
  });
  const busy = file.variables ?? null;
  const run = (what: "preview" | "save" | "open") => file.run(what);

  return (
    <>
      <Space wrap>
        <Button icon={<EyeOutlined />} id="pdf-preview" loading={busy === "preview"} onClick={() => run("preview")}>
          {t("pdf.preview")}
        </Button>
        <Button icon={<SaveOutlined />} id="pdf-save" loading={busy === "save"} onClick={() => run("save")}>
          {t("pdf.saveAs")}
        </Button>
        <Button icon={<PrinterOutlined />} id="pdf-open" loading={busy === "open"} onClick={() => run("open")}>
          {t("pdf.open")}
        </Button>
        {savedPath && (
          <Typography.Text type="secondary" copyable={{ text: savedPath }} data-testid="pdf-saved-path">
            {t("pdf.savedTo", { path: savedPath })}
          </Typography.Text>
        )}
      </Space>
      <Modal
        open={preview !== null}
        title={preview?.name}
        width="80vw"
        footer={
          <Space>
            <Typography.Text type="secondary">{t("pdf.previewHint")}</Typography.Text>
            <Button onClick={() => run("save")}>{t("pdf.saveAs")}</Button>
            <Button onClick={() => run("open")}>{t("pdf.open")}</Button>
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
    </>
  );
}
