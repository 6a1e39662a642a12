import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Query } from "@tanstack/react-query";
import { updateKeys, type UpdateOffer, type UpdateProgress, type UpdateStatus } from "../../api";
import MainLayout from "../../app/MainLayout";
import { renderPage, userWith } from "../../test/render";
import Login from "../auth/Login";
import AboutDialog from "../diagnostics/AboutDialog";
import UpdateDialog from "./UpdateDialog";
import { RECHECK_MS, updateSummary } from "./useUpdate";
import { translate } from "../../i18n";

afterEach(() => clearMocks());

const OFFER: UpdateOffer = {
  version: "1.5.0",
  currentVersion: "1.4.2",
  notes: "新增:直接打印报价单\n修复:对账单期初余额",
  date: "2030-03-01T10:00:00+08:00",
  requiredSchema: "m20300301_000000_print",
  gate: { kind: "ok" },
  blockedMessage: null,
};

const status = (over: Partial<UpdateStatus> = {}): UpdateStatus => ({
  currentVersion: "1.4.2",
  enabled: true,
  disabledReason: null,
  feed: "https://updates.example.com/crm-desk/latest.json",
  origin: "database",
  autoCheck: true,
  checked: true,
  offer: OFFER,
  error: null,
  checkedAt: "2030-03-02T09:00:00+08:00",
  ...over,
});

type Calls = [string, Record<string, unknown> | undefined][];

/** A backend answering the update commands (and null to anything else), recording every call. */
function backend(answers: Record<string, unknown | ((args: Record<string, unknown> | undefined) => unknown)> = {}) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    const a = args as Record<string, unknown> | undefined;
    calls.push([cmd, a]);
    if (cmd in answers) {
      const r = answers[cmd];
      return typeof r === "function" ? (r as (a: Record<string, unknown> | undefined) => unknown)(a) : r;
    }
    return null;
  });
  return calls;
}
const sent = (calls: Calls, cmd: string) => calls.filter(([c]) => c === cmd);

const renderLogin = () => renderPage(<Login database="/data/crm-desk.db" lastUsername="admin" onDone={vi.fn()} />, { user: null });

describe("update notice", () => {
  it("shows on the login screen when the check found a newer version, and opens the update dialog", async () => {
    const calls = backend({ update_check: status() });
    renderLogin();
    const notice = await screen.findByTestId("update-available");
    expect(notice.textContent).toContain("CRM Desk 1.5.0 可用");
    expect(sent(calls, "update_check")).toHaveLength(1);
    await userEvent.click(notice);
    const dialog = await screen.findByTestId("update-dialog");
    expect(within(dialog).getByTestId("update-new-version").textContent).toBe("1.5.0");
    expect(within(dialog).getByTestId("update-current").textContent).toBe("1.4.2");
    expect(within(dialog).getByTestId("update-date").textContent).toMatch(/^2030-03-0[12] \d\d:\d\d$/);
    const notes = within(dialog).getByTestId("update-notes");
    expect(notes.textContent).toBe("新增:直接打印报价单\n修复:对账单期初余额");
    expect(notes.style.whiteSpace).toBe("pre-wrap");
    expect(screen.queryByTestId("update-blocked")).toBeNull();
    expect((document.getElementById("update-install") as HTMLButtonElement).disabled).toBe(false);
    // 稍后 closes without installing.
    await userEvent.click(document.getElementById("update-later")!);
    await waitFor(() => expect(screen.queryByTestId("update-dialog")).toBeNull());
    expect(sent(calls, "update_install")).toHaveLength(0);
  });

  it("shows in the main layout's header too (checked again for the signed-in user)", async () => {
    const calls = backend({ update_check: status() });
    const { qc } = renderPage(<MainLayout />, { route: "/admin", user: userWith() });
    expect((await screen.findByTestId("update-available")).textContent).toContain("CRM Desk 1.5.0 可用");
    expect(sent(calls, "update_check")).toHaveLength(1);
    // Cached per user: logging in (another key than the login screen's null) checks again.
    expect(qc.getQueryCache().find({ queryKey: updateKeys.status(2), exact: true })).toBeTruthy();
    expect(qc.getQueryCache().find({ queryKey: updateKeys.status(null), exact: true })).toBeUndefined();
  });

  it("re-checks daily only while updates are on and automatic", async () => {
    backend({ update_check: status() });
    const { qc } = renderLogin();
    await screen.findByTestId("update-available");
    const query = qc.getQueryCache().find({ queryKey: updateKeys.status(null), exact: true })! as unknown as Query<UpdateStatus>;
    const interval = (data: UpdateStatus) => {
      const opt = (query.options as { refetchInterval?: unknown }).refetchInterval;
      const fake = { state: { data } } as unknown as Query<UpdateStatus>;
      return typeof opt === "function" ? opt(fake) : opt;
    };
    expect(interval(status())).toBe(RECHECK_MS);
    expect(interval(status({ autoCheck: false }))).toBe(false);
    expect(interval(status({ enabled: false, offer: null, disabledReason: "此版本没有内置更新签名公钥" }))).toBe(false);
  });

  it("says nothing without an offer, when updates are off, or when the feed could not be reached", async () => {
    for (const s of [
      status({ offer: null }),
      status({ offer: null, enabled: false, disabledReason: "尚未设置更新源" }),
      status({ offer: null, error: "无法从更新源获取更新:timeout" }),
    ]) {
      const calls = backend({ update_check: s });
      const { unmount } = renderPage(<MainLayout />, { route: "/admin", user: userWith() });
      await waitFor(() => expect(sent(calls, "update_check")).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 30));
      expect(screen.queryByTestId("update-available")).toBeNull();
      unmount();
      clearMocks();
    }
    backend({ update_check: status({ offer: null }) });
    renderLogin();
    await screen.findByTestId("login-card");
    await new Promise((r) => setTimeout(r, 30));
    expect(screen.queryByTestId("update-available")).toBeNull();
  });
});

