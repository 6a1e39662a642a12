import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../../App";
import type { AboutInfo } from "../../api/types/AboutInfo";
import type { AppInfo } from "../../api/types/AppInfo";
import type { BundleSummary } from "../../api/types/BundleSummary";
import type { CrashReport } from "../../api/types/CrashReport";
import MainLayout from "../../app/MainLayout";
import { renderPage, userWith } from "../../test/render";
import Login from "../auth/Login";
import AboutDialog from "./AboutDialog";
import CrashNotice from "./CrashNotice";

afterEach(() => clearMocks());

const ABOUT: AboutInfo = {
  version: "1.4.2",
  commit: "f8fba11",
  buildProfile: "release",
  schemaVersion: "20250101000000_marketing",
  appSchemaVersion: "20250301000000_diagnostics",
  schemaNote: "待应用 1 个迁移:20250301000000_diagnostics",
  databaseKind: "SQLite",
  databaseLocation: "/data/crm-desk.db",
  databaseVersion: "3.46.0",
  dataDir: "/home/li/.local/share/crm-desk",
  logDir: "/home/li/.local/share/crm-desk/logs",
  os: "Ubuntu 24.04 x86_64",
  webview: "WebKitGTK 2.44.1",
  user: "管理员",
};

const BUNDLE: BundleSummary = {
  path: "/home/li/crm-desk-support-20250301.zip",
  files: ["about.txt", "crm-desk.2025-03-01.log", "crm-desk.2025-02-28.log"],
  bytes: 3 * 1024 * 1024 + 300 * 1024,
};

const CRASH: CrashReport = {
  fileName: "crash-20250301-101500.txt",
  path: "/home/li/.local/share/crm-desk/logs/crash-20250301-101500.txt",
  at: "2025-03-01 10:15:00",
  summary: "called `Option::unwrap()` on a `None` value",
};

type Calls = [string, Record<string, unknown> | undefined][];

/** A backend answering the diagnostics commands (and null to anything else), recording every call. */
function backend(answers: Record<string, unknown> = {}) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown> | undefined]);
    if (cmd in answers) return answers[cmd];
    if (cmd === "about_info") return ABOUT;
    return null;
  });
  return calls;
}
const sent = (calls: Calls, cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);

const renderAbout = (onClose = vi.fn()) => {
  renderPage(<AboutDialog open onClose={onClose} />, { user: null });
  return onClose;
};

