// Settings → 迁移到公司数据库 against a mocked backend: what the form sends, the first look
// (empty: a copy; with data: a merge with its rules and the user mapping), the tables as they
// are written (through the command's channel), cancel by job id, the verification table, a
// merge's details, the accounts with their one-time passwords, failures, and who is offered
// the move.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { AppInfo } from "../../api/types/AppInfo";
import type { TableCheck } from "../../api/types/TableCheck";
import type { TransferOutcome } from "../../api/types/TransferOutcome";
import type { TransferPlan } from "../../api/types/TransferPlan";
import type { TransferProgress } from "../../api/types/TransferProgress";
import { ADMIN, renderPage, userWith } from "../../test/render";
import Settings from "./Settings";
import TransferTab from "./TransferTab";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];
type Channel = { onmessage: (p: TransferProgress) => void };
type User = ReturnType<typeof userEvent.setup>;

/** A promise the test settles when it wants (the move still running). */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const info = (shared: boolean): AppInfo => ({
  version: "1.0.0",
  needsProfile: false,
  profile: shared
    ? { kind: "mysql", host: "db.corp", port: 3306, database: "crm", tls: "verify_identity", caFile: null }
    : { kind: "local", path: null },
  database: shared ? "db.corp:3306/crm" : "/data/crm-desk.db",
  needsSetup: false,
  lastUsername: "admin",
  user: ADMIN,
  shared,
  remembered: false,
});

const SUM_A = "a3f1c2d4e5b6978812ab34cd56ef7890a3f1c2d4e5b6978812ab34cd56ef7890";
const SUM_B = "0b1c2d3e4f5a69788796a5b4c3d2e1f00b1c2d3e4f5a69788796a5b4c3d2e1f0";
const SUM_C = "ffee0011223344556677889900aabbccffee0011223344556677889900aabbcc";

const digest = (table: string, rows: number, sums: Record<string, string>, checksum: string) => ({ table, rows, sums, checksum });
const same = (table: string, rows: number, sums: Record<string, string>, checksum: string): TableCheck => ({
  source: digest(table, rows, sums, checksum),
  target: digest(table, rows, sums, checksum),
  equal: true,
});

const CONTRACT_SUMS = { totalAmount: "1234567.89", receivedAmount: "1000000.00" };

const VERIFIED: TransferOutcome = {
  report: {
    tables: [same("crm_contract", 56, CONTRACT_SUMS, SUM_A), same("crm_customer", 1180, {}, SUM_B), same("sys_user", 4, {}, SUM_C)],
    rows: 1240,
    millis: 12345,
    verified: true,
  },
  accounts: [
    { username: "admin", account: "crm_1a2b3c_admin", temporaryPassword: "Tmp-7fK2-q9Lx" },
    { username: "zhangsan", account: "crm_1a2b3c_zhangsan", temporaryPassword: "Tmp-3vB8-w2Zr" },
  ],
  accountsProblem: null,
};

const LOCAL_USERS = [
  { id: 1, username: "admin", fullName: "管理员" },
  { id: 2, username: "zhangsan", fullName: "张三" },
  { id: 3, username: "lisi", fullName: "李四" },
];

/** An empty company database (a copy). */
const EMPTY: TransferPlan = { empty: true, targetRows: [], localUsers: LOCAL_USERS, companyUsers: [] };

/** A company database in use: "admin" exists there, 张三 as "zhang.san", no 李四. */
const IN_USE: TransferPlan = {
  empty: false,
  targetRows: [
    ["crm_customer", 1180],
    ["crm_lead", 40],
    ["sys_user", 3],
    ["crm_sms_template", 2],
  ],
  localUsers: LOCAL_USERS,
  companyUsers: [
    { id: 1, username: "admin", fullName: "系统管理员" },
    { id: 7, username: "zhang.san", fullName: "张三" },
    { id: 9, username: "wangwu", fullName: "王五" },
  ],
};

