// The one ECharts wrapper. Only the chart types and components the product draws are
// imported (tree-shaken from echarts/core), rendered on canvas, so nothing needs eval or
// inline <style> (the app's CSP allows neither scripts nor styles from elsewhere).
// Options come from pure builder functions (testable without a canvas); a click on a
// series item calls `onItemClick` with the item's name, series name and data index.
import { BarChart, FunnelChart, GaugeChart, HeatmapChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { EChartsCoreOption } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  FunnelChart,
  GaugeChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartClick = { name: string; seriesName?: string; dataIndex: number };

export default function EChart({
  option,
  height = 280,
  onItemClick,
  testid,
}: {
  option: EChartsCoreOption;
  height?: number;
  onItemClick?: (e: ChartClick) => void;
  testid?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: "canvas" });
    chart.current = c;
    c.on("click", (p: unknown) => {
      const e = p as { name?: string; seriesName?: string; dataIndex?: number };
      click.current?.({ name: String(e.name ?? ""), seriesName: e.seriesName, dataIndex: e.dataIndex ?? 0 });
    });
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => c.resize());
    ro?.observe(el.current);
    return () => {
      ro?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} data-testid={testid} style={{ width: "100%", height }} />;
}
