// Bar and line charts for cost comparisons (multiplications, parameters per layer), drawn with
// Observable Plot server-side and returned as a <figure> with the SVG inline.
import * as Plot from "@observablehq/plot";
import { DataError, fmtValue, OptionError } from "../errors";
import {
  booleanOption,
  checkOptions,
  choiceOption,
  failOption,
  intOption,
  stringOption,
} from "../options";
import { checkRows, figureHtml, fmtCompact, maxOf, renderPlot } from "./html";
import { fmt } from "./notebook";

type Rows = readonly Record<string, unknown>[];

interface Common {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logY?: boolean;
  width?: number;
  height?: number;
}

export interface BarChartOptions extends Common {
  /** Category field (one bar per row; categories keep their order in the data). */
  x: string;
  /** Numeric value field. */
  y: string;
  /** Optional field coloured by category, with a legend. */
  fill?: string;
  horizontal?: boolean;
  /** Print each bar's value; default true for up to 16 bars. */
  labels?: boolean;
}

export interface LineChartOptions extends Common {
  x: string;
  y: string;
  /** Series field: one line per distinct value, with a legend. */
  z?: string;
  logX?: boolean;
  marks?: "line" | "line+dot";
  /** Field printed next to each point (e.g. the network's name), for scatter-like charts. */
  label?: string;
  /** The y axis' range [min, max] instead of the data's, e.g. so that two charts share a scale. */
  yDomain?: readonly [number, number];
}

export interface GroupedBarChartOptions extends Common {
  /** Group field (one cluster of bars per value, e.g. the layer). */
  x: string;
  y: string;
  /** Series field (one bar per value inside each group, e.g. "standard" / "separable"). */
  series: string;
  labels?: boolean;
}

const COMMON = ["title", "xLabel", "yLabel", "logY", "width", "height"];
const BAR_COLOR = "#4269d0";

/** One bar per row: x is the category, y the value. */
export function barChart(data: Rows, options: BarChartOptions): string {
  const op = "barChart";
  const rows = checkRows(op, data, false);
  checkOptions(op, required(op, options), [...COMMON, "x", "y", "fill", "horizontal", "labels"]);
  const x = field(op, "x", options.x, rows);
  const y = field(op, "y", options.y, rows);
  const fill = options.fill === undefined ? undefined : field(op, "fill", options.fill, rows);
  const c = common(op, options, rows, y);
  const horizontal = booleanOption(op, "horizontal", options.horizontal) ?? false;
  const cats = distinct(rows, x);
  const labels =
    booleanOption(op, "labels", options.labels) ??
    (rows.length <= 16 && cats.length === rows.length);
  const longest = maxOf(cats.map((v) => String(v).length));
  const valueScale = {
    label: c.yLabel ?? y,
    grid: true,
    ...(c.logY ? LOG : {}),
    ...(labels && !c.logY ? { nice: true, insetTop: horizontal ? 0 : 14 } : {}),
  };
  const rot = horizontal
    ? { scale: {}, marginBottom: undefined }
    : rotation(cats.length, longest, c.width);
  const catScale = { ...rot.scale, domain: cats, label: c.xLabel ?? x };
  const fillSpec = fill === undefined ? BAR_COLOR : fill;
  const text = (d: Record<string, unknown>): string => fmtNumber(d[y] as number);
  const marks = horizontal
    ? [
        Plot.barX(rows, { y: x, x1: c.base, x2: y, fill: fillSpec }),
        labels ? Plot.text(rows, { y: x, x: y, text, textAnchor: "start", dx: 4 }) : null,
      ]
    : [
        Plot.barY(rows, { x, y1: c.base, y2: y, fill: fillSpec }),
        labels ? Plot.text(rows, { x, y, text, dy: -7 }) : null,
      ];
  const svg = renderPlot({
    width: c.width,
    height: c.height ?? (horizontal ? Math.max(120, 60 + 28 * cats.length) : 360),
    marginLeft: horizontal ? Math.min(240, longest * 6 + 20) : c.marginLeft,
    ...(horizontal ? { marginRight: labels ? 70 : 20 } : {}),
    ...(rot.marginBottom === undefined ? {} : { marginBottom: rot.marginBottom }),
    x: horizontal ? valueScale : catScale,
    y: horizontal ? catScale : valueScale,
    ...(fill === undefined ? {} : { color: { domain: distinct(rows, fill), legend: true } }),
    marks,
  });
  return figureHtml("chart", svg, c.title, undefined, c.width);
}

