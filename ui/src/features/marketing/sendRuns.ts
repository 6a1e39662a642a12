// The campaigns this desktop is sending now. A send is one long command (`campaign_send`)
// reporting its progress per batch through a channel; it outlives the drawer it was started
// from (and the tab), so its state lives here, by campaign, and any view can show it or stop
// it (`job_cancel` with its job id: it stops after the current batch).
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";
import { api, invalidate } from "../../api";
import { newJobId } from "../../api/dataio";
import type { CampaignProgress } from "../../api/types/CampaignProgress";
import type { RunEnd } from "../../api/types/RunEnd";
import { tzOffset } from "../../format";
import { errorMessage, toApiError } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";

export type Run = {
  jobId: string;
  running: boolean;
  /** Asked to stop; the run ends after its current batch. */
  stopping: boolean;
  /** The last batch's figures (null until the first batch). */
  progress: CampaignProgress | null;
  /** Why it ended (null while running, or when it failed). */
  end: RunEnd | null;
  /** The failure's text, when it failed. */
  error: string | null;
};

let runs = new Map<number, Run>();
const listeners = new Set<() => void>();

function emit() {
  listeners.forEach((l) => l());
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
}

/** Change the run of `id` if it is still the one with `jobId`. */
function patch(id: number, jobId: string, change: Partial<Run>) {
  const r = runs.get(id);
  if (!r || r.jobId !== jobId) return;
  runs = new Map(runs).set(id, { ...r, ...change });
  emit();
}

/** Forget every run (tests start from nothing). */
export function forgetRuns() {
  runs = new Map();
  emit();
}

/** Forget how the last run of `id` ended (its drawer closed); a running one stays. */
export function dismissRun(id: number) {
  if (!runs.has(id) || runs.get(id)!.running) return;
  runs = new Map(runs);
  runs.delete(id);
  emit();
}

/** The run of a campaign on this desktop (running or ended), if any. */
export function useRun(id: number | null): Run | undefined {
  return useSyncExternalStore(subscribe, () => (id === null ? undefined : runs.get(id)));
}

/** Is any campaign being sent from this desktop now? */
export function useAnyRunning(): boolean {
  return useSyncExternalStore(subscribe, () => [...runs.values()].some((r) => r.running));
}

/** Start and stop sends; the views of the marketing area are refreshed when one ends. */
export function useCampaignSender() {
  const { t } = useI18n();
  const qc = useQueryClient();

  const start = useCallback(
    async (id: number) => {
      if (runs.get(id)?.running) return;
      const jobId = newJobId();
      runs = new Map(runs).set(id, { jobId, running: true, stopping: false, progress: null, end: null, error: null });
      emit();
      try {
        const end = await api.marketing.sendCampaign(id, tzOffset(), jobId, (progress) => patch(id, jobId, { progress }));
        patch(id, jobId, { running: false, stopping: false, end });
      } catch (e) {
        // Locked: the lock screen explains itself; the run just ends (the desktop resumes it later).
        const error = toApiError(e).code === "LOCKED" ? null : errorMessage(t, e);
        patch(id, jobId, { running: false, stopping: false, error });
      }
      await invalidate(qc, "marketing");
    },
    [qc, t],
  );

  const stop = useCallback((id: number) => {
    const r = runs.get(id);
    if (!r?.running || r.stopping) return;
    patch(id, r.jobId, { stopping: true });
    void api.dataio.cancelJob(r.jobId).catch(() => patch(id, r.jobId, { stopping: false }));
  }, []);

  return { start, stop };
}
