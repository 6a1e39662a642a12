import type { FormInstance } from "antd";
import { ApiError } from "./api";

/**
 * Show a backend refusal on the form: an error whose `field` is one of the form's
 * `fields` marks that field (the user's input stays as typed) and returns true.
 * Otherwise returns false and the caller shows the message itself.
 */
export function applyApiError(form: FormInstance, e: unknown, fields: readonly string[]): boolean {
  if (e instanceof ApiError && e.field && fields.includes(e.field)) {
    form.setFields([{ name: e.field, errors: [e.message] }]);
    return true;
  }
  return false;
}
