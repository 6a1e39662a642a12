// The one way the UI changes data: run a command, then apply ONE policy.
//  - success: invalidate the queries of the declared areas (api/invalidate.ts) and,
//    if asked, show a success toast;
//  - an ApiError naming a field the form shows: mark that field (the input stays as typed);
//  - a stale save (CONFLICT on "lockVersion": the record changed since the form loaded it):
//    the stale-save dialog (./staleSave.tsx), whose "Reload" runs `reload`;
//  - LOCKED: nothing here (the lock screen shows; the form keeps its input for after unlocking);
//  - anything else: a toast with the localized error code and the backend's message.
// `onError` is the escape hatch for flows that must interpret a code themselves
// (return true to skip the default policy).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, type FormInstance } from "antd";
import { useCallback, useRef } from "react";
import { ApiError, invalidate, type Area } from "../api";
import { ERROR_CODE } from "../domain/enums";
import { useI18n, type T } from "../i18n";
import { confirmStaleReload, isStaleSave } from "./staleSave";

export type ApiMutationOptions<V, R> = {
  /** Areas whose queries the change makes stale (see api/invalidate.ts). */
  invalidates?: readonly Area[];
  /** The form whose fields a backend error may name. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form?: FormInstance<any>;
  /** Backend field names the form shows (default: the form's current fields). */
  fields?: readonly string[];
  /** Backend field → form field, when the form names it differently. */
  fieldAliases?: Readonly<Record<string, string>>;
  /** The success toast (none when null / absent). */
  success?: string | null | ((data: R, vars: V) => string | null);
  onSuccess?: (data: R, vars: V) => void;
  /** Where a failure that marks no field shows (default: a toast), e.g. an alert on a login card. */
  showError?: (text: string, e: ApiError) => void;
  /** Called first with every failure; return true when handled (skips marking / toast). */
  onError?: (e: ApiError, vars: V) => boolean | void;
  /**
   * A stale save's "Reload": load the record again and reset the form to it. The declared
   * areas are refreshed after it either way (so without it, "Reload" refreshes the views).
   */
  reload?: () => unknown;
};

/** Any thrown value as an ApiError (the client already converts backend refusals). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError({ code: "INTERNAL", message: e instanceof Error ? e.message : String(e), field: null });
}

/** The text of a failure: its localized code, then the backend's (localized) message. */
export function errorMessage(t: T, e: unknown): string {
  const err = toApiError(e);
  const title = ERROR_CODE.label(t, err.code);
  return err.message && err.message !== title ? `${title}: ${err.message}` : title;
}

/** Marks the form field a backend error names, if the form shows it. Returns whether it did. */
export function markFieldError(
  e: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormInstance<any> | undefined,
  fields?: readonly string[],
  aliases?: Readonly<Record<string, string>>,
): boolean {
  const err = toApiError(e);
  if (!form || !err.field) return false;
  const name = aliases?.[err.field] ?? err.field;
  const known = fields ?? Object.keys(form.getFieldsValue(true) ?? {});
  if (!known.includes(err.field) && !known.includes(name)) return false;
  form.setFields([{ name, errors: [err.message] }]);
  return true;
}

export function useApiMutation<V = void, R = unknown>(fn: (vars: V) => Promise<R>, options: ApiMutationOptions<V, R> = {}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const opts = useRef(options);
  opts.current = options;
  const m = useMutation<R, unknown, V>({ mutationFn: fn });
  const { mutateAsync } = m;

  /** Runs the command with the policy; resolves true on success, false on a (handled) failure. */
  const run = useCallback(
    async (vars: V, once: Pick<ApiMutationOptions<V, R>, "success" | "onSuccess"> = {}): Promise<boolean> => {
      const o = opts.current;
      let data: R;
      try {
        data = await mutateAsync(vars);
      } catch (e) {
        const err = toApiError(e);
        // The lock screen is up (api/client.ts told the app); nothing to add here.
        if (err.code === "LOCKED") return false;
        if (isStaleSave(err)) {
          confirmStaleReload(
            { modal, message },
            t,
            err,
            async () => {
              await o.reload?.();
              if (o.invalidates?.length) await invalidate(qc, ...o.invalidates);
            },
            (x) => errorMessage(t, x),
          );
          return false;
        }
        if (o.onError?.(err, vars) === true) return false;
        if (markFieldError(err, o.form, o.fields, o.fieldAliases)) return false;
        if (o.showError) o.showError(errorMessage(t, err), err);
        else message.error(errorMessage(t, err));
        return false;
      }
      if (o.invalidates?.length) void invalidate(qc, ...o.invalidates);
      const success = once.success !== undefined ? once.success : o.success;
      const text = typeof success === "function" ? success(data, vars) : success;
      if (text) message.success(text);
      o.onSuccess?.(data, vars);
      once.onSuccess?.(data, vars);
      return true;
    },
    [mutateAsync, message, modal, qc, t],
  );

  return { run, busy: m.isPending, variables: m.isPending ? m.variables : undefined };
}

/**
 * For a screen with several small actions (claim, delete, mark done …): one runner
 * with the same policy, each call passing its command and success text.
 * `busy` is the key of the action in flight.
 */
export function useApiAction(options: Omit<ApiMutationOptions<Action, unknown>, "form" | "fields" | "fieldAliases"> = {}) {
  const m = useApiMutation<Action, unknown>((a) => a.run(), options);
  const act = useCallback(
    (key: string, run: () => Promise<unknown>, success?: string | null, onSuccess?: (data: unknown) => void) =>
      m.run({ key, run }, { success, onSuccess: onSuccess && ((d) => onSuccess(d)) }),
    [m],
  );
  return { act, busy: m.variables?.key ?? null };
}

type Action = { key: string; run: () => Promise<unknown> };
