// The one place that turns (input shape, filter size, options) into output shape, padding on
// each side, strides and dilations, with TensorFlow's rules. Every op, the reference loops and
// the cost model use it, so they cannot disagree about a shape.
import { OptionError, ShapeError, fmtValue } from "./errors";
import { checkOptionsObject, failOption, isInteger } from "./options";

export type ExplicitPadding = readonly [readonly [number, number], readonly [number, number]];
export type Padding = "valid" | "same" | ExplicitPadding;
export type Pair = number | readonly [number, number];

export interface GeometryOptions {
  strides?: Pair;
  padding?: Padding;
  dilations?: Pair;
}

export interface Conv2DInfo {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  /** Extent of the dilated kernel: (K - 1) * dilation + 1. */
  effectiveFilterHeight: number;
  effectiveFilterWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

/** Reads `strides` or `dilations`: a positive integer or a pair of them. */
export function parsePair(op: string, name: string, value: Pair | undefined): [number, number] {
  if (value === undefined) return [1, 1];
  const pair = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2)
    failOption(op, name, value, "a positive integer or a pair [h, w]");
  for (const v of pair as unknown[]) {
    if (!isInteger(v, 1)) {
      failOption(
        op,
        name,
        value,
        "positive integers",
        typeof v === "number" && v > 0 ? " (fractional values are not allowed)" : "",
      );
    }
  }
  return [pair[0] as number, pair[1] as number];
}

/** Validates `padding`: "valid", "same", or [[top, bottom], [left, right]] of non-negative integers. */
function parsePadding(op: string, value: unknown): Padding {
  if (value === undefined) return "valid";
  if (value === "valid" || value === "same") return value;
  if (typeof value === "string")
    failOption(op, "padding", value, '"valid", "same" or [[top, bottom], [left, right]]');
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every(
      (p: unknown) =>
        Array.isArray(p) && p.length === 2 && p.every((v: unknown) => isInteger(v, 0)),
    );
  if (!ok)
    failOption(
      op,
      "padding",
      value,
      '"valid", "same" or [[top, bottom], [left, right]] with non-negative integers',
    );
  return value as unknown as ExplicitPadding;
}

/** TensorFlow's split of the total padding for "same": the odd extra goes bottom/right. */
function samePadding(
  inSize: number,
  stride: number,
  effectiveFilter: number,
): [number, number, number] {
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + effectiveFilter - inSize, 0);
  const before = Math.floor(total / 2);
  return [out, before, total - before];
}

/**
 * Geometry of a 2-D convolution window over an NHWC input.
 * `inShape` is [N, H, W, C]; the filter is `filterHeight` x `filterWidth`.
 */
export function computeConv2DInfo(
  op: string,
  inShape: readonly [number, number, number, number],
  filterHeight: number,
  filterWidth: number,
  options: GeometryOptions = {},
  shapesForMessages: Readonly<Record<string, readonly number[]>> = {},
): Conv2DInfo {
  if (
    !Array.isArray(inShape) ||
    inShape.length !== 4 ||
    !inShape.every((d) => isInteger(d, 1)) ||
    !isInteger(filterHeight, 1) ||
    !isInteger(filterWidth, 1)
  ) {
    throw new ShapeError(
      op,
      `needs an input shape [N,H,W,C] and a filter size of positive integers, got ${fmtValue(inShape)} and ${fmtValue(filterHeight)}x${fmtValue(filterWidth)}`,
    );
  }
  checkOptionsObject(op, options);
  const [batch, inHeight, inWidth, inChannels] = inShape;
  const [strideHeight, strideWidth] = parsePair(op, "strides", options.strides);
  const [dilationHeight, dilationWidth] = parsePair(op, "dilations", options.dilations);
  const padding = parsePadding(op, options.padding);
  if ((strideHeight > 1 || strideWidth > 1) && (dilationHeight > 1 || dilationWidth > 1)) {
    // TensorFlow rejects this combination (tf.nn.conv2d, tf.keras, tfjs all do).
    throw new OptionError(
      op,
      "dilations",
      options.dilations,
      `strides ${fmtValue([strideHeight, strideWidth])} > 1 together with dilations ${fmtValue([
        dilationHeight,
        dilationWidth,
      ])} > 1 is not supported (as in TensorFlow); use one or the other`,
    );
  }
  const effectiveFilterHeight = (filterHeight - 1) * dilationHeight + 1;
  const effectiveFilterWidth = (filterWidth - 1) * dilationWidth + 1;
  let outHeight: number;
  let outWidth: number;
  let padTop = 0;
  let padBottom = 0;
  let padLeft = 0;
  let padRight = 0;
  if (padding === "same") {
    [outHeight, padTop, padBottom] = samePadding(inHeight, strideHeight, effectiveFilterHeight);
    [outWidth, padLeft, padRight] = samePadding(inWidth, strideWidth, effectiveFilterWidth);
  } else {
    if (padding !== "valid") [[padTop, padBottom], [padLeft, padRight]] = padding;
    const paddedHeight = inHeight + padTop + padBottom;
    const paddedWidth = inWidth + padLeft + padRight;
    if (effectiveFilterHeight > paddedHeight || effectiveFilterWidth > paddedWidth) {
      const dilated =
        dilationHeight > 1 || dilationWidth > 1
          ? ` (dilated to ${effectiveFilterHeight}x${effectiveFilterWidth})`
          : "";
      throw new ShapeError(
        op,
        `kernel ${filterHeight}x${filterWidth}${dilated} is larger than the padded input ${paddedHeight}x${paddedWidth} ` +
          `with padding ${fmtValue(padding)}`,
        shapesForMessages,
      );
    }
    outHeight = Math.floor((paddedHeight - effectiveFilterHeight) / strideHeight) + 1;
    outWidth = Math.floor((paddedWidth - effectiveFilterWidth) / strideWidth) + 1;
  }
  return {
    batch,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    effectiveFilterHeight,
    effectiveFilterWidth,
    padTop,
    padBottom,
    padLeft,
    padRight,
  };
}
