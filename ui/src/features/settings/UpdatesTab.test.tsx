import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { UpdateStatus } from "../../api";
import { renderPage, userWith } from "../../test/render";
import Settings from "./Settings";
import UpdatesTab from "./UpdatesTab";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];

const POLICY = { feed: "https://updates.example.com/crm-desk/latest.json", autoCheck: true, lockVersion: 3 };

const STATUS: UpdateStatus = {
  currentVersion: "1.4.2",
  enabled: true,
  disabledReason: null,
  feed: POLICY.feed,
  origin: "database",
  autoCheck: true,
  checked: true,
  offer: null,
  error: null,
  checkedAt: "2030-03-02T09:00:00+08:00",
};

function backend(answer: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    const r = answer(cmd, a);
    if (r !== undefined) return r;
    if (cmd === "update_policy_get") return POLICY;
    if (cmd === "update_check") return STATUS;
    return null;
  });
  return calls;
}
const sent = (calls: Calls, cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);
const feed = () => document.getElementById("update-feed") as HTMLInputElement;

describe("Settings → Updates", () => {
  it("saves the feed and the automatic check with the version it loaded; the check runs again", async () => {
    const calls = backend((cmd, a) => (cmd === "update_policy_set" ? { ...(a.input as object), lockVersion: 4 } : undefined));
    renderPage(<UpdatesTab editable />);
    await waitFor(() => expect(feed().value).toBe(POLICY.feed));
    expect(feed().placeholder).toContain("https://");
    expect(feed().placeholder).toContain("\\\\server\\share\\latest.json");
    await userEvent.clear(feed());
    await userEvent.type(feed(), "  \\\\files\\crm\\latest.json ");
    await userEvent.click(document.getElementById("update-auto-check")!);
    const checks = sent(calls, "update_check").length;
    await userEvent.click(document.getElementById("update-save")!);
    await waitFor(() => expect(sent(calls, "update_policy_set")).toHaveLength(1));
    expect(sent(calls, "update_policy_set")[0]).toEqual({
      input: { feed: "\\\\files\\crm\\latest.json", autoCheck: false, lockVersion: 3 },
    });
    expect(await screen.findByText("已保存")).toBeTruthy();
    // The feed may have changed: what this desktop finds is asked again.
    await waitFor(() => expect(sent(calls, "update_check").length).toBeGreaterThan(checks));
  });

  it("a refused feed shows on the field and keeps the input", async () => {
    backend((cmd) => {
      if (cmd === "update_policy_set")
        throw { code: "VALIDATION", message: "更新源须是 https 网址,或文件共享上 latest.json 的完整路径", field: "feed" };
      return undefined;
    });
    renderPage(<UpdatesTab editable />);
    await waitFor(() => expect(feed().value).toBe(POLICY.feed));
    await userEvent.clear(feed());
    await userEvent.type(feed(), "ftp://x/latest.json");
    await userEvent.click(document.getElementById("update-save")!);
    const err = await screen.findByText("更新源须是 https 网址,或文件共享上 latest.json 的完整路径");
    expect(err.closest(".ant-form-item")!.querySelector("#update-feed")).toBeTruthy();
    expect(feed().value).toBe("ftp://x/latest.json");
  });

  it("a stale save offers to reload", async () => {
    backend((cmd) => {
      if (cmd === "update_policy_set")
        throw { code: "CONFLICT", message: "该设置已被 李四 于 2030-01-02 10:00 修改", field: "lockVersion" };
      return undefined;
    });
    renderPage(<UpdatesTab editable />);
    await waitFor(() => expect(feed().value).toBe(POLICY.feed));
    await userEvent.click(document.getElementById("update-save")!);
    expect((await screen.findByTestId("stale-message")).textContent).toContain("李四");
  });

  it("read-only without settings:update, but anyone may check now", async () => {
    const calls = backend();
    renderPage(<UpdatesTab editable={false} />, { user: userWith("customer:read") });
    await waitFor(() => expect(feed().value).toBe(POLICY.feed));
    expect(feed().disabled).toBe(true);
    expect(document.getElementById("update-save")).toBeNull();
    await screen.findByTestId("update-check-result");
    await userEvent.click(document.getElementById("update-check-now")!);
    await waitFor(() => expect(sent(calls, "update_check")).toHaveLength(2));
  });

  it("Check now shows the version, the state, where the policy comes from, and the offer with its dialog", async () => {
    let n = 0;
    backend((cmd) => {
      if (cmd !== "update_check") return undefined;
      n += 1;
      return n === 1
        ? { ...STATUS, enabled: false, disabledReason: "尚未设置更新源(系统设置 → 更新)", feed: null, origin: "none" }
        : {
            ...STATUS,
            origin: "localFile",
            feed: "\\\\it\\crm\\latest.json",
            offer: {
              version: "1.5.0",
              currentVersion: "1.4.2",
              notes: "修复若干问题",
              date: null,
              requiredSchema: null,
              gate: { kind: "ok" },
              blockedMessage: null,
            },
          };
    });
    renderPage(<UpdatesTab editable />);
    await screen.findByTestId("update-check-result");
    expect(screen.getByTestId("update-current-version").textContent).toBe("1.4.2");
    expect(screen.getByTestId("update-state").textContent).toBe("未启用:尚未设置更新源(系统设置 → 更新)");
    expect(screen.getByTestId("update-origin").textContent).toContain("尚未设置");
    expect(screen.queryByTestId("update-origin-override")).toBeNull();
    expect(screen.queryByTestId("update-offer")).toBeNull();

    await userEvent.click(document.getElementById("update-check-now")!);
    await waitFor(() => expect(screen.getByTestId("update-offer").textContent).toBe("CRM Desk 1.5.0 可用"));
    expect(screen.getByTestId("update-state").textContent).toBe("已启用");
    expect(screen.getByTestId("update-origin").textContent).toContain("本机的 update.json 文件");
    expect(screen.getByTestId("update-origin").textContent).toContain("\\\\it\\crm\\latest.json");
    expect(screen.getByTestId("update-origin-override").textContent).toContain("优先于这里保存的公司设置");
    await userEvent.click(document.getElementById("update-view-offer")!);
    const dialog = await screen.findByTestId("update-dialog");
    expect(within(dialog).getByTestId("update-notes").textContent).toBe("修复若干问题");
  });

  it("shows a failed check", async () => {
    backend((cmd) => (cmd === "update_check" ? { ...STATUS, error: "无法从更新源获取更新:timed out" } : undefined));
    renderPage(<UpdatesTab editable />);
    expect((await screen.findByTestId("update-check-error")).textContent).toContain("无法从更新源获取更新:timed out");
  });

  it("the Updates tab is in the settings page", async () => {
    backend();
    renderPage(<Settings />, { route: "/settings?tab=updates", user: userWith("customer:read") });
    expect(await screen.findByTestId("settings-tab-updates")).toBeTruthy();
    await waitFor(() => expect(feed().value).toBe(POLICY.feed));
    expect(feed().disabled).toBe(true);
  });
});
