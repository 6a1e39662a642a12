// Free-text fields offer suggestions in the user's language (locales/suggestions.ts); the
// follow-up channel is a backend code shown in the user's language.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Lang } from "../../i18n";
import { renderPage } from "../../test/render";
import { FollowUpModal } from "../followUps/FollowUpTimeline";
import ReturnVisitsTab from "./ReturnVisitsTab";
import SessionsTab from "./SessionsTab";

afterEach(() => clearMocks());

const byId = (id: string) => document.getElementById(id) as HTMLInputElement;
const found = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} is not there`);
    return e;
  });

function backend() {
  const calls: [string, Record<string, unknown>][] = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, (args ?? {}) as Record<string, unknown>]);
    if (cmd === "session_list" || cmd === "return_visit_list" || cmd === "contact_list") return [];
    if (cmd === "contract_list") return { items: [], total: 0, page: 1, pageSize: 100 };
    if (cmd === "session_create" || cmd === "return_visit_create") return 1;
    return null;
  });
  return calls;
}

/** The options of the open AutoComplete / Select dropdown. */
const options = () => [...document.querySelectorAll(".ant-select-item-option")].map((o) => o.textContent);

describe("suggestions follow the language", () => {
  it.each<[Lang, string, string[]]>([
    ["zh-CN", "电话", ["电话", "微信", "邮件", "面谈"]],
    ["en-US", "Phone", ["Phone", "WeChat", "Email", "Meeting"]],
  ])("a new conversation (%s) starts on the first channel and offers the channels and topics", async (lang, first, channels) => {
    const calls = backend();
    renderPage(<SessionsTab customerId={3} writable />, { lang });
    await userEvent.click(await found("session-new"));
    await waitFor(() => expect(byId("session-type").value).toBe(first));
    await userEvent.clear(byId("session-type"));
    await userEvent.click(byId("session-type"));
    await waitFor(() => expect(options()).toEqual(channels));
    await userEvent.click(byId("session-tag"));
    await waitFor(() => expect(options().length).toBeGreaterThan(0));
    if (lang === "en-US") for (const o of options()) expect(o).not.toMatch(/[\u4e00-\u9fff]/);
    await userEvent.type(byId("session-type"), first);
    await userEvent.click(byId("session-save"));
    await waitFor(() => expect(calls.some(([c]) => c === "session_create")).toBe(true));
    const input = calls.find(([c]) => c === "session_create")![1].input as { sessionType: string };
    expect(input.sessionType).toBe(first);
  });

  it("a return visit in English starts on Phone", async () => {
    backend();
    renderPage(<ReturnVisitsTab customerId={3} writable />, { lang: "en-US" });
    await userEvent.click(await found("return-visit-new"));
    await waitFor(() => expect(byId("return-visit-type").value).toBe("Phone"));
  });

  it("the follow-up channel shows in English and is sent as the backend's code", async () => {
    const calls = backend();
    renderPage(<FollowUpModal open target={{ relationType: "customer", relationId: 7 }} onClose={() => {}} />, { lang: "en-US" });
    await waitFor(() => expect(byId("follow-type").closest(".ant-select")!.textContent).toContain("Phone"));
    await userEvent.type(byId("follow-content"), "Called about the quotation");
    await userEvent.click(byId("follow-save"));
    await waitFor(() => expect(calls.some(([c]) => c === "follow_up_create")).toBe(true));
    expect((calls.find(([c]) => c === "follow_up_create")![1].input as { followType: string }).followType).toBe("电话");
  });
});
