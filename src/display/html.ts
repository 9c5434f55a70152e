// Shared helpers for the display module: HTML escaping, number formatting, tensor/row checks and
// rendering an Observable Plot figure to an SVG string with a linkedom (server-side) document.
// Everything returns HTML strings because notebook exporters drop raw SVG outputs.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { DataError, ShapeError, fmtValue } from "../errors";
import { type Tensor, checkTensor } from "../tensor";

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Fixed-digit formatting for cell annotations; "-0.00" becomes "0.00" so signs are not noise. */
export function fmtFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Inf" : "-Inf";
  const s = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Digits for annotations: none when every value is an integer, else `fallback`. */
export function autoDigits(values: ArrayLike<number>, fallback = 2): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && !Number.isInteger(v)) return fallback;
  }
  return 0;
}

// One lazily created document serves every plot: Plot only creates detached elements in it.
let sharedDocument: NonNullable<Plot.PlotOptions["document"]> | undefined;

const SCALE_DOWN = "max-width:100%;height:auto";

interface PlotElement {
  tagName: string;
  outerHTML: string;
  children: ArrayLike<PlotElement>;
  setAttribute(name: string, value: string): void;
}

/** Renders Plot options to markup (an <svg>, or a <figure> when Plot adds a legend). */
export function renderPlot(options: Plot.PlotOptions): string {
  sharedDocument ??= parseHTML("<!DOCTYPE html><html><head></head><body></body></html>")
    .document as unknown as NonNullable<Plot.PlotOptions["document"]>;
  // Inline styles (they beat any notebook stylesheet): the SVG scales down to its container
  // instead of overflowing it, and the <figure> Plot adds around legends loses the browser's
  // default 40 px side margins and Plot's max-width:initial.
  const element = Plot.plot({ ...options, document: sharedDocument }) as unknown as PlotElement;
  if (element.tagName.toLowerCase() === "figure") {
    element.setAttribute("style", `margin:0;${SCALE_DOWN}`);
    for (const child of Array.from(element.children))
      if (child.tagName.toLowerCase() === "svg") child.setAttribute("style", SCALE_DOWN);
  } else {
    element.setAttribute("style", SCALE_DOWN);
  }
  return element.outerHTML;
}

/**
 * A self-contained <figure> with an optional caption above the body. The figure never gets wider
 * than its container (max-width:100%; min-width:0 lets it shrink in flex and grid layouts), and
 * with `bodyWidth` (the body's natural width in CSS px) a long caption wraps at that width, at
 * least CAPTION_MIN_WIDTH, instead of widening the figure.
 */
export function figureHtml(
  kind: string,
  body: string,
  title?: string,
  note?: string,
  bodyWidth?: number,
): string {
  const capWidth =
    bodyWidth === undefined
      ? ""
      : `max-width:${Math.max(CAPTION_MIN_WIDTH, Math.ceil(bodyWidth))}px;`;
  const caption =
    title === undefined && note === undefined
      ? ""
      : `<figcaption style="font:13px system-ui,sans-serif;margin:0 0 4px;${capWidth}overflow-wrap:anywhere">${
          title === undefined ? "" : `<b>${escapeHtml(title)}</b>`
        }${note === undefined ? "" : `${title === undefined ? "" : " "}<span style="color:#666">${escapeHtml(note)}</span>`}</figcaption>`;
  return `<figure class="sepconv-${kind}" style="margin:8px 0;max-width:100%;min-width:0">${caption}${body}</figure>`;
}

/** Captions wrap at the body's width, but not narrower than this (tiny kernels). */
const CAPTION_MIN_WIDTH = 160;

/**
 * Compact tick labels: 3 significant digits, exponent form below 1e-3 and from 1e5 up
 * ("1.23e-7", "2.5e6"), and a real minus sign as in Plot's axes: -0.00612 -> "−0.00612".
 */
export function fmtCompact(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Inf" : "−Inf";
  const r = Number(value.toPrecision(3));
  if (r === 0) return "0";
  let s: string;
  if (Math.abs(r) < 1e-3 || Math.abs(r) >= 1e5) {
    const [mantissa, exponent] = r.toExponential(2).split("e") as [string, string];
    s = `${mantissa.replace(/\.?0+$/, "")}e${Number(exponent)}`;
  } else {
    s = String(r);
  }
  return s.replace(/^-/, "−");
}

/** A [H,W] or [H,W,1] tensor as a 2-D matrix view (rows, cols and the shared data). */
export function matrixOf(
  op: string,
  name: string,
  value: unknown,
): { rows: number; cols: number; data: Float32Array } {
  const t: Tensor = checkTensor(op, name, value);
  const s = t.shape;
  if (!(s.length === 2 || (s.length === 3 && s[2] === 1))) {
    throw new ShapeError(op, `${name} must be [H,W] or [H,W,1]`, { [name]: s });
  }
  if (s[0]! < 1 || s[1]! < 1) throw new ShapeError(op, `${name} must not be empty`, { [name]: s });
  return { rows: s[0]!, cols: s[1]!, data: t.data };
}

/** Chart/table rows: an array of plain objects. */
export function checkRows(
  op: string,
  rows: unknown,
  allowEmpty: boolean,
): readonly Record<string, unknown>[] {
  if (!Array.isArray(rows))
    throw new DataError(op, `data must be an array of objects, got ${fmtValue(rows)}`);
  if (!allowEmpty && rows.length === 0) throw new DataError(op, "data is empty");
  rows.forEach((row: unknown, i) => {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new DataError(op, `data[${i}] must be an object, got ${fmtValue(row)}`);
    }
  });
  return rows as readonly Record<string, unknown>[];
}

/** Largest value (-Infinity when empty) without spreading into arguments, which overflows on big arrays. */
export function maxOf(values: readonly number[]): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}
