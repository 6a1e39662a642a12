import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BackupCheck } from "../../api/types/BackupCheck";
import type { BackupFile } from "../../api/types/BackupFile";
import type { BackupOverview } from "../../api/types/BackupOverview";
import type { BackupSettings } from "../../api/types/BackupSettings";
import { SessionProvider } from "../../app/session";
import { ADMIN, renderPage, userWith } from "../../test/render";
import BackupTab, { newestFirst } from "./BackupTab";
import Settings from "./Settings";

afterEach(() => clearMocks());

// The first render of a settings page is slow on a busy machine.
const SLOW = { timeout: 5000 };

type Calls = [string, Record<string, unknown>][];

const DIR = "/home/li/.local/share/crm-desk/backups";
const file = (name: string, modifiedAt: string, size: number): BackupFile => ({ name, path: `${DIR}/${name}`, size, modifiedAt });
const OLD = file("crm-desk-20300101-090000-auto.db", "2030-01-01T01:00:00", 3 * 1024 * 1024);
const MID = file("crm-desk-20300102-090000-auto.db", "2030-01-02T01:00:00", 512 * 1024);

const GOOD: BackupCheck = {
  path: OLD.path,
  intact: true,
  integrity: "ok",
  schemaVersion: "m20261204_000010_reports",
  newer: false,
  pending: 1,
  customers: 1234,
  contracts: 56,
  users: 7,
  ok: true,
  problem: null,
};
const NEWER: BackupCheck = {
  ...GOOD,
  path: "/mnt/usb/crm-desk-20991231-120000.db",
  schemaVersion: "m20990101_000099_future",
  newer: true,
  pending: 0,
  ok: false,
  problem: "该备份来自更新版本的 CRM Desk(结构版本 m20990101_000099_future),请先升级本程序",
};

/** A backend holding a backup folder; commands answer as the Rust side would. */
function backend({
  local = true,
  files = [OLD, MID],
  check = GOOD,
  picked = null as string | null,
  refuseSettings,
}: { local?: boolean; files?: BackupFile[]; check?: BackupCheck; picked?: string | null; refuseSettings?: object } = {}) {
  const calls: Calls = [];
  const state = { settings: { auto: true, keep: 7, dir: null } as BackupSettings, files: [...files] };
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    switch (cmd) {
      case "backup_overview":
        return {
          settings: state.settings,
          dir: state.settings.dir ?? DIR,
          local,
          databasePath: "/home/li/.local/share/crm-desk/crm-desk.db",
          files: state.files,
        } satisfies BackupOverview;
      case "backup_settings_set":
        if (refuseSettings) throw refuseSettings;
        state.settings = a.settings as BackupSettings;
        return state.settings;
      case "backup_now": {
        const f = file("crm-desk-20300103-101500.db", "2030-01-03T02:15:00", 2 * 1024 * 1024);
        state.files = [f, ...state.files];
        return f;
      }
      case "file_pick":
        return picked;
      case "backup_check":
        return { ...check, path: a.path as string };
      case "backup_restore":
        return {
          restoredFrom: a.path as string,
          previousSavedAs: `${DIR}/crm-desk-20300104-080000-before-restore.db`,
          schemaVersion: check.schemaVersion,
        };
      default:
        return null;
    }
  });
  return calls;
}

const named = (calls: Calls, cmd: string) => calls.filter(([c]) => c === cmd);
const rows = () => Array.from(screen.getByTestId("backup-list").querySelectorAll("tbody tr.ant-table-row"));
const rowNames = () => rows().map((r) => r.querySelector("td")!.textContent);
const confirmButton = () => screen.getByTestId("backup-restore-confirm") as HTMLButtonElement;

