// Stored files (sys_attachment): a contract's attachments, a receipt's bank slip, an
// invoice's scan. The pieces here are shared: the size check and upload, the upload
// button, the file name that opens the file (in-app preview, system viewer or Save As),
// the compact file list of a table cell, and the attachments table of a document.
import { App, Button, Popconfirm, Space, Table, Tooltip, Typography, Upload, type UploadFile } from "antd";
import type { UploadChangeParam } from "antd/es/upload";
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";
import { api, type Area, type AttachmentRow, type AttachmentUpload, type PrintKind } from "../../../api";
import { byField } from "../../../components/sorters";
import { fileSize, localTime } from "../../../format";
import { useApiAction, useApiMutation } from "../../../hooks/useApiMutation";
import { useI18n, type T } from "../../../i18n";
import { usePdf } from "./PdfButtons";

/** Largest file the backend accepts (it refuses more with VALIDATION on contentBase64). */
export const MAX_ATTACHMENT = 15 * 1024 * 1024;
export const MAX_ATTACHMENT_TEXT = `${MAX_ATTACHMENT / 1024 / 1024} MB`;

/** Types the backend opens in the system viewer (others: Save As only). */
const VIEWABLE = ["pdf", "png", "jpg", "jpeg", "ofd"];
/** Types the app shows in its own preview window (PDF and images). */
const PREVIEWABLE = ["pdf", "png", "jpg", "jpeg"];

const extension = (fileName: string) => {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
};

/** May the file be opened in the system viewer? Its extension must be on the backend's allowlist. */
export function viewable(fileName: string): boolean {
  return VIEWABLE.includes(extension(fileName));
}

