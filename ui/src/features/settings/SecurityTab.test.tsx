import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { renderPage, userWith } from "../../test/render";
import SecurityTab from "./SecurityTab";
import Settings from "./Settings";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];

const minutes = () => document.getElementById("security-idle-minutes") as HTMLInputElement;

describe("Settings → Security", () => {
  it("saves the idle lock and the quotation rule with the version it loaded", async () => {
    const calls: Calls = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "security_policy_get") return { idleLockMinutes: 30, quotationAcceptNeedsApproval: false, lockVersion: 4 };
      if (cmd === "security_policy_set") return { ...(args as { input: object }).input, lockVersion: 5 };
      return null;
    });
    renderPage(<SecurityTab editable />);
    await waitFor(() => expect(minutes().value).toBe("30"));
    expect(screen.getByText("0 = 不自动锁定,最长 480 分钟")).toBeTruthy();
    await userEvent.clear(minutes());
    await userEvent.type(minutes(), "15");
    await userEvent.click(document.getElementById("security-accept-approval")!);
    await userEvent.click(document.getElementById("security-save")!);
    await waitFor(() => expect(calls.map(([c]) => c)).toContain("security_policy_set"));
    expect(calls.find(([c]) => c === "security_policy_set")![1]).toEqual({
      input: { idleLockMinutes: 15, quotationAcceptNeedsApproval: true, lockVersion: 4 },
    });
    expect(await screen.findByText("已保存")).toBeTruthy();
  });

  it("a stale save offers to reload the policy someone else saved", async () => {
    const calls: Calls = [];
    let version = 4;
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "security_policy_get")
        return { idleLockMinutes: version === 4 ? 30 : 10, quotationAcceptNeedsApproval: false, lockVersion: version };
      if (cmd === "security_policy_set") {
        version = 5;
        throw { code: "CONFLICT", message: "该设置已被 李四 于 2030-01-02 10:00 修改", field: "lockVersion" };
      }
      return null;
    });
    renderPage(<SecurityTab editable />);
    await waitFor(() => expect(minutes().value).toBe("30"));
    await userEvent.clear(minutes());
    await userEvent.type(minutes(), "60");
    await userEvent.click(document.getElementById("security-save")!);
    expect((await screen.findByTestId("stale-message")).textContent).toContain("李四");
    fireEvent.click(document.getElementById("stale-reload")!);
    await waitFor(() => expect(minutes().value).toBe("10"));
    expect(calls.filter(([c]) => c === "security_policy_get").length).toBeGreaterThanOrEqual(2);
  });

  it("read-only without settings:update; the tab needs settings:read", async () => {
    mockIPC((cmd) => (cmd === "security_policy_get" ? { idleLockMinutes: 30, quotationAcceptNeedsApproval: true, lockVersion: 1 } : null));
    renderPage(<SecurityTab editable={false} />);
    await waitFor(() => expect(minutes().value).toBe("30"));
    expect(minutes().disabled).toBe(true);
    expect(document.getElementById("security-save")).toBeNull();
  });

  it("shows the Security tab to settings readers only", async () => {
    mockIPC(() => null);
    const { unmount } = renderPage(<Settings />, { route: "/settings", user: userWith("settings:read") });
    expect(await screen.findByTestId("settings-tab-security")).toBeTruthy();
    unmount();
    renderPage(<Settings />, { route: "/settings", user: userWith("customer:read") });
    await screen.findByTestId("settings-tab-sea");
    expect(screen.queryByTestId("settings-tab-security")).toBeNull();
  });
});
