import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Button, Form, Input } from "antd";
import { describe, expect, it, vi } from "vitest";
import { ApiError, contactKeys, customerKeys, staleKeys, type Area } from "../api";
import { renderPage } from "../test/render";
import { useApiMutation } from "./useApiMutation";

type V = { name: string; phone: string };

function Harness({ fn, invalidates, success }: { fn: (v: V) => Promise<unknown>; invalidates?: Area[]; success?: string }) {
  const [form] = Form.useForm<V>();
  const save = useApiMutation(fn, { form, fields: ["name", "phone"], invalidates, success });
  return (
    <Form form={form} initialValues={{ name: "甲", phone: "1" }} onFinish={save.run}>
      <Form.Item name="name" label="名称">
        <Input id="name" />
      </Form.Item>
      <Form.Item name="phone" label="电话">
        <Input id="phone" />
      </Form.Item>
      <Button htmlType="submit" id="save" loading={save.busy}>
        save
      </Button>
    </Form>
  );
}

describe("useApiMutation", () => {
  it("marks the field an ApiError names, keeps the input and shows no toast", async () => {
    const fn = vi.fn().mockRejectedValue(new ApiError({ code: "CONFLICT", message: "电话已存在", field: "phone" }));
    renderPage(<Harness fn={fn} />);
    await userEvent.clear(document.getElementById("phone")!);
    await userEvent.type(document.getElementById("phone")!, "13800000001");
    await userEvent.click(document.getElementById("save")!);
    const err = await screen.findByText("电话已存在");
    expect(err.closest(".ant-form-item")!.querySelector("#phone")).toBeTruthy();
    expect((document.getElementById("phone") as HTMLInputElement).value).toBe("13800000001");
    expect(document.querySelector(".ant-message-error")).toBeNull();
  });

  it("toasts any other failure with the localized code and the backend's message", async () => {
    const fn = vi.fn().mockRejectedValue(new ApiError({ code: "FORBIDDEN", message: "只能修改自己的客户", field: null }));
    renderPage(<Harness fn={fn} />);
    await userEvent.click(document.getElementById("save")!);
    expect(await screen.findByText("没有权限: 只能修改自己的客户")).toBeTruthy();
    expect(document.querySelector(".ant-form-item-explain-error")).toBeNull();
  });

  it("a field the form does not show is toasted, not lost", async () => {
    const fn = vi.fn().mockRejectedValue(new ApiError({ code: "VALIDATION", message: "负责人已停用", field: "ownerId" }));
    renderPage(<Harness fn={fn} />);
    await userEvent.click(document.getElementById("save")!);
    expect(await screen.findByText("输入有误: 负责人已停用")).toBeTruthy();
  });

  it("on success invalidates the declared areas (cross-area effects included) and shows the success toast", async () => {
    const fn = vi.fn().mockResolvedValue({ id: 1 });
    const { qc } = renderPage(<Harness fn={fn} invalidates={["contacts"]} success="已保存" />);
    const spy = vi.spyOn(qc, "invalidateQueries");
    await userEvent.click(document.getElementById("save")!);
    expect(await screen.findByText("已保存")).toBeTruthy();
    expect(fn).toHaveBeenCalledWith({ name: "甲", phone: "1" }, expect.anything());
    await waitFor(() => expect(spy).toHaveBeenCalled());
    const keys = spy.mock.calls.map((c) => c[0]?.queryKey);
    expect(keys).toContainEqual(contactKeys.all);
    expect(keys).toContainEqual(customerKeys.summaries());
  });
});

describe("useApiMutation: locked and stale", () => {
  it("LOCKED is left to the lock screen: no toast, no field marked, the input kept", async () => {
    const fn = vi.fn().mockRejectedValue(new ApiError({ code: "LOCKED", message: "已锁定", field: null }));
    renderPage(<Harness fn={fn} />);
    await userEvent.type(document.getElementById("name")!, "乙");
    await userEvent.click(document.getElementById("save")!);
    await waitFor(() => expect(fn).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 50));
    expect(document.querySelector(".ant-message-error")).toBeNull();
    expect(document.querySelector(".ant-form-item-explain-error")).toBeNull();
    expect((document.getElementById("name") as HTMLInputElement).value).toBe("甲乙");
  });

  it("a stale save (CONFLICT on lockVersion) opens the reload dialog; Reload refreshes the declared areas", async () => {
    const fn = vi
      .fn()
      .mockRejectedValue(new ApiError({ code: "CONFLICT", message: "该记录已被 李四 于 10:00 修改", field: "lockVersion" }));
    const { qc } = renderPage(<Harness fn={fn} invalidates={["contacts"]} />);
    const spy = vi.spyOn(qc, "invalidateQueries");
    await userEvent.click(document.getElementById("save")!);
    expect((await screen.findByTestId("stale-message")).textContent).toContain("李四");
    expect(document.querySelector(".ant-message-error")).toBeNull();
    expect(spy).not.toHaveBeenCalled();
    await userEvent.click(document.getElementById("stale-reload")!);
    await waitFor(() => expect(spy.mock.calls.map((c) => c[0]?.queryKey)).toContainEqual(contactKeys.all));
  });
});

describe("invalidation table", () => {
  it("keeps the cross-area effects: a follow-up refreshes customers, leads, the to-do board and history", () => {
    const keys = staleKeys("followUps").map((k) => k[0]);
    expect(keys).toEqual(expect.arrayContaining(["followUps", "todo", "customers", "leads", "oplog"]));
  });
  it("dedupes keys shared by several areas", () => {
    const keys = staleKeys("quotations", "contracts").map((k) => JSON.stringify(k));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
