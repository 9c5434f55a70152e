// The display module: every helper returns an HTML string for tslab.display.html(...).
export { encodePng, imageHtml, type EncodePngOptions, type ImageHtmlOptions, type ImageRange, type Colormap } from "./png";
export { imageGrid, type ImageGridItem, type ImageGridOptions } from "./grid";
export { heatmap, slidingWindow, type HeatmapOptions, type SlidingWindowOptions } from "./heatmap";
export { barChart, lineChart, groupedBarChart, type BarChartOptions, type LineChartOptions, type GroupedBarChartOptions } from "./charts";
export { htmlTable, type HtmlTableOptions } from "./table";
export { fmt, fmtDiff, dims, figureRow, robustRange, type FmtOptions, type FigureRowOptions } from "./notebook";
