// Kernels and small feature maps as annotated heatmaps, and cross-correlation as a sliding
// window. Drawn with Observable Plot (cell/rect + text marks) and returned as HTML.
import * as Plot from "@observablehq/plot";
import { OptionError, ShapeError, fmtShape } from "../errors";
import {
  booleanOption,
  checkOptions,
  choiceOption,
  failOption,
  intOption,
  isInterval,
  stringOption,
} from "../options";
import { pick } from "../i18n";
import type { Tensor } from "../tensor";
import { divergingScale } from "./colors";
import {
  autoDigits,
  escapeHtml,
  figureHtml,
  fmtCompact,
  fmtFixed,
  matrixOf,
  maxOf,
  renderPlot,
} from "./html";

export interface HeatmapOptions {
  title?: string;
  /** Print values in the cells; default true when H*W <= 100. */
  annotate?: boolean;
  /** Decimals of the annotations; default 0 for all-integer tensors, else 2. */
  digits?: number;
  /**
   * Default "diverging" (centred at 0) when the values (or the `domain`) have both signs,
   * else "sequential".
   */
  scheme?: "diverging" | "sequential";
  /** Cell side in pixels. */
  cellSize?: number;
  /**
   * Fixed colour range [min, max]; values outside it get the end colours. Give several
   * heatmaps the same domain (and scheme) to compare them on one scale, e.g.
   * `domain: [-m, m]` with m the largest |value| over a row of kernels. Default: the data's
   * own range, symmetric [-m, m] for "diverging" so 0 is white. A diverging domain is used as
   * given, so its midpoint is white: keep it symmetric to keep 0 white.
   */
  domain?: readonly [number, number];
  /** Show the colour bar under the heatmap; default true when the cells are not annotated. */
  legend?: boolean;
}

interface Cell {
  row: number;
  col: number;
  v: number;
  label: string;
  ink: string;
}

const NAN_COLOR = "magenta"; // as in encodePng: a missing value must not look like a small one
// One SVG rect per value: past this, the HTML gets large and imageHtml (a PNG) is the right tool.
const MAX_CELLS = 4096;

