// Several images side by side (input, kernels, feature maps) as one HTML block.
import { DataError, fmtValue } from "../errors";
import { checkOptions, intOption, stringOption } from "../options";
import type { Tensor } from "../tensor";
import { escapeHtml, maxOf } from "./html";
import { type EncodePngOptions, imageFigure } from "./png";

export interface ImageGridItem {
  title: string;
  tensor: Tensor;
  options?: EncodePngOptions & { width?: number };
}

export interface ImageGridOptions {
  /** Figures per row, default min(items, 4). */
  columns?: number;
  /**
   * Displayed width of every image in CSS pixels (an item's own width wins). Each column is as
   * wide as the widest image and no wider: captions wrap inside it, and when the page is
   * narrower than the grid the columns and images shrink together instead of overflowing.
   */
  width?: number;
  title?: string;
}

/**
 * A CSS grid of imageHtml figures, each with its title. Columns are
 * minmax(0, widest image + its 1 px border on each side): never set by a caption, and able to
 * shrink so the grid never exceeds its container.
 */
export function imageGrid(items: readonly ImageGridItem[], options?: ImageGridOptions): string {
  const op = "imageGrid";
  checkOptions(op, options, ["columns", "width", "title"]);
  if (!Array.isArray(items) || items.length === 0) {
    throw new DataError(
      op,
      `items must be a non-empty array of { title, tensor, options? }, got ${fmtValue(items)}`,
    );
  }
  const columns = intOption(op, "columns", options?.columns, 1, 64) ?? Math.min(items.length, 4);
  const width = intOption(op, "width", options?.width, 1, 8192);
  const title = stringOption(op, "title", options?.title);
  const figures = items.map((item: unknown, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw new DataError(
        op,
        `items[${i}] must be { title, tensor, options? }, got ${fmtValue(item)}`,
      );
    }
    const { title: t, tensor, options: itemOptions, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0)
      throw new DataError(
        op,
        `items[${i}] has unknown key "${extra[0]}"; use { title, tensor, options? }`,
      );
    if (typeof t !== "string")
      throw new DataError(op, `items[${i}].title must be a string, got ${fmtValue(t)}`);
    if (
      itemOptions !== undefined &&
      (itemOptions === null || typeof itemOptions !== "object" || Array.isArray(itemOptions))
    ) {
      throw new DataError(
        op,
        `items[${i}].options must be an object, got ${fmtValue(itemOptions)}`,
      );
    }
    const merged = {
      ...(width === undefined ? {} : { width }),
      ...(itemOptions as object | undefined),
      title: t,
    };
    return imageFigure("imageHtml", tensor as Tensor, merged);
  });
  const column = maxOf(figures.map((f) => f.width)) + 2; // + the image's 1 px border on each side
  const cells = figures.map((f) => `<div style="min-width:0">${f.html}</div>`);
  const heading =
    title === undefined
      ? ""
      : `<div style="font:bold 14px system-ui,sans-serif;margin:4px 0;overflow-wrap:anywhere">${escapeHtml(title)}</div>`;
  const grid = `display:grid;grid-template-columns:repeat(${columns},minmax(0,${column}px));gap:8px 16px;align-items:start;max-width:100%`;
  return `<div class="sepconv-grid" style="max-width:100%">${heading}<div style="${grid}">${cells.join("")}</div></div>`;
}
