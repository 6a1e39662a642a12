import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError, onLocked, onUnauthenticated } from "./index";

afterEach(() => clearMocks());

describe("api client", () => {
  it("passes arguments by name and returns the value", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "customer_list") return { items: [], total: 0, page: (args as { page: { page: number } }).page.page, pageSize: 50 };
      throw new Error(`unexpected ${cmd}`);
    });
    const page = await api.customers.list(
      {
        keyword: "华",
        status: null,
        level: null,
        customerType: null,
        ownerId: null,
        inSea: false,
        expiring: false,
        sort: "updatedAt",
        desc: null,
      },
      { page: 3, pageSize: 50 },
    );
    expect(page.page).toBe(3);
  });

  it("turns a rejected command into an ApiError with code and field", async () => {
    mockIPC(() => {
      throw { code: "VALIDATION", message: "用户名或密码错误", field: "password" };
    });
    const err = await api.login({ username: "a", password: "b" }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("VALIDATION");
    expect(err.field).toBe("password");
    expect(err.message).toBe("用户名或密码错误");
  });

  it("tells the app when the session is gone", async () => {
    mockIPC(() => {
      throw { code: "UNAUTHENTICATED", message: "请先登录" };
    });
    const seen = vi.fn();
    const off = onUnauthenticated(seen);
    await api.customers.get(1).catch(() => {});
    off();
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen.mock.calls[0][0].code).toBe("UNAUTHENTICATED");
  });

  it("tells the app when the desktop is locked (and keeps LOCKED as the code)", async () => {
    mockIPC(() => {
      throw { code: "LOCKED", message: "已锁定" };
    });
    const locked = vi.fn();
    const gone = vi.fn();
    const offLocked = onLocked(locked);
    const offGone = onUnauthenticated(gone);
    const err = await api.customers.get(1).catch((e) => e);
    offLocked();
    offGone();
    expect(err.code).toBe("LOCKED");
    expect(locked).toHaveBeenCalledTimes(1);
    expect(gone).not.toHaveBeenCalled();
  });

  it("passes the new session and versioning arguments by their Rust names", async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return null;
    });
    await api.sessionUnlock("pw");
    await api.contracts.approve(4, 7);
    await api.customers.update(3, {} as never, 2);
    expect(seen).toEqual([
      ["session_unlock", { password: "pw" }],
      ["contract_approve", { id: 4, lockVersion: 7 }],
      ["customer_update", { id: 3, input: {}, lockVersion: 2 }],
    ]);
  });

  it("wraps non-API failures as INTERNAL", async () => {
    mockIPC(() => {
      throw "boom";
    });
    const err = await api.me().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("INTERNAL");
  });
});
