// Tensors as PNG images. A PNG data URI inside <img> survives every notebook exporter, is exact
// (no resampling by us) and small; nearest-neighbour upscaling keeps small kernels readable.
import { PNG } from "pngjs";
import { OptionError, ShapeError, fmtShape } from "../errors";
import {
  checkOptions,
  choiceOption,
  failOption,
  intOption,
  isInterval,
  stringOption,
} from "../options";
import { pick } from "../i18n";
import { type Tensor, checkTensor } from "../tensor";
import { divergingRgb } from "./colors";
import { escapeHtml, figureHtml, fmtFixed } from "./html";

/** How values map to 0..255: min..max, -m..m with 0 at mid-grey, or an explicit clamped range. */
export type ImageRange = readonly [number, number] | "auto" | "symmetric";
export type Colormap = "gray" | "diverging";

export interface EncodePngOptions {
  /** Default "auto" (min..max), or "symmetric" with the diverging colormap. */
  range?: ImageRange;
  /** Integer nearest-neighbour upscale factor, default 1. */
  scale?: number;
  /** "gray" (default) or "diverging" (blue < 0 < red, near-white at 0: heatmap's diverging scale,
   *  src/display/colors.ts; single-channel only). */
  colormap?: Colormap;
}

export interface ImageHtmlOptions extends EncodePngOptions {
  title?: string;
  /** Displayed width in CSS pixels (default: the PNG width, at least ~160 px for tiny images). */
  width?: number;
}

const PNG_KEYS = ["range", "scale", "colormap"] as const;
const MAX_SIDE = 8192; // a guard against accidental megapixel data URIs
const NAN_RGB = [255, 0, 255] as const; // magenta: never produced by either colormap

interface Raster {
  width: number;
  height: number;
  channels: 1 | 3; // 1 = PNG greyscale, 3 = RGB
  pixels: Buffer;
  /** The colour scale: values lo..hi map to the first..last colour. */
  range: [number, number];
  /** The finite values' min..max (null when there are none). */
  extent: [number, number] | null;
}

/** Encodes [H,W], [H,W,1], [H,W,3] or [1,H,W,C] (C = 1 or 3) as PNG bytes. */
export function encodePng(t: Tensor, options?: EncodePngOptions): Buffer {
  const r = rasterize("encodePng", t, options, PNG_KEYS);
  return writePng(r);
}

/** A <figure> with the tensor as an inline PNG and a caption (title, shape, value range, and the
 *  colour range when the colours span other than the values' min..max). */
export function imageHtml(t: Tensor, options?: ImageHtmlOptions): string {
  return imageFigure("imageHtml", t, options).html;
}

/** imageHtml's figure and the displayed width of its image (CSS px, border excluded). */
export function imageFigure(
  op: string,
  t: Tensor,
  options: ImageHtmlOptions | undefined,
): { html: string; width: number } {
  const r = rasterize(op, t, options, [...PNG_KEYS, "title", "width"]);
  const title = stringOption(op, "title", options?.title);
  const width =
    intOption(op, "width", options?.width, 1, MAX_SIDE) ??
    r.width * Math.max(1, Math.floor(160 / r.width));
  const height = Math.round((r.height * width) / r.width);
  // Browsers smooth upscaled images; pixelated keeps each value a crisp square.
  const pixelated = width > r.width ? "image-rendering:pixelated;" : "";
  const src = `data:image/png;base64,${writePng(r).toString("base64")}`;
  const note = caption(fmtShape((t as Tensor).shape), r.range, r.extent);
  // width/height give the natural size and aspect ratio; in a narrower container the image
  // scales down (max-width leaves room for the 1 px border) instead of overflowing.
  const img =
    `<img src="${src}" width="${width}" height="${height}" alt="${escapeHtml(title ?? "image")}" ` +
    `style="${pixelated}display:block;max-width:calc(100% - 2px);height:auto;border:1px solid #ddd">`;
  return { html: figureHtml("image", img, title, note, width + 2), width };
}

/** The caption's note: "[12,12], range 0.169..0.971" (the finite values' min..max, which is also
 *  the colour scale's range by default). When the colours span something else (an explicit or a
 *  symmetric range), both: "[12,12], range 0.169..0.971, colour range 0.000..1.000", so that the
 *  colour scale is not read as the data's range. */
function caption(shape: string, range: [number, number], extent: [number, number] | null): string {
  const spans = [range, ...(extent === null ? [] : [extent])].map(([lo, hi]) => Math.abs(hi - lo));
  const digits = Math.max(...spans) >= 10 ? 1 : 3;
  const show = ([lo, hi]: [number, number]) => `${fmtFixed(lo, digits)}..${fmtFixed(hi, digits)}`;
  if (extent === null) {
    // No finite value: only the colour scale has a range.
    return pick({
      en: `${shape}, colour range ${show(range)}`,
      zh: `${shape}，色阶范围 ${show(range)}`,
    });
  }
  // Equal as printed (a range given as 0.2 and a float32 0.2 are the same to a reader).
  if (show(extent) === show(range)) {
    return pick({ en: `${shape}, range ${show(range)}`, zh: `${shape}，范围 ${show(range)}` });
  }
  return pick({
    en: `${shape}, range ${show(extent)}, colour range ${show(range)}`,
    zh: `${shape}，范围 ${show(extent)}，色阶范围 ${show(range)}`,
  });
}

