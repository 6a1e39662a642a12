import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderPage } from "../../test/render";
import { FollowUpModal } from "./FollowUpTimeline";
import RecycleTag, { recycleColor } from "../../components/RecycleTag";

// A desktop 8 hours east of UTC: the next follow-up time must reach the backend in UTC.
beforeAll(() => {
  (globalThis as unknown as { process: { env: Record<string, string> } }).process.env.TZ = "Asia/Shanghai";
});
afterEach(() => clearMocks());

const row = (over: object) => ({
  id: 9,
  relationType: "customer",
  relationId: 7,
  relationName: "杭州远航物流有限公司",
  followType: "电话",
  content: "",
  nextFollowTime: null,
  nextContent: null,
  nextDone: false,
  createdBy: 1,
  createdByName: "管理员",
  createdAt: "2030-01-01T00:00:00",
  updatedAt: "2030-01-01T00:00:00",
  ...over,
});

async function fillAndSave(next: string) {
  await userEvent.type(document.getElementById("follow-content")!, "电话沟通了报价");
  const picker = document.getElementById("follow-next-time") as HTMLInputElement;
  await userEvent.click(picker);
  await userEvent.type(picker, next);
  // No Enter: the typed time must be taken when Save is pressed (as the end-to-end test does).
  await userEvent.click(document.getElementById("follow-save")!);
}

describe("FollowUpModal", () => {
  it("sends the relation, the default channel and the next time in UTC", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "follow_up_create") return row({ content: "电话沟通了报价" });
      return null;
    });
    renderPage(
      <FollowUpModal open target={{ relationType: "customer", relationId: 7, relationName: "杭州远航物流有限公司" }} onClose={() => {}} />,
    );
    await fillAndSave("2030-01-02 09:30");
    await waitFor(() => expect(calls.some((c) => c[0] === "follow_up_create")).toBe(true));
    const [, args] = calls.find((c) => c[0] === "follow_up_create")!;
    expect(args).toEqual({
      input: {
        relationType: "customer",
        relationId: 7,
        followType: "电话",
        content: "电话沟通了报价",
        nextFollowTime: "2030-01-02T01:30:00",
        nextContent: null,
      },
    });
  });

  it("takes a typed time with seconds and Enter (as the end-to-end test types it)", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === "follow_up_create" ? row({}) : null;
    });
    renderPage(<FollowUpModal open target={{ relationType: "lead", relationId: 3 }} onClose={() => {}} />);
    await userEvent.type(document.getElementById("follow-content")!, "约了下周面谈");
    const picker = document.getElementById("follow-next-time") as HTMLInputElement;
    await userEvent.click(picker);
    await userEvent.type(picker, "2030-01-02 10:00:00{Enter}");
    // Enter takes the time and closes the calendar, so it cannot cover the Save button.
    await waitFor(() => expect(document.querySelector(".ant-picker-dropdown:not(.ant-picker-dropdown-hidden)")).toBeNull());
    await userEvent.click(document.getElementById("follow-save")!);
    await waitFor(() => expect(calls.some((c) => c[0] === "follow_up_create")).toBe(true));
    const input = (calls.find((c) => c[0] === "follow_up_create")![1] as { input: { nextFollowTime: string; relationType: string } }).input;
    expect(input.nextFollowTime).toBe("2030-01-02T02:00:00");
    expect(input.relationType).toBe("lead");
  });

  it("shows the backend's refusal on the field it names and keeps the input", async () => {
    mockIPC((cmd) => {
      if (cmd === "follow_up_create") throw { code: "VALIDATION", message: "下次跟进时间不能早于现在", field: "nextFollowTime" };
      return null;
    });
    renderPage(<FollowUpModal open target={{ relationType: "lead", relationId: 3 }} onClose={() => {}} />);
    await fillAndSave("2030-01-02 09:30");
    const err = await screen.findByText("下次跟进时间不能早于现在");
    expect(err.closest(".ant-form-item-explain-error")).toBeTruthy();
    expect((document.getElementById("follow-content") as HTMLTextAreaElement).value).toBe("电话沟通了报价");
  });

  it("requires the content before calling the backend", async () => {
    const cmds: string[] = [];
    mockIPC((cmd) => {
      cmds.push(cmd);
      return null;
    });
    renderPage(<FollowUpModal open target={{ relationType: "lead", relationId: 3 }} onClose={() => {}} />);
    await userEvent.click(document.getElementById("follow-save")!);
    expect(await screen.findByText("请填写跟进内容")).toBeTruthy();
    expect(cmds).not.toContain("follow_up_create");
  });
});

describe("RecycleTag", () => {
  it("colours by urgency", () => {
    expect([0, 3, 4, 7, 8, 30].map(recycleColor)).toEqual(["red", "red", "orange", "orange", "default", "default"]);
  });

  it("renders today, N days, and nothing for customers never recycled", () => {
    renderPage(
      <div>
        <span data-testid="a">
          <RecycleTag days={0} />
        </span>
        <span data-testid="b">
          <RecycleTag days={2} />
        </span>
        <span data-testid="c">
          <RecycleTag days={6} />
        </span>
        <span data-testid="d">
          <RecycleTag days={25} />
        </span>
        <span data-testid="e">
          <RecycleTag days={null} />
        </span>
      </div>,
    );
    const tag = (id: string) => screen.getByTestId(id).firstElementChild as HTMLElement;
    expect(tag("a").textContent).toBe("今日回收");
    expect(tag("a").dataset.color).toBe("red");
    expect(tag("a").className).toMatch(/red/);
    expect(tag("b").textContent).toBe("2 天后回收");
    expect(tag("b").dataset.color).toBe("red");
    expect(tag("c").textContent).toBe("6 天后回收");
    expect(tag("c").dataset.color).toBe("orange");
    expect(tag("c").className).toMatch(/orange/);
    expect(tag("d").dataset.color).toBe("default");
    expect(tag("d").className).not.toMatch(/red|orange/);
    expect(tag("e").textContent).toBe("-");
    expect(screen.getByTestId("e").querySelector(".ant-tag")).toBeNull();
  });
});
