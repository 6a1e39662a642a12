import { App, Button, Popconfirm, Space, Table, Tooltip, Typography, Upload } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { api, type Area, type AttachmentRow, type AttachmentUpload } from "../../../api";
import { byField } from "../../../components/sorters";
import { localTime } from "../../../format";
import { useApiAction, useApiMutation } from "../../../hooks/useApiMutation";
import { useI18n } from "../../../i18n";

/** Largest file the backend accepts (it refuses more with VALIDATION on contentBase64). */
export const MAX_ATTACHMENT = 15 * 1024 * 1024;
const MAX_TEXT = `${MAX_ATTACHMENT / 1024 / 1024} MB`;

/** Types the backend opens in the system viewer (others: Save As only). */
const VIEWABLE = ["pdf", "png", "jpg", "jpeg", "ofd"];

/** May the file be opened in the system viewer? Its extension must be on the backend's allowlist. */
export function viewable(fileName: string): boolean {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 && VIEWABLE.includes(fileName.slice(dot + 1).toLowerCase());
}

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

/**
 * A document's attachments: upload (≤ 15 MB), save as, open (only the types the backend
 * opens: pdf, images, ofd), delete (unless `locked`).
 */
export default function Attachments({
  items,
  editable,
  locked,
  upload,
  invalidates,
}: {
  items: AttachmentRow[];
  /** May upload and delete. */
  editable: boolean;
  /** Why files cannot be deleted (e.g. a signed contract keeps its scans): the delete button is disabled with this tooltip. */
  locked?: string | null;
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
        <Space wrap>
          <Upload
            showUploadList={false}
            multiple={false}
            beforeUpload={async (file) => {
              if (file.size > MAX_ATTACHMENT)
                message.error(t("attach.tooLarge", { name: file.name, size: size(file.size), max: MAX_TEXT }));
              else if (file.size === 0) message.error(t("attach.emptyFile", { name: file.name }));
              else await send.run(file);
              return Upload.LIST_IGNORE;
            }}
          >
            <Button icon={<UploadOutlined />} loading={send.busy} id="attach-upload">
              {t("attach.upload")}
            </Button>
          </Upload>
          {/* outside <Upload>: a click on the hint must not open the file picker */}
          <Typography.Text type="secondary">{t("attach.limit", { max: MAX_TEXT })}</Typography.Text>
        </Space>
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
                <Tooltip title={viewable(a.fileName) ? null : t("attach.saveOnly")}>
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
                </Tooltip>
                {viewable(a.fileName) && (
                  <Button
                    type="link"
                    size="small"
                    data-testid={`attach-open-${a.id}`}
                    onClick={() => file.act("open", () => api.files.open("attachment", a.id))}
                  >
                    {t("attach.open")}
                  </Button>
                )}
                {editable && locked && (
                  <Tooltip title={locked}>
                    {/* a disabled button fires no mouse events: the span carries the tooltip */}
                    <span data-testid={`attach-locked-${a.id}`}>
                      <Button type="link" size="small" danger disabled data-testid={`attach-delete-${a.id}`}>
                        {t("common.delete")}
                      </Button>
                    </span>
                  </Tooltip>
                )}
                {editable && !locked && (
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
