// Several images side by side (input, kernels, feature maps) as one HTML block.
import { DataError, fmtValue } from "../errors";
import { checkOptions } from "../options";
import type { Tensor } from "../tensor";
import { escapeHtml, intOption } from "./html";
import { type EncodePngOptions, imageHtml } from "./png";

export interface ImageGridItem {
  title: string;
  tensor: Tensor;
  options?: EncodePngOptions & { width?: number };
}

export interface ImageGridOptions {
  /** Figures per row, default min(items, 4). */
  columns?: number;
  /** Displayed width of every image in CSS pixels (an item's own width wins). */
  width?: number;
  title?: string;
}

/** A CSS grid of imageHtml figures, each with its title. */
export function imageGrid(items: readonly ImageGridItem[], options?: ImageGridOptions): string {
  const op = "imageGrid";
  checkOptions(op, options, ["columns", "width", "title"]);
  if (!Array.isArray(items) || items.length === 0) {
    throw new DataError(op, `items must be a non-empty array of { title, tensor, options? }, got ${fmtValue(items)}`);
  }
  const columns = intOption(op, "columns", options?.columns, 1, 64) ?? Math.min(items.length, 4);
  const width = intOption(op, "width", options?.width, 1, 8192);
  const title = options?.title;
  if (title !== undefined && typeof title !== "string") throw new DataError(op, `title must be a string, got ${fmtValue(title)}`);
  const cells = items.map((item: unknown, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw new DataError(op, `items[${i}] must be { title, tensor, options? }, got ${fmtValue(item)}`);
    }
    const { title: t, tensor, options: itemOptions, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw new DataError(op, `items[${i}] has unknown key "${extra[0]}"; use { title, tensor, options? }`);
    if (typeof t !== "string") throw new DataError(op, `items[${i}].title must be a string, got ${fmtValue(t)}`);
    if (itemOptions !== undefined && (itemOptions === null || typeof itemOptions !== "object" || Array.isArray(itemOptions))) {
      throw new DataError(op, `items[${i}].options must be an object, got ${fmtValue(itemOptions)}`);
    }
    const merged = { ...(width === undefined ? {} : { width }), ...(itemOptions as object | undefined), title: t };
    return `<div>${imageHtml(tensor as Tensor, merged)}</div>`;
  });
  const heading = title === undefined ? "" : `<div style="font:bold 14px system-ui,sans-serif;margin:4px 0">${escapeHtml(title)}</div>`;
  return `<div class="sepconv-grid">${heading}<div style="display:grid;grid-template-columns:repeat(${columns},max-content);gap:8px 16px;align-items:start">${cells.join("")}</div></div>`;
}
