// The update check every screen shares: one cached answer per signed-in user (null: the login
// screen), asked when the app starts and again after logging in (the gate of a shared
// database is known only then), and once a day while the app stays open when the policy
// says so. "Check now" (settings, About) asks again and replaces the cached answer.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { api, updateKeys, type UpdateOffer, type UpdateStatus } from "../../api";
import { useOptionalSession } from "../../app/session";
import { useApiMutation } from "../../hooks/useApiMutation";
import type { T } from "../../i18n";

/** How often the app checks again while it stays open (status.autoCheck). */
export const RECHECK_MS = 24 * 60 * 60 * 1000;

/** How often the download's progress is asked while an update installs. */
export const PROGRESS_POLL_MS = 400;

/** The latest check for whoever is signed in (checked once per user; daily when enabled and automatic). */
export function useUpdateStatus() {
  const userId = useOptionalSession()?.user.id ?? null;
  return useQuery({
    queryKey: updateKeys.status(userId),
    queryFn: () => api.update.check(false),
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    // Disabled (no key, no feed) or checking only when asked: no daily check.
    refetchInterval: (q) => (q.state.data?.enabled && q.state.data.autoCheck ? RECHECK_MS : false),
    refetchIntervalInBackground: true,
  });
}

/** "Check now": asks the feed again; the answer replaces the cached one (the header notice follows). */
export function useCheckNow() {
  const qc = useQueryClient();
  const userId = useOptionalSession()?.user.id ?? null;
  const m = useApiMutation(() => api.update.check(true), {
    onSuccess: (s: UpdateStatus) => qc.setQueryData(updateKeys.status(userId), s),
  });
  return { run: () => m.run(), busy: m.busy };
}

/** The offer of a check, if any (tolerates an empty answer). */
export const offerOf = (s: UpdateStatus | null | undefined): UpdateOffer | null => s?.offer ?? null;

/** One line for a check's result: the offer, the failure, why updates are off, or up to date. */
export function updateSummary(t: T, s: UpdateStatus | null | undefined): string {
  if (!s) return t("update.notChecked");
  const offer = offerOf(s);
  if (offer) return t("update.available", { version: offer.version });
  if (s.error) return t("update.summary.error", { error: s.error });
  if (s.enabled && !s.checked) return t("update.summary.autoOff");
  if (!s.enabled) return t("update.disabled", { reason: s.disabledReason ?? "" });
  return t("update.summary.latest", { version: s.currentVersion });
}

/** An RFC 3339 time as local "YYYY-MM-DD HH:mm" (as given when it does not parse). */
export function when(v: string | null | undefined): string {
  if (!v) return "-";
  const d = dayjs(v);
  return d.isValid() ? d.format("YYYY-MM-DD HH:mm") : v;
}
