// Shared formatting of backend values. The backend keeps times as naive UTC
// ("YYYY-MM-DDTHH:MM:SS") and dates as "YYYY-MM-DD".
import dayjs, { type Dayjs } from "dayjs";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);

/** A backend UTC time shown in the desktop's time zone ("-" when empty). */
export const localTime = (v: string | null | undefined) => (v ? dayjs.utc(v).local().format("YYYY-MM-DD HH:mm") : "-");

/** A backend UTC time as a local dayjs (for pickers), or null. */
export const fromUtc = (v: string | null | undefined): Dayjs | null => (v ? dayjs.utc(v).local() : null);

/** A picked local time as the backend's UTC string, or null. */
export const toUtc = (d: Dayjs | null | undefined): string | null => (d ? dayjs(d).utc().format("YYYY-MM-DDTHH:mm:ss") : null);

/** A picked date as "YYYY-MM-DD", or null. */
export const toDate = (d: Dayjs | null | undefined): string | null => (d ? d.format("YYYY-MM-DD") : null);

/** A backend date ("YYYY-MM-DD") for a DatePicker, or null. */
export const fromDate = (v: string | null | undefined): Dayjs | null => (v ? dayjs(v, "YYYY-MM-DD") : null);

/** The desktop's offset east of UTC, in minutes (what the to-do commands expect). */
export const tzOffset = () => -new Date().getTimezoneOffset();

/** Is a backend UTC time already past? */
export const isPast = (v: string | null | undefined) => !!v && dayjs.utc(v).isBefore(dayjs());

/** Trimmed text, or null when blank (the backend's optional fields). */
export const blank = (v: string | null | undefined): string | null => {
  const s = (v ?? "").trim();
  return s ? s : null;
};

/** A file's size in KB or MB ("12 KB", "3.4 MB"). */
export const fileSize = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
