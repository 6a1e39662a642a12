import type { Dayjs } from "dayjs";

/** Form rule: the end date ("endDate") may not be before the start date ("startDate"). */
export const endAfterStart =
  (message: string) =>
  ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: async (_: unknown, v: Dayjs | null) => {
      const s = getFieldValue("startDate") as Dayjs | null;
      if (v && s && v.isBefore(s, "day")) throw new Error(message);
    },
  });
