import { clearMocks } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { PreviewRequest } from "../../api/types/PreviewRequest";
import { renderPage, userWith } from "../../test/render";
import { backend, last, notice, preview, sent, template } from "./fixtures";
import Marketing from "./Marketing";
import { insertAt, toTemplateInput } from "./TemplateEditor";

afterEach(() => clearMocks());

const byId = (id: string) => document.getElementById(id)!;
const findId = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} not found`);
    return e;
  });
const content = () => byId("template-content") as HTMLTextAreaElement;
const OPT_OUT = "营销短信须带退订方式,如「回T退订」或「拒收请回复R」";

/** The preview as the backend computes it, for the text asked about. */
function previewOf({ request }: { request: PreviewRequest }) {
  const text = request.content.trim().replace("${name}", "李雷");
  const rendered = `【云帆科技】${text}`;
  return preview({
    customerName: "杭州云帆科技有限公司",
    rendered,
    length: [...rendered].length,
    segments: [...rendered].length <= 70 ? 1 : Math.ceil([...rendered].length / 67),
    problems: request.content.includes("退订") ? [] : [OPT_OUT],
    sign: "云帆科技",
  });
}

describe("Marketing → SMS templates", { timeout: 90_000 }, () => {
  it("lists templates with type, variables, campaigns; the switch saves the template enabled or not", async () => {
    const calls = backend({
      sms_template_list: () => [template(3, { campaigns: 2 }), notice(4, { isEnabled: false, variables: ["name"] })],
      sms_template_update: ({ id, input }) => template(id, input),
    });
    renderPage(<Marketing />, { route: "/marketing?tab=templates" });
    expect(await screen.findByTestId("marketing-templates")).toBeTruthy();
    expect((await screen.findByTestId("template-type-3")).textContent).toBe("营销");
    expect(screen.getByTestId("template-type-4").textContent).toBe("通知");
    expect(screen.getByTestId("template-vars-3").textContent).toBe("${name}");
    expect(screen.getByTestId("template-campaigns-3").textContent).toBe("2");
    await userEvent.click(screen.getByTestId("template-enabled-3"));
    await waitFor(() => expect(sent(calls, "sms_template_update")).toHaveLength(1));
    expect(last(calls, "sms_template_update")).toEqual({
      id: 3,
      input: {
        templateName: "Invitation 3",
        content: template(3).content,
        templateType: "营销",
        isEnabled: false,
        providerCode: "SMS_1001",
        signName: null,
      },
    });
    expect(await screen.findByText("已停用模板“Invitation 3”")).toBeTruthy();
  });

  it("the editor previews as the user types (debounced): the text for a real customer, length, billed messages and problems", async () => {
    const calls = backend({ sms_template_preview: previewOf });
    renderPage(<Marketing />, { route: "/marketing?tab=templates" });
    await userEvent.click(await findId("template-new"));
    const editor = await screen.findByTestId("template-editor");
    expect(within(editor).getByTestId("template-preview").textContent).toContain("输入短信内容后在此预览");
    await userEvent.type(content(), "您好,新品发布会下周举行");
    const text = await screen.findByTestId("preview-text");
    await waitFor(() => expect(text.textContent).toBe("【云帆科技】您好,新品发布会下周举行"));
    expect(screen.getByTestId("preview-customer").textContent).toContain("杭州云帆科技有限公司");
    expect(screen.getByTestId("preview-length").textContent).toBe("18 字(含签名)");
    expect(screen.getByTestId("preview-segments").textContent).toBe("计费 1 条");
    expect(screen.getByTestId("template-preview").textContent).toContain("按 70 字一条、超出按 67 字/条计费");
    const problems = within(screen.getByTestId("preview-problems")).getAllByTestId("preview-problem");
    expect(problems.map((p) => p.textContent)).toEqual([OPT_OUT]);
    expect(problems[0].style.color).toBe("rgb(207, 19, 34)");
    // Debounced: asked once for the whole text, not once per keystroke.
    const asked = sent(calls, "sms_template_preview").map((a) => (a.request as PreviewRequest).content);
    expect(asked).toEqual(["您好,新品发布会下周举行"]);
    expect(last(calls, "sms_template_preview")).toEqual({
      request: { content: "您好,新品发布会下周举行", templateType: "营销", signName: null, customerId: null, activityId: null },
    });

    // A long text with its opt-out: three billed messages, no problems.
    fireEvent.change(content(), { target: { value: `${"尊敬的客户".repeat(30)},回T退订` } });
    await waitFor(() => expect(screen.getByTestId("preview-segments").textContent).toBe("计费 3 条"));
    expect(screen.getByTestId("preview-length").textContent).toBe("161 字(含签名)");
    expect(screen.queryAllByTestId("preview-problem")).toHaveLength(0);
    expect(screen.getByTestId("preview-ok").textContent).toContain("可以保存");

    // A notice with its own signature is previewed as such.
    await userEvent.click(screen.getByTestId("template-type-notice"));
    await userEvent.type(byId("template-sign"), "【云帆】");
    await waitFor(() => expect((last(calls, "sms_template_preview").request as PreviewRequest).signName).toBe("云帆"));
    expect((last(calls, "sms_template_preview").request as PreviewRequest).templateType).toBe("通知");
  });

  it("shows why a text cannot be rendered for the customer", async () => {
    backend({
      sms_template_preview: () => preview({ rendered: null, renderError: "该客户没有变量 ${owner_phone} 的值(可在设置中配置默认值)" }),
    });
    renderPage(<Marketing />, { route: "/marketing?tab=templates" });
    await userEvent.click(await findId("template-new"));
    fireEvent.change(await findId("template-content"), { target: { value: "请联系 ${owner_phone},回T退订" } });
    expect((await screen.findByTestId("preview-render-error")).textContent).toContain("该客户没有变量 ${owner_phone} 的值");
    expect(screen.queryByTestId("preview-text")).toBeNull();
  });

  it("a save the backend refuses shows its problem under the text", async () => {
    const calls = backend({
      sms_template_preview: previewOf,
      sms_template_create: () => {
        throw { code: "VALIDATION", field: "content", message: OPT_OUT };
      },
    });
    renderPage(<Marketing />, { route: "/marketing?tab=templates" });
    await userEvent.click(await findId("template-new"));
    await userEvent.type(await findId("template-name"), "新品邀请");
    await userEvent.type(content(), "您好,欢迎参加发布会");
    await userEvent.click(byId("template-save"));
    await waitFor(() => expect(sent(calls, "sms_template_create")).toHaveLength(1));
    expect(last(calls, "sms_template_create")).toEqual({
      input: {
        templateName: "新品邀请",
        content: "您好,欢迎参加发布会",
        templateType: "营销",
        isEnabled: true,
        providerCode: null,
        signName: null,
      },
    });
    await waitFor(() => {
      const err = [...document.querySelectorAll(".ant-form-item-explain-error")].find((e) => e.textContent === OPT_OUT);
      expect(err).toBeTruthy();
      expect(err!.closest(".ant-form-item")!.querySelector("#template-content")).toBeTruthy();
    });
    // The text stays as typed.
    expect(content().value).toBe("您好,欢迎参加发布会");
  });

  it("'insert variable' lists the variables and puts ${…} at the cursor", async () => {
    backend({ sms_template_preview: previewOf });
    renderPage(<Marketing />, { route: "/marketing?tab=templates" });
    await userEvent.click(await findId("template-new"));
    await userEvent.type(await findId("template-content"), "您好,回T退订");
    // The cursor after "您好,".
    content().setSelectionRange(3, 3);
    await userEvent.click(byId("template-insert-var"));
    const item = await screen.findByTestId("var-name");
    expect(item.textContent).toContain("N-zh");
    expect(item.textContent).toContain("${name}");
    expect(item.textContent).toContain("S-zh");
    await userEvent.click(item);
    await waitFor(() => expect(content().value).toBe("您好,${name}回T退订"));
    // A selection is replaced.
    content().setSelectionRange(0, 2);
    await userEvent.click(byId("template-insert-var"));
    await userEvent.click(await screen.findByTestId("var-company"));
    await waitFor(() => expect(content().value).toBe("${company},${name}回T退订"));
    // The preview follows.
    await waitFor(() => expect(screen.getByTestId("preview-text").textContent).toBe("【云帆科技】${company},李雷回T退订"));
  });

  it("edits a template; delete of a used one shows the refusal", async () => {
    const calls = backend({
      sms_template_list: () => [template(3, { campaigns: 2, signName: "云帆" })],
      sms_template_update: ({ id, input }) => template(id, input),
      sms_template_delete: () => {
        throw { code: "CONFLICT", field: "id", message: "已有 2 次短信营销使用该模板,不能删除;可以停用它" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing?tab=templates" });
    await userEvent.click(await screen.findByTestId("template-edit-3"));
    await waitFor(() => expect(content().value).toBe(template(3).content));
    expect((byId("template-sign") as HTMLInputElement).value).toBe("云帆");
    await userEvent.clear(byId("template-name"));
    await userEvent.type(byId("template-name"), "Launch invitation");
    await userEvent.click(byId("template-save"));
    await waitFor(() =>
      expect(last(calls, "sms_template_update")).toEqual({
        id: 3,
        input: {
          templateName: "Launch invitation",
          content: template(3).content,
          templateType: "营销",
          isEnabled: true,
          providerCode: "SMS_1001",
          signName: "云帆",
        },
      }),
    );
    await userEvent.click(await screen.findByTestId("template-delete-3"));
    expect(await screen.findByText("该模板已被 2 次短信营销使用,不能删除,可以停用它。")).toBeTruthy();
    await userEvent.click(byId("confirm-delete"));
    expect(await screen.findByText("数据冲突: 已有 2 次短信营销使用该模板,不能删除;可以停用它")).toBeTruthy();
  });

  it("without marketing:update the list is read-only", async () => {
    backend({ sms_template_list: () => [template(3)] });
    renderPage(<Marketing />, { route: "/marketing?tab=templates", user: userWith("marketing:read") });
    const sw = await screen.findByTestId("template-enabled-3");
    expect(sw.className).toContain("ant-switch-disabled");
    expect(document.getElementById("template-new")).toBeNull();
    expect(screen.queryByTestId("template-edit-3")).toBeNull();
    expect(screen.queryByTestId("template-delete-3")).toBeNull();
  });
});

describe("template helpers", () => {
  it("insertAt replaces the selection and puts the caret after the token", () => {
    expect(insertAt("ab", "${x}", 1, 1)).toEqual({ text: "a${x}b", caret: 5 });
    expect(insertAt("abcd", "${x}", 1, 3)).toEqual({ text: "a${x}d", caret: 5 });
    expect(insertAt("ab", "${x}", 9, 9)).toEqual({ text: "ab${x}", caret: 6 });
  });

  it("toTemplateInput trims, drops the signature's brackets and sends blanks as null", () => {
    expect(
      toTemplateInput({
        templateName: " A ",
        templateType: "通知",
        content: " hi ${name} ",
        providerCode: " ",
        signName: "【云帆】",
        isEnabled: false,
      }),
    ).toEqual({ templateName: "A", templateType: "通知", content: "hi ${name}", isEnabled: false, providerCode: null, signName: "云帆" });
  });
});
