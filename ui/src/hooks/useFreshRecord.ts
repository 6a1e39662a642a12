// The record an edit form works on, and how to load it again after a stale save.
// Every versioned record (customer, lead, contact, opportunity, quotation, contract,
// product) carries the `lockVersion` it was read at; the form sends it back with the save
// and the backend refuses it when someone saved in between (CONFLICT on "lockVersion").
// "Reload" then fetches the newest version, which replaces the one the form was opened
// with (the caller's row is a snapshot): the form resets to it and sends its version.
import type { FormInstance } from "antd";
import { useCallback, useRef, useState } from "react";

export type Versioned = { id: number; lockVersion: number };

export function useFreshRecord<R extends Versioned>(editing: R | "new" | null, load: (r: R) => Promise<R>) {
  const [fresh, setFresh] = useState<R | null>(null);
  const given = editing && editing !== "new" ? editing : null;
  // The newer of the two: the caller may also pass a newer row (after its list refreshed).
  const record = given && fresh && fresh.id === given.id && fresh.lockVersion > given.lockVersion ? fresh : given;
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(async () => {
    if (record) setFresh(await loader.current(record));
  }, [record]);
  return { record, reload };
}

/**
 * The same for a form over one value that is not a row (company profile, sea rules, security
 * policy: their `lockVersion` travels inside): read it again and reset the form to it.
 */
export async function reloadInto<V extends object>(form: FormInstance<V>, refetch: () => Promise<{ data?: V }>) {
  const { data } = await refetch();
  if (!data) return;
  form.resetFields();
  form.setFieldsValue(data as Parameters<FormInstance<V>["setFieldsValue"]>[0]);
}
