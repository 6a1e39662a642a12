import { App, Button, Popconfirm, Space, Table, Upload } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { useState } from "react";
import { api, type AttachmentRow } from "../../api";
import { errorText, localTime } from "../../format";
import { useI18n } from "../../i18n";
import { useRefresh } from "../../queries";

export const MAX_ATTACHMENT = 20 * 1024 * 1024;

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(",") + 1));
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** A contract's attachments: upload (≤ 20 MB), save as, open, delete. */
export default function Attachments({ contractId, items, editable }: { contractId: number; items: AttachmentRow[]; editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [uploading, setUploading] = useState(false);
  const run = async (f: () => Promise<unknown>, ok?: (r: unknown) => string | null) => {
    try {
      const r = await f();
      const m = ok?.(r);
      if (m) message.success(m);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {editable && (
        <Upload
          showUploadList={false}
          multiple={false}
          beforeUpload={async (file) => {
            if (file.size > MAX_ATTACHMENT) {
              message.error(t("attach.tooLarge"));
              return Upload.LIST_IGNORE;
            }
            setUploading(true);
            try {
              const contentBase64 = await readBase64(file);
              await api.contracts.attach(contractId, {
                fileName: file.name,
                mimeType: file.type || "application/octet-stream",
                contentBase64,
              });
              message.success(t("attach.uploaded", { name: file.name }));
              refresh("contracts");
            } catch (e) {
              message.error(errorText(e));
            } finally {
              setUploading(false);
            }
            return Upload.LIST_IGNORE;
          }}
        >
          <Button icon={<UploadOutlined />} loading={uploading} id="attach-upload">
            {t("attach.upload")}
          </Button>
        </Upload>
      )}
      <Table<AttachmentRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        locale={{ emptyText: t("attach.empty") }}
        columns={[
          { key: "name", title: t("attach.name"), dataIndex: "fileName", ellipsis: true },
          { key: "size", title: t("attach.size"), dataIndex: "fileSize", width: 90, render: (v: number) => size(Number(v)) },
          { key: "at", title: t("customer.createdAt"), dataIndex: "createdAt", width: 150, render: localTime },
          {
            key: "actions",
            title: t("common.actions"),
            width: 200,
            render: (_, a) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  data-testid={`attach-save-${a.id}`}
                  onClick={() =>
                    run(
                      () => api.files.saveAs("attachment", a.id),
                      (p) => (p ? t("pdf.savedTo", { path: String(p) }) : null),
                    )
                  }
                >
                  {t("attach.download")}
                </Button>
                <Button
                  type="link"
                  size="small"
                  data-testid={`attach-open-${a.id}`}
                  onClick={() => run(() => api.files.open("attachment", a.id))}
                >
                  {t("attach.open")}
                </Button>
                {editable && (
                  <Popconfirm
                    title={t("attach.deleteConfirm", { name: a.fileName })}
                    okButtonProps={{ danger: true, id: "confirm-delete" }}
                    onConfirm={() =>
                      run(
                        async () => {
                          await api.contracts.removeAttachment(a.id);
                          refresh("contracts");
                        },
                        () => t("common.deleted"),
                      )
                    }
                  >
                    <Button type="link" size="small" danger data-testid={`attach-delete-${a.id}`}>
                      {t("common.delete")}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
