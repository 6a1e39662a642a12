import { useQuery } from "@tanstack/react-query";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Button } from "antd";
import { describe, expect, it, vi } from "vitest";
import { ApiError, activityKeys } from "../api";
import { renderPage } from "../test/render";
import ChildTable from "./ChildTable";
import { byField } from "./sorters";

type Row = { id: number; title: string; when: string };

function Harness({
  load,
  remove,
  onCreate = () => {},
  canDelete = true,
}: {
  load: () => Promise<Row[]>;
  remove?: (r: Row) => Promise<unknown>;
  onCreate?: () => void;
  canDelete?: boolean;
}) {
  const q = useQuery({ queryKey: activityKeys.visits(7), queryFn: load });
  return (
    <ChildTable<Row>
      testid="things-tab"
      query={q}
      emptyText="还没有记录"
      create={{ id: "thing-new", label: "新建", onClick: onCreate }}
      actions={(r) => <Button size="small">编辑{r.id}</Button>}
      remove={
        canDelete ? { confirm: (r) => `删除「${r.title}」?`, run: remove ?? (() => Promise.resolve()), invalidates: ["activities"] } : null
      }
      columns={[
        { title: "标题", dataIndex: "title", sorter: byField("title") },
        { title: "时间", dataIndex: "when", sorter: byField("when") },
      ]}
    />
  );
}

const ROWS: Row[] = [
  { id: 1, title: "上门演示", when: "2030-01-02T00:00:00" },
  { id: 2, title: "电话回访", when: "2030-01-01T00:00:00" },
];

describe("ChildTable", () => {
  it("lists the rows with their actions, the new button and the empty text", async () => {
    const onCreate = vi.fn();
    renderPage(<Harness load={() => Promise.resolve(ROWS)} onCreate={onCreate} />);
    const tab = await screen.findByTestId("things-tab");
    expect(await within(tab).findByText("上门演示")).toBeTruthy();
    expect(within(tab).getByText("编辑2")).toBeTruthy();
    await userEvent.click(document.getElementById("thing-new")!);
    expect(onCreate).toHaveBeenCalled();
  });

  it("shows the empty text", async () => {
    renderPage(<Harness load={() => Promise.resolve([])} />);
    expect(await screen.findByText("还没有记录")).toBeTruthy();
  });

  it("deletes after confirmation, toasts and refreshes the area", async () => {
    const remove = vi.fn().mockResolvedValue(undefined);
    const { qc } = renderPage(<Harness load={() => Promise.resolve(ROWS)} remove={remove} />);
    const spy = vi.spyOn(qc, "invalidateQueries");
    await userEvent.click(await screen.findByTestId("things-tab-delete-2"));
    expect(await screen.findByText("删除「电话回访」?")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /确\s*定|OK/ }));
    await waitFor(() => expect(remove).toHaveBeenCalledWith(ROWS[1]));
    expect(await screen.findByText("已删除")).toBeTruthy();
    expect(spy.mock.calls.map((c) => c[0]?.queryKey)).toContainEqual(activityKeys.all);
  });

  it("a refused delete shows the backend's reason", async () => {
    const remove = vi.fn().mockRejectedValue(new ApiError({ code: "CONFLICT", message: "已有关联合同,不能删除", field: null }));
    renderPage(<Harness load={() => Promise.resolve(ROWS)} remove={remove} />);
    await userEvent.click(await screen.findByTestId("things-tab-delete-1"));
    fireEvent.click(await screen.findByRole("button", { name: /确\s*定|OK/ }));
    expect(await screen.findByText("数据冲突: 已有关联合同,不能删除")).toBeTruthy();
  });

  it("without the delete permission there is no delete link", async () => {
    renderPage(<Harness load={() => Promise.resolve(ROWS)} canDelete={false} />);
    await screen.findByText("上门演示");
    expect(screen.queryByTestId("things-tab-delete-1")).toBeNull();
  });

  it("a failed load shows the error with retry", async () => {
    const load = vi
      .fn()
      .mockRejectedValueOnce(new ApiError({ code: "DB_UNAVAILABLE", message: "连接中断", field: null }))
      .mockResolvedValue(ROWS);
    renderPage(<Harness load={load} />);
    expect(await screen.findByText("数据库不可用: 连接中断")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: /重\s*试/ }));
    expect(await screen.findByText("上门演示")).toBeTruthy();
  });
});