/** Lines through (x, y) in data order, one per series value of z. */
export function lineChart(data: Rows, options: LineChartOptions): string {
  const op = "lineChart";
  const rows = checkRows(op, data, false);
  checkOptions(op, required(op, options), [
    ...COMMON,
    "x",
    "y",
    "z",
    "logX",
    "marks",
    "label",
    "yDomain",
  ]);
  const x = field(op, "x", options.x, rows);
  const y = field(op, "y", options.y, rows);
  const z = options.z === undefined ? undefined : field(op, "z", options.z, rows);
  const label = options.label === undefined ? undefined : field(op, "label", options.label, rows);
  const c = common(op, options, rows, y);
  const yDomain =
    options.yDomain === undefined ? undefined : domainOption(op, options.yDomain, c.logY);
  const logX = booleanOption(op, "logX", options.logX) ?? false;
  const dots =
    (choiceOption(op, "marks", options.marks, ["line", "line+dot"] as const) ?? "line+dot") ===
    "line+dot";
  const numericX = rows.every((r) => typeof r[x] === "number" && Number.isFinite(r[x]));
  if (logX) numbers(op, rows, x, true);
  const stroke = z ?? BAR_COLOR;
  // Categorical x (layer names...): rotate the labels when they would run into each other.
  const cats = logX || numericX ? [] : distinct(rows, x);
  const rot =
    cats.length === 0
      ? { scale: {}, marginBottom: undefined }
      : rotation(cats.length, maxOf(cats.map((v) => String(v).length)), c.width);
  const svg = renderPlot({
    width: c.width,
    height: c.height ?? 360,
    marginLeft: c.marginLeft,
    // Room on the right for the labels of the last points.
    ...(label === undefined
      ? {}
      : { marginRight: Math.min(240, 12 + 6 * maxOf(rows.map((r) => String(r[label]).length))) }),
    ...(rot.marginBottom === undefined ? {} : { marginBottom: rot.marginBottom }),
    x: {
      label: c.xLabel ?? x,
      ...(logX ? LOG : numericX ? {} : { ...rot.scale, type: "point" as const, domain: cats }),
    },
    y: {
      label: c.yLabel ?? y,
      grid: true,
      ...(c.logY ? LOG : {}),
      ...(yDomain === undefined ? {} : { domain: yDomain }),
    },
    ...(z === undefined ? {} : { color: { domain: distinct(rows, z), legend: true } }),
    marks: [
      Plot.line(rows, { x, y, ...(z === undefined ? {} : { z }), stroke, strokeWidth: 2 }),
      dots ? Plot.dot(rows, { x, y, fill: stroke, r: 3 }) : null,
      label === undefined
        ? null
        : Plot.text(rows, {
            x,
            y,
            text: (d: Record<string, unknown>) => String(d[label]),
            textAnchor: "start",
            dx: 6,
            dy: -6,
            fontSize: 10,
          }),
    ],
  });
  return figureHtml("chart", svg, c.title, undefined, c.width);
}

/** Bars clustered by group (x) with one coloured bar per series, e.g. standard vs separable per layer. */
export function groupedBarChart(data: Rows, options: GroupedBarChartOptions): string {
  const op = "groupedBarChart";
  const rows = checkRows(op, data, false);
  checkOptions(op, required(op, options), [...COMMON, "x", "y", "series", "labels"]);
  const x = field(op, "x", options.x, rows);
  const y = field(op, "y", options.y, rows);
  const series = field(op, "series", options.series, rows);
  const c = common(op, options, rows, y);
  const groups = distinct(rows, x);
  const names = distinct(rows, series);
  const labels = booleanOption(op, "labels", options.labels) ?? rows.length <= 12;
  const longest = maxOf(groups.map((v) => String(v).length));
  const rot = rotation(groups.length, longest, c.width);
  const svg = renderPlot({
    width: c.width,
    height: c.height ?? 380,
    marginLeft: c.marginLeft,
    ...(rot.marginBottom === undefined ? {} : { marginBottom: rot.marginBottom }),
    fx: { ...rot.scale, domain: groups, label: c.xLabel ?? x, padding: 0.15 },
    x: { axis: null, domain: names, padding: 0.05 },
    y: {
      label: c.yLabel ?? y,
      grid: true,
      ...(c.logY ? LOG : { nice: true, ...(labels ? { insetTop: 14 } : {}) }),
    },
    color: { domain: names, legend: true },
    marks: [
      Plot.barY(rows, { fx: x, x: series, y1: c.base, y2: y, fill: series }),
      labels
        ? Plot.text(rows, {
            fx: x,
            x: series,
            y,
            text: (d: Record<string, unknown>) => fmtNumber(d[y] as number),
            dy: -7,
            fontSize: 9,
          })
        : null,
    ],
  });
  return figureHtml("chart", svg, c.title, undefined, c.width);
}

