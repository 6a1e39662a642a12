// The import wizard and "export this list", against a mocked backend: what each step sends,
// what it shows, progress through the command's channel, cancel by job id, and who sees the buttons.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { customerKeys } from "../../api";
import type { ImportInspect } from "../../api/types/ImportInspect";
import type { ImportPreview } from "../../api/types/ImportPreview";
import type { ImportResult } from "../../api/types/ImportResult";
import { exportKeysOf, type ListColumn } from "../../components/ListPage";
import { renderPage, userWith } from "../../test/render";
import Contracts from "../contracts/Contracts";
import Customers from "../customers/Customers";
import ExportButton, { exportColumnsFor } from "./ExportButton";
import ImportButton from "./ImportButton";

afterEach(() => clearMocks());
beforeEach(() => localStorage.clear());

type Calls = [string, Record<string, unknown>][];
type Progress = { onmessage: (p: { done: number; total: number }) => void };

/** A promise the test settles when it wants (a long command still running). */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const FILE = "/home/rep/Documents/客户名单.xlsx";
const TEMPLATE = "/home/rep/Downloads/客户导入模板.xlsx";
const ERRORS = "/home/rep/Downloads/客户名单_错误数据.xlsx";

const field = (key: string, label: string, required = false, hint = "", choices: string[] = []) => ({
  key,
  label,
  required,
  choices,
  hint,
});

const CUSTOMER_INSPECT: ImportInspect = {
  kind: "customer",
  fileName: "客户名单.xlsx",
  headers: ["公司", "手机", "负责人", "内部编号"],
  rowCount: 4,
  mapping: ["customerName", "contactPhone", "owner", null],
  fields: [
    field("customerName", "客户名称", true, "最多 200 字"),
    field("level", "客户级别", false, "从下拉列表选择", ["A", "B", "C"]),
    field("owner", "负责人", false, "用户姓名或登录名"),
    field("contactPhone", "联系人手机", false, "文本格式,保留全部数字"),
  ],
  sample: [
    ["上海示例科技有限公司", "13800138000", "张三", "K-001"],
    ["杭州远航物流有限公司", "13900139000", "", "K-002"],
  ],
  maxRows: 50000,
};

const CUSTOMER_PREVIEW: ImportPreview = {
  counts: { create: 2, update: 0, skip: 1, error: 1 },
  columns: ["客户名称", "联系人手机", "负责人"],
  rows: [
    { line: 2, disposition: "create", reason: null, values: ["上海示例科技有限公司", "13800138000", "张三"] },
    { line: 3, disposition: "create", reason: null, values: ["杭州远航物流有限公司", "13900139000", ""] },
    { line: 4, disposition: "skip", reason: "与第 2 行重复", values: ["上海示例科技有限公司", "13800138000", ""] },
    { line: 5, disposition: "error", reason: "「手机」格式不正确", values: ["宁波港务", "1380", ""] },
  ],
};

const CANCELLED_RESULT: ImportResult = {
  counts: { create: 1, update: 0, skip: 1, error: 1 },
  cancelled: true,
  batches: [{ firstLine: 2, lastLine: 2, rows: 1 }],
  problems: [
    { line: 3, disposition: "error", reason: "导入已取消,此行未导入", values: ["杭州远航物流有限公司", "13900139000", ""] },
    { line: 5, disposition: "error", reason: "「手机」格式不正确", values: ["宁波港务", "1380", ""] },
  ],
  errorFilePath: ERRORS,
};

function importBackend(calls: Calls, opts: { inspect?: ImportInspect; run?: Promise<ImportResult> } = {}) {
  mockIPC((cmd, args) => {
    const a = args as Record<string, unknown>;
    calls.push([cmd, a]);
    switch (cmd) {
      case "import_template":
        return TEMPLATE;
      case "file_pick":
        return FILE;
      case "import_inspect":
        return opts.inspect ?? CUSTOMER_INSPECT;
      case "import_preview":
        return CUSTOMER_PREVIEW;
      case "import_run":
        (a.onProgress as Progress).onmessage({ done: 0, total: 2 });
        (a.onProgress as Progress).onmessage({ done: 1, total: 2 });
        return opts.run;
      case "job_cancel":
        return true;
      case "user_options":
        return [
          { id: 2, fullName: "销售代表", deptId: 1 },
          { id: 7, fullName: "张三", deptId: 1 },
        ];
      case "pool_list":
        return [{ id: 3, poolName: "展会线索池", description: null, isPublic: true, waiting: 0, createdAt: "2030-01-01T00:00:00" }];
      default:
        return null;
    }
  });
}

