import { useQuery } from "@tanstack/react-query";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api";
import { renderPage } from "../test/render";
import IdleLock from "./IdleLock";
import MainLayout from "./MainLayout";

afterEach(() => {
  clearMocks();
  vi.useRealTimers();
});

type Calls = [string, Record<string, unknown>][];

const POLICY = (idleLockMinutes: number) => ({ idleLockMinutes, quotationAcceptNeedsApproval: false, lockVersion: 3 });

/** A page with unsaved input and a query that is loaded on demand. */
function Page() {
  const [draft, setDraft] = useState("");
  const [load, setLoad] = useState(false);
  const q = useQuery({ queryKey: ["probe"], queryFn: () => api.customers.get(3), enabled: load });
  return (
    <div>
      <input id="draft" value={draft} onChange={(e) => setDraft(e.target.value)} />
      <button id="load" onClick={() => setLoad(true)}>
        load
      </button>
      <span data-testid="probe">{q.data ? q.data.customerName : q.error ? "failed" : "idle"}</span>
    </div>
  );
}

/** A backend that is locked until session_unlock gets "Right-pass1". */
function lockedBackend(calls: Calls, minutes = 30) {
  let locked = true;
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    switch (cmd) {
      case "security_policy_get":
        return POLICY(minutes);
      case "session_unlock":
        if ((args as { password: string }).password !== "Right-pass1") throw { code: "VALIDATION", message: "密码错误", field: "password" };
        locked = false;
        return null;
      case "session_lock":
        locked = true;
        return null;
      case "customer_get":
        if (locked) throw { code: "LOCKED", message: "已锁定,请输入密码解锁" };
        return { id: 3, customerName: "杭州云帆科技有限公司" };
      default:
        return null;
    }
  });
}

describe("Idle lock", () => {
  it("a LOCKED answer covers the page; the right password unlocks it, input kept and failed queries fetched again", async () => {
    const calls: Calls = [];
    lockedBackend(calls);
    renderPage(
      <IdleLock>
        <Page />
      </IdleLock>,
    );
    await userEvent.type(document.getElementById("draft")!, "未保存的备注");
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    fireEvent.click(document.getElementById("load")!);

    expect(await screen.findByTestId("lock-screen")).toBeTruthy();
    expect(screen.getByTestId("lock-user").textContent).toContain("管理员");
    expect(screen.getByTestId("probe").textContent).toBe("failed");

    // A wrong password: the error shows on the lock screen, which stays.
    await userEvent.type(document.getElementById("unlock-password")!, "wrong");
    await userEvent.click(document.getElementById("unlock-submit")!);
    expect(await screen.findByText("密码错误")).toBeTruthy();
    expect(screen.getByTestId("lock-screen")).toBeTruthy();

    await userEvent.clear(document.getElementById("unlock-password")!);
    await userEvent.type(document.getElementById("unlock-password")!, "Right-pass1");
    await userEvent.click(document.getElementById("unlock-submit")!);
    await waitFor(() => expect(screen.queryByTestId("lock-screen")).toBeNull());
    expect(calls.filter(([c]) => c === "session_unlock").map(([, a]) => a)).toEqual([{ password: "wrong" }, { password: "Right-pass1" }]);
    // The page beneath was never unmounted, and what failed while locked is loaded again.
    expect((document.getElementById("draft") as HTMLInputElement).value).toBe("未保存的备注");
    await waitFor(() => expect(screen.getByTestId("probe").textContent).toBe("杭州云帆科技有限公司"));
    expect(calls.filter(([c]) => c === "customer_get").length).toBe(2);
  });

  it("locks after the policy's idle minutes; activity in the window starts the count again", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls: Calls = [];
    lockedBackend(calls, 1);
    renderPage(
      <IdleLock>
        <Page />
      </IdleLock>,
    );
    await waitFor(() => expect(calls.map(([c]) => c)).toContain("security_policy_get"));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(45_000);
    });
    fireEvent.keyDown(document.getElementById("draft")!, { key: "a" });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(45_000);
    });
    // 90 s since start, but only 45 s since the key press.
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    expect(calls.map(([c]) => c)).not.toContain("session_lock");
    await act(async () => {
      await vi.advanceTimersByTimeAsync(20_000);
    });
    expect(screen.getByTestId("lock-screen")).toBeTruthy();
    expect(calls.map(([c]) => c)).toContain("session_lock");
  });

  it("never locks by itself when the policy says 0", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls: Calls = [];
    lockedBackend(calls, 0);
    renderPage(
      <IdleLock>
        <Page />
      </IdleLock>,
    );
    await waitFor(() => expect(calls.map(([c]) => c)).toContain("security_policy_get"));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10 * 60 * 60_000);
    });
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    expect(calls.map(([c]) => c)).not.toContain("session_lock");
  });

  it("offers to log out instead", async () => {
    const calls: Calls = [];
    lockedBackend(calls);
    renderPage(
      <IdleLock>
        <Page />
      </IdleLock>,
    );
    fireEvent.click(document.getElementById("load")!);
    await screen.findByTestId("lock-screen");
    await userEvent.click(document.getElementById("unlock-logout")!);
    await waitFor(() => expect(calls.map(([c]) => c)).toContain("logout"));
  });
});

describe("Lock now", () => {
  it("the header's lock button locks at once", async () => {
    const calls: Calls = [];
    lockedBackend(calls);
    renderPage(
      <IdleLock>
        <MainLayout />
      </IdleLock>,
      { route: "/settings" },
    );
    await userEvent.click(await waitFor(() => document.getElementById("lock-now")!));
    expect(await screen.findByTestId("lock-screen")).toBeTruthy();
    await waitFor(() => expect(calls.map(([c]) => c)).toContain("session_lock"));
  });
});
