import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrintSupport } from "../../../api";
import { renderPage } from "../../../test/render";
import PdfButtons from "./PdfButtons";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];

const CUPS: PrintSupport = {
  method: "cups",
  printers: [
    { name: "Office", isDefault: true, enabled: true },
    { name: "Finance_HP", isDefault: false, enabled: true },
    { name: "Old_Laser", isDefault: false, enabled: false },
  ],
  reason: null,
};

function backend(answer: (cmd: string, args: Record<string, unknown>) => unknown) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    const r = answer(cmd, a);
    return r === undefined ? null : r;
  });
  return calls;
}
const sent = (calls: Calls, cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Picks the printer named `name` in the open printer Select. */
async function pickPrinter(name: string) {
  const option = await waitFor(() => {
    const o = [
      ...document.querySelectorAll<HTMLElement>(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option"),
    ].find((x) => x.textContent?.startsWith(name));
    expect(o).toBeTruthy();
    return o!;
  });
  await userEvent.click(option);
}

describe("PDF buttons: print", () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => "blob:pdf");
    URL.revokeObjectURL = vi.fn();
  });

  it("offers print next to preview, save as and open with another app", () => {
    backend(() => undefined);
    renderPage(<PdfButtons kind="quotation" id={7} />);
    for (const id of ["pdf-preview", "pdf-save", "pdf-print", "pdf-open"]) expect(byId(id)).toBeTruthy();
    expect(byId("pdf-print").textContent).toContain("打印");
    expect(byId("pdf-open").textContent).toContain("用其他程序打开");
  });

  it("system dialog (Windows, macOS): prints straight away and says the dialog is open; the answer is cached", async () => {
    const calls = backend((cmd) => {
      if (cmd === "print_support") return { method: "systemDialog", printers: [], reason: null };
      if (cmd === "file_print") return { method: "systemDialog", job: null, printer: null };
    });
    renderPage(<PdfButtons kind="quotation" id={7} />);
    await userEvent.click(byId("pdf-print"));
    await waitFor(() => expect(sent(calls, "file_print")).toEqual([{ kind: "quotation", id: 7, period: null, options: null }]));
    expect(await screen.findByText("已打开打印对话框")).toBeTruthy();
    expect(screen.queryByTestId("print-dialog")).toBeNull();
    await userEvent.click(byId("pdf-print"));
    await waitFor(() => expect(sent(calls, "file_print")).toHaveLength(2));
    expect(sent(calls, "print_support")).toHaveLength(1);
  });

  it("system dialog that fails: says so and offers Save As", async () => {
    const calls = backend((cmd) => {
      if (cmd === "print_support") return { method: "systemDialog", printers: [], reason: null };
      if (cmd === "file_print") throw { code: "VALIDATION", message: "无法打开打印窗口:no webview,请另存为 PDF 后打印", field: "print" };
      if (cmd === "file_save_as") return "/home/li/报价单.pdf";
    });
    renderPage(<PdfButtons kind="quotation" id={7} />);
    await userEvent.click(byId("pdf-print"));
    const box = await screen.findByTestId("print-unavailable");
    expect(box.textContent).toContain("无法打开打印窗口:no webview");
    expect(screen.getByText("没能打开打印对话框")).toBeTruthy();
    await userEvent.click(byId("print-unavailable-save"));
    await waitFor(() => expect(sent(calls, "file_save_as")).toEqual([{ kind: "quotation", id: 7, period: null }]));
    await waitFor(() => expect(screen.queryByTestId("print-unavailable")).toBeNull());
    expect(screen.getByTestId("pdf-saved-path").textContent).toContain("/home/li/报价单.pdf");
  });

  it("unavailable: shows the reason; Save As saves the PDF", async () => {
    const reason = "这台电脑没有可用的打印服务(CUPS),请先另存为 PDF 再打印";
    const calls = backend((cmd) => {
      if (cmd === "print_support") return { method: "unavailable", printers: [], reason };
      if (cmd === "file_save_as") return "/home/li/HT-0007.pdf";
    });
    renderPage(<PdfButtons kind="contract" id={7} />);
    await userEvent.click(byId("pdf-print"));
    const box = await screen.findByTestId("print-unavailable");
    expect(within(box).getByTestId("print-unavailable-reason").textContent).toBe(reason);
    expect(sent(calls, "file_print")).toHaveLength(0);
    await userEvent.click(byId("print-unavailable-save"));
    await waitFor(() => expect(sent(calls, "file_save_as")).toEqual([{ kind: "contract", id: 7, period: null }]));
    expect(await screen.findByText("已保存到 /home/li/HT-0007.pdf")).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId("print-unavailable")).toBeNull());
  });

  it("CUPS: the print dialog starts on the default printer and sends the chosen options", async () => {
    const calls = backend((cmd, a) => {
      if (cmd === "print_support") return CUPS;
      if (cmd === "file_print") return { method: "cups", job: "Finance_HP-42", printer: (a.options as { printer: string }).printer };
    });
    renderPage(<PdfButtons kind="quotation" id={7} />);
    await userEvent.click(byId("pdf-print"));
    const dialog = await screen.findByTestId("print-dialog");
    expect(within(dialog).getByTestId("print-scale-note").textContent).toContain("100%");
    expect(within(dialog).getByTestId("print-scale-note").textContent).toContain("A4");
    // The default printer is chosen.
    expect(byId("print-printer").closest(".ant-select")!.textContent).toContain("Office");
    expect(byId<HTMLInputElement>("print-copies").value).toBe("1");
    expect(byId<HTMLInputElement>("print-pages").placeholder).toBe("全部,或如 1-3,5");
    // A paused printer is marked.
    fireEvent.mouseDown(byId("print-printer"));
    expect(await screen.findByTestId("print-paused-Old_Laser")).toBeTruthy();
    await pickPrinter("Finance_HP");
    await userEvent.clear(byId("print-copies"));
    await userEvent.type(byId("print-copies"), "3");
    await userEvent.click(screen.getByText("双面长边"));
    await userEvent.type(byId("print-pages"), " 1-2 ");
    await userEvent.click(byId("print-submit"));
    await waitFor(() => expect(sent(calls, "file_print")).toHaveLength(1));
    expect(sent(calls, "file_print")[0]).toEqual({
      kind: "quotation",
      id: 7,
      period: null,
      options: { printer: "Finance_HP", copies: 3, duplex: "longEdge", pages: "1-2" },
    });
    expect((await screen.findByTestId("print-sent")).textContent).toBe("已发送到打印机 Finance_HP(作业 Finance_HP-42)");
    await waitFor(() => expect(screen.queryByTestId("print-dialog")).toBeNull());
  });

  it("CUPS: a refused page range shows on its field and the dialog stays", async () => {
    const calls = backend((cmd) => {
      if (cmd === "print_support") return CUPS;
      if (cmd === "file_print") throw { code: "VALIDATION", message: "页码范围的写法如 1-3,5", field: "pages" };
    });
    renderPage(<PdfButtons kind="quotation" id={7} />);
    await userEvent.click(byId("pdf-print"));
    await screen.findByTestId("print-dialog");
    await userEvent.type(byId("print-pages"), "3-1");
    await userEvent.click(byId("print-submit"));
    const err = await screen.findByText("页码范围的写法如 1-3,5");
    expect(err.closest(".ant-form-item")!.querySelector("#print-pages")).toBeTruthy();
    expect(sent(calls, "file_print")[0]).toMatchObject({ options: { printer: "Office", copies: 1, duplex: "oneSided", pages: "3-1" } });
    expect(screen.getByTestId("print-dialog")).toBeTruthy();
  });

  it("the preview dialog prints too", async () => {
    const calls = backend((cmd) => {
      if (cmd === "file_render") return { fileName: "BJ-0007.pdf", mimeType: "application/pdf", contentBase64: btoa("%PDF") };
      if (cmd === "print_support") return { method: "systemDialog", printers: [], reason: null };
      if (cmd === "file_print") return { method: "systemDialog", job: null, printer: null };
    });
    renderPage(<PdfButtons kind="quotation" id={7} />);
    await userEvent.click(byId("pdf-preview"));
    await screen.findByTestId("pdf-frame");
    await userEvent.click(screen.getByTestId("pdf-preview-print"));
    await waitFor(() => expect(sent(calls, "file_print")).toEqual([{ kind: "quotation", id: 7, period: null, options: null }]));
  });
});