/** A merge: 张三 mapped by hand, 李四 created; a duplicate customer, a renumbered contract. */
const MERGED: TransferOutcome = {
  report: {
    tables: [same("crm_contract", 5, CONTRACT_SUMS, SUM_A), same("crm_customer", 29, {}, SUM_B)],
    rows: 34,
    millis: 2345,
    verified: true,
  },
  accounts: [{ username: "lisi", account: "crm_1a2b3c_lisi", temporaryPassword: "Tmp-9kP4-m3Ws" }],
  accountsProblem: null,
  merge: {
    check: {
      tables: [same("crm_contract", 5, CONTRACT_SUMS, SUM_A), same("crm_customer", 29, {}, SUM_B)],
      rows: 34,
      millis: 2345,
      verified: true,
    },
    tables: [
      { table: "crm_contract", sourceRows: 5, inserted: 5, matched: 0, keptCompany: false },
      { table: "crm_customer", sourceRows: 30, inserted: 29, matched: 1, keptCompany: false },
      { table: "sys_setting", sourceRows: 12, inserted: 0, matched: 0, keptCompany: true },
      { table: "sys_user", sourceRows: 3, inserted: 1, matched: 2, keptCompany: false },
    ],
    users: [
      { local: LOCAL_USERS[0], company: { id: 1, username: "admin", fullName: "系统管理员" }, chosen: false },
      { local: LOCAL_USERS[1], company: { id: 7, username: "zhang.san", fullName: "张三" }, chosen: true },
      { local: LOCAL_USERS[2], company: null, chosen: false },
    ],
    duplicates: [{ table: "crm_customer", sourceId: 12, label: "上海示例科技有限公司", targetId: 345, rule: "name" }],
    renumbered: [{ table: "crm_contract", sourceId: 7, from: "HT-20240001", to: "HT-20240158" }],
    orphans: [],
    dangling: 2,
  },
};

/** The backend: app info, the first look (`plan`), and the move (its progress messages, then `run`). */
function backend(
  opts: {
    shared?: boolean;
    plan?: () => Promise<TransferPlan>;
    progress?: TransferProgress[];
    run?: () => Promise<TransferOutcome>;
  } = {},
) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    switch (cmd) {
      case "app_info":
        return info(opts.shared ?? false);
      case "transfer_plan":
        return opts.plan ? opts.plan() : EMPTY;
      case "transfer_run":
        for (const p of opts.progress ?? []) (a.onProgress as Channel).onmessage(p);
        return opts.run ? opts.run() : VERIFIED;
      case "job_cancel":
        return true;
      default:
        return null;
    }
  });
  return calls;
}

const sent = (calls: Calls, cmd: string) => calls.filter((c) => c[0] === cmd).map((c) => c[1]);
const input = (testid: string) => screen.getByTestId(testid) as HTMLInputElement;
/** Types a whole value into a field (one change event: the machine running the tests is slow). */
const fill = (testid: string, value: string) => fireEvent.change(input(testid), { target: { value } });

/** Past the explanation, fill the connection (TLS "必须加密": no CA file) and check it. */
async function fillAndCheck(user: User) {
  await user.click(await screen.findByTestId("transfer-next"));
  fill("transfer-host", " db.corp ");
  fill("transfer-port", "3307");
  fill("transfer-database", "crm");
  fill("transfer-user", "root");
  fill("transfer-password", "M0ve-It!");
  await user.click(screen.getByLabelText("必须加密"));
  await user.click(screen.getByTestId("transfer-check"));
}

/** Fill, check (an empty company database unless the backend says otherwise) and start. */
async function fillAndStart(user: User) {
  await fillAndCheck(user);
  await user.click(await screen.findByTestId("transfer-start"));
}

/** Picks `label` in the Select `testid`. */
async function choose(user: User, testid: string, label: string) {
  await user.click(within(screen.getByTestId(testid)).getByRole("combobox"));
  const options = await screen.findAllByTitle(label);
  await user.click(options[options.length - 1]);
}

const SERVER = {
  host: "db.corp",
  port: 3307,
  database: "crm",
  username: "root",
  password: "M0ve-It!",
  tls: "required",
  caFile: null,
  insecure: undefined,
};

