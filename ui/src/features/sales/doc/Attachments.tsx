import { App, Button, Popconfirm, Space, Table, Upload } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { api, type Area, type AttachmentRow, type AttachmentUpload } from "../../../api";
import { byField } from "../../../components/sorters";
import { localTime } from "../../../format";
import { useApiAction, useApiMutation } from "../../../hooks/useApiMutation";
import { useI18n } from "../../../i18n";

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

/** A document's attachments: upload (≤ 20 MB), save as, open, delete. */
export default function Attachments({
  items,
  editable,
  upload,
  invalidates,
}: {
  items: AttachmentRow[];
  editable: boolean;
  /** Attaches a file to the document (e.g. `api.contracts.attach(id, u)`). */
  upload: (u: AttachmentUpload) => Promise<unknown>;
  /** The document's area (its detail lists the attachments). */
  invalidates: readonly Area[];
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { act } = useApiAction({ invalidates });
  const file = useApiAction();
  const send = useApiMutation(
    async (file: File) =>
      upload({ fileName: file.name, mimeType: file.type || "application/octet-stream", contentBase64: await readBase64(file) }),
    {
      invalidates,
      success: (_, file) => t("attach.uploaded", { name: file.name }),
    },
  );
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {editable && (
        <Upload
          showUploadList={false}
          multiple={false}
          beforeUpload={async (file) => {
            if (file.size > MAX_ATTACHMENT) message.error(t("attach.tooLarge"));
            else await send.run(file);
            return Upload.LIST_IGNORE;
          }}
        >
          <Button icon={<UploadOutlined />} loading={send.busy} id="attach-upload">
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
          { key: "name", title: t("attach.name"), dataIndex: "fileName", ellipsis: true, sorter: byField("fileName") },
          {
            key: "size",
            title: t("attach.size"),
            dataIndex: "fileSize",
            width: 90,
            sorter: byField("fileSize"),
            render: (v: number) => size(Number(v)),
          },
          {
            key: "at",
            title: t("customer.createdAt"),
            dataIndex: "createdAt",
            width: 150,
            sorter: byField("createdAt"),
            render: localTime,
          },
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
                    file.act(
                      "save",
                      () => api.files.saveAs("attachment", a.id),
                      null,
                      (p) => p && message.success(t("pdf.savedTo", { path: String(p) })),
                    )
                  }
                >
                  {t("attach.download")}
                </Button>
                <Button
                  type="link"
                  size="small"
                  data-testid={`attach-open-${a.id}`}
                  onClick={() => file.act("open", () => api.files.open("attachment", a.id))}
                >
                  {t("attach.open")}
                </Button>
                {editable && (
                  <Popconfirm
                    title={t("attach.deleteConfirm", { name: a.fileName })}
                    okButtonProps={{ danger: true, id: "confirm-delete" }}
                    onConfirm={() => act("delete", () => api.contracts.removeAttachment(a.id), t("common.deleted"))}
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