const sent = (calls: Calls, cmd: string) => calls.filter((c) => c[0] === cmd).map((c) => c[1]);

/** Pick `label` in the antd Select inside the element with `testid`. */
async function choose(testid: string, label: string) {
  await userEvent.click(within(screen.getByTestId(testid)).getByRole("combobox"));
  const options = await screen.findAllByTitle(label);
  await userEvent.click(options[options.length - 1]);
}

describe("import wizard", { timeout: 90_000 }, () => {
  it("customers: template, file → mapping → preview (nothing written) → run with progress and cancel → result with the error file", async () => {
    const calls: Calls = [];
    const run = deferred<ImportResult>();
    importBackend(calls, { run: run.promise });
    const user = userWith("customer:read", "customer:create", "customer:update", "customer:import");
    const { qc } = renderPage(<ImportButton kind="customer" />, { user });
    const invalidated = vi.spyOn(qc, "invalidateQueries");

    await userEvent.click(screen.getByTestId("import-open"));
    expect(await screen.findByText("导入客户")).toBeTruthy();

    // The template: saved, shown, opened.
    await userEvent.click(screen.getByTestId("import-template"));
    expect(await screen.findByText(TEMPLATE)).toBeTruthy();
    await userEvent.click(screen.getByTestId("import-template-open"));
    await waitFor(() => expect(sent(calls, "export_open")).toEqual([{ path: TEMPLATE }]));
    expect(sent(calls, "import_template")).toEqual([{ kind: "customer" }]);

    // The file is read and mapped.
    await userEvent.click(screen.getByTestId("import-pick"));
    const table = await screen.findByTestId("import-mapping-table");
    expect(sent(calls, "file_pick")).toEqual([{ purpose: "import" }]);
    expect(sent(calls, "import_inspect")).toEqual([{ kind: "customer", path: FILE }]);
    expect(screen.getByTestId("import-file-summary").textContent).toBe("文件「客户名单.xlsx」共 4 行数据");
    expect(screen.getByTestId("import-max-rows").textContent).toContain("每个文件最多 50,000 行");
    for (const text of ["公司", "上海示例科技有限公司 / 杭州远航物流有限公司", "内部编号", "K-001 / K-002"])
      expect(within(table).getByText(text)).toBeTruthy();
    // Prefilled from the suggestion: the required field marked, the unmapped column "不导入".
    expect(within(screen.getByTestId("import-map-0")).getByText("客户名称 *")).toBeTruthy();
    expect(within(screen.getByTestId("import-map-3")).getByText("不导入")).toBeTruthy();
    expect(within(table).getByText("最多 200 字")).toBeTruthy();
    // Customers may be created anyway (no unique phone).
    expect((screen.getByRole("radio", { name: "仍然新建" }) as HTMLInputElement).disabled).toBe(false);
    expect(screen.queryByTestId("import-anyway-why")).toBeNull();

    // Map the extra column to the level; update duplicates; everything into the public sea.
    await choose("import-map-3", "客户级别");
    expect(within(table).getByText("从下拉列表选择;可选值:A / B / C")).toBeTruthy();
    await userEvent.click(screen.getByRole("radio", { name: "更新已有数据" }));
    await userEvent.click(screen.getByRole("radio", { name: "放入公海" }));
    expect(screen.getByText("导入的客户暂不分配,直接进入公海,销售可自行领取。")).toBeTruthy();
    await userEvent.click(screen.getByTestId("import-preview"));

    // The preview: counts, rows, and nothing written.
    await screen.findByTestId("import-preview-note");
    const options = {
      mapping: ["customerName", "contactPhone", "owner", "level"],
      policy: "update",
      ownerMode: "pool",
      ownerId: null,
      poolId: null,
    };
    expect(sent(calls, "import_preview")).toEqual([{ kind: "customer", path: FILE, options }]);
    expect(screen.getByTestId("import-preview-note").textContent).toContain("尚未写入任何数据");
    expect(sent(calls, "import_run")).toEqual([]);
    expect(screen.getByTestId("import-count-create").textContent).toBe("2");
    expect(screen.getByTestId("import-count-update").textContent).toBe("0");
    expect(screen.getByTestId("import-count-skip").textContent).toBe("1");
    expect(screen.getByTestId("import-count-error").textContent).toBe("1");
    const rows = screen.getByTestId("import-preview-table");
    expect(within(rows).getByText("与第 2 行重复")).toBeTruthy();
    expect(within(rows).getByText("杭州远航物流有限公司")).toBeTruthy();
    // Only the refused rows.
    await userEvent.click(screen.getByTestId("import-show-error"));
    await waitFor(() => expect(within(rows).queryByText("杭州远航物流有限公司")).toBeNull());
    expect(within(rows).getByText("「手机」格式不正确")).toBeTruthy();
    expect(within(rows).getByText("宁波港务")).toBeTruthy();
    expect(invalidated).not.toHaveBeenCalled();

    // The run: progress from the channel, cancel by the same job id.
    await userEvent.click(screen.getByTestId("import-run"));
    expect((await screen.findByTestId("import-progress-text")).textContent).toBe("已写入 1 / 2 行");
    const [runArgs] = sent(calls, "import_run");
    expect(runArgs).toMatchObject({ kind: "customer", path: FILE, options });
    expect(runArgs.jobId).toMatch(/^job-/);
    expect(screen.queryByTestId("import-close")).toBeNull();
    await userEvent.click(screen.getByTestId("import-cancel"));
    await waitFor(() => expect(sent(calls, "job_cancel")).toEqual([{ jobId: runArgs.jobId }]));
    run.resolve(CANCELLED_RESULT);

    // The result: cancelled, what went in, what did not, and the error file.
    const result = await screen.findByTestId("import-result");
    expect(within(result).getByText("导入已取消")).toBeTruthy();
    expect(screen.getByTestId("import-count-create").textContent).toBe("1");
    expect(screen.getByTestId("import-count-error").textContent).toBe("1");
    expect(screen.getByTestId("import-batches").textContent).toContain("第 2–2 行 · 1 行");
    const problems = screen.getByTestId("import-problems");
    expect(within(problems).getByText("导入已取消,此行未导入")).toBeTruthy();
    expect(within(problems).getByText("宁波港务")).toBeTruthy();
    expect(within(result).getByText(ERRORS)).toBeTruthy();
    expect(within(result).getByText(/第一列为“错误原因”/)).toBeTruthy();
    await userEvent.click(screen.getByTestId("import-error-file"));
    await waitFor(() => expect(sent(calls, "export_open")).toEqual([{ path: TEMPLATE }, { path: ERRORS }]));
    // The customer lists are refreshed.
    await waitFor(() => expect(invalidated).toHaveBeenCalledWith({ queryKey: customerKeys.all }));

    await userEvent.click(screen.getByTestId("import-close"));
    await waitFor(() => expect(screen.queryByTestId("import-result")).toBeNull());
  });

  it("leads: no 'create anyway' (phones are unique), a missing required field blocks the preview, the pool view imports into its pool", async () => {
    const calls: Calls = [];
    importBackend(calls, {
      inspect: {
        ...CUSTOMER_INSPECT,
        kind: "lead",
        fileName: "展会名单.csv",
        headers: ["姓名", "电话"],
        mapping: [null, "phone"],
        fields: [field("leadName", "线索名称", true), field("phone", "手机")],
        sample: [["王先生", "13800138000"]],
        rowCount: 1,
      },
    });
    renderPage(<ImportButton kind="lead" defaults={{ ownerMode: "pool", poolId: 3 }} />, {
      user: userWith("lead:read", "lead:create", "lead:import"),
    });
    await userEvent.click(screen.getByTestId("import-open"));
    await userEvent.click(await screen.findByTestId("import-pick"));
    await screen.findByTestId("import-mapping-table");

    const anyway = screen.getByRole("radio", { name: "仍然新建" }) as HTMLInputElement;
    expect(anyway.disabled).toBe(true);
    expect(screen.getByTestId("import-anyway-why").textContent).toBe("线索的手机号不允许重复,因此不能“仍然新建”,请选择跳过或更新。");
    // No lead:update: updating duplicates is not offered either.
    expect((screen.getByRole("radio", { name: "更新已有数据" }) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole("radio", { name: "放入线索池" }) as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(within(screen.getByTestId("import-pool")).getByText("展会线索池")).toBeTruthy());

    expect(screen.getByTestId("import-missing").textContent).toContain("必填字段还没有对应的列:线索名称");
    expect((screen.getByTestId("import-preview") as HTMLButtonElement).disabled).toBe(true);
    await choose("import-map-0", "线索名称 *");
    await waitFor(() => expect(screen.queryByTestId("import-missing")).toBeNull());
    await userEvent.click(screen.getByTestId("import-preview"));
    await screen.findByTestId("import-preview-note");
    expect(sent(calls, "import_preview")).toEqual([
      {
        kind: "lead",
        path: FILE,
        options: { mapping: ["leadName", "phone"], policy: "skip", ownerMode: "pool", ownerId: null, poolId: 3 },
      },
    ]);
  });

  it("a refused preview says why in the wizard and stays on the mapping", async () => {
    const calls: Calls = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "file_pick") return FILE;
      if (cmd === "import_inspect") return CUSTOMER_INSPECT;
      if (cmd === "import_preview") throw { code: "VALIDATION", message: "负责人不在你的管理范围内", field: "ownerId" };
      return [];
    });
    renderPage(<ImportButton kind="customer" />, { user: userWith("customer:import", "customer:create") });
    await userEvent.click(screen.getByTestId("import-open"));
    await userEvent.click(await screen.findByTestId("import-pick"));
    await userEvent.click(await screen.findByTestId("import-preview"));
    expect((await screen.findByTestId("import-error")).textContent).toContain("负责人不在你的管理范围内");
    expect(screen.getByTestId("import-mapping-table")).toBeTruthy();
    // The default owner (the user) was asked for.
    expect(sent(calls, "import_preview")[0]).toMatchObject({ options: { ownerMode: "column", ownerId: 2, poolId: null } });
  });

  it("a cancelled file dialog stays on the first step", async () => {
    const calls: Calls = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      return null;
    });
    renderPage(<ImportButton kind="product" />, { user: userWith("product:import") });
    await userEvent.click(screen.getByTestId("import-open"));
    await userEvent.click(await screen.findByTestId("import-pick"));
    await waitFor(() => expect(sent(calls, "file_pick")).toHaveLength(1));
    expect(sent(calls, "import_inspect")).toEqual([]);
    expect(screen.queryByTestId("import-mapping-table")).toBeNull();
    expect(screen.getByTestId("import-pick")).toBeTruthy();
  });
});

