// Plain HTML tables for cost breakdowns: numbers right-aligned with en-US grouping so
// 1228800 reads 1,228,800; every string is escaped.
import { checkOptions, failOption, intOption, stringOption } from "../options";
import { checkRows, escapeHtml } from "./html";
import { fmt } from "./notebook";

export interface HtmlTableOptions {
  /** Columns in order; default every key in order of first appearance. */
  columns?: string[];
  title?: string;
  /** Maximum decimals of non-integers, default 3. */
  digits?: number;
}

export function htmlTable(
  rows: readonly Record<string, unknown>[],
  options?: HtmlTableOptions,
): string {
  const op = "htmlTable";
  const data = checkRows(op, rows, true);
  checkOptions(op, options, ["columns", "title", "digits"]);
  const title = stringOption(op, "title", options?.title);
  const digits = intOption(op, "digits", options?.digits, 0, 20) ?? 3;
  let columns: string[];
  if (options?.columns !== undefined) {
    const cols: unknown = options.columns;
    if (!Array.isArray(cols) || cols.some((c) => typeof c !== "string"))
      failOption(op, "columns", cols, "an array of field names");
    columns = cols as string[];
  } else {
    columns = [...new Set(data.flatMap((r) => Object.keys(r)))];
  }
  const numeric = (v: unknown): boolean => typeof v === "number" || typeof v === "bigint";
  // A column whose values are all numbers is right-aligned, header included.
  const right = columns.map(
    (c) =>
      data.length > 0 && data.every((r) => r[c] === undefined || r[c] === null || numeric(r[c])),
  );
  const th = "border-bottom:2px solid #999;padding:3px 10px;";
  const td = "border-bottom:1px solid #ddd;padding:3px 10px;";
  const align = (i: number): string =>
    right[i] ? "text-align:right;font-variant-numeric:tabular-nums;" : "text-align:left;";
  const head = columns.map((c, i) => `<th style="${th}${align(i)}">${escapeHtml(c)}</th>`).join("");
  const body = data
    .map(
      (r) =>
        `<tr>${columns.map((c, i) => `<td style="${td}${numeric(r[c]) ? "text-align:right;font-variant-numeric:tabular-nums;" : align(i)}">${cellText(r[c], digits)}</td>`).join("")}</tr>`,
    )
    .join("");
  const caption =
    title === undefined
      ? ""
      : `<caption style="caption-side:top;text-align:left;font-weight:bold;padding:4px 0">${escapeHtml(title)}</caption>`;
  return `<table class="sepconv-table" style="border-collapse:collapse;font:13px system-ui,sans-serif;margin:8px 0">${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function cellText(v: unknown, digits: number): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "number") {
    return Number.isFinite(v) ? fmt(v, digits) : String(v);
  }
  if (typeof v === "bigint") return v.toLocaleString("en-US");
  if (typeof v === "string") return escapeHtml(v);
  // Shapes print as [12,12,3]; other objects as JSON.
  if (Array.isArray(v) && v.every((x) => typeof x === "number"))
    return escapeHtml(`[${v.join(",")}]`);
  try {
    return escapeHtml(typeof v === "object" ? JSON.stringify(v) : String(v));
  } catch {
    return escapeHtml(Object.prototype.toString.call(v));
  }
}
