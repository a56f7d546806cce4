// ECharts, bundled locally with only what the 数据 page draws (line and bar charts, SVG renderer): about 0.5 MB
// minified instead of 1.1 MB for the full build. app-shell.tsx loads the page (and this) when 数据 is first opened.
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** The options the page's charts may use (type-checked against the registered parts only). */
export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** Draw a chart into `element` as SVG (crisp at any zoom, text readable in the page). */
export function createChart(element: HTMLElement): EChartsType {
  return init(element, undefined, { renderer: 'svg' });
}
