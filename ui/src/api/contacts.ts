// Contacts of customers.
import { call } from "./client";
import type { ContactFilter } from "./types/ContactFilter";
import type { ContactInput } from "./types/ContactInput";
import type { ContactListRow } from "./types/ContactListRow";
import type { ContactRow } from "./types/ContactRow";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";

export const contactKeys = {
  all: ["contacts"] as const,
  /** The contacts tab of one customer. */
  ofCustomer: (customerId: number) => [...contactKeys.all, "customer", customerId] as const,
  /** The /contacts page (every contact in scope); ListPage appends page and sort. */
  list: (filter: ContactFilter) => [...contactKeys.all, "list", filter] as const,
};

export const contacts = {
  list: (customerId: number) => call<ContactRow[]>("contact_list", { customerId }),
  listAll: (filter: ContactFilter, page: PageReq) => call<Page<ContactListRow>>("contact_list_all", { filter, page }),
  create: (customerId: number, input: ContactInput) => call<ContactRow>("contact_create", { customerId, input }),
  update: (id: number, input: ContactInput, lockVersion: number) => call<ContactRow>("contact_update", { id, input, lockVersion }),
  remove: (id: number) => call<void>("contact_delete", { id }),
};
