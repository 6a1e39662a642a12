import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, fireEvent } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Form, Input } from "antd";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import { renderPage } from "../test/render";
import { PermissionMatrix } from "../features/admin/Roles";
import { MysqlForm } from "../features/auth/Connection";
import FormDrawer from "./FormDrawer";
import FormModal from "./FormModal";

afterEach(() => clearMocks());

const wrap = (ui: React.ReactNode) => renderPage(ui);

describe("PermissionMatrix", () => {
  const catalog = [
    { module: "customer", labelZh: "客户", labelEn: "Customers", actions: ["read", "create"] },
    { module: "lead", labelZh: "线索", labelEn: "Leads", actions: ["read", "assign"] },
  ];
  it("adds a single permission key", async () => {
    const onChange = vi.fn();
    wrap(<PermissionMatrix catalog={catalog} value={["customer:read"]} onChange={onChange} />);
    const box = document.querySelector('[data-perm="customer:create"] input') as HTMLInputElement;
    await userEvent.click(box);
    expect(onChange).toHaveBeenCalledWith(["customer:create", "customer:read"]);
  });
  it("a module's all box replaces its single keys with module:*", async () => {
    const onChange = vi.fn();
    wrap(<PermissionMatrix catalog={catalog} value={["lead:read", "customer:read"]} onChange={onChange} />);
    const all = screen.getAllByRole("checkbox").find((c) => c.getAttribute("aria-label") === "lead:*")!;
    await userEvent.click(all);
    expect(onChange).toHaveBeenCalledWith(["customer:read", "lead:*"]);
  });
});

function Harness({ onSubmit, onClose }: { onSubmit: (v: { name: string }) => Promise<unknown>; onClose: () => void }) {
  const [form] = Form.useForm<{ name: string }>();
  return (
    <FormDrawer<{ name: string }>
      open
      title="T"
      form={form}
      initialValues={{ name: "甲" }}
      fields={["name"]}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Form.Item name="name" label="名称">
        <Input id="name" />
      </Form.Item>
    </FormDrawer>
  );
}

describe("FormDrawer", () => {
  it("keeps the input and marks the field the backend refuses", async () => {
    const onClose = vi.fn();
    const onSubmit = vi.fn().mockRejectedValue(new ApiError({ code: "CONFLICT", message: "名称已存在", field: "name" }));
    wrap(<Harness onSubmit={onSubmit} onClose={onClose} />);
    const input = (await screen.findByDisplayValue("甲")) as HTMLInputElement;
    await userEvent.clear(input);
    await userEvent.type(input, "乙公司");
    await userEvent.click(document.getElementById("form-save")!);
    expect(await screen.findByText("名称已存在")).toBeTruthy();
    expect(input.value).toBe("乙公司");
    expect(onClose).not.toHaveBeenCalled();
  });

  it("asks before throwing away unsaved changes", async () => {
    const onClose = vi.fn();
    wrap(<Harness onSubmit={vi.fn()} onClose={onClose} />);
    const input = await screen.findByDisplayValue("甲");
    await userEvent.type(input, "改");
    await userEvent.click(screen.getByRole("button", { name: /取\s*消/ }));
    expect((await screen.findAllByText("放弃未保存的修改?")).length).toBeGreaterThan(0);
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.click(document.getElementById("confirm-discard")!);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });
});

describe("Company database form", () => {
  it("asks for no database user: the server only, and a test with the user's own login", async () => {
    const inputs: Record<string, unknown>[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "profile_test_mysql") {
        inputs.push((args as { input: Record<string, unknown> }).input);
        return { status: "bad_credentials", message: "用户名或密码错误(用户 zhangsan)" };
      }
      return null;
    });
    wrap(<MysqlForm onSaved={() => {}} />);
    expect(document.getElementById("mysql-user")).toBeNull();
    expect(document.getElementById("mysql-password")).toBeNull();
    expect(screen.getByText("您的登录账号")).toBeTruthy();
    expect(screen.getByText("密码(仅用于测试,不保存)")).toBeTruthy();
    expect(screen.getByTestId("conn-shared-hint").textContent).toContain("每个人都用自己的 CRM 账号登录");
    await userEvent.type(document.getElementById("mysql-host")!, "db.corp");
    await userEvent.type(document.getElementById("mysql-database")!, "crm");
    await userEvent.type(document.getElementById("mysql-login-user")!, " zhangsan ");
    await userEvent.type(document.getElementById("mysql-login-password")!, "Zh4ng-san!");
    await userEvent.click(document.getElementById("mysql-test")!);
    expect(await screen.findByText("用户名或密码错误")).toBeTruthy();
    expect(screen.getByText("用户名或密码错误(用户 zhangsan)")).toBeTruthy();
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ host: "db.corp", database: "crm", username: "zhangsan", password: "Zh4ng-san!" });
    expect(inputs[0]).not.toHaveProperty("user");
  });

  it("tests and saves without a login: a server that answers is enough", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, (args as { input: Record<string, unknown> }).input]);
      return { status: "reachable", message: "服务器可以连接,加密正常" };
    });
    const onSaved = vi.fn();
    wrap(<MysqlForm onSaved={onSaved} />);
    await userEvent.type(document.getElementById("mysql-host")!, "db.corp");
    await userEvent.type(document.getElementById("mysql-database")!, "crm");
    await userEvent.click(document.getElementById("mysql-test")!);
    expect(await screen.findByText("服务器可以连接,请用您自己的账号登录")).toBeTruthy();
    expect(screen.getByTestId("conn-result").className).toContain("success");
    expect(calls[0]).toEqual(["profile_test_mysql", expect.objectContaining({ username: "", password: "" })]);
    await userEvent.click(document.getElementById("mysql-save")!);
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls.map(([c]) => c)).toEqual(["profile_test_mysql", "profile_save_mysql"]);
  });

  it("a test login needs both the username and the password", async () => {
    const ipc = vi.fn();
    mockIPC(ipc);
    wrap(<MysqlForm onSaved={() => {}} />);
    await userEvent.type(document.getElementById("mysql-host")!, "db.corp");
    await userEvent.type(document.getElementById("mysql-database")!, "crm");
    await userEvent.type(document.getElementById("mysql-login-user")!, "zhangsan");
    await userEvent.click(document.getElementById("mysql-test")!);
    expect(await screen.findByText("请填写密码(仅用于测试,不保存)")).toBeTruthy();
    expect(ipc).not.toHaveBeenCalled();
  });

  it("prefills the saved server when switching (no user, no password in a profile)", async () => {
    mockIPC(() => null);
    wrap(<MysqlForm onSaved={() => {}} initial={{ host: "db.corp", port: 3307, database: "crm", tls: "required", caFile: null }} />);
    expect((document.getElementById("mysql-host") as HTMLInputElement).value).toBe("db.corp");
    expect((document.getElementById("mysql-login-user") as HTMLInputElement).value).toBe("");
  });
});