/** A heatmap of a [H,W] or [H,W,1] tensor: row 0 at the top, column 0 at the left. */
export function heatmap(t: Tensor, options?: HeatmapOptions): string {
  const op = "heatmap";
  const { rows, cols, data } = matrixOf(op, "tensor", t);
  if (rows * cols > MAX_CELLS) {
    throw new ShapeError(
      op,
      `${rows * cols} values are too many for a heatmap (at most ${MAX_CELLS}, e.g. 64x64); use imageHtml`,
      { tensor: t.shape },
    );
  }
  checkOptions(op, options, [
    "title",
    "annotate",
    "digits",
    "scheme",
    "cellSize",
    "domain",
    "legend",
  ]);
  const title = stringOption(op, "title", options?.title);
  const annotate = booleanOption(op, "annotate", options?.annotate) ?? rows * cols <= 100;
  const showLegend = booleanOption(op, "legend", options?.legend) ?? !annotate;
  const digits = intOption(op, "digits", options?.digits, 0, 10) ?? autoDigits(data);
  const fixed = domainOption(op, options?.domain);
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    if (!Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (min > max) {
    min = 0;
    max = 0;
  }
  // With a fixed domain the scheme follows the domain, not the data, so heatmaps that share a
  // domain also share a scheme (an all-positive kernel in a row of mixed ones stays diverging).
  const [lo, hi] = fixed ?? [min, max];
  const scheme =
    choiceOption(op, "scheme", options?.scheme, ["diverging", "sequential"] as const) ??
    (lo < 0 && hi > 0 ? "diverging" : "sequential");
  // Default diverging: symmetric domain so 0 is white; sequential: min..max (widened if constant).
  const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
  const domain: [number, number] = fixed
    ? [fixed[0], fixed[1]]
    : scheme === "diverging"
      ? [-m, m]
      : min < max
        ? [min, max]
        : [min - 1, max + 1];
  const color: Plot.ScaleOptions =
    scheme === "diverging"
      ? divergingScale(domain)
      : { type: "linear", domain, scheme: "blues", clamp: true };
  const cells: Cell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c]!;
      // Dark cells (far from the light end of the scheme) get white text.
      const t = Math.min(1, Math.max(0, (v - domain[0]) / (domain[1] - domain[0])));
      const pos = scheme === "diverging" ? Math.abs(t - 0.5) * 2 : t;
      cells.push({
        row: r,
        col: c,
        v,
        label: fmtFixed(v, digits),
        ink: pos > 0.6 ? "white" : "black",
      });
    }
  }
  const widest = maxOf(cells.map((d) => d.label.length));
  const cell =
    intOption(op, "cellSize", options?.cellSize, 1, 200) ??
    (annotate
      ? Math.max(36, widest * 7 + 10)
      : Math.min(24, Math.max(4, Math.floor(320 / Math.max(rows, cols)))));
  const margin = { top: 32, right: 8, bottom: 8, left: 40 };
  const ticks = (n: number): number[] => {
    const step = Math.ceil(n / 10);
    return Array.from({ length: n }, (_, i) => i).filter((i) => i % step === 0);
  };
  const nan = cells.filter((d) => Number.isNaN(d.v));
  const width = margin.left + margin.right + cols * cell;
  const svg = renderPlot({
    width,
    height: margin.top + margin.bottom + rows * cell,
    marginTop: margin.top,
    marginRight: margin.right,
    marginBottom: margin.bottom,
    marginLeft: margin.left,
    x: {
      domain: Array.from({ length: cols }, (_, i) => i),
      ticks: ticks(cols),
      axis: "top",
      label: pick({ en: "col", zh: "列" }),
      padding: 0,
    },
    y: {
      domain: Array.from({ length: rows }, (_, i) => i),
      ticks: ticks(rows),
      label: pick({ en: "row", zh: "行" }),
      padding: 0,
    },
    color,
    marks: [
      Plot.cell(cells, { x: "col", y: "row", fill: "v", inset: 0.5 }),
      Plot.cell(nan, { x: "col", y: "row", fill: NAN_COLOR, inset: 0.5 }),
      annotate
        ? Plot.text(cells, {
            x: "col",
            y: "row",
            text: "label",
            fill: { value: "ink", scale: null },
          })
        : null,
    ],
  });
  const legend = showLegend ? legendStrip(domain, color) : null;
  const range = `${fmtCompact(domain[0])}..${fmtCompact(domain[1])}`;
  const note = pick({
    en: `${fmtShape(t.shape)}, ${scheme} colours${fixed ? `, scale ${range}` : ""}`,
    zh: `${fmtShape(t.shape)}，${scheme === "diverging" ? "发散" : "顺序"}色阶${fixed ? `，范围 ${range}` : ""}`,
  });
  return figureHtml(
    "heatmap",
    svg + (legend?.html ?? ""),
    title,
    note,
    Math.max(width, legend?.width ?? 0),
  );
}

function domainOption(op: string, value: unknown): readonly [number, number] | undefined {
  if (value === undefined) return undefined;
  if (!isInterval(value)) failOption(op, "domain", value, "[min, max] with finite min < max");
  return value;
}

/** Inner width of the colour bar: fixed, so labels never crowd on a small heatmap. */
const LEGEND_WIDTH = 200;
/** Rough width of one character of a 10 px tick label. */
const CHAR_PX = 6;

/**
 * Colour-bar ticks: the two ends, plus 0 when it lies inside and its label has room between
 * theirs (in a bar `width` px wide).
 */
