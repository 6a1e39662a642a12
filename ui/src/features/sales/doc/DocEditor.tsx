// The editor every sales document uses: a FormDrawer with the document's own header fields
// (children), the line items (LineEditor, checked on save, backend errors on the cell they
// name: "items[3].quantity") and the remark.
import { Form, Input } from "antd";
import { useState, type ReactNode } from "react";
import FormDrawer from "../../../components/FormDrawer";
import type { FormControllerProps } from "../../../components/useFormController";
import { useI18n } from "../../../i18n";
import LineEditor, { lineErrorKey, validateLines, type Line } from "./LineEditor";

export type DocEditorValues = { items: Line[]; remark: string | null };

type Props<V extends DocEditorValues> = FormControllerProps<V> & {
  title: ReactNode;
  width: number;
  /** Id of the save button (default the shared `form-save`). */
  saveId?: string;
  /** Quotations discount each line; contracts do not. */
  withDiscount: boolean;
  itemsLabel: string;
  /** Ids of the "add product" button, the total and the remark (for the end-to-end tests). */
  addId: string;
  totalId: string;
  remarkId: string;
  /** The document's header fields. */
  children: ReactNode;
};

export default function DocEditor<V extends DocEditorValues>({
  children,
  withDiscount,
  itemsLabel,
  addId,
  totalId,
  remarkId,
  ...p
}: Props<V>) {
  const { t } = useI18n();
  const [lineErrs, setLineErrs] = useState<Record<string, string>>({});
  return (
    <FormDrawer<V>
      {...p}
      onClose={() => {
        setLineErrs({});
        p.onClose();
      }}
      onError={(e) => {
        const k = lineErrorKey(e.field);
        if (k) setLineErrs({ [k]: e.message });
        return p.onError?.(e);
      }}
      onSubmit={(v) => {
        setLineErrs({});
        return p.onSubmit(v);
      }}
    >
      {children}
      <Form.Item
        name="items"
        label={itemsLabel}
        required
        rules={[
          {
            validator: async (_, lines: Line[] | undefined) => {
              if (!lines?.length) throw new Error(t("line.none"));
              if (Object.keys(validateLines(lines, withDiscount, t)).length) throw new Error(t("line.fixErrors"));
            },
          },
        ]}
      >
        <LineEditor withDiscount={withDiscount} errors={lineErrs} addId={addId} totalId={totalId} />
      </Form.Item>
      <Form.Item name="remark" label={t("quote.remark")}>
        <Input.TextArea id={remarkId} rows={3} maxLength={2000} showCount />
      </Form.Item>
    </FormDrawer>
  );
}