/** Does the in-app preview show it (PDF, PNG, JPEG)? */
export function previewable(fileName: string): boolean {
  return PREVIEWABLE.includes(extension(fileName));
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

/** A picked file as the backend's upload (base64 content). */
export async function toUpload(file: File): Promise<AttachmentUpload> {
  return { fileName: file.name, mimeType: file.type || "application/octet-stream", contentBase64: await readBase64(file) };
}

/** Why the backend would refuse this file (too large, empty), checked before sending; null: fine. */
export function fileProblem(t: T, file: Pick<File, "name" | "size">): string | null {
  if (file.size > MAX_ATTACHMENT) return t("attach.tooLarge", { name: file.name, size: fileSize(file.size), max: MAX_ATTACHMENT_TEXT });
  if (file.size === 0) return t("attach.emptyFile", { name: file.name });
  return null;
}

/**
 * Opening a stored file the way its type allows: PDF and images in the in-app preview
 * (which can also save or open it), OFD in the system viewer, anything else Save As.
 * Render `dialog` once.
 */
export function useFileOpener(kind: PrintKind) {
  const pdf = usePdf();
  const open = (a: AttachmentRow) =>
    pdf.run(previewable(a.fileName) ? "preview" : viewable(a.fileName) ? "open" : "save", { kind, id: a.id });
  const busyId = pdf.busy?.target.kind === kind ? pdf.busy.target.id : null;
  return { open, busyId, dialog: pdf.dialog };
}

/** A file's name as a link that opens it (see useFileOpener). */
export function FileLink({ file, opener, testid }: { file: AttachmentRow; opener: ReturnType<typeof useFileOpener>; testid?: string }) {
  const { t } = useI18n();
  return (
    <Tooltip title={viewable(file.fileName) ? null : t("attach.saveOnly")}>
      <Typography.Link
        ellipsis
        data-testid={testid}
        style={{ maxWidth: "100%" }}
        disabled={opener.busyId === file.id}
        onClick={() => opener.open(file)}
      >
        {file.fileName}
      </Typography.Link>
    </Tooltip>
  );
}

/**
 * The upload button: checks each picked file (≤ 15 MB, not empty), sends it with `upload`,
 * then refreshes `invalidates` with a toast per file.
 */
export function UploadButton({
  upload,
  invalidates,
  label,
  id,
  className,
  testid,
  small,
  multiple,
}: {
  /** Attaches one file (e.g. `(u) => api.contracts.attach(id, u)`). */
  upload: (u: AttachmentUpload) => Promise<unknown>;
  invalidates: readonly Area[];
  label: ReactNode;
  /** The button's id. */
  id?: string;
  /** The button's class. */
  className?: string;
  testid?: string;
  /** A small link button (inside a table row). */
  small?: boolean;
  multiple?: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const send = useApiMutation(async (file: File) => upload(await toUpload(file)), {
    invalidates,
    success: (_, file) => t("attach.uploaded", { name: file.name }),
  });
  return (
    <Upload
      showUploadList={false}
      multiple={!!multiple}
      beforeUpload={async (file) => {
        const problem = fileProblem(t, file);
        if (problem) message.error(problem);
        else await send.run(file);
        return Upload.LIST_IGNORE;
      }}
    >
      <Button
        icon={<UploadOutlined />}
        loading={send.busy}
        id={id}
        className={className}
        data-testid={testid}
        type={small ? "link" : undefined}
        size={small ? "small" : undefined}
      >
        {label}
      </Button>
    </Upload>
  );
}

/**
 * Files picked in a form before the record exists (a receipt's bank slip, an invoice's
 * scan): checked like any upload, kept in the form (as a Form.Item child with
 * `valuePropName="fileList"` and `getValueFromEvent={pickedFiles}`), sent after the
 * record is saved with uploadPicked. `id` is the file input's.
 */
export function FilePicker({
  id,
  label,
  fileList,
  onChange,
}: {
  id: string;
  label: ReactNode;
  fileList?: UploadFile[];
  onChange?: (info: UploadChangeParam) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <Upload
      id={id}
      multiple
      fileList={fileList}
      onChange={onChange}
      beforeUpload={(file) => {
        const problem = fileProblem(t, file);
        if (problem) {
          message.error(problem);
          return Upload.LIST_IGNORE;
        }
        return false; // kept in the list, sent after saving
      }}
    >
      <Button icon={<UploadOutlined />}>{label}</Button>
    </Upload>
  );
}

/** The FilePicker's value from its change event. */
export const pickedFiles = (e: UploadChangeParam | UploadFile[] | undefined): UploadFile[] => (Array.isArray(e) ? e : (e?.fileList ?? []));

/**
 * Sends the picked files one by one with `upload`; a failure is reported with the file's
 * name (`onFail`) and the others are still sent. Resolves with the names that failed.
 */
export async function uploadPicked(
  files: readonly UploadFile[] | null | undefined,
  upload: (u: AttachmentUpload) => Promise<unknown>,
  onFail: (name: string, error: unknown) => void,
): Promise<string[]> {
  const failed: string[] = [];
  for (const f of files ?? []) {
    const file = f.originFileObj;
    if (!file) continue;
    try {
      await upload(await toUpload(file));
    } catch (e) {
      failed.push(file.name);
      onFail(file.name, e);
    }
  }
  return failed;
}

/**
 * A record's files in a table cell: each name opens the file; a delete action (with
 * confirmation) when `remove` is given, i.e. while the record still allows it.
 * `testid` prefixes the ids: `${testid}-${fileId}` on the name, `${testid}-delete-${fileId}`.
 */
export function FileLinks({
  items,
  kind,
  remove,
  invalidates,
  testid,
  empty,
}: {
  items: AttachmentRow[];
  kind: PrintKind;
  remove?: ((id: number) => Promise<unknown>) | null;
  invalidates: readonly Area[];
  testid: string;
  /** Shown when there are no files (default: nothing). */
  empty?: ReactNode;
}) {
  const { t } = useI18n();
  const opener = useFileOpener(kind);
  const { act, busy } = useApiAction({ invalidates });
  if (items.length === 0) return <>{empty ?? null}</>;
  return (
    <>
      {items.map((a) => (
        <div key={a.id} style={{ display: "flex", alignItems: "center", gap: 4, minWidth: 0 }}>
          <PaperClipOutlined style={{ color: "rgba(0, 0, 0, 0.45)", flex: "none" }} />
          <span style={{ minWidth: 0, overflow: "hidden" }}>
            <FileLink file={a} opener={opener} testid={`${testid}-${a.id}`} />
          </span>
          {remove && (
            <Popconfirm
              title={t("attach.deleteConfirm", { name: a.fileName })}
              okButtonProps={{ danger: true, id: "file-delete-ok" }}
              onConfirm={() => act(`delete-${a.id}`, () => remove(a.id), t("common.deleted"))}
            >
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t("common.delete")}
                data-testid={`${testid}-delete-${a.id}`}
                loading={busy === `delete-${a.id}`}
                style={{ flex: "none" }}
              />
            </Popconfirm>
          )}
        </div>
      ))}
      {opener.dialog}
    </>
  );
}

/**
 * A document's attachments (a contract's by default; a work order's with `kind` and
 * `remove`): upload (≤ 15 MB), the name opens the file (see useFileOpener), save as, open
 * (only the types the backend opens: pdf, images, ofd), delete (unless `locked`).
 */
export default function Attachments({
  items,
  editable,
  locked,
  upload,
  invalidates,
  kind = "attachment",
  remove = api.contracts.removeAttachment,
  removable,
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
  /** How the files are fetched for preview, save and open (default a contract's "attachment"). */
  kind?: PrintKind;
  /** Deletes one file by its id (default a contract attachment's command). */
  remove?: (id: number) => Promise<unknown>;
  /** Which files this user may delete (default: all, when editable). */
  removable?: (a: AttachmentRow) => boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { act } = useApiAction({ invalidates });
  const file = useApiAction();
  const opener = useFileOpener(kind);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {editable && (
        <Space wrap>
          <UploadButton upload={upload} invalidates={invalidates} label={t("attach.upload")} id="attach-upload" />
          {/* outside <Upload>: a click on the hint must not open the file picker */}
          <Typography.Text type="secondary">{t("attach.limit", { max: MAX_ATTACHMENT_TEXT })}</Typography.Text>
        </Space>
      )}
      <Table<AttachmentRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        locale={{ emptyText: t("attach.empty") }}
        columns={[
          {
            key: "name",
            title: t("attach.name"),
            dataIndex: "fileName",
            ellipsis: true,
            sorter: byField("fileName"),
            render: (_, a) => <FileLink file={a} opener={opener} testid={`attach-name-${a.id}`} />,
          },
          {
            key: "size",
            title: t("attach.size"),
            dataIndex: "fileSize",
            width: 90,
            sorter: byField("fileSize"),
            render: (v: number) => fileSize(Number(v)),
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
                        () => api.files.saveAs(kind, a.id),
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
                    onClick={() => file.act("open", () => api.files.open(kind, a.id))}
                  >
                    {t("attach.open")}
                  </Button>
                )}
                {editable && locked && (!removable || removable(a)) && (
                  <Tooltip title={locked}>
                    {/* a disabled button fires no mouse events: the span carries the tooltip */}
                    <span data-testid={`attach-locked-${a.id}`}>
                      <Button type="link" size="small" danger disabled data-testid={`attach-delete-${a.id}`}>
                        {t("common.delete")}
                      </Button>
                    </span>
                  </Tooltip>
                )}
                {editable && !locked && (!removable || removable(a)) && (
                  <Popconfirm
                    title={t("attach.deleteConfirm", { name: a.fileName })}
                    okButtonProps={{ danger: true, id: "confirm-delete" }}
                    onConfirm={() => act("delete", () => remove(a.id), t("common.deleted"))}
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
      {opener.dialog}
    </Space>
  );
}
