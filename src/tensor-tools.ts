// Small tensor helpers the notebooks share: cut out part of an image or a filter, build a kernel
// as an outer product, measure how far two tensors are apart. Plain loops on `data`, copies (never
// views), and the engine's typed errors for bad input, so a student sees which argument is wrong.
import { DataError, ShapeError, fmtValue } from "./errors";
import { checkInt, checkNumber } from "./options";
import { Tensor, checkTensor, sameShape } from "./tensor";

/** [H, W, C] of an [H, W, C] tensor or of a batch of one [1, H, W, C]. */
function imageDims(op: string, t: Tensor): [number, number, number] {
  const s = t.shape;
  if (s.length === 3) return [s[0]!, s[1]!, s[2]!];
  if (s.length === 4 && s[0] === 1) return [s[1]!, s[2]!, s[3]!];
  throw new ShapeError(op, "the image must be [H,W,C] or a batch of one [1,H,W,C]", { image: s });
}

/**
 * Rows r0..r0+h-1 and columns c0..c0+w-1 of an [H, W, C] image (or [1, H, W, C]), as a new
 * [h, w, C] tensor. The window must lie inside the image.
 */
export function crop(image: Tensor, r0: number, c0: number, h: number, w: number): Tensor {
  const op = "crop";
  checkTensor(op, "image", image);
  const [H, W, C] = imageDims(op, image);
  checkInt(op, "h", h, 1, H);
  checkInt(op, "w", w, 1, W);
  checkInt(op, "r0", r0, 0, H - h);
  checkInt(op, "c0", c0, 0, W - w);
  const out = new Float32Array(h * w * C);
  for (let i = 0; i < h; i++) {
    const from = ((r0 + i) * W + c0) * C;
    out.set(image.data.subarray(from, from + w * C), i * w * C);
  }
  return new Tensor(out, [h, w, C]);
}

/** Channel c of an [H, W, C] image (or [1, H, W, C]) as an [H, W] matrix. */
export function channel(image: Tensor, c: number): Tensor {
  const op = "channel";
  checkTensor(op, "image", image);
  const [H, W, C] = imageDims(op, image);
  checkInt(op, "c", c, 0, C - 1);
  const out = new Float32Array(H * W);
  for (let p = 0; p < H * W; p++) out[p] = image.data[p * C + c]!;
  return new Tensor(out, [H, W]);
}

/**
 * The [KH, KW] kernel filter[:, :, c, m] of a [KH, KW, Cin, M] filter: a depthwise filter's kernel
 * m for input channel c, or (M = Cout) a standard filter's slice for input c and output m.
 */
export function kernelSlice(filter: Tensor, c: number, m = 0): Tensor {
  const op = "kernelSlice";
  checkTensor(op, "filter", filter);
  if (filter.shape.length !== 4) {
    throw new ShapeError(op, "the filter must be [KH,KW,Cin,M]", { filter: filter.shape });
  }
  const [KH, KW, C, M] = filter.shape as [number, number, number, number];
  checkInt(op, "c", c, 0, C - 1);
  checkInt(op, "m", m, 0, M - 1);
  const out = new Float32Array(KH * KW);
  for (let p = 0; p < KH * KW; p++) out[p] = filter.data[(p * C + c) * M + m]!;
  return new Tensor(out, [KH, KW]);
}

/** The values of a vector argument: a number array, or a tensor of shape [n], [n, 1] or [1, n]. */
function vectorOf(op: string, name: string, v: unknown): ArrayLike<number> {
  if (v instanceof Tensor) {
    const s = v.shape;
    if (s.length === 1 || (s.length === 2 && (s[0] === 1 || s[1] === 1))) return v.data;
    throw new ShapeError(op, `${name} must be a vector: [n], [n,1] or [1,n]`, { [name]: s });
  }
  if (
    !Array.isArray(v) ||
    v.length === 0 ||
    !v.every((x) => typeof x === "number" && Number.isFinite(x))
  ) {
    throw new DataError(
      op,
      `${name} must be a Tensor or a non-empty array of finite numbers, got ${fmtValue(v)}`,
    );
  }
  return v;
}

/**
 * The [KH, KW] kernel K[u][v] = scale * column[u] * row[v]: a column times a row, the form of
 * every spatially separable (rank-1) kernel. Each product is rounded once to float32.
 */
export function outer(
  column: Tensor | readonly number[],
  row: Tensor | readonly number[],
  scale = 1,
): Tensor {
  const op = "outer";
  const c = vectorOf(op, "column", column);
  const r = vectorOf(op, "row", row);
  checkNumber(op, "scale", scale);
  const out = new Float32Array(c.length * r.length);
  for (let u = 0; u < c.length; u++)
    for (let v = 0; v < r.length; v++) out[u * r.length + v] = c[u]! * r[v]! * scale;
  return new Tensor(out, [c.length, r.length]);
}

/**
 * The largest |a - b| over all elements of two tensors of the same shape (NaN if either holds a
 * NaN at some index). Different shapes are a ShapeError, not a silent comparison of prefixes.
 */
export function maxAbsDiff(a: Tensor, b: Tensor): number {
  const op = "maxAbsDiff";
  checkTensor(op, "a", a);
  checkTensor(op, "b", b);
  if (!sameShape(a.shape, b.shape))
    throw new ShapeError(op, "the tensors differ in shape", { a: a.shape, b: b.shape });
  let m = 0;
  for (let i = 0; i < a.size; i++) {
    const d = Math.abs(a.data[i]! - b.data[i]!);
    if (Number.isNaN(d)) return Number.NaN;
    if (d > m) m = d;
  }
  return m;
}