describe("update dialog", () => {
  it("a blocked offer shows why and cannot be installed", async () => {
    const msg =
      "新版本需要数据库结构 m20300301_000000_print,公司数据库目前是 m20300101_000000_x。请联系 IT 先运行 crm-admin migrate,再安装更新";
    const calls = backend({
      update_check: status({
        offer: {
          ...OFFER,
          gate: { kind: "needsMigrate", required: "m20300301_000000_print", database: "m20300101_000000_x" },
          blockedMessage: msg,
        },
      }),
    });
    renderLogin();
    await userEvent.click(await screen.findByTestId("update-available"));
    const blocked = await screen.findByTestId("update-blocked");
    expect(blocked.textContent).toContain(msg);
    const install = document.getElementById("update-install") as HTMLButtonElement;
    expect(install.disabled).toBe(true);
    await userEvent.click(install).catch(() => {});
    expect(sent(calls, "update_install")).toHaveLength(0);
  });

  it("install calls the command and shows the download's progress, polling it", async () => {
    let finish: () => void = () => {};
    const progress: UpdateProgress = { installing: true, received: 512 * 1024, total: 1024 * 1024 };
    const calls = backend({
      update_install: () => new Promise<null>((resolve) => (finish = () => resolve(null))),
      update_progress: () => progress,
    });
    renderPage(<UpdateDialog offer={OFFER} open onClose={vi.fn()} />, { user: null });
    await userEvent.click(await waitFor(() => document.getElementById("update-install")!));
    await waitFor(() => expect(sent(calls, "update_install")).toHaveLength(1));
    const bar = await screen.findByTestId("update-progress");
    await waitFor(() => expect(bar.textContent).toContain("50%"));
    expect(screen.getByTestId("update-received").textContent).toBe("已下载 512 KB / 1.0 MB");
    expect(screen.getByTestId("update-installing").textContent).toContain("完成后程序会自动重启");
    expect((document.getElementById("update-later") as HTMLButtonElement).disabled).toBe(true);
    // Polled again while it runs (every ~400 ms).
    await waitFor(() => expect(sent(calls, "update_progress").length).toBeGreaterThanOrEqual(2));
    finish();
    await waitFor(() => expect(screen.getByTestId("update-installing").textContent).toContain("正在重启"));
    const polls = sent(calls, "update_progress").length;
    await new Promise((r) => setTimeout(r, 900));
    expect(sent(calls, "update_progress").length).toBe(polls);
  });

  it("a refusal of the install shows in the dialog, which stays open", async () => {
    const calls = backend({});
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "update_install")
        throw { code: "CONFLICT", message: "请先登录:登录后才能确认公司数据库是否满足新版本的要求", field: "schema" };
      return null;
    });
    renderPage(<UpdateDialog offer={OFFER} open onClose={vi.fn()} />, { user: null });
    await userEvent.click(await waitFor(() => document.getElementById("update-install")!));
    const err = await screen.findByTestId("update-error");
    expect(err.textContent).toContain("请先登录:登录后才能确认公司数据库是否满足新版本的要求");
    expect(err.textContent).toContain("更新没有安装");
    expect(screen.getByTestId("update-dialog")).toBeTruthy();
    expect((document.getElementById("update-install") as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("update status", () => {
  it("summarises a check in one line", () => {
    const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate("zh-CN", k, v);
    expect(updateSummary(t, status())).toBe("CRM Desk 1.5.0 可用");
    expect(updateSummary(t, status({ offer: null }))).toBe("已是最新版本(1.4.2)");
    expect(updateSummary(t, status({ offer: null, enabled: false, disabledReason: "尚未设置更新源" }))).toBe("未启用:尚未设置更新源");
    expect(updateSummary(t, status({ offer: null, error: "timeout" }))).toBe("检查失败:timeout");
    expect(updateSummary(t, null)).toBe("尚未检查");
    expect(RECHECK_MS).toBe(24 * 60 * 60 * 1000);
  });

  it("says so when automatic checks are off and the start did not ask the feed", async () => {
    backend({ update_check: status({ offer: null, autoCheck: false, checked: false }) });
    renderPage(<AboutDialog open onClose={vi.fn()} />, { user: null });
    await waitFor(() => expect(screen.getByTestId("about-update").textContent).toBe("自动检查已关闭,可手动检查更新"));
    expect(screen.queryByTestId("update-available")).toBeNull();
  });

  it("About shows the latest check and checks again on request", async () => {
    let n = 0;
    const calls = backend({ update_check: () => (++n === 1 ? status({ offer: null }) : status()) });
    renderPage(<AboutDialog open onClose={vi.fn()} />, { user: null });
    await waitFor(() => expect(screen.getByTestId("about-update").textContent).toBe("已是最新版本(1.4.2)"));
    expect(document.getElementById("about-update-view")).toBeNull();
    await userEvent.click(document.getElementById("about-update-check")!);
    await waitFor(() => expect(screen.getByTestId("about-update").textContent).toBe("CRM Desk 1.5.0 可用"));
    expect(sent(calls, "update_check")).toHaveLength(2);
    // The check on opening is the automatic one; the button asks by hand.
    expect(sent(calls, "update_check").map(([, a]) => (a as { manual: boolean }).manual)).toEqual([false, true]);
    await userEvent.click(document.getElementById("about-update-view")!);
    expect(await screen.findByTestId("update-dialog")).toBeTruthy();
  });
});
