import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Tag, Typography } from "antd";
import { EyeOutlined, ExportOutlined, PrinterOutlined, SaveOutlined } from "@ant-design/icons";
import { useEffect, useState, type ReactNode } from "react";
import { api, fileKeys, type Duplex, type Period, type Printer, type PrintKind, type PrintSupport } from "../../../api";
import { DUPLEX } from "../../../domain/enums";
import { blank } from "../../../format";
import { errorMessage, toApiError, useApiMutation, type ApiMutationOptions } from "../../../hooks/useApiMutation";
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

export type PdfAction = "preview" | "save" | "open" | "print";

type PdfJob = { what: PdfAction; target: PdfTarget };

/** How long the answer of "how does this desktop print" (and its printers) is reused. */
const PRINT_SUPPORT_STALE_MS = 5 * 60_000;

/** Printing through CUPS: the document, and the printers the dialog offers. */
type CupsJob = { target: PdfTarget; printers: Printer[] };

/** Printing did not work here (no print service, or the system dialog failed): why, and Save As instead. */
type PrintProblem = { target: PdfTarget; title: string; reason: string };

type MutationOptions = Pick<ApiMutationOptions<PdfJob, unknown>, "form" | "fields" | "fieldAliases">;

/**
 * The PDF flow every printable document shares: preview in the app (a dialog that can also
 * save, print or open it), save as, print, and open with another program. `run` resolves
 * true when it worked; a refusal goes through the one mutation policy (a field the form
 * shows — e.g. a statement's period — is marked there, anything else is a toast).
 *
 * Printing asks once how this desktop prints: the system print dialog (Windows, macOS) opens
 * straight away; CUPS (Linux) first shows the app's print dialog (printer, copies, two-sided,
 * pages); where neither works — or the system dialog fails — a dialog says why and offers
 * Save As. Render `dialog` once.
 */
export function usePdf(options: MutationOptions = {}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [preview, setPreview] = useState<{ url: string; name: string; target: PdfTarget } | null>(null);
  const [savedPath, setSavedPath] = useState<string | null>(null);
  const [cups, setCups] = useState<CupsJob | null>(null);
  const [problem, setProblem] = useState<PrintProblem | null>(null);

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );

  /** Failures the mutation policy handles: the lock screen, or a field the caller's form shows (a statement's period). */
  const policyHandles = (e: unknown) => {
    const err = toApiError(e);
    if (err.code === "LOCKED" || err.code === "UNAUTHENTICATED") return true;
    const f = err.field;
    return !!f && !!options.form && (!!options.fields?.includes(f) || !!options.fieldAliases?.[f]);
  };

  const print = async (target: PdfTarget) => {
    const { kind, id } = target;
    const period = target.period ?? null;
    let support: PrintSupport | null;
    try {
      support = await qc.fetchQuery({
        queryKey: fileKeys.printSupport(),
        queryFn: api.files.printSupport,
        staleTime: PRINT_SUPPORT_STALE_MS,
      });
    } catch (e) {
      if (policyHandles(e)) throw e;
      setProblem({ target, title: t("print.unavailableTitle"), reason: errorMessage(t, e) });
      return;
    }
    if (support?.method === "systemDialog") {
      try {
        await api.files.print(kind, id, period, null);
      } catch (e) {
        // Never silent: say what failed and offer Save As.
        if (policyHandles(e)) throw e;
        setProblem({ target, title: t("print.failedTitle"), reason: errorMessage(t, e) });
        return;
      }
      message.success(t("print.dialogOpened"));
    } else if (support?.method === "cups") {
      setCups({ target, printers: support.printers });
    } else {
      setProblem({ target, title: t("print.unavailableTitle"), reason: support?.reason ?? "" });
    }
  };

  const file = useApiMutation(async ({ what, target }: PdfJob): Promise<string | null> => {
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
      return path;
    } else if (what === "print") {
      await print(target);
    } else {
      await api.files.open(kind, id, period);
      message.success(t("pdf.opened"));
    }
    return null;
  }, options);
  const run = (what: PdfAction, target: PdfTarget) => file.run({ what, target });
  /** The job in flight (its button spins), or null. */
  const busy: PdfJob | null = file.variables ?? null;
  /** Save As from the "cannot print" dialog: it closes once the file is saved. */
  const saveInstead = (target: PdfTarget) => file.run({ what: "save", target }, { onSuccess: (path) => path && setProblem(null) });

  const dialog: ReactNode = (
    <>
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
              data-testid="pdf-preview-print"
              loading={busy?.what === "print"}
              onClick={() => preview && run("print", preview.target)}
            >
              {t("pdf.print")}
            </Button>
            <Button
              icon={<ExportOutlined />}
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
      <CupsPrintDialog job={cups} onClose={() => setCups(null)} />
      <Modal
        open={problem !== null}
        title={problem?.title}
        width={520}
        onCancel={() => setProblem(null)}
        destroyOnHidden
        footer={
          <Space>
            <Button onClick={() => setProblem(null)} id="print-unavailable-close">
              {t("common.close")}
            </Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              id="print-unavailable-save"
              loading={busy?.what === "save"}
              onClick={() => problem && saveInstead(problem.target)}
            >
              {t("pdf.saveAs")}
            </Button>
          </Space>
        }
      >
        {problem && (
          <div data-testid="print-unavailable">
            <Alert
              type="warning"
              showIcon
              title={<span data-testid="print-unavailable-reason">{problem.reason || problem.title}</span>}
              description={t("print.saveInstead")}
            />
          </div>
        )}
      </Modal>
    </>
  );

  return { run, busy, savedPath, dialog };
}

