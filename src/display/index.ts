// The display module: every helper returns an HTML string for tslab.display.html(...).

export {
  type BarChartOptions,
  barChart,
  type GroupedBarChartOptions,
  groupedBarChart,
  type LineChartOptions,
  lineChart,
} from "./charts";
export { type ImageGridItem, type ImageGridOptions, imageGrid } from "./grid";
export { type HeatmapOptions, heatmap, type SlidingWindowOptions, slidingWindow } from "./heatmap";
export {
  dims,
  type FigureRowOptions,
  type FmtOptions,
  figureRow,
  fmt,
  fmtDiff,
  robustRange,
  textFigure,
} from "./notebook";
export {
  type Colormap,
  type EncodePngOptions,
  encodePng,
  type ImageHtmlOptions,
  type ImageRange,
  imageHtml,
} from "./png";
export { type HtmlTableOptions, htmlTable } from "./table";
