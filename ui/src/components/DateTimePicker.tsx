import { DatePicker, type DatePickerProps } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat";

dayjs.extend(customParseFormat);

const FORMATS = ["YYYY-MM-DD HH:mm", "YYYY-MM-DD HH:mm:ss", "YYYY-MM-DD H:mm", "YYYY/MM/DD HH:mm", "YYYY-MM-DD"];

/** Typed text as a local date-time, or null when it is not one. */
export function parseDateTime(text: string): Dayjs | null {
  for (const f of FORMATS) {
    const d = dayjs(text.trim(), f, true);
    if (d.isValid()) return d;
  }
  return null;
}

/**
 * A date-and-time picker (minutes, no OK button). A time typed into the box is taken
 * when the box loses focus, so typing a time and pressing Save keeps it.
 */
export default function DateTimePicker(props: DatePickerProps) {
  const { onBlur, onChange, value } = props;
  return (
    <DatePicker
      showTime={{ format: "HH:mm" }}
      // Shown as the first; typed text may also carry seconds.
      format={["YYYY-MM-DD HH:mm", "YYYY-MM-DD HH:mm:ss"]}
      needConfirm={false}
      {...props}
      onBlur={(e, info) => {
        const text = (e.target as HTMLInputElement).value ?? "";
        const d = text.trim() ? parseDateTime(text) : null;
        if (d && !(value && dayjs(value as Dayjs).isSame(d, "minute"))) onChange?.(d as never, d.format("YYYY-MM-DD HH:mm") as never);
        onBlur?.(e, info);
      }}
    />
  );
}