describe("MysqlForm transport security", () => {
  it("asks for an explicit insecure choice before plain text goes to another computer", async () => {
    const inputs: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "profile_test_mysql") {
        inputs.push((args as { input: unknown }).input);
        return { status: "ok", message: "ok" };
      }
      return null;
    });
    wrap(<MysqlForm onSaved={() => {}} />);
    expect(screen.queryByTestId("conn-insecure-warning")).toBeNull();
    await userEvent.type(document.getElementById("mysql-host")!, "db.corp");
    await userEvent.type(document.getElementById("mysql-database")!, "crm");
    await userEvent.click(screen.getByLabelText("不加密"));
    expect(await screen.findByTestId("conn-insecure-warning")).toBeTruthy();
    await userEvent.click(document.getElementById("mysql-insecure")!);
    await userEvent.click(document.getElementById("mysql-test")!);
    await screen.findByTestId("conn-result");
    expect(inputs[0]).toMatchObject({ host: "db.corp", tls: "off", insecure: true });
  });

  it("defaults to verifying the certificate and host name", async () => {
    const inputs: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "profile_test_mysql") inputs.push((args as { input: unknown }).input);
      return { status: "ok", message: "ok" };
    });
    wrap(<MysqlForm onSaved={() => {}} />);
    await userEvent.type(document.getElementById("mysql-host")!, "db.corp");
    await userEvent.type(document.getElementById("mysql-database")!, "crm");
    await userEvent.click(document.getElementById("mysql-test")!);
    await screen.findByTestId("conn-result");
    expect(inputs[0]).toMatchObject({ tls: "verify_identity" });
    expect((inputs[0] as { insecure?: boolean }).insecure).toBeUndefined();
  });
});

function ModalHarness({ onSubmit, onClose }: { onSubmit: (v: { name: string }) => Promise<unknown>; onClose: () => void }) {
  const [form] = Form.useForm<{ name: string }>();
  return (
    <FormModal<{ name: string }>
      open
      title="T"
      form={form}
      initialValues={{ name: "甲" }}
      fields={["name"]}
      okId="modal-save"
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Form.Item name="name" label="名称">
        <Input id="name" />
      </Form.Item>
    </FormModal>
  );
}

describe("FormModal (same submit and close guard as FormDrawer)", () => {
  it("marks the refused field, then saves, toasts and closes", async () => {
    const onClose = vi.fn();
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(new ApiError({ code: "CONFLICT", message: "名称已存在", field: "name" }))
      .mockResolvedValueOnce(undefined);
    wrap(<ModalHarness onSubmit={onSubmit} onClose={onClose} />);
    await userEvent.click(document.getElementById("modal-save")!);
    expect(await screen.findByText("名称已存在")).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.type(await screen.findByDisplayValue("甲"), "乙");
    await userEvent.click(document.getElementById("modal-save")!);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(await screen.findByText("已保存")).toBeTruthy();
  });

  it("asks before throwing away unsaved changes", async () => {
    const onClose = vi.fn();
    wrap(<ModalHarness onSubmit={vi.fn()} onClose={onClose} />);
    await userEvent.type(await screen.findByDisplayValue("甲"), "改");
    await userEvent.click(screen.getByRole("button", { name: /取\s*消/ }));
    expect((await screen.findAllByText("放弃未保存的修改?")).length).toBeGreaterThan(0);
    expect(onClose).not.toHaveBeenCalled();
  });
});