describe("Settings → Backups", () => {
  it("lists the backups newest first with their size, and a backup now refreshes the list", async () => {
    const calls = backend();
    renderPage(<BackupTab editable />);
    await waitFor(() => expect(rowNames()).toEqual([MID.name, OLD.name]), SLOW);
    expect(screen.getByTestId("backup-dir").textContent).toContain(DIR);
    expect(screen.getByTestId("backup-database-path").textContent).toContain("crm-desk.db");
    expect(within(rows()[0] as HTMLElement).getByText("512 KB")).toBeTruthy();
    expect(within(rows()[1] as HTMLElement).getByText("3.0 MB")).toBeTruthy();

    await userEvent.click(screen.getByTestId("backup-now"));
    expect(await screen.findByText("已备份:crm-desk-20300103-101500.db(2.0 MB)", {}, SLOW)).toBeTruthy();
    await waitFor(() => expect(rowNames()).toEqual(["crm-desk-20300103-101500.db", MID.name, OLD.name]), SLOW);
    expect(named(calls, "backup_now")).toHaveLength(1);
    expect(named(calls, "backup_overview").length).toBeGreaterThanOrEqual(2);
  });

  it("orders by time, then by name (as the backend lists them)", () => {
    const a = file("crm-desk-20300101-130000.db", "2030-01-01T05:00:00", 1);
    const b = file("crm-desk-20300101-130000-2.db", "2030-01-01T05:00:00", 1);
    expect(newestFirst([OLD, a, MID, b]).map((f) => f.name)).toEqual([MID.name, a.name, b.name, OLD.name]);
  });

  it("saves the automatic backup and how many to keep; a refused value shows under its field", async () => {
    const calls = backend({
      refuseSettings: { code: "VALIDATION", message: "保留份数应在 1 到 365 之间", field: "keep" },
    });
    renderPage(<BackupTab editable />);
    const keep = () => document.getElementById("backup-keep") as HTMLInputElement;
    await waitFor(() => expect(keep().value).toBe("7"), SLOW);
    expect(screen.getByTestId("backup-auto").getAttribute("aria-checked")).toBe("true");
    await userEvent.click(screen.getByTestId("backup-auto"));
    await userEvent.clear(keep());
    await userEvent.type(keep(), "30");
    await userEvent.click(document.getElementById("backup-save")!);
    expect(await screen.findByText("保留份数应在 1 到 365 之间", {}, SLOW)).toBeTruthy();
    expect(named(calls, "backup_settings_set")[0][1]).toEqual({ settings: { auto: false, keep: 30, dir: null } });
    // Refused: the input stays as typed.
    expect(keep().value).toBe("30");
  });

  it("changes the backup folder through the folder picker and back to the default", async () => {
    const calls = backend({ picked: "/mnt/usb/crm-backups" });
    renderPage(<BackupTab editable />);
    await waitFor(() => expect(screen.getByTestId("backup-dir").textContent).toContain(DIR), SLOW);
    expect(screen.getByText("(默认)")).toBeTruthy();
    await userEvent.click(document.getElementById("backup-dir-change")!);
    await waitFor(() => expect(screen.getByTestId("backup-dir").textContent).toContain("/mnt/usb/crm-backups"), SLOW);
    expect(named(calls, "file_pick")[0][1]).toEqual({ purpose: "backupFolder" });
    expect(named(calls, "backup_settings_set")[0][1]).toEqual({ settings: { auto: true, keep: 7, dir: "/mnt/usb/crm-backups" } });
    expect(screen.queryByText("(默认)")).toBeNull();

    expect(document.getElementById("backup-dir-default")!.textContent).toBe("恢复默认文件夹");
    await userEvent.click(document.getElementById("backup-dir-default")!);
    await waitFor(() => expect(screen.getByTestId("backup-dir").textContent).toContain(DIR), SLOW);
    expect(named(calls, "backup_settings_set")[1][1]).toEqual({ settings: { auto: true, keep: 7, dir: null } });
  });

  it("a backup from a newer version: the check shows the problem and the restore cannot be confirmed", async () => {
    const calls = backend({ picked: NEWER.path, check: NEWER });
    renderPage(<BackupTab editable />);
    await userEvent.click(await screen.findByTestId("backup-restore-pick", {}, SLOW));
    expect((await screen.findByTestId("backup-check-problem", {}, SLOW)).textContent).toBe(NEWER.problem);
    expect(named(calls, "file_pick")[0][1]).toEqual({ purpose: "backup" });
    expect(named(calls, "backup_check")[0][1]).toEqual({ path: NEWER.path });
    expect(screen.getByTestId("backup-check-schema").textContent).toBe("m20990101_000099_future");
    expect(confirmButton().disabled).toBe(true);
    await userEvent.click(confirmButton());
    expect(named(calls, "backup_restore")).toHaveLength(0);
  });

  it("a good backup: the check and the warning, then the restore with its path; the session ends", async () => {
    const calls = backend();
    const onLogout = vi.fn();
    renderPage(
      <SessionProvider user={ADMIN} database="/data/crm-desk.db" onLogout={onLogout}>
        <BackupTab editable />
      </SessionProvider>,
    );
    await waitFor(() => expect(rows()).toHaveLength(2), SLOW);
    await userEvent.click(screen.getByTestId(`backup-restore-${OLD.name}`));
    const dialog = (await screen.findByTestId("backup-check", {}, SLOW)).closest(".ant-modal") as HTMLElement;
    expect(named(calls, "backup_check")[0][1]).toEqual({ path: OLD.path });
    expect(within(dialog).getByText("完好")).toBeTruthy();
    expect(screen.getByTestId("backup-check-schema").textContent).toBe("m20261204_000010_reports");
    expect(screen.getByTestId("backup-check-pending").textContent).toBe("恢复后将自动升级 1 项数据库结构");
    expect(screen.getByTestId("backup-check-counts").textContent).toBe("客户 1234 个 · 合同 56 份 · 用户 7 个");
    expect(within(dialog).getByText(/当前数据库会先自动保存为一份备份/)).toBeTruthy();
    expect(within(dialog).getByText(/所有人都需要重新登录/)).toBeTruthy();
    expect(screen.queryByTestId("backup-check-problem")).toBeNull();

    expect(confirmButton().disabled).toBe(false);
    await userEvent.click(confirmButton());
    await waitFor(() => expect(named(calls, "backup_restore")).toHaveLength(1), SLOW);
    expect(named(calls, "backup_restore")[0][1]).toEqual({ path: OLD.path });
    const done = await screen.findByTestId("backup-restored", {}, SLOW);
    expect(done.textContent).toContain(`${DIR}/crm-desk-20300104-080000-before-restore.db`);
    // Back to the login screen, as the header's "log out" does.
    await waitFor(() => expect(onLogout).toHaveBeenCalledTimes(1), SLOW);
    expect(named(calls, "logout")).toHaveLength(1);
  });

  it("cancelling the file dialog checks nothing", async () => {
    const calls = backend({ picked: null });
    renderPage(<BackupTab editable />);
    await userEvent.click(await screen.findByTestId("backup-restore-pick", {}, SLOW));
    await waitFor(() => expect(named(calls, "file_pick")).toHaveLength(1), SLOW);
    expect(named(calls, "backup_check")).toHaveLength(0);
    expect(screen.queryByTestId("backup-check")).toBeNull();
  });

  it("a company (MySQL) database: IT backs it up; nothing to do here", async () => {
    backend({ local: false });
    renderPage(<BackupTab editable />);
    const note = await screen.findByTestId("backup-company", {}, SLOW);
    expect(note.textContent).toContain("IT 管理员");
    expect(note.textContent).toContain("mysqldump");
    expect(note.textContent).toContain("mariadb-backup");
    expect(note.textContent).toContain("README");
    for (const id of ["backup-now", "backup-list", "backup-restore-pick", "backup-keep", "backup-auto", "backup-dir"])
      expect(screen.queryByTestId(id), id).toBeNull();
  });

  it("the tab needs settings:read; the actions need settings:update", async () => {
    backend();
    const { unmount } = renderPage(<Settings />, { route: "/settings?tab=backup", user: userWith("settings:read") });
    expect(await screen.findByTestId("backup-tab", {}, SLOW)).toBeTruthy();
    await waitFor(() => expect(rowNames()).toEqual([MID.name, OLD.name]), SLOW);
    expect((document.getElementById("backup-keep") as HTMLInputElement).disabled).toBe(true);
    for (const id of ["backup-now", "backup-restore-pick", `backup-restore-${OLD.name}`]) expect(screen.queryByTestId(id), id).toBeNull();
    expect(document.getElementById("backup-dir-change")).toBeNull();
    unmount();
    renderPage(<Settings />, { route: "/settings?tab=backup", user: userWith("customer:read") });
    await screen.findByTestId("settings-tab-sea", {}, SLOW);
    expect(screen.queryByTestId("backup-tab")).toBeNull();
  });

  it("speaks English", async () => {
    backend();
    renderPage(<BackupTab editable />, { lang: "en-US" });
    expect(await screen.findByTestId("backup-now", {}, SLOW)).toBeTruthy();
    expect(screen.getByTestId("backup-now").textContent).toContain("Back up now");
    expect(screen.getByText("Daily automatic backup")).toBeTruthy();
  });
});
