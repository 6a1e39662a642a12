// The one place that calls Tauri's invoke (and makes the progress channels of long
// commands). Every command returns its value or throws an ApiError {code, message, field?}.
import { Channel, invoke } from "@tauri-apps/api/core";
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

// A Record over the generated union: a new Rust error code is a tsc error here.
const CODES: Record<ErrorCode, true> = {
  VALIDATION: true,
  NOT_FOUND: true,
  CONFLICT: true,
  FORBIDDEN: true,
  UNAUTHENTICATED: true,
  LOCKED: true,
  DB_UNAVAILABLE: true,
  INTERNAL: true,
};

function isApiErrorShape(e: unknown): e is ApiErrorShape {
  if (typeof e !== "object" || e === null) return false;
  const { code, message } = e as ApiErrorShape;
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(CODES, code) && typeof message === "string";
}

type Listener = (e: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();
const lockedListeners = new Set<Listener>();

/** Called whenever any command answers UNAUTHENTICATED (the app returns to login). */
export function onUnauthenticated(l: Listener): () => void {
  unauthenticatedListeners.add(l);
  return () => unauthenticatedListeners.delete(l);
}

/** Called whenever any command answers LOCKED (the desktop is locked: the unlock screen shows). */
export function onLocked(l: Listener): () => void {
  lockedListeners.add(l);
  return () => lockedListeners.delete(l);
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
    if (err.code === "LOCKED") lockedListeners.forEach((l) => l(err));
    throw err;
  }
}

/** A channel a long command reports its progress through (each message to `onProgress`). */
export function channel<T>(onProgress?: (p: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = (p) => onProgress?.(p);
  return ch;
}