const CUSTOMER = {
  lockVersion: 1,
  id: 9,
  customerName: "上海示例科技有限公司",
  customerType: "enterprise",
  industry: "制造业",
  scale: null,
  address: null,
  status: "potential",
  level: "a",
  sourceLeadId: null,
  ownerId: 2,
  ownerName: "销售代表",
  inSea: false,
  seaTime: null,
  createdBy: 2,
  createdAt: "2030-01-01T00:00:00",
  updatedAt: "2030-01-02T00:00:00",
  lastFollowAt: null,
  recycleAt: null,
  daysUntilRecycle: null,
  tags: [],
  activityId: null,
  activityName: null,
};

const CUSTOMER_EXPORT_COLUMNS = [
  "customerName",
  "customerType",
  "industry",
  "scale",
  "address",
  "status",
  "level",
  "ownerName",
  "lastFollowAt",
  "recycleAt",
  "seaTime",
  "createdAt",
  "updatedAt",
].map((key) => ({ key, label: key }));

function listBackend(calls: Calls, exportList: (args: Record<string, unknown>) => unknown) {
  mockIPC((cmd, args) => {
    const a = args as Record<string, unknown>;
    calls.push([cmd, a]);
    if (cmd === "customer_list") return { items: [CUSTOMER], total: 1, page: 1, pageSize: 50 };
    if (cmd === "contract_list" || cmd === "contract_awaiting_approval") return { items: [], total: 0, page: 1, pageSize: 50 };
    if (cmd === "contract_totals")
      return { count: 0, totalAmount: "0.00", received: "0.00", outstanding: "0.00", invoiced: "0.00", uninvoiced: "0.00" };
    if (cmd === "user_options") return [{ id: 2, fullName: "销售代表", deptId: 1 }];
    if (cmd === "export_columns")
      return a.kind === "customer"
        ? CUSTOMER_EXPORT_COLUMNS
        : [
            "contractNo",
            "contractName",
            "customerName",
            "totalAmount",
            "status",
            "money.received",
            "money.outstanding",
            "money.invoiced",
          ].map((key) => ({ key, label: key }));
    if (cmd === "export_list") return exportList(a);
    if (cmd === "job_cancel") return true;
    return null;
  });
}

