import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderPage } from "../../test/render";
import Login from "./Login";

afterEach(() => clearMocks());

function setup(onDone = vi.fn()) {
  renderPage(<Login database="/data/crm-desk.db" lastUsername="admin" onDone={onDone} />, { user: null });
  return onDone;
}

describe("Login", () => {
  it("prefills the last username and logs in", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { id: 1, username: "admin", fullName: "管理员", deptId: 1, roleIds: [1], permissions: ["*"], dataScope: "all" };
    });
    const onDone = setup();
    expect((document.getElementById("login-username") as HTMLInputElement).value).toBe("admin");
    await userEvent.type(document.getElementById("login-password")!, "Adm1n-pass");
    await userEvent.click(screen.getByRole("button", { name: /登\s*录/ }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => (c as unknown[])[0] === "login")).toEqual(["login", { input: { username: "admin", password: "Adm1n-pass" } }]);
  });

  it("marks the field the backend names and keeps the input", async () => {
    mockIPC(() => {
      throw { code: "VALIDATION", message: "用户名或密码错误,再错 4 次账号将被锁定 15 分钟", field: "password" };
    });
    const onDone = setup();
    await userEvent.type(document.getElementById("login-password")!, "wrong-pass");
    await userEvent.click(screen.getByRole("button", { name: /登\s*录/ }));
    expect(await screen.findByText(/再错 4 次/)).toBeTruthy();
    expect((document.getElementById("login-password") as HTMLInputElement).value).toBe("wrong-pass");
    expect(onDone).not.toHaveBeenCalled();
  });

  it("validates required fields before calling the backend", async () => {
    const ipc = vi.fn();
    mockIPC(ipc);
    setup();
    await userEvent.click(screen.getByRole("button", { name: /登\s*录/ }));
    expect(await screen.findByText("请填写密码")).toBeTruthy();
    expect(ipc.mock.calls.map((c) => c[0])).not.toContain("login");
  });
});

const ZHANG = { id: 2, username: "zhangsan", fullName: "张三", deptId: 1, roleIds: [2], permissions: [], dataScope: "own" };

describe("Login on a shared database", () => {
  it("offers to remember the user's own password and sends the choice", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return ZHANG;
    });
    const onDone = vi.fn();
    renderPage(<Login database="db.corp:3306/crm" lastUsername="zhangsan" shared remembered={false} onDone={onDone} />, { user: null });
    expect(document.getElementById("login-remembered")).toBeNull();
    expect(screen.getByText("记住密码(只在本机钥匙串保存您自己的密码)")).toBeTruthy();
    await userEvent.type(document.getElementById("login-password")!, "Zh4ng-san!");
    await userEvent.click(document.getElementById("login-remember")!);
    await userEvent.click(document.getElementById("login-submit")!);
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(onDone.mock.calls[0][0]).toEqual(ZHANG);
    expect(calls.find(([c]) => c === "login")).toEqual([
      "login",
      { input: { username: "zhangsan", password: "Zh4ng-san!", remember: true } },
    ]);
  });

  it("a local database has no remember-me", () => {
    mockIPC(() => null);
    setup();
    expect(document.getElementById("login-remember")).toBeNull();
    expect(document.getElementById("login-remembered")).toBeNull();
  });

  it("logs the last user in with the remembered password in one click", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return ZHANG;
    });
    const onDone = vi.fn();
    renderPage(<Login database="db.corp:3306/crm" lastUsername="zhangsan" shared remembered onDone={onDone} />, { user: null });
    const quick = document.getElementById("login-remembered")!;
    expect(quick.textContent).toMatch(/以\s*zhangsan\s*登录/);
    await userEvent.click(quick);
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(onDone.mock.calls[0][0]).toEqual(ZHANG);
    expect(calls.map(([c]) => c)).toContain("login_remembered");
    expect(calls.map(([c]) => c)).not.toContain("login");
  });

  it("falls back to the form when the remembered password is refused", async () => {
    mockIPC((cmd) => {
      if (cmd === "login_remembered") throw { code: "VALIDATION", message: "密码已更改,请重新输入密码登录" };
      return null;
    });
    const onDone = vi.fn();
    renderPage(<Login database="db.corp:3306/crm" lastUsername="zhangsan" shared remembered onDone={onDone} />, { user: null });
    expect(document.getElementById("login-password")).toBeNull();
    await userEvent.click(document.getElementById("login-remembered")!);
    expect(await screen.findByText("密码已更改,请重新输入密码登录")).toBeTruthy();
    expect(document.getElementById("login-remembered")).toBeNull();
    expect((document.getElementById("login-username") as HTMLInputElement).value).toBe("zhangsan");
    expect(document.getElementById("login-password")).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
  });
});
