/**
 * Exercise 3: spatialSeparableConvolve — the two-pass convolution.
 *
 * image [H, W], column [K, 1], row [1, K2] -> [H - K + 1, W - K2 + 1], equal to convolve2d
 * with the K x K2 kernel column x row, computed as two passes:
 *   1. the column pass: tmp[i][x] = sum over a of image[i + a][x] * column[a]   ([H - K + 1, W])
 *   2. the row pass:    out[i][j] = sum over b of tmp[i][j + b] * row[b]        ([H - K + 1, W - K2 + 1])
 * That is K + K2 multiplications per output pixel instead of K * K2 (plus the wider first pass).
 *
 * Hint: write the two passes as two loop nests with an intermediate Float32Array.
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";

export function spatialSeparableConvolve(image: Tensor, column: Tensor, row: Tensor): Tensor {
  // BEGIN SOLUTION
  const [h, w] = image.shape as [number, number];
  const k = column.shape[0]!;
  const k2 = row.shape[1]!;
  const outH = h - k + 1;
  const outW = w - k2 + 1;
  const tmp = new Float32Array(outH * w);
  for (let i = 0; i < outH; i++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let a = 0; a < k; a++) sum += image.data[(i + a) * w + x]! * column.data[a]!;
      tmp[i * w + x] = sum;
    }
  }
  const out = new Float32Array(outH * outW);
  for (let i = 0; i < outH; i++) {
    for (let j = 0; j < outW; j++) {
      let sum = 0;
      for (let b = 0; b < k2; b++) sum += tmp[i * w + j + b]! * row.data[b]!;
      out[i * outW + j] = sum;
    }
  }
  return new Tensor(out, [outH, outW]);
  // END SOLUTION
}
