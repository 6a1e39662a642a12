// The one place that calls Tauri's invoke. Every command returns its value or throws
// an ApiError {code, message, field?}.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError as ApiErrorShape } from "./types/ApiError";
import type { ErrorCode } from "./types/ErrorCode";

export class ApiError extends Error {
  code: ErrorCode;
  field?: string;
  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = "ApiError";
    this.code = shape.code;
    this.field = shape.field ?? undefined;
  }
}

const CODES: ErrorCode[] = ["VALIDATION", "NOT_FOUND", "CONFLICT", "FORBIDDEN", "UNAUTHENTICATED", "DB_UNAVAILABLE", "INTERNAL"];

function isApiErrorShape(e: unknown): e is ApiErrorShape {
  return (
    typeof e === "object" && e !== null && CODES.includes((e as ApiErrorShape).code) && typeof (e as ApiErrorShape).message === "string"
  );
}

type Listener = (e: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called whenever any command answers UNAUTHENTICATED (the app returns to login). */
export function onUnauthenticated(l: Listener): () => void {
  unauthenticatedListeners.add(l);
  return () => unauthenticatedListeners.delete(l);
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    const err = isApiErrorShape(e)
      ? new ApiError(e)
      : new ApiError({
          code: "INTERNAL",
          message: typeof e === "string" ? e : String((e as Error)?.message ?? e),
          field: null,
        } as ApiErrorShape);
    if (err.code === "UNAUTHENTICATED") unauthenticatedListeners.forEach((l) => l(err));
    throw err;
  }
}