describe("About dialog", () => {
  it("shows the version with commit and build, the database, both schema versions with the note, folders and environment", async () => {
    backend();
    renderAbout();
    const dialog = await screen.findByTestId("about-dialog");
    expect(screen.getByText("关于 CRM Desk")).toBeTruthy();
    const field = (key: string) => dialog.querySelector(`[data-about="${key}"]`)?.textContent;
    await waitFor(() => expect(field("version")).toBe("1.4.2(提交 f8fba11,release)"));
    expect(within(dialog).getByText("版本")).toBeTruthy();
    expect(field("database")).toBe("SQLite 3.46.0");
    expect(field("databaseLocation")).toBe("/data/crm-desk.db");
    expect(field("schemaVersion")).toContain("20250101000000_marketing");
    expect(screen.getByTestId("about-schema-note").textContent).toBe("待应用 1 个迁移:20250301000000_diagnostics");
    expect(field("appSchemaVersion")).toBe("20250301000000_diagnostics");
    expect(field("dataDir")).toBe("/home/li/.local/share/crm-desk");
    expect(field("logDir")).toBe("/home/li/.local/share/crm-desk/logs");
    expect(field("os")).toBe("Ubuntu 24.04 x86_64");
    expect(field("webview")).toBe("WebKitGTK 2.44.1");
    expect(field("user")).toBe("管理员");
  });

  it("before a database and a login: placeholders, no schema note", async () => {
    backend({
      about_info: {
        ...ABOUT,
        schemaVersion: null,
        schemaNote: "",
        databaseKind: "",
        databaseLocation: "",
        databaseVersion: null,
        user: null,
      },
    });
    renderAbout();
    const dialog = await screen.findByTestId("about-dialog");
    const field = (key: string) => dialog.querySelector(`[data-about="${key}"]`)?.textContent;
    await waitFor(() => expect(field("database")).toBe("(无)"));
    expect(field("schemaVersion")).toBe("(无)");
    expect(field("user")).toBe("(未登录)");
    expect(screen.queryByTestId("about-schema-note")).toBeNull();
  });

  it("Copy puts every field on the clipboard as text", async () => {
    backend();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderAbout();
    await screen.findByText("SQLite 3.46.0");
    await userEvent.click(document.getElementById("about-copy")!);
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const text = writeText.mock.calls[0][0] as string;
    expect(text.split("\n")[0]).toBe("CRM Desk");
    expect(text).toContain("版本: 1.4.2(提交 f8fba11,release)");
    expect(text).toContain("数据库: SQLite 3.46.0");
    expect(text).toContain("数据库结构版本: 20250101000000_marketing");
    expect(text).toContain("程序结构版本: 20250301000000_diagnostics");
    expect(text).toContain("结构说明: 待应用 1 个迁移");
    expect(text).toContain("日志文件夹: /home/li/.local/share/crm-desk/logs");
    expect(text).toContain("当前用户: 管理员");
    expect(await screen.findByText("已复制到剪贴板")).toBeTruthy();
  });

  it("opens the log folder", async () => {
    const calls = backend({ open_log_folder: "/home/li/.local/share/crm-desk/logs" });
    renderAbout();
    await screen.findByText("SQLite 3.46.0");
    await userEvent.click(document.getElementById("about-open-logs")!);
    await waitFor(() => expect(sent(calls, "open_log_folder")).toHaveLength(1));
  });

  it("a support bundle: asks where (path null), then shows the path, the file count, the size and that it is masked", async () => {
    const calls = backend({ support_bundle_create: BUNDLE });
    renderAbout();
    await screen.findByText("SQLite 3.46.0");
    await userEvent.click(document.getElementById("about-bundle")!);
    const result = await screen.findByTestId("bundle-result");
    expect(sent(calls, "support_bundle_create")).toEqual([{ path: null }]);
    expect(within(result).getByTestId("bundle-path").textContent).toContain("/home/li/crm-desk-support-20250301.zip");
    expect(within(result).getByTestId("bundle-summary").textContent).toBe("共 3 个文件,3.3 MB");
    expect(result.textContent).toContain("密码、手机号和邮箱地址已打码");
  });

  it("a cancelled save dialog shows nothing", async () => {
    const calls = backend({ support_bundle_create: null });
    renderAbout();
    await screen.findByText("SQLite 3.46.0");
    await userEvent.click(document.getElementById("about-bundle")!);
    await waitFor(() => expect(sent(calls, "support_bundle_create")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId("bundle-result")).toBeNull();
    expect(screen.queryByText("支持包已生成")).toBeNull();
  });

  it("a failure shows the backend's message", async () => {
    mockIPC((cmd) => {
      if (cmd === "about_info") return ABOUT;
      if (cmd === "support_bundle_create") throw { code: "INTERNAL", message: "磁盘已满" };
      return null;
    });
    renderAbout();
    await screen.findByText("SQLite 3.46.0");
    await userEvent.click(document.getElementById("about-bundle")!);
    expect(await screen.findByText(/磁盘已满/)).toBeTruthy();
    expect(screen.queryByTestId("bundle-result")).toBeNull();
  });

  it("Close closes", async () => {
    backend();
    const onClose = renderAbout();
    await screen.findByTestId("about-dialog");
    await userEvent.click(document.getElementById("about-close")!);
    expect(onClose).toHaveBeenCalled();
  });
});

describe("About entry points", () => {
  it("the login screen's About link opens the dialog", async () => {
    const calls = backend();
    renderPage(<Login database="/data/crm-desk.db" lastUsername="admin" onDone={vi.fn()} />, { user: null });
    expect(screen.queryByTestId("about-dialog")).toBeNull();
    expect(sent(calls, "about_info")).toHaveLength(0);
    await userEvent.click(document.getElementById("about-link")!);
    expect(await screen.findByTestId("about-dialog")).toBeTruthy();
    expect(await screen.findByText("SQLite 3.46.0")).toBeTruthy();
  });

  it("the header's user menu has About CRM Desk", async () => {
    backend();
    // A page the user may not open: only the shell renders (no page queries).
    renderPage(<MainLayout />, { route: "/admin", user: userWith() });
    await userEvent.click(screen.getByTestId("current-user"));
    await userEvent.click(await screen.findByText("关于 CRM Desk"));
    expect(await screen.findByTestId("about-dialog")).toBeTruthy();
    expect(await screen.findByText("SQLite 3.46.0")).toBeTruthy();
  });
});

describe("Crash notice", () => {
  it("offers the last crash once: time, summary, the report, a bundle; Got it marks it seen", async () => {
    const calls = backend({ crash_report_pending: CRASH, support_bundle_create: BUNDLE });
    renderPage(<CrashNotice />, { user: null });
    const notice = await screen.findByTestId("crash-notice");
    expect(screen.getByText("CRM Desk 上次意外退出")).toBeTruthy();
    expect(within(notice).getByTestId("crash-at").textContent).toBe("2025-03-01 10:15:00");
    expect(within(notice).getByTestId("crash-summary").textContent).toBe("called `Option::unwrap()` on a `None` value");
    expect(notice.textContent).toContain("崩溃报告已保存在日志文件夹中");
    expect(sent(calls, "crash_report_pending")).toHaveLength(1);

    await userEvent.click(document.getElementById("crash-view")!);
    await waitFor(() => expect(sent(calls, "crash_report_open")).toEqual([{ fileName: CRASH.fileName }]));
    await userEvent.click(document.getElementById("crash-bundle")!);
    expect((await screen.findByTestId("bundle-result")).textContent).toContain("共 3 个文件");
    expect(sent(calls, "support_bundle_create")).toEqual([{ path: null }]);
    expect(sent(calls, "crash_report_seen")).toHaveLength(0);

    await userEvent.click(document.getElementById("crash-ok")!);
    await waitFor(() => expect(sent(calls, "crash_report_seen")).toEqual([{ fileName: CRASH.fileName }]));
    await waitFor(() => expect(document.querySelector(".ant-modal-wrap:not([style*='display: none'])")).toBeNull());
    expect(sent(calls, "crash_report_pending")).toHaveLength(1);
  });

  it("closing it with the × also marks it seen", async () => {
    const calls = backend({ crash_report_pending: CRASH });
    renderPage(<CrashNotice />, { user: null });
    await screen.findByTestId("crash-notice");
    await userEvent.click(document.querySelector(".ant-modal-close")!);
    await waitFor(() => expect(sent(calls, "crash_report_seen")).toEqual([{ fileName: CRASH.fileName }]));
  });

  it("says nothing when there is no new crash report", async () => {
    const calls = backend({ crash_report_pending: null });
    renderPage(<CrashNotice />, { user: null });
    await waitFor(() => expect(sent(calls, "crash_report_pending")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId("crash-notice")).toBeNull();
    expect(sent(calls, "crash_report_seen")).toHaveLength(0);
  });

  it("the app asks at start, on the login screen already", async () => {
    const info: AppInfo = {
      version: "1.4.2",
      needsProfile: false,
      profile: null,
      database: "/data/crm-desk.db",
      needsSetup: false,
      lastUsername: "admin",
      user: null,
      shared: false,
      remembered: false,
    };
    const calls = backend({ app_info: info, crash_report_pending: CRASH });
    renderPage(<App />, { user: null });
    expect(await screen.findByTestId("login-card")).toBeTruthy();
    expect(await screen.findByTestId("crash-notice")).toBeTruthy();
    expect(sent(calls, "crash_report_pending")).toHaveLength(1);
  });
});