export function legendTicks(domain: readonly [number, number], width = LEGEND_WIDTH): number[] {
  const [a, b] = domain;
  if (!(a < 0 && b > 0)) return [a, b];
  const x0 = ((0 - a) / (b - a)) * width;
  const half = (v: number): number => (fmtCompact(v).length * CHAR_PX) / 2;
  const room = (end: number, distance: number): boolean => distance >= half(end) + half(0) + 8;
  return room(a, x0) && room(b, width - x0) ? [a, 0, b] : [a, b];
}

/**
 * A colour bar drawn as 64 rects (Plot's own ramp legend needs a canvas, absent server-side),
 * LEGEND_WIDTH px wide whatever the heatmap's size, with compact labels at the ends (and 0).
 */
function legendStrip(
  domain: [number, number],
  color: Plot.ScaleOptions,
): { html: string; width: number } {
  const n = 64;
  const [a, b] = domain;
  const steps = Array.from({ length: n }, (_, i) => ({
    x1: a + ((b - a) * i) / n,
    x2: a + ((b - a) * (i + 1)) / n,
    v: a + ((b - a) * (i + 0.5)) / n,
  }));
  const ticks = legendTicks(domain);
  // End labels are centred on the ends: the margins hold their overhanging halves.
  const overhang = (v: number): number =>
    Math.max(12, Math.ceil((fmtCompact(v).length * CHAR_PX) / 2) + 4);
  const marginLeft = overhang(a);
  const marginRight = overhang(b);
  const width = marginLeft + LEGEND_WIDTH + marginRight;
  const html = renderPlot({
    width,
    height: 36,
    marginTop: 4,
    marginBottom: 20,
    marginLeft,
    marginRight,
    x: { domain, ticks, tickFormat: fmtCompact, label: null },
    y: { axis: null },
    color,
    marks: [Plot.rectX(steps, { x1: "x1", x2: "x2", fill: "v" })],
  });
  return { html, width };
}

export interface SlidingWindowOptions {
  /** Output row and column of the current window (its top-left input cell is row*stride, col*stride). */
  row: number;
  col: number;
  stride?: number;
  title?: string;
  /** Decimals of the input and kernel annotations; default 0 for integers, else 2. */
  digits?: number;
  /** Output cells to fill: those up to the current one in raster order (default), or all. */
  show?: "progress" | "all";
}

interface GridCell {
  r: number;
  c: number;
  label: string;
  fill: string;
}

/**
 * One step of 2-D cross-correlation (no kernel flip, "valid" padding): the input with the
 * window outlined, the kernel, and the output with the current cell and its value, which is
 * computed here as the sum of products of the window and the kernel.
 */