describe("Settings → 迁移到公司数据库", { timeout: 90_000 }, () => {
  it("explains the move, checks the form, runs with progress, then shows the verification and the accounts", async () => {
    const user = userEvent.setup({ delay: null });
    const run = deferred<TransferOutcome>();
    const calls = backend({
      progress: [
        { table: "crm_contract", rows: 56 },
        { table: "crm_customer", rows: 1180 },
      ],
      run: () => run.promise,
    });
    renderPage(<TransferTab />);

    // Step 1: what happens and what IT prepares.
    const intro = await screen.findByTestId("transfer-intro");
    expect(intro.textContent).toContain("本机数据保持原样,不做任何修改");
    expect(intro.textContent).toContain("crm-admin --db mysql://root@db.example.com:3306/crm migrate");
    expect(intro.textContent).toContain("不是 CRM 的用户名");
    expect(intro.textContent).toContain("临时密码只显示一次");

    // Step 2: nothing is sent until the required fields are filled.
    await user.click(screen.getByTestId("transfer-next"));
    expect(input("transfer-port").value).toBe("3306");
    await user.click(screen.getByTestId("transfer-check"));
    expect(await screen.findByText("请填写服务器地址")).toBeTruthy();
    expect(screen.getByText("请填写迁移账号")).toBeTruthy();
    expect(sent(calls, "transfer_plan")).toEqual([]);
    expect(sent(calls, "transfer_run")).toEqual([]);
    await user.click(screen.getByTestId("transfer-prev"));
    await fillAndStart(user);

    // Step 3: the tables as they are copied.
    const progress = await screen.findByTestId("transfer-progress");
    await waitFor(() => expect(within(progress).getByText("crm_customer")).toBeTruthy());
    expect(within(progress).getByText("crm_contract")).toBeTruthy();
    expect(within(progress).getByText("1,180")).toBeTruthy();
    expect(screen.getByTestId("transfer-progress-text").textContent).toBe("已复制 2 张表,共 1,236 行");
    expect(screen.getByTestId("transfer-running").textContent).toContain("正在迁移到 db.corp:3307/crm");
    expect(sent(calls, "transfer_plan")).toEqual([{ server: SERVER }]);
    const [args] = sent(calls, "transfer_run");
    expect(args.server).toEqual(SERVER);
    expect(args.jobId).toMatch(/^job-/);

    // Step 4: the verification, table by table.
    run.resolve(VERIFIED);
    const banner = await screen.findByTestId("transfer-verified");
    expect(banner.getAttribute("data-verified")).toBe("true");
    expect(banner.textContent).toContain("校验通过:两边的数据完全一致");
    expect(screen.getByTestId("transfer-summary").textContent).toBe("共 3 张表、1,240 行,用时 12.3 秒。");
    const table = screen.getByTestId("transfer-table");
    const rows = table.querySelectorAll("tr[data-table]");
    expect([...rows].map((r) => r.getAttribute("data-table"))).toEqual(["crm_contract", "crm_customer", "sys_user"]);
    const contract = table.querySelector('tr[data-table="crm_contract"]') as HTMLElement;
    expect(contract.getAttribute("data-equal")).toBe("true");
    expect(contract.querySelector('[data-sum="totalAmount"]')!.textContent).toBe("totalAmount = 1234567.89");
    expect(contract.querySelector('[data-sum="receivedAmount"]')!.textContent).toBe("receivedAmount = 1000000.00");
    expect(within(contract).getAllByText("56")).toHaveLength(2);
    expect(within(contract).getByText(SUM_A.slice(0, 16))).toBeTruthy();
    expect(contract.textContent).not.toContain(SUM_A);
    expect(within(contract).getByText("一致")).toBeTruthy();
    expect(within(table.querySelector('tr[data-table="crm_customer"]') as HTMLElement).getByText("无金额字段")).toBeTruthy();

    // The accounts, shown once, copied as text lines.
    const accounts = screen.getByTestId("transfer-accounts");
    expect(accounts.textContent).toContain("临时密码只显示这一次");
    expect(within(accounts).getByText("crm_1a2b3c_zhangsan")).toBeTruthy();
    expect(within(accounts).getByText("Tmp-3vB8-w2Zr")).toBeTruthy();
    await user.click(screen.getByTestId("transfer-copy-all"));
    expect(await navigator.clipboard.readText()).toBe(
      ["CRM 用户名\t数据库账号\t临时密码", "admin\tcrm_1a2b3c_admin\tTmp-7fK2-q9Lx", "zhangsan\tcrm_1a2b3c_zhangsan\tTmp-3vB8-w2Zr"].join(
        "\n",
      ),
    );
    expect(await screen.findByText("已复制 2 个账号")).toBeTruthy();

    // How to switch this desktop.
    const next = screen.getByTestId("transfer-switch").textContent;
    expect(next).toContain("设置 → 数据库");
    expect(next).toContain("切换到公司数据库");
    expect(next).toContain("db.corp:3307");
    expect(next).toContain("设置 → 我的账号");
    expect(screen.queryByTestId("transfer-accounts-problem")).toBeNull();

    // "Done" asks first: the passwords cannot be shown again.
    await user.click(screen.getByTestId("transfer-finish"));
    expect((await screen.findAllByText("确定离开迁移结果?")).length).toBeGreaterThan(0);
    await user.click(document.getElementById("transfer-finish-ok")!);
    expect(await screen.findByTestId("transfer-intro")).toBeTruthy();
    expect(screen.queryByText("Tmp-3vB8-w2Zr")).toBeNull();
  });

  it("a difference is marked in red, no account is created, and the banner says not verified", async () => {
    const user = userEvent.setup({ delay: null });
    const differs: TableCheck = {
      source: digest("crm_contract", 56, CONTRACT_SUMS, SUM_A),
      target: digest("crm_contract", 55, { totalAmount: "1234000.00", receivedAmount: "1000000.00" }, SUM_B),
      equal: false,
    };
    backend({
      run: async () => ({
        report: { tables: [differs, same("crm_customer", 1180, {}, SUM_C)], rows: 1236, millis: 800, verified: false },
        accounts: [],
        accountsProblem: null,
      }),
    });
    renderPage(<TransferTab />);
    await fillAndStart(user);
    const banner = await screen.findByTestId("transfer-verified");
    expect(banner.getAttribute("data-verified")).toBe("false");
    expect(banner.textContent).toContain("校验未通过:1 张表不一致");
    expect(banner.textContent).toContain("请不要切换到公司数据库");
    const row = screen.getByTestId("transfer-table").querySelector('tr[data-table="crm_contract"]') as HTMLElement;
    expect(row.getAttribute("data-equal")).toBe("false");
    expect(within(row).getByText("不一致")).toBeTruthy();
    const total = row.querySelector('[data-sum="totalAmount"]') as HTMLElement;
    expect(total.textContent).toBe("totalAmount = 1234567.89 ≠ 1234000.00");
    expect(total.className).toContain("danger");
    expect(row.querySelector('[data-sum="receivedAmount"]')!.className).not.toContain("danger");
    expect(within(row).getByText(`≠ ${SUM_B.slice(0, 16)}`)).toBeTruthy();
    expect(within(row).getByText("55").className).toContain("danger");
    expect(screen.getByTestId("transfer-accounts").textContent).toContain("校验未通过,没有创建用户的数据库账号。");
    expect(screen.queryByTestId("transfer-switch")).toBeNull();
    expect(screen.queryByTestId("transfer-copy-all")).toBeNull();
  });

  it("accounts that could not be created: the reason, and IT runs crm-admin migrate", async () => {
    const user = userEvent.setup({ delay: null });
    backend({
      run: async () => ({
        ...VERIFIED,
        accounts: [],
        accountsProblem: "当前数据库账号没有创建账号的权限(CREATE USER)",
      }),
    });
    renderPage(<TransferTab />);
    await fillAndStart(user);
    expect((await screen.findByTestId("transfer-verified")).getAttribute("data-verified")).toBe("true");
    const problem = screen.getByTestId("transfer-accounts-problem");
    expect(problem.textContent).toContain("当前数据库账号没有创建账号的权限(CREATE USER)");
    expect(problem.textContent).toContain("请 IT 用有创建账号权限的管理员账号在公司数据库上运行 crm-admin migrate");
    expect(problem.textContent).toContain("crm-admin --db mysql://root@db.corp:3307/crm migrate");
    expect(screen.queryByTestId("transfer-copy-all")).toBeNull();
  });

  it("a failure shows the backend's reason and that the company database is unchanged; back keeps the input", async () => {
    const user = userEvent.setup({ delay: null });
    const calls = backend({
      progress: [{ table: "crm_contract", rows: 56 }],
      run: () =>
        Promise.reject({
          code: "VALIDATION",
          message: "目标数据库不是空的(表 crm_customer 有 3 行);复制模式只能迁入新建的公司数据库",
          field: "to",
        }),
    });
    renderPage(<TransferTab />);
    await fillAndStart(user);
    const error = await screen.findByTestId("transfer-error");
    expect(error.textContent).toContain("迁移没有完成");
    expect(error.textContent).toContain("目标数据库不是空的(表 crm_customer 有 3 行)");
    expect(error.textContent).toContain("公司数据库没有任何改动,本机数据也保持原样。");
    expect(screen.queryByTestId("transfer-verified")).toBeNull();
    expect(screen.queryByTestId("transfer-cancel")).toBeNull();
    // Retry sends the same server and mode again.
    await user.click(screen.getByTestId("transfer-retry"));
    await waitFor(() => expect(sent(calls, "transfer_run")).toHaveLength(2));
    const [first, second] = sent(calls, "transfer_run");
    expect(second.server).toEqual(first.server);
    expect([second.mode, second.options]).toEqual(["copy", null]);
    expect(second.jobId).not.toBe(first.jobId);
    await screen.findByTestId("transfer-error");
    // Back to the form (the company database is checked again before the next start).
    await user.click(screen.getByTestId("transfer-back"));
    expect(input("transfer-host").value).toBe(" db.corp ");
    expect(input("transfer-user").value).toBe("root");
    expect(screen.getByTestId("transfer-check")).toBeTruthy();
    expect(screen.queryByTestId("transfer-start")).toBeNull();
  });

  it("a refusal naming a connection field shows on that field", async () => {
    const user = userEvent.setup({ delay: null });
    backend({
      run: () =>
        Promise.reject({
          code: "VALIDATION",
          message: "连接其他电脑上的数据库必须加密(TLS)",
          field: "tls",
        }),
    });
    renderPage(<TransferTab />);
    await fillAndStart(user);
    expect(await screen.findByText("连接其他电脑上的数据库必须加密(TLS)")).toBeTruthy();
    expect(screen.queryByTestId("transfer-error")).toBeNull();
    expect(input("transfer-database").value).toBe("crm");
  });

  it("the first look: a refusal naming a field shows on it, another one above the buttons; nothing is moved", async () => {
    const user = userEvent.setup({ delay: null });
    let refusal: unknown = { code: "VALIDATION", message: "数据库账号或密码不正确", field: "password" };
    const calls = backend({ plan: () => Promise.reject(refusal) });
    renderPage(<TransferTab />);
    await fillAndCheck(user);
    expect(await screen.findByText("数据库账号或密码不正确")).toBeTruthy();
    expect(screen.queryByTestId("transfer-check-error")).toBeNull();
    expect(screen.queryByTestId("transfer-plan-empty")).toBeNull();
    refusal = { code: "VALIDATION", message: "目标数据库的结构不是最新,请先运行 crm-admin migrate", field: "to" };
    await user.click(screen.getByTestId("transfer-check"));
    const error = await screen.findByTestId("transfer-check-error");
    expect(error.textContent).toContain("无法检查公司数据库");
    expect(error.textContent).toContain("目标数据库的结构不是最新,请先运行 crm-admin migrate");
    expect(sent(calls, "transfer_plan")).toHaveLength(2);
    expect(sent(calls, "transfer_run")).toEqual([]);
    expect(screen.queryByTestId("transfer-start")).toBeNull();
  });

  it("an empty company database: the copy is confirmed first, then runs in copy mode without options", async () => {
    const user = userEvent.setup({ delay: null });
    const plan = deferred<TransferPlan>();
    const calls = backend({ plan: () => plan.promise });
    renderPage(<TransferTab />);
    await fillAndCheck(user);
    // Checking: the button waits for the answer.
    await waitFor(() => expect(screen.getByTestId("transfer-check").className).toContain("loading"));
    expect(sent(calls, "transfer_plan")).toEqual([{ server: SERVER }]);
    plan.resolve(EMPTY);
    const panel = await screen.findByTestId("transfer-plan-empty");
    expect(panel.textContent).toContain("公司数据库是空的:将完整复制(保留编号)");
    expect(panel.textContent).toContain("db.corp:3307/crm");
    expect(screen.queryByTestId("transfer-plan-merge")).toBeNull();
    expect(sent(calls, "transfer_run")).toEqual([]);
    // Back and check again: the form kept its input.
    await user.click(screen.getByTestId("transfer-plan-back"));
    expect(input("transfer-host").value).toBe(" db.corp ");
    await user.click(screen.getByTestId("transfer-check"));
    await user.click(await screen.findByTestId("transfer-start"));
    await screen.findByTestId("transfer-verified");
    const [args] = sent(calls, "transfer_run");
    expect(args.mode).toBe("copy");
    expect(args.options).toBeNull();
    expect(args.server).toEqual(SERVER);
    expect(screen.queryByTestId("transfer-merge-details")).toBeNull();
  });

  it("a company database with data: what it holds, the rules, the user mapping, and a merge with the changed mapping only", async () => {
    const user = userEvent.setup({ delay: null });
    const calls = backend({ plan: async () => IN_USE, run: async () => MERGED });
    renderPage(<TransferTab />);
    await fillAndCheck(user);
    const panel = await screen.findByTestId("transfer-plan-merge");
    expect(panel.textContent).toContain("公司数据库 db.corp:3307/crm 中已有数据:本机数据将合并进去");
    expect(screen.queryByTestId("transfer-plan-empty")).toBeNull();
    const held = screen.getByTestId("transfer-target-rows");
    expect([...held.querySelectorAll("[data-table]")].map((e) => e.textContent)).toEqual(["客户 1,180", "线索 40", "用户 3", "短信模板 2"]);
    const rules = screen.getByTestId("transfer-merge-rules").textContent;
    for (const rule of [
      "获得新的编号(ID)",
      "线索按电话",
      "客户按完全相同的名称或第一个联系人的电话",
      "按公司的编号规则重新编号",
      "本机数据库不做任何修改",
    ])
      expect(rules).toContain(rule);

    // By default: the same username, else a new company user.
    expect(within(screen.getByTestId("transfer-map-admin")).getByText("系统管理员 (admin)")).toBeTruthy();
    expect(within(screen.getByTestId("transfer-map-zhangsan")).getByText("新建为公司用户")).toBeTruthy();
    expect(within(screen.getByTestId("transfer-map-lisi")).getByText("新建为公司用户")).toBeTruthy();
    expect(screen.getByTestId("transfer-map-summary").textContent).toBe("1 位对应到公司已有用户,2 位新建为公司用户");
    // A username the company has cannot be created again.
    await user.click(within(screen.getByTestId("transfer-map-admin")).getByRole("combobox"));
    const taken = await screen.findByTitle("新建为公司用户 (公司已有同名用户)");
    expect(taken.className).toContain("disabled");
    await user.keyboard("{Escape}");

    // 张三 is "zhang.san" in the company.
    await choose(user, "transfer-map-zhangsan", "张三 (zhang.san)");
    expect(within(screen.getByTestId("transfer-map-zhangsan")).getByText("张三 (zhang.san)")).toBeTruthy();
    expect(screen.getByTestId("transfer-map-summary").textContent).toBe("2 位对应到公司已有用户,1 位新建为公司用户");
    expect(sent(calls, "transfer_run")).toEqual([]);
    await user.click(screen.getByTestId("transfer-start"));
    await screen.findByTestId("transfer-verified");
    const [args] = sent(calls, "transfer_run");
    expect(args.mode).toBe("merge");
    expect(args.options).toEqual({ userMap: { zhangsan: "zhang.san" } });
    expect(args.server).toEqual(SERVER);
  });

  it("a merge's result: the verification, the details (tables, users, duplicates, renumbered) and no orphans", async () => {
    const user = userEvent.setup({ delay: null });
    backend({ plan: async () => IN_USE, progress: [{ table: "crm_customer", rows: 29 }], run: async () => MERGED });
    renderPage(<TransferTab />);
    await fillAndCheck(user);
    await user.click(await screen.findByTestId("transfer-start"));
    const banner = await screen.findByTestId("transfer-verified");
    expect(banner.getAttribute("data-verified")).toBe("true");
    expect(banner.textContent).toContain("校验通过:合并写入的数据与公司数据库中读回的完全一致");
    expect(screen.getByTestId("transfer-table").querySelectorAll("tr[data-table]")).toHaveLength(2);

    const details = screen.getByTestId("transfer-merge-details");
    expect(screen.getByTestId("transfer-merge-summary").textContent).toBe(
      "新增 35 行;1 条与公司已有记录重复,没有复制;1 个单号重新编号;新建 1 位用户。",
    );
    expect(screen.getByTestId("transfer-orphans").textContent).toContain("没有孤立记录");
    expect(screen.getByTestId("transfer-dangling").textContent).toContain("本机有 2 处关联指向本机已不存在的记录");
    // Per table: the company's settings kept.
    const setting = details.querySelector('tr[data-table="sys_setting"]') as HTMLElement;
    expect(within(setting).getByText("保留公司设置")).toBeTruthy();
    expect(within(details.querySelector('tr[data-table="crm_customer"]') as HTMLElement).getByText("29")).toBeTruthy();
    expect((details.querySelector('tr[data-table="crm_customer"]') as HTMLElement).textContent).not.toContain("保留公司设置");

    await user.click(within(details).getByRole("tab", { name: "用户 (3)" }));
    const users = await screen.findByTestId("transfer-merge-users");
    const zhangsan = users.querySelector('tr[data-user="zhangsan"]') as HTMLElement;
    expect(zhangsan.textContent).toContain("张三 (zhang.san)");
    expect(within(zhangsan).getByText("手动")).toBeTruthy();
    expect(within(users.querySelector('tr[data-user="admin"]') as HTMLElement).queryByText("手动")).toBeNull();
    expect(within(users.querySelector('tr[data-user="lisi"]') as HTMLElement).getByText("新建")).toBeTruthy();

    await user.click(within(details).getByRole("tab", { name: "重复记录 (1)" }));
    const dups = await screen.findByTestId("transfer-duplicates");
    const dup = dups.querySelector('tr[data-dup="crm_customer#12"]') as HTMLElement;
    expect(within(dup).getByText("客户")).toBeTruthy();
    expect(within(dup).getByText("上海示例科技有限公司")).toBeTruthy();
    expect(dup.textContent).toContain("本机 #12 → 公司 #345");
    expect(within(dup).getByText("名称相同")).toBeTruthy();
    expect(screen.queryByTestId("transfer-duplicates-capped")).toBeNull();

    await user.click(within(details).getByRole("tab", { name: "重新编号 (1)" }));
    const renumbered = await screen.findByTestId("transfer-renumbered");
    const row = renumbered.querySelector('tr[data-renumbered="crm_contract#7"]') as HTMLElement;
    expect(within(row).getByText("合同")).toBeTruthy();
    expect(within(row).getByText("HT-20240001")).toBeTruthy();
    expect(within(row).getByText("HT-20240158")).toBeTruthy();

    // The new user's account; matched users log in with their company account.
    expect(within(screen.getByTestId("transfer-accounts")).getByText("Tmp-9kP4-m3Ws")).toBeTruthy();
    expect(screen.getByTestId("transfer-switch").textContent).toContain("如果您对应到了公司已有的用户");
  });

  it("a merge with orphans is not verified: the orphans are listed in an error, and the duplicates say they are capped", async () => {
    const user = userEvent.setup({ delay: null });
    const merge = MERGED.merge!;
    backend({
      plan: async () => IN_USE,
      run: async () => ({
        report: { ...MERGED.report, verified: false },
        accounts: [],
        accountsProblem: null,
        merge: {
          ...merge,
          check: { ...merge.check, verified: false },
          tables: [...merge.tables, { table: "crm_lead", sourceRows: 1600, inserted: 100, matched: 1500, keptCompany: false }],
          orphans: [{ table: "crm_follow_up", column: "relation_id", rows: 3 }],
        },
      }),
    });
    renderPage(<TransferTab />);
    await fillAndCheck(user);
    await user.click(await screen.findByTestId("transfer-start"));
    const banner = await screen.findByTestId("transfer-verified");
    expect(banner.getAttribute("data-verified")).toBe("false");
    expect(banner.textContent).toContain("校验未通过:有关联指向不存在的记录");
    expect(banner.textContent).toContain("合并不能自动撤销");
    const orphans = screen.getByTestId("transfer-orphans");
    expect(orphans.className).toContain("ant-alert-error");
    expect(orphans.textContent).toContain("跟进记录(crm_follow_up.relation_id):3 行");
    expect(orphans.textContent).not.toContain("没有孤立记录");
    expect(screen.queryByTestId("transfer-switch")).toBeNull();
    const details = screen.getByTestId("transfer-merge-details");
    await user.click(within(details).getByRole("tab", { name: "重复记录 (1,501)" }));
    expect((await screen.findByTestId("transfer-duplicates-capped")).textContent).toBe("只列出前 1 条,共 1,501 条重复记录");
  });

  it("cancel stops the move by its job id; the company database is unchanged", async () => {
    const user = userEvent.setup({ delay: null });
    const run = deferred<TransferOutcome>();
    const calls = backend({ progress: [{ table: "crm_contract", rows: 56 }], run: () => run.promise });
    renderPage(<TransferTab />);
    await fillAndStart(user);
    await user.click(await screen.findByTestId("transfer-cancel"));
    const [args] = sent(calls, "transfer_run");
    await waitFor(() => expect(sent(calls, "job_cancel")).toEqual([{ jobId: args.jobId }]));
    expect(screen.getByTestId("transfer-running").textContent).toContain("正在取消");
    run.reject({ code: "VALIDATION", message: "迁移已取消,公司数据库未做任何改动", field: "transfer" });
    const error = await screen.findByTestId("transfer-error");
    expect(error.textContent).toContain("迁移已取消");
    expect(error.textContent).toContain("公司数据库没有任何改动");
    expect(error.className).toContain("warning");
  });

  it("plain text to another computer needs the explicit insecure choice, as in the connection form", async () => {
    const user = userEvent.setup({ delay: null });
    const calls = backend();
    renderPage(<TransferTab />);
    await user.click(await screen.findByTestId("transfer-next"));
    fill("transfer-host", "db.corp");
    fill("transfer-database", "crm");
    fill("transfer-user", "root");
    // The default checks the certificate and host name; the CA file is optional then.
    expect(screen.getByText("留空则使用系统信任的证书机构")).toBeTruthy();
    expect(screen.queryByTestId("transfer-insecure-warning")).toBeNull();
    await user.click(screen.getByLabelText("不加密"));
    expect(await screen.findByTestId("transfer-insecure-warning")).toBeTruthy();
    await user.click(document.getElementById("transfer-insecure")!);
    await user.click(screen.getByTestId("transfer-check"));
    await user.click(await screen.findByTestId("transfer-start"));
    await screen.findByTestId("transfer-verified");
    expect(sent(calls, "transfer_plan")[0].server).toMatchObject({ tls: "off", insecure: true, password: "" });
    expect(sent(calls, "transfer_run")[0].server).toMatchObject({ tls: "off", insecure: true, password: "" });
  });
});

