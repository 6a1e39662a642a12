import { act, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import DetailDrawer from "../components/DetailDrawer";
import { drawerWidth } from "./useDrawerWidth";

const setWidth = (w: number) => {
  Object.defineProperty(window, "innerWidth", { configurable: true, writable: true, value: w });
  window.dispatchEvent(new Event("resize"));
};
afterEach(() => setWidth(1024));

describe("drawer width", () => {
  it("is the asked width on a wide window and leaves a margin on a narrow one, never wider than the window", () => {
    expect(drawerWidth(980, 1280)).toBe(980);
    expect(drawerWidth(980, 1024)).toBe(976);
    expect(drawerWidth(1080, 1024)).toBe(976);
    expect(drawerWidth(520, 1024)).toBe(520);
    expect(drawerWidth(720, 400)).toBe(360);
    expect(drawerWidth(720, 300)).toBe(300);
  });

  it("a detail drawer follows the window as it is resized", async () => {
    setWidth(1280);
    render(<DetailDrawer open title="QT1" tabs={[{ key: "a", label: "A", children: "lines" }]} onClose={() => {}} width={980} />);
    const wrapper = () => document.querySelector<HTMLElement>(".ant-drawer-content-wrapper")!;
    expect(wrapper().style.width).toBe("980px");
    await act(async () => setWidth(1024));
    expect(wrapper().style.width).toBe("976px");
  });
});