export function slidingWindow(
  input: Tensor,
  kernel: Tensor,
  options: SlidingWindowOptions,
): string {
  const op = "slidingWindow";
  const x = matrixOf(op, "input", input);
  const k = matrixOf(op, "kernel", kernel);
  if (x.rows * x.cols > MAX_CELLS) {
    throw new ShapeError(
      op,
      `the input has ${x.rows * x.cols} values, too many to draw (at most ${MAX_CELLS}, e.g. 64x64)`,
      { input: input.shape },
    );
  }
  if (k.rows > x.rows || k.cols > x.cols) {
    throw new ShapeError(op, "the kernel is larger than the input", {
      input: input.shape,
      kernel: kernel.shape,
    });
  }
  if (options === undefined)
    throw new OptionError(op, "options", options, "options { row, col } are required");
  checkOptions(op, options, ["row", "col", "stride", "title", "digits", "show"]);
  const stride = intOption(op, "stride", options.stride, 1, Math.max(x.rows, x.cols)) ?? 1;
  const outRows = Math.floor((x.rows - k.rows) / stride) + 1;
  const outCols = Math.floor((x.cols - k.cols) / stride) + 1;
  const place = (
    name: "row" | "col",
    value: unknown,
    count: number,
    size: number,
    kSize: number,
  ): number => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value >= count) {
      const start =
        typeof value === "number" && Number.isInteger(value)
          ? ` (input ${name}s ${value * stride}..${value * stride + kSize - 1})`
          : "";
      throw new OptionError(
        op,
        name,
        value,
        `the window at output ${name} ${String(value)}${start} does not fit the ${size}-${name} input with stride ${stride}; ${name} must be an integer from 0 to ${count - 1}`,
      );
    }
    return value;
  };
  const row = place("row", options.row, outRows, x.rows, k.rows);
  const col = place("col", options.col, outCols, x.cols, k.cols);
  const title = stringOption(op, "title", options.title);
  const show = choiceOption(op, "show", options.show, ["progress", "all"] as const) ?? "progress";
  const digits =
    intOption(op, "digits", options.digits, 0, 10) ?? autoDigits([...x.data, ...k.data]);
  const outDigits = options.digits !== undefined ? digits : digits === 0 ? 0 : 3;

  // The definition: out[i][j] = sum_{u,v} x[i*s+u][j*s+v] * k[u][v], accumulated in float64.
  const at = (i: number, j: number): number => {
    let sum = 0;
    for (let u = 0; u < k.rows; u++)
      for (let v = 0; v < k.cols; v++)
        sum += x.data[(i * stride + u) * x.cols + j * stride + v]! * k.data[u * k.cols + v]!;
    return sum;
  };
  const value = at(row, col);
  const r0 = row * stride;
  const c0 = col * stride;
  const inWindow = (r: number, c: number): boolean =>
    r >= r0 && r < r0 + k.rows && c >= c0 && c < c0 + k.cols;
  const inputCells = gridCells(x.rows, x.cols, (r, c) => [
    fmtFixed(x.data[r * x.cols + c]!, digits),
    inWindow(r, c) ? "#fff3c4" : "white",
  ]);
  const kernelCells = gridCells(k.rows, k.cols, (r, c) => [
    fmtFixed(k.data[r * k.cols + c]!, digits),
    "#dbeafe",
  ]);
  const current = row * outCols + col;
  const outputCells = gridCells(outRows, outCols, (r, c) => {
    const idx = r * outCols + c;
    if (idx === current) return [fmtFixed(value, outDigits), "#fde68a"];
    return show === "all" || idx < current
      ? [fmtFixed(at(r, c), outDigits), "white"]
      : ["", "#f3f3f3"];
  });
  const window = { r: r0, c: c0, h: k.rows, w: k.cols };
  const panel = (label: string, body: string): string =>
    // min-width:0 lets a panel wider than the page shrink (its SVG scales down) instead of overflowing.
    `<div style="min-width:0;max-width:100%"><div style="font:12px system-ui,sans-serif;color:#444;margin-bottom:2px">${escapeHtml(label)}</div>${body}</div>`;
  const op2 = (s: string): string =>
    `<div style="font:24px system-ui,sans-serif;padding:0 4px">${s}</div>`;
  // On a narrow page the panels wrap; each operator stays on the line of the panel it precedes.
  const operand = (sign: string, p: string): string =>
    `<div style="display:flex;align-items:center;gap:8px;min-width:0;max-width:100%">${op2(sign)}${p}</div>`;
  const body =
    `<div style="display:flex;align-items:center;gap:8px;flex-wrap:wrap">` +
    panel(
      `${pick({ en: "input", zh: "输入" })} ${x.rows}×${x.cols}`,
      gridPanel(x.rows, x.cols, inputCells, window),
    ) +
    operand(
      "⋆",
      panel(
        `${pick({ en: "kernel", zh: "卷积核" })} ${k.rows}×${k.cols}`,
        gridPanel(k.rows, k.cols, kernelCells, null),
      ),
    ) +
    operand(
      "=",
      panel(
        `${pick({ en: "output", zh: "输出" })} ${outRows}×${outCols}`,
        gridPanel(outRows, outCols, outputCells, { r: row, c: col, h: 1, w: 1 }),
      ),
    ) +
    `</div>`;
  const [r1, c1] = [r0 + k.rows - 1, c0 + k.cols - 1];
  const note = pick({
    en: `stride ${stride}, window at input rows ${r0}..${r1}, cols ${c0}..${c1}`,
    zh: `步幅 ${stride}，窗口位于输入的第 ${r0}..${r1} 行、第 ${c0}..${c1} 列`,
  });
  return figureHtml(
    "sliding-window",
    body + caption(x, k, r0, c0, row, col, value, digits, outDigits),
    title ?? pick({ en: "Cross-correlation, one window", zh: "互相关：一个窗口" }),
    note,
  );
}