function writePng(r: Raster): Buffer {
  const colorType = r.channels === 1 ? 0 : 2;
  const png = new PNG({
    width: r.width,
    height: r.height,
    colorType,
    inputColorType: colorType,
    inputHasAlpha: false,
  });
  png.data = r.pixels;
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false });
}

/** Validates, maps values to bytes and upscales. Shared by encodePng and imageHtml. */
function rasterize(
  op: string,
  value: unknown,
  options: EncodePngOptions | undefined,
  keys: readonly string[],
): Raster {
  const t = checkTensor(op, "image", value);
  checkOptions(op, options, keys);
  const colormap =
    choiceOption(op, "colormap", options?.colormap, ["gray", "diverging"] as const) ?? "gray";
  const scale = intOption(op, "scale", options?.scale, 1, 64) ?? 1;
  const s = t.shape;
  const dims =
    s.length === 2
      ? [s[0]!, s[1]!, 1]
      : s.length === 3
        ? s
        : s.length === 4 && s[0] === 1
          ? s.slice(1)
          : null;
  if (dims === null || (dims[2] !== 1 && dims[2] !== 3)) {
    throw new ShapeError(op, "image must be [H,W], [H,W,1], [H,W,3] or [1,H,W,C] with C = 1 or 3", {
      image: s,
    });
  }
  const [h, w, c] = dims as [number, number, number];
  if (h < 1 || w < 1) throw new ShapeError(op, "image must have at least one pixel", { image: s });
  if (h * scale > MAX_SIDE || w * scale > MAX_SIDE) {
    throw new OptionError(
      op,
      "scale",
      scale,
      `the scaled image ${h * scale}x${w * scale} exceeds ${MAX_SIDE} pixels per side`,
    );
  }
  if (colormap === "diverging" && c !== 1) {
    throw new ShapeError(op, 'colormap "diverging" needs a single-channel image', { image: s });
  }
  const extent = finiteExtent(t.data);
  const range = resolveRange(op, options?.range, colormap, extent);
  const [lo, hi] = range;
  const data = t.data;
  let hasNaN = false;
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) hasNaN = true;
  const outC: 1 | 3 = c === 1 && colormap === "gray" && !hasNaN ? 1 : 3;
  const base = Buffer.alloc(h * w * outC);
  // Constant images (hi == lo) map to mid-grey (diverging: the middle colour) instead of dividing by zero.
  const norm = (v: number): number =>
    hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5;
  const diverging =
    colormap === "diverging" ? divergingRgb(hi > lo ? [lo, hi] : [lo - 1, hi + 1]) : null;
  for (let p = 0; p < h * w; p++) {
    const o = p * outC;
    let nan = false;
    for (let k = 0; k < c; k++) if (Number.isNaN(data[p * c + k])) nan = true;
    if (nan) {
      base.set(NAN_RGB, o);
    } else if (c === 3) {
      for (let k = 0; k < 3; k++) base[o + k] = Math.round(norm(data[p * 3 + k]!) * 255);
    } else if (colormap === "gray") {
      const g = Math.round(norm(data[p]!) * 255);
      base.fill(g, o, o + outC);
    } else {
      base.set(diverging!(data[p]!), o);
    }
  }
  return {
    width: w * scale,
    height: h * scale,
    channels: outC,
    pixels: upscale(base, h, w, outC, scale),
    range,
    extent,
  };
}

/** The finite values' min..max, or null when there are none. Only finite values decide the
 *  range: NaN is flagged, infinities clamp. */
function finiteExtent(data: Float32Array): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min > max ? null : [min, max];
}

function resolveRange(
  op: string,
  range: unknown,
  colormap: Colormap,
  extent: [number, number] | null,
): [number, number] {
  const mode = range ?? (colormap === "diverging" ? "symmetric" : "auto");
  if (isInterval(mode)) return [mode[0], mode[1]];
  if (mode !== "auto" && mode !== "symmetric")
    failOption(op, "range", range, '"auto", "symmetric" or [min, max] with finite min < max');
  if (extent === null) return [0, 0];
  const [min, max] = extent;
  if (mode === "auto") return [min, max];
  const m = Math.max(Math.abs(min), Math.abs(max));
  return [-m, m];
}

function upscale(src: Buffer, h: number, w: number, c: number, s: number): Buffer {
  if (s === 1) return src;
  const W = w * s;
  const out = Buffer.alloc(h * s * W * c);
  for (let y = 0; y < h * s; y++) {
    const sy = Math.floor(y / s);
    for (let x = 0; x < W; x++)
      src.copy(
        out,
        (y * W + x) * c,
        (sy * w + Math.floor(x / s)) * c,
        (sy * w + Math.floor(x / s) + 1) * c,
      );
  }
  return out;
}
