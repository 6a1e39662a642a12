// 对账单: a customer's statement of account for a period (contracts receivable, confirmed
// receipts and invoices, with the opening and running balance), through the same PDF
// preview / save as / print flow as quotations and contracts.
import { Button, DatePicker, Form, Modal, Space } from "antd";
import { FileSearchOutlined, PrinterOutlined, SaveOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import type { Period } from "../../api";
import { toDate } from "../../format";
import { useI18n } from "../../i18n";
import { usePdf, type PdfAction } from "../sales/doc/PdfButtons";

type Range = [Dayjs, Dayjs];
type Values = { period: Range };

/** The default period: the last 12 months, up to today. */
export function defaultPeriod(today: Dayjs = dayjs()): Range {
  const end = today.startOf("day");
  return [end.subtract(12, "month"), end];
}

/** A picked range as the backend's period ("YYYY-MM-DD" both ends, inclusive). */
export const toPeriod = ([from, to]: Range): Period => ({ from: toDate(from)!, to: toDate(to)! });

/** The "对账单" button and its dialog: pick the period, then preview, save or print the PDF. */
export default function StatementButton({ customerId, customerName }: { customerId: number; customerName: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  // The backend names the period (missing) or one of its ends (e.g. "to" before "from").
  const pdf = usePdf({ form, fields: ["period"], fieldAliases: { from: "period", to: "period" } });
  const busy = pdf.busy?.target.kind === "statement" ? pdf.busy.what : null;

  const go = async (what: PdfAction) => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the field shows what is missing
    const ok = await pdf.run(what, { kind: "statement", id: customerId, period: toPeriod(v.period) });
    // The preview replaces the dialog; after "save as" or "print" the dialog stays for another period.
    if (ok && what === "preview") setOpen(false);
  };

  const today = dayjs().startOf("day");
  const presets: { label: string; value: Range }[] = [
    { label: t("statement.preset.last12"), value: defaultPeriod(today) },
    { label: t("statement.preset.thisYear"), value: [today.startOf("year"), today] },
    { label: t("statement.preset.lastYear"), value: [today.subtract(1, "year").startOf("year"), today.subtract(1, "year").endOf("year")] },
    { label: t("statement.preset.thisMonth"), value: [today.startOf("month"), today] },
    {
      label: t("statement.preset.lastMonth"),
      value: [today.subtract(1, "month").startOf("month"), today.subtract(1, "month").endOf("month")],
    },
  ];

  return (
    <>
      <Button icon={<FileSearchOutlined />} id="statement-open" onClick={() => setOpen(true)}>
        {t("statement.open")}
      </Button>
      <Modal
        open={open}
        title={t("statement.title", { name: customerName })}
        width={520}
        onCancel={() => setOpen(false)}
        // Closed, its field ids leave the page; the form keeps the last period for the next time.
        destroyOnHidden
        footer={
          <Space>
            <Button onClick={() => setOpen(false)} disabled={busy !== null}>
              {t("form.cancel")}
            </Button>
            <Button icon={<SaveOutlined />} id="statement-save" loading={busy === "save"} onClick={() => go("save")}>
              {t("pdf.saveAs")}
            </Button>
            <Button icon={<PrinterOutlined />} id="statement-print" loading={busy === "print"} onClick={() => go("print")}>
              {t("pdf.print")}
            </Button>
            <Button type="primary" id="statement-preview" loading={busy === "preview"} onClick={() => go("preview")}>
              {t("pdf.preview")}
            </Button>
          </Space>
        }
      >
        <Form<Values> form={form} layout="vertical" initialValues={{ period: defaultPeriod() }} onFinish={() => go("preview")}>
          <Form.Item
            name="period"
            label={t("statement.period")}
            extra={t("statement.periodHint")}
            rules={[{ required: true, message: t("statement.pickPeriod") }]}
          >
            <DatePicker.RangePicker id="statement-period" allowClear={false} presets={presets} style={{ width: "100%" }} />
          </Form.Item>
        </Form>
      </Modal>
      {pdf.dialog}
    </>
  );
}