describe("export this list", { timeout: 90_000 }, () => {
  it("customers: sends the list's filter with its sort and the visible columns, shows progress, the row count and opens the file", async () => {
    // The user hid the industry column.
    localStorage.setItem("crm.cols.customers", JSON.stringify(["industry"]));
    const calls: Calls = [];
    const path = "/home/rep/Downloads/客户_20300102_090000.xlsx";
    listBackend(calls, (a) => {
      (a.onProgress as Progress).onmessage({ done: 500, total: 1234 });
      return { path, rows: 1234, cancelled: false };
    });
    renderPage(<Customers />, { route: "/customers", user: userWith("customer:read", "customer:export") });
    await screen.findByText("上海示例科技有限公司");

    // Narrow it and sort it.
    await userEvent.type(document.getElementById("customer-keyword")!, "示例{Enter}");
    await userEvent.click(within(document.querySelector(".ant-table-thead")!).getByText("客户名称"));
    await waitFor(() =>
      expect(sent(calls, "customer_list").slice(-1)[0].filter).toMatchObject({ keyword: "示例", sort: "customerName", desc: false }),
    );

    await userEvent.click(screen.getByTestId("export-open"));
    const result = await screen.findByTestId("export-result");
    const [args] = sent(calls, "export_list");
    expect(args.kind).toBe("customer");
    expect(args.jobId).toMatch(/^job-/);
    expect(args.request).toEqual({
      // Exactly what the list asked for.
      filter: sent(calls, "customer_list").slice(-1)[0].filter,
      // The visible columns in order (days-until-recycle is the recycle date; actions are not exported).
      columns: ["customerName", "customerType", "status", "level", "ownerName", "lastFollowAt", "recycleAt", "updatedAt"],
      tzOffsetMinutes: -new Date().getTimezoneOffset(),
    });
    expect(sent(calls, "export_columns")).toEqual([{ kind: "customer" }]);
    expect(result.getAttribute("data-rows")).toBe("1234");
    expect(result.textContent).toBe("已导出 1234 条数据");
    expect(screen.getByTestId("export-path").textContent).toBe(path);
    await userEvent.click(screen.getByTestId("export-open-file"));
    await waitFor(() => expect(sent(calls, "export_open")).toEqual([{ path }]));
  });

  it("shows progress while running; cancel stops it by its job id and says no file was written", async () => {
    const calls: Calls = [];
    const run = deferred<unknown>();
    listBackend(calls, (a) => {
      (a.onProgress as Progress).onmessage({ done: 500, total: 2000 });
      return run.promise;
    });
    renderPage(<ExportButton kind="customer" filter={{ keyword: null, inSea: true }} columns={["nothing", "actions"]} />, {
      user: userWith("customer:export"),
    });
    await userEvent.click(screen.getByTestId("export-open"));
    expect((await screen.findByTestId("export-progress-text")).textContent).toBe("已导出 500 / 2000 条");
    const [args] = sent(calls, "export_list");
    // No visible column is exportable: every column.
    expect(args.request).toMatchObject({ filter: { keyword: null, inSea: true }, columns: [] });
    await userEvent.click(screen.getByTestId("export-cancel"));
    await waitFor(() => expect(sent(calls, "job_cancel")).toEqual([{ jobId: args.jobId }]));
    run.resolve({ path: null, rows: 500, cancelled: true });
    expect((await screen.findByTestId("export-cancelled")).textContent).toBe("导出已取消,没有生成文件。");
    expect(screen.queryByTestId("export-result")).toBeNull();
    expect(screen.queryByTestId("export-open-file")).toBeNull();
  });

  it("contracts: the money columns export as the contract's money, with the status filter", async () => {
    const calls: Calls = [];
    listBackend(calls, () => ({ path: "/tmp/合同.xlsx", rows: 0, cancelled: false }));
    renderPage(<Contracts />, { route: "/contracts", user: userWith("contract:read", "contract:export") });
    await waitFor(() => expect(sent(calls, "contract_list").length).toBeGreaterThan(0));
    await userEvent.click(screen.getByTestId("export-open"));
    await screen.findByTestId("export-result");
    const [args] = sent(calls, "export_list");
    expect(args.kind).toBe("contract");
    expect((args.request as { filter: unknown }).filter).toEqual(sent(calls, "contract_list").slice(-1)[0].filter);
    expect((args.request as { columns: string[] }).columns).toEqual([
      "contractNo",
      "contractName",
      "customerName",
      "totalAmount",
      "money.received",
      "money.outstanding",
      "money.invoiced",
      "status",
    ]);
  });
});