/** en-US grouping, at most 3 decimals: 1228800 -> "1,228,800"; tiny values in exponent form (3.6e-8), never "0". */
export function fmtNumber(v: number): string {
  if (v !== 0 && Number.isFinite(v) && Math.abs(v) < 1e-3) return fmtCompact(v);
  return fmt(v);
}

/** Log-axis ticks as plain numbers (0.4, 100, 1e6), not SI prefixes ("400m" reads like millions). */
const LOG = { type: "log" as const, tickFormat: (v: number) => fmtCompact(v) };

/** A [min, max] axis range of finite numbers, min < max (both > 0 on a log axis). */
function domainOption(op: string, value: unknown, log: boolean): [number, number] {
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === "number" && Number.isFinite(v) && (!log || v > 0)) &&
    value[0] < value[1];
  if (!ok)
    failOption(
      op,
      "yDomain",
      value,
      `a pair [min, max] of finite numbers with min < max${log ? ", both > 0 (log scale)" : ""}`,
    );
  return [value[0], value[1]];
}

function required<T>(op: string, options: T): T {
  if (options === undefined || options === null)
    throw new OptionError(op, "options", options, "options { x, y } are required");
  return options;
}

/** A field name that every row has. */
function field(op: string, name: string, value: unknown, rows: Rows): string {
  if (typeof value !== "string" || value === "")
    failOption(op, name, value, "the name of a field in the data");
  const missing = rows.findIndex((r) => !Object.hasOwn(r, value));
  if (missing >= 0) {
    const known = Object.keys(rows[missing]!).join(", ") || "none";
    throw new OptionError(
      op,
      name,
      value,
      `${name} field "${value}" is missing from data[${missing}] (its fields: ${known})`,
    );
  }
  return value;
}

function numbers(op: string, rows: Rows, name: string, positive: boolean): number[] {
  return rows.map((r, i) => {
    const v = r[name];
    if (typeof v !== "number" || !Number.isFinite(v) || (positive && v <= 0)) {
      const need = positive ? "a number > 0 (log scale)" : "a finite number";
      throw new DataError(op, `data[${i}].${name} must be ${need}, got ${fmtValue(v)}`);
    }
    return v;
  });
}

/** Options shared by the charts, plus the bar base (a power of ten below the data on log scales). */
function common(op: string, o: Common, rows: Rows, y: string) {
  const logY = booleanOption(op, "logY", o.logY) ?? false;
  const ys = numbers(op, rows, y, logY);
  const min = -maxOf(ys.map((v) => -v));
  const base = logY ? 10 ** Math.floor(Math.log10(min)) : 0;
  const widest = maxOf(ys.map((v) => fmtNumber(v).length));
  return {
    logY,
    base,
    title: stringOption(op, "title", o.title),
    xLabel: stringOption(op, "xLabel", o.xLabel),
    yLabel: stringOption(op, "yLabel", o.yLabel),
    width: intOption(op, "width", o.width, 100, 4000) ?? 640,
    height: intOption(op, "height", o.height, 60, 4000),
    marginLeft: Math.max(40, widest * 6 + 14), // room for "1,228,800"-style ticks
  };
}

function distinct(rows: Rows, name: string): unknown[] {
  return [...new Set(rows.map((r) => r[name]))];
}

/** Rotates category labels that would overlap. */
function rotation(count: number, longest: number, width: number | undefined) {
  const band = ((width ?? 640) - 60) / Math.max(1, count);
  if (longest * 6 <= band) return { scale: {}, marginBottom: undefined };
  return { scale: { tickRotate: -40 }, marginBottom: Math.min(160, 30 + longest * 5) };
}
