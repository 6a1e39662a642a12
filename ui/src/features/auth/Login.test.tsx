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
