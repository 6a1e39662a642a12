import { clearMocks } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { SegmentRule } from "../../api/types/SegmentRule";
import { translate } from "../../i18n";
import { renderPage, userWith } from "../../test/render";
import { backend, last, SEGMENTS, sent, TAGS } from "./fixtures";
import Marketing from "./Marketing";
import { fromRule, toRule } from "./SegmentEditor";
import { describeRule } from "./Segments";

afterEach(() => clearMocks());

const byId = (id: string) => document.getElementById(id)!;
const findId = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} not found`);
    return e;
  });
const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate("zh-CN", k, v);

/** The size the backend gives a rule: 4, or 1 with the birthday condition. */
const previewOf = ({ rule }: { rule: SegmentRule }) =>
  rule.birthdayThisMonth
    ? { customers: 1, samples: [{ id: 31, customerName: "杭州云帆科技有限公司", ownerName: "王销售" }] }
    : {
        customers: 4,
        samples: [
          { id: 31, customerName: "杭州云帆科技有限公司", ownerName: "王销售" },
          { id: 30, customerName: "宁波海岸贸易", ownerName: null },
        ],
      };

describe("Marketing → segments", { timeout: 90_000 }, () => {
  it("lists segments with their size and rule in words; built-ins cannot be deleted", async () => {
    backend();
    renderPage(<Marketing />, { route: "/marketing?tab=segments" });
    expect(await screen.findByTestId("marketing-segments")).toBeTruthy();
    expect((await screen.findByTestId("segment-customers-1")).textContent).toBe("37");
    expect(screen.getByTestId("segment-customers-5").textContent).toBe("4");
    expect(screen.getByTestId("segment-builtin-1").textContent).toBe("内置");
    expect(screen.queryByTestId("segment-builtin-5")).toBeNull();
    expect(screen.getByTestId("segment-edit-1")).toBeTruthy();
    expect(screen.queryByTestId("segment-delete-1")).toBeNull();
    expect(screen.getByTestId("segment-delete-5")).toBeTruthy();
    expect(screen.getByTestId("segment-rule-1").textContent).toBe("超过 90 天未跟进");
    await waitFor(() => expect(screen.getByTestId("segment-rule-5").textContent).toBe("带标签:VIP等级 A有已签约合同"));
  });

  it("edits a segment with its live size; saves the rule", async () => {
    const calls = backend({ segment_preview: previewOf });
    renderPage(<Marketing />, { route: "/marketing?tab=segments" });
    await userEvent.click(await screen.findByTestId("segment-edit-5"));
    const editor = await screen.findByTestId("segment-editor");
    // Asked for the rule as loaded (not for an empty rule first).
    await waitFor(() => expect(sent(calls, "segment_preview")).toEqual([{ rule: toRule(fromRule(SEGMENTS[1].rule)) }]));
    await waitFor(() => expect(screen.getByTestId("segment-count").textContent).toBe("4"));
    expect(within(editor).getByTestId("segment-sample-30").textContent).toContain("公海");
    await userEvent.click(byId("segment-birthday"));
    await waitFor(() => expect(screen.getByTestId("segment-count").textContent).toBe("1"));
    expect((last(calls, "segment_preview").rule as SegmentRule).birthdayThisMonth).toBe(true);
    await userEvent.type(byId("segment-idle-days"), "30");
    await userEvent.click(byId("segment-save"));
    await waitFor(() => expect(sent(calls, "segment_update")).toHaveLength(1));
    expect(last(calls, "segment_update")).toEqual({
      id: 5,
      input: {
        segmentName: "VIP in A",
        description: null,
        rule: {
          tagIds: [1],
          level: "a",
          status: null,
          customerType: null,
          industry: null,
          idleDays: 30,
          hasSignedContract: true,
          birthdayThisMonth: true,
          activityId: null,
          includeSea: false,
        },
      },
    });
  });

  it("a new segment: tags and level from the lists; the backend's refusal on a rule condition marks it", async () => {
    const calls = backend({
      segment_preview: previewOf,
      segment_create: () => {
        throw { code: "VALIDATION", field: "rule.idleDays", message: "未跟进天数须在 1 到 36500 之间" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing?tab=segments" });
    await userEvent.click(await findId("segment-new"));
    await userEvent.type(await findId("segment-name"), "高价值老客户");
    fireEvent.mouseDown(byId("segment-tags"));
    await userEvent.click(await screen.findByTitle("Returning"));
    fireEvent.mouseDown(byId("segment-level"));
    await userEvent.click(await screen.findByTitle("B"));
    await userEvent.type(byId("segment-idle-days"), "60");
    await userEvent.click(byId("segment-save"));
    await waitFor(() => expect(sent(calls, "segment_create")).toHaveLength(1));
    expect(last(calls, "segment_create")).toEqual({
      input: {
        segmentName: "高价值老客户",
        description: null,
        rule: {
          tagIds: [2],
          level: "b",
          status: null,
          customerType: null,
          industry: null,
          idleDays: 60,
          hasSignedContract: false,
          birthdayThisMonth: false,
          activityId: null,
          includeSea: false,
        },
      },
    });
    await waitFor(() => {
      const item = screen.getByText("未跟进天数须在 1 到 36500 之间").closest(".ant-form-item");
      expect(item?.querySelector("#segment-idle-days")).toBeTruthy();
    });
  });

  it("describes rules in words (empty conditions left out by the backend)", () => {
    expect(describeRule(t, {}, TAGS)).toEqual(["全部客户"]);
    expect(describeRule(t, { includeSea: true })).toEqual(["全部客户", "含公海客户"]);
    expect(
      describeRule(
        t,
        { tagIds: [1, 2], status: "deal", customerType: "enterprise", industry: "制造业", birthdayThisMonth: true, activityId: 1 },
        TAGS,
        [{ id: 1, activityName: "春季展会", status: "ended" }],
      ),
    ).toEqual(["带标签:VIP、Returning", "状态为成交", "企业客户", "行业为制造业", "联系人本月生日", "来自活动“春季展会”"]);
    expect(fromRule({ idleDays: 90 } as SegmentRule)).toMatchObject({ tagIds: [], idleDays: 90, includeSea: false, level: null });
  });
});

describe("Marketing → customer tags", { timeout: 90_000 }, () => {
  it("lists tags in their colour with their customers", async () => {
    backend();
    renderPage(<Marketing />, { route: "/marketing?tab=tags" });
    expect(await screen.findByTestId("marketing-tags")).toBeTruthy();
    const vip = await screen.findByTestId("tag-1");
    expect(vip.textContent).toBe("VIP");
    // The tag reads in its colour, beside a swatch of exactly that colour.
    expect(vip.style.color).toBe("rgb(245, 34, 45)");
    expect(screen.getByTestId("tag-swatch-1").style.backgroundColor).toBe("rgb(245, 34, 45)");
    expect(screen.getByTestId("tag-swatch-2").style.backgroundColor).toBe("rgb(22, 119, 255)");
    expect(screen.getByTestId("tag-customers-1").textContent).toBe("12");
  });

  it("creates a tag with a picked colour sent as #rrggbb", async () => {
    const calls = backend({ tag_create: ({ input }) => ({ id: 9, customers: 0, ...input }) });
    renderPage(<Marketing />, { route: "/marketing?tab=tags" });
    await userEvent.click(await findId("tag-new"));
    await userEvent.type(await findId("tag-name"), "重点客户");
    await userEvent.click(screen.getByTestId("tag-color-fa541c"));
    expect(screen.getByTestId("tag-color-value").textContent).toBe("#fa541c");
    expect(screen.getByTestId("tag-preview").textContent).toBe("重点客户");
    await userEvent.click(byId("tag-save"));
    await waitFor(() => expect(sent(calls, "tag_create")).toHaveLength(1));
    // Sorted after the last tag (2) by default.
    expect(last(calls, "tag_create")).toEqual({ input: { tagName: "重点客户", color: "#fa541c", sortOrder: 3 } });
  });

  it("edits a tag keeping its colour; delete says how many customers lose it", async () => {
    const calls = backend({ tag_update: () => null, tag_delete: () => 12 });
    renderPage(<Marketing />, { route: "/marketing?tab=tags" });
    await userEvent.click(await screen.findByTestId("tag-edit-1"));
    await waitFor(() => expect((byId("tag-name") as HTMLInputElement).value).toBe("VIP"));
    await userEvent.clear(byId("tag-sort"));
    await userEvent.type(byId("tag-sort"), "7");
    await userEvent.click(byId("tag-save"));
    await waitFor(() => expect(last(calls, "tag_update")).toEqual({ id: 1, input: { tagName: "VIP", color: "#f5222d", sortOrder: 7 } }));
    await userEvent.click(await screen.findByTestId("tag-delete-1"));
    expect((await screen.findByTestId("tag-delete-body")).textContent).toBe("该标签将从 12 个客户身上移除,此操作不可恢复。");
    await userEvent.click(byId("confirm-delete"));
    await waitFor(() => expect(last(calls, "tag_delete")).toEqual({ id: 1 }));
    expect(await screen.findByText("已删除标签“VIP”,已从 12 个客户身上移除")).toBeTruthy();
  });

  it("without marketing:update and delete there is nothing to change", async () => {
    backend();
    renderPage(<Marketing />, { route: "/marketing?tab=tags", user: userWith("marketing:read", "customer:read") });
    await screen.findByTestId("tag-1");
    expect(document.getElementById("tag-new")).toBeNull();
    expect(screen.queryByTestId("tag-edit-1")).toBeNull();
    expect(screen.queryByTestId("tag-delete-1")).toBeNull();
  });
});