type PrintValues = { printer?: string | null; copies?: number | null; duplex?: Duplex; pages?: string | null };

/** The backend's names of the print dialog's fields (a refusal naming one marks it). */
const PRINT_FIELDS = ["printer", "copies", "pages"] as const;

/**
 * The app's print dialog (CUPS): printer (the default one first; a paused one is marked),
 * copies, one- or two-sided, pages; the PDF prints at 100 % on A4. Sent, a toast names the
 * printer and CUPS's job.
 */
function CupsPrintDialog({ job, onClose }: { job: CupsJob | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PrintValues>();
  const chosen = Form.useWatch("printer", form);
  const send = useApiMutation(
    (v: PrintValues) => {
      const target = job!.target;
      return api.files.print(target.kind, target.id, target.period ?? null, {
        printer: v.printer ?? null,
        copies: v.copies ?? 1,
        duplex: v.duplex ?? "oneSided",
        pages: blank(v.pages),
      });
    },
    {
      form,
      fields: PRINT_FIELDS,
      onSuccess: (o, v) => {
        const text = t("print.sent", { printer: o.printer ?? v.printer ?? t("print.defaultPrinter"), job: o.job ?? "-" });
        message.success({ content: <span data-testid="print-sent">{text}</span>, duration: 6 });
        onClose();
      },
    },
  );
  const printers = job?.printers ?? [];
  const initial: PrintValues = {
    printer: printers.find((p) => p.isDefault)?.name ?? printers[0]?.name ?? null,
    copies: 1,
    duplex: "oneSided",
    pages: "",
  };
  const paused = printers.some((p) => p.name === chosen && !p.enabled);

  return (
    <Modal
      open={job !== null}
      title={t("print.title")}
      width={480}
      onCancel={() => !send.busy && onClose()}
      // Closed, its field ids leave the page; opened again, it starts from the default printer.
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose} disabled={send.busy} id="print-cancel">
            {t("form.cancel")}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} loading={send.busy} onClick={() => form.submit()} id="print-submit">
            {t("print.submit")}
          </Button>
        </Space>
      }
    >
      {job && (
        <div data-testid="print-dialog">
          <Form<PrintValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => send.run(v)}>
            <Form.Item
              name="printer"
              label={t("print.printer")}
              rules={[{ required: true, message: t("print.pickPrinter") }]}
              extra={paused ? <span data-testid="print-paused-hint">{t("print.pausedHint")}</span> : undefined}
            >
              <Select
                id="print-printer"
                options={printers.map((p) => ({
                  value: p.name,
                  label: (
                    <Space size={4}>
                      <span>{p.name}</span>
                      {p.isDefault && <Tag color="blue">{t("print.default")}</Tag>}
                      {!p.enabled && (
                        <Tag color="warning" data-testid={`print-paused-${p.name}`}>
                          {t("print.paused")}
                        </Tag>
                      )}
                    </Space>
                  ),
                }))}
              />
            </Form.Item>
            <Space size="large" wrap align="start">
              <Form.Item
                name="copies"
                label={t("print.copies")}
                rules={[{ required: true, message: t("common.required", { label: t("print.copies") }) }]}
              >
                <InputNumber id="print-copies" min={1} max={99} precision={0} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item name="duplex" label={t("print.duplex")}>
                <Radio.Group
                  id="print-duplex"
                  optionType="button"
                  options={DUPLEX.values.map((d) => ({ value: d, label: DUPLEX.label(t, d), id: `print-duplex-${d}` }))}
                />
              </Form.Item>
            </Space>
            <Form.Item name="pages" label={t("print.pages")}>
              <Input id="print-pages" placeholder={t("print.pagesPlaceholder")} allowClear />
            </Form.Item>
          </Form>
          <Typography.Text type="secondary" data-testid="print-scale-note">
            {t("print.scaleNote")}
          </Typography.Text>
        </div>
      )}
    </Modal>
  );
}

/** Preview (in-app), save as, print and open with another program, for a quotation or contract PDF. */
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
        <Button icon={<PrinterOutlined />} id="pdf-print" loading={busy === "print"} onClick={() => pdf.run("print", target)}>
          {t("pdf.print")}
        </Button>
        <Button icon={<ExportOutlined />} id="pdf-open" loading={busy === "open"} onClick={() => pdf.run("open", target)}>
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
