// Shared helpers for the display module: HTML escaping, number formatting, argument checks and
// rendering an Observable Plot figure to an SVG string with a linkedom (server-side) document.
// Everything returns HTML strings because notebook exporters drop raw SVG outputs.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { DataError, OptionError, ShapeError, fmtValue } from "../errors";
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

/** Renders Plot options to markup (an <svg>, or a <figure> when Plot adds a legend). */
export function renderPlot(options: Plot.PlotOptions): string {
  sharedDocument ??= parseHTML("<!DOCTYPE html><html><head></head><body></body></html>")
    .document as unknown as NonNullable<Plot.PlotOptions["document"]>;
  const element = Plot.plot({ ...options, document: sharedDocument }) as unknown as { outerHTML: string };
  return element.outerHTML;
}

/** A self-contained <figure> with an optional caption above the body. */
export function figureHtml(kind: string, body: string, title?: string, note?: string): string {
  const caption =
    title === undefined && note === undefined
      ? ""
      : `<figcaption style="font:13px system-ui,sans-serif;margin:0 0 4px">${
          title === undefined ? "" : `<b>${escapeHtml(title)}</b>`
        }${note === undefined ? "" : `${title === undefined ? "" : " "}<span style="color:#666">${escapeHtml(note)}</span>`}</figcaption>`;
  return `<figure class="sepconv-${kind}" style="margin:8px 0">${caption}${body}</figure>`;
}

export function stringOption(op: string, name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new OptionError(op, name, value, `${name} must be a string, got ${fmtValue(value)}`);
  return value;
}

export function booleanOption(op: string, name: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new OptionError(op, name, value, `${name} must be true or false, got ${fmtValue(value)}`);
  return value;
}

/** An integer option within [min, max]. */
export function intOption(op: string, name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionError(op, name, value, `${name} must be an integer from ${min} to ${max}, got ${fmtValue(value)}`);
  }
  return value;
}

export function choiceOption<T extends string>(op: string, name: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    throw new OptionError(op, name, value, `${name} must be one of ${choices.map((c) => `"${c}"`).join(", ")}, got ${fmtValue(value)}`);
  }
  return value as T;
}

/** A [H,W] or [H,W,1] tensor as a 2-D matrix view (rows, cols and the shared data). */
export function matrixOf(op: string, name: string, value: unknown): { rows: number; cols: number; data: Float32Array } {
  const t: Tensor = checkTensor(op, name, value);
  const s = t.shape;
  if (!(s.length === 2 || (s.length === 3 && s[2] === 1))) {
    throw new ShapeError(op, `${name} must be [H,W] or [H,W,1]`, { [name]: s });
  }
  if (s[0]! < 1 || s[1]! < 1) throw new ShapeError(op, `${name} must not be empty`, { [name]: s });
  return { rows: s[0]!, cols: s[1]!, data: t.data };
}

/** Chart/table rows: an array of plain objects. */
export function checkRows(op: string, rows: unknown, allowEmpty: boolean): readonly Record<string, unknown>[] {
  if (!Array.isArray(rows)) throw new DataError(op, `data must be an array of objects, got ${fmtValue(rows)}`);
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