/** "output[i, j] = a×b + ... = value"; the products are listed only for kernels up to 5×5. */
function caption(
  x: { cols: number; data: Float32Array },
  k: { rows: number; cols: number; data: Float32Array },
  r0: number,
  c0: number,
  row: number,
  col: number,
  value: number,
  digits: number,
  outDigits: number,
): string {
  const paren = (v: number): string => (v < 0 ? `(${fmtFixed(v, digits)})` : fmtFixed(v, digits));
  const terms: string[] = [];
  if (k.rows * k.cols <= 25) {
    for (let u = 0; u < k.rows; u++) {
      for (let v = 0; v < k.cols; v++)
        terms.push(
          `${paren(x.data[(r0 + u) * x.cols + c0 + v]!)}×${paren(k.data[u * k.cols + v]!)}`,
        );
    }
  }
  const sum =
    terms.length > 0
      ? `${terms.join(" + ")} = `
      : pick({ en: "sum of window × kernel = ", zh: "窗口 × 卷积核之和 = " });
  const text = `output[${row}, ${col}] = ${sum}${fmtFixed(value, outDigits)}`;
  return `<div class="sepconv-sum" data-value="${value}" style="font:13px ui-monospace,monospace;margin-top:6px;overflow-wrap:anywhere">${escapeHtml(text)}</div>`;
}

function gridCells(
  rows: number,
  cols: number,
  f: (r: number, c: number) => [string, string],
): GridCell[] {
  const out: GridCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [label, fill] = f(r, c);
      out.push({ r, c, label, fill });
    }
  }
  return out;
}

/** A grid on linear scales (so a window is a plain rect): cells, labels and an optional outline. */
function gridPanel(
  rows: number,
  cols: number,
  cells: GridCell[],
  outline: { r: number; c: number; h: number; w: number } | null,
): string {
  const widest = Math.max(1, maxOf(cells.map((d) => d.label.length)));
  const annotate = rows * cols <= 400;
  const cell = annotate
    ? Math.max(30, widest * 7 + 8)
    : Math.max(6, Math.floor(360 / Math.max(rows, cols)));
  const pad = 3; // room for the outline's stroke
  return renderPlot({
    width: cols * cell + 2 * pad,
    height: rows * cell + 2 * pad,
    margin: pad,
    x: { domain: [0, cols], axis: null },
    y: { domain: [0, rows], axis: null, reverse: true },
    color: { type: "identity" },
    marks: [
      Plot.rect(cells, {
        x1: "c",
        x2: (d: GridCell) => d.c + 1,
        y1: "r",
        y2: (d: GridCell) => d.r + 1,
        fill: "fill",
        stroke: "#bbb",
      }),
      annotate
        ? Plot.text(cells, {
            x: (d: GridCell) => d.c + 0.5,
            y: (d: GridCell) => d.r + 0.5,
            text: "label",
            fontSize: 11,
          })
        : null,
      outline
        ? Plot.rect([outline], {
            x1: "c",
            x2: (d: typeof outline) => d.c + d.w,
            y1: "r",
            y2: (d: typeof outline) => d.r + d.h,
            fill: "none",
            stroke: "#d62728",
            strokeWidth: 3,
          })
        : null,
    ],
  });
}