describe("who sees import and export", { timeout: 90_000 }, () => {
  it("neither without the permissions; export alone with customer:export; both with both", async () => {
    const calls: Calls = [];
    listBackend(calls, () => null);
    const first = renderPage(<Customers />, { route: "/customers", user: userWith("customer:read", "customer:create", "customer:update") });
    await screen.findByText("上海示例科技有限公司");
    expect(screen.queryByTestId("import-open")).toBeNull();
    expect(screen.queryByTestId("export-open")).toBeNull();
    first.unmount();

    const second = renderPage(<Customers />, { route: "/customers", user: userWith("customer:read", "customer:export") });
    await screen.findByText("上海示例科技有限公司");
    expect(screen.getByTestId("export-open")).toBeTruthy();
    expect(screen.queryByTestId("import-open")).toBeNull();
    second.unmount();

    renderPage(<Customers />, { route: "/customers", user: userWith("customer:read", "customer:*") });
    await screen.findByText("上海示例科技有限公司");
    expect(screen.getByTestId("export-open").textContent).toContain("导出");
    expect(screen.getByTestId("import-open").textContent).toContain("导入");
  });
});

describe("export keys of list columns", () => {
  it("a column's key and dataIndex by default, its exportKeys when given, each once and in order", () => {
    const cols = [
      { key: "owner", title: "负责人", dataIndex: "ownerName" },
      { key: "relation", title: "跟进对象", exportKeys: ["relationType", "relationName"] },
      { key: "progress", title: "回款进度", exportKeys: [] },
      { key: "ownerName", title: "负责人", dataIndex: "ownerName" },
    ] as ListColumn<object>[];
    expect(exportKeysOf(cols)).toEqual(["owner", "ownerName", "relationType", "relationName"]);
    expect(exportColumnsFor(exportKeysOf(cols), ["relationName", "ownerName", "createdAt"])).toEqual(["ownerName", "relationName"]);
    expect(exportColumnsFor(["actions"], ["ownerName"])).toEqual([]);
  });
});
