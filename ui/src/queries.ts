// Transitional: `refresh("leads", "customers")` after a change (see api/invalidate.ts).
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { invalidate, type Area } from "./api";

export type { Area };

export function useRefresh() {
  const qc = useQueryClient();
  return useCallback((...areas: Area[]) => void invalidate(qc, ...areas), [qc]);
}