describe("who is offered the move", { timeout: 60_000 }, () => {
  it("on the local database, to those who may change settings and create users", async () => {
    backend();
    const { unmount } = renderPage(<Settings />, { route: "/settings?tab=transfer" });
    expect(await screen.findByTestId("transfer-tab")).toBeTruthy();
    expect(await screen.findByTestId("transfer-wizard")).toBeTruthy();
    unmount();
    const calls = backend();
    renderPage(<Settings />, { route: "/settings", user: userWith("settings:read", "settings:update") });
    await waitFor(() => expect(sent(calls, "app_info")).toHaveLength(1));
    await screen.findByTestId("settings-tab-security");
    expect(screen.queryByTestId("transfer-tab")).toBeNull();
  });

  it("not on a shared (company) database: no tab, and the screen says so", async () => {
    const calls = backend({ shared: true });
    const { unmount } = renderPage(<Settings />, { route: "/settings?tab=transfer" });
    await waitFor(() => expect(sent(calls, "app_info")).toHaveLength(1));
    await screen.findByTestId("settings-tab-security");
    expect(screen.queryByTestId("transfer-tab")).toBeNull();
    unmount();
    backend({ shared: true });
    renderPage(<TransferTab />);
    expect((await screen.findByTestId("transfer-unavailable")).textContent).toBe("本机已经在使用公司数据库,无需迁移。");
    expect(screen.queryByTestId("transfer-check")).toBeNull();
    expect(screen.queryByTestId("transfer-start")).toBeNull();
    expect(screen.queryByTestId("transfer-wizard")).toBeNull();
  });
});
