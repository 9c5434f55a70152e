// Formatting and layout helpers the notebooks share: numbers in prose, shapes, figures side by
// side, a colour range that ignores a few extreme pixels. One definition each, so the six
// notebooks print numbers and lay out figures the same way.
import { DataError, fmtValue } from "../errors";
import { booleanOption, checkNumber, checkOptions, intOption, stringOption } from "../options";
import { checkTensor, type Tensor } from "../tensor";
import { escapeHtml, figureHtml } from "./html";

export interface FmtOptions {
  /** Decimals: at most this many (trailing zeros dropped), or exactly this many with `fixed`.
   *  Default 3. */
  digits?: number;
  /** Always print `digits` decimals: 12.50 rather than 12.5 (default false). */
  fixed?: boolean;
}

function numberArg(op: string, name: string, value: unknown): number {
  if (typeof value !== "number")
    throw new DataError(op, `${name} must be a number, got ${fmtValue(value)}`);
  return value;
}

/**
 * A number for prose, with thousands separators: fmt(1228800) is "1,228,800", fmt(22.7758, 1)
 * is "22.8", fmt(0.5, { digits: 2, fixed: true }) is "0.50". A number as second argument is
 * `digits`; at most 3 decimals by default, trailing zeros dropped unless `fixed`.
 */
export function fmt(value: number, options?: number | FmtOptions): string {
  const op = "fmt";
  numberArg(op, "value", value);
  const o: FmtOptions = typeof options === "number" ? { digits: options } : (options ?? {});
  checkOptions(op, o, ["digits", "fixed"]);
  const digits = intOption(op, "digits", o.digits, 0, 20) ?? 3;
  const fixed = booleanOption(op, "fixed", o.fixed) ?? false;
  return value.toLocaleString("en-US", {
    minimumFractionDigits: fixed ? digits : 0,
    maximumFractionDigits: digits,
  });
}

/**
 * A difference for a table or a sentence: "0" when exact, else exponent form with `digits`
 * decimals ("3.05e-8"), which a table's rounding to a few decimals would otherwise print as 0.
 */
export function fmtDiff(value: number, digits = 2): string {
  const op = "fmtDiff";
  numberArg(op, "value", value);
  intOption(op, "digits", digits, 0, 20);
  return value === 0 ? "0" : value.toExponential(digits);
}

/** A shape as the lesson writes it: [12, 12, 3] (or a tensor of that shape) is "12x12x3". */
export function dims(shapeOrTensor: Tensor | readonly number[]): string {
  const shape = Array.isArray(shapeOrTensor)
    ? shapeOrTensor
    : checkTensor("dims", "shapeOrTensor", shapeOrTensor).shape;
  return shape.join("x");
}

export interface FigureRowOptions {
  /** Each figure in a box this many CSS px wide, so a long caption wraps instead of widening
   *  the row. Default: each figure at its own width. */
  width?: number;
  /** A grid of this many columns (of `width`, or of each column's widest figure) instead of a
   *  row that wraps where the page ends. */
  columns?: number;
  /** A bold heading above the figures (text, escaped). */
  title?: string;
}

/** Figures (HTML strings, e.g. from imageHtml or heatmap) side by side, as one HTML string. */
export function figureRow(figures: readonly string[], options?: FigureRowOptions): string {
  const op = "figureRow";
  if (!Array.isArray(figures) || !figures.every((f) => typeof f === "string")) {
    throw new DataError(op, `figures must be an array of HTML strings, got ${fmtValue(figures)}`);
  }
  checkOptions(op, options, ["width", "columns", "title"]);
  const width = intOption(op, "width", options?.width, 1, 4096);
  const columns = intOption(op, "columns", options?.columns, 1, 64);
  const title = stringOption(op, "title", options?.title);
  const heading =
    title === undefined
      ? ""
      : `<div style="font:bold 14px system-ui,sans-serif;margin:8px 0 4px">${escapeHtml(title)}</div>`;
  const layout =
    columns === undefined
      ? "display:flex;flex-wrap:wrap;align-items:flex-start"
      : `display:grid;grid-template-columns:repeat(${columns},${width === undefined ? "max-content" : `${width}px`});` +
        "align-items:start";
  // A fixed-width box never gets wider than the page (max-width), so it does not force a scrollbar.
  const box =
    width === undefined || columns !== undefined ? "" : ` style="width:${width}px;max-width:100%"`;
  const cells = figures.map((f) => (box === "" ? f : `<div${box}>${f}</div>`)).join("");
  return `${heading}<div style="${layout};gap:8px 24px">${cells}</div>`;
}

/** Preformatted text (a model summary, a log) as a figure for figureRow: monospace, escaped, with
 *  an optional bold caption, so two summaries can stand side by side. */
export function textFigure(text: string, options?: { title?: string }): string {
  const op = "textFigure";
  if (typeof text !== "string")
    throw new DataError(op, `text must be a string, got ${fmtValue(text)}`);
  checkOptions(op, options, ["title"]);
  const title = stringOption(op, "title", options?.title);
  const pre = `<pre style="font:12px/1.35 ui-monospace,monospace;margin:0;white-space:pre">${escapeHtml(text)}</pre>`;
  return figureHtml("text", pre, title);
}

/**
 * A symmetric colour range [-m, m] with m the `quantile` of |value| (default the 99th
 * percentile), so a few extreme pixels do not wash out a signed map.
 */
export function robustRange(t: Tensor, quantile = 0.99): [number, number] {
  const op = "robustRange";
  checkTensor(op, "t", t);
  checkNumber(op, "quantile", quantile, { min: 0, max: 1 });
  const a = Array.from(t.data, Math.abs).sort((p, q) => p - q);
  const m = a[Math.floor(quantile * (a.length - 1))]!;
  return [-m, m];
}
