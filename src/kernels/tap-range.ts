// Shared by the fast kernels: which kernel taps of one output row/column land inside the
// input, so the inner loops never test bounds (padding taps contribute zero and are skipped).
import type { Conv2DInfo } from "../conv-info";

/** First and one-past-last kernel index k with 0 <= o*stride - pad + k*dilation < size. */
export function tapRange(o: number, stride: number, pad: number, dilation: number, kernel: number, size: number): [number, number] {
  const start = o * stride - pad;
  const lo = start >= 0 ? 0 : Math.ceil(-start / dilation);
  const hi = Math.min(kernel, Math.floor((size - 1 - start) / dilation) + 1);
  return [lo, Math.max(lo, hi)];
}

/** Tap ranges for every output row and column of a conv: [lo0, hi0, lo1, hi1, ...]. */
export function tapRanges(info: Conv2DInfo): { rows: Int32Array; cols: Int32Array } {
  const rows = new Int32Array(info.outHeight * 2);
  const cols = new Int32Array(info.outWidth * 2);
  for (let oh = 0; oh < info.outHeight; oh++) {
    const [lo, hi] = tapRange(oh, info.strideHeight, info.padTop, info.dilationHeight, info.filterHeight, info.inHeight);
    rows[2 * oh] = lo;
    rows[2 * oh + 1] = hi;
  }
  for (let ow = 0; ow < info.outWidth; ow++) {
    const [lo, hi] = tapRange(ow, info.strideWidth, info.padLeft, info.dilationWidth, info.filterWidth, info.inWidth);
    cols[2 * ow] = lo;
    cols[2 * ow + 1] = hi;
  }
  return { rows, cols };
}
