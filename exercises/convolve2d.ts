/**
 * Exercise 1: convolve2d — single-channel "valid" cross-correlation.
 *
 * image [H, W] and kernel [KH, KW] -> output [H - KH + 1, W - KW + 1] with
 *   out[i][j] = sum over a < KH, b < KW of image[i + a][j + b] * kernel[a][b]
 * This is what deep-learning libraries call "convolution": the kernel is NOT flipped.
 *
 * Hints:
 * - Row-major storage: element [r][c] of an [H, W] tensor is at data[r * W + c].
 * - Build the output with `new Float32Array(outH * outW)` and wrap it with `new Tensor(data, [outH, outW])`.
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";

export function convolve2d(image: Tensor, kernel: Tensor): Tensor {
  // BEGIN SOLUTION
  const [h, w] = image.shape as [number, number];
  const [kh, kw] = kernel.shape as [number, number];
  const outH = h - kh + 1;
  const outW = w - kw + 1;
  const out = new Float32Array(outH * outW);
  for (let i = 0; i < outH; i++) {
    for (let j = 0; j < outW; j++) {
      let sum = 0;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++)
          sum += image.data[(i + a) * w + (j + b)]! * kernel.data[a * kw + b]!;
      }
      out[i * outW + j] = sum;
    }
  }
  return new Tensor(out, [outH, outW]);
  // END SOLUTION
}
