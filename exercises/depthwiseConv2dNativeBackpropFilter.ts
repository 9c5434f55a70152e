/**
 * Exercise 12: depthwiseConv2dNativeBackpropFilter — the gradient of a depthwise convolution
 * with respect to its filter, depth multiplier included.
 *
 * The forward pass (your depthwiseConv2d, with a batch) computed, for output channel c*M + m:
 *   out[n][i][j][c*M + m] = sum over a, b of x[n][i*s + a - padTop][j*s + b - padLeft][c] * filter[a][b][c][m]
 * Given x [N, H, W, C] and dy [N, Ho, Wo, C*M] (the gradient of the loss with respect to out),
 * return dFilter, of shape filterShape = [KH, KW, C, M]:
 *   dFilter[a][b][c][m] = sum over n, i, j of x[n][i*s + a - padTop][j*s + b - padLeft][c] * dy[n][i][j][c*M + m]
 * with positions outside x counting as 0. (TensorFlow's DepthwiseConv2dNativeBackpropFilter.)
 *
 * stride s >= 1, padding "valid" or "same" with TensorFlow's rules, as in conv2d:
 *   "same": total = max((Ho - 1) * s + KH - H, 0), padTop = floor(total / 2); the same for the width.
 *
 * Hints:
 * - The filter is shared by every position and every image: its gradient sums over all of them,
 *   the batch included.
 * - Channel order c*M + m (TensorFlow's): dy's channel c*M + m belongs to input channel c and
 *   filter[:, :, c, m]. There is no sum over channels.
 * - Ho and Wo are dy's height and width. Index of dy[n][i][j][k]: ((n * Ho + i) * Wo + j) * (C*M) + k;
 *   of dFilter[a][b][c][m]: ((a * KW + b) * C + c) * M + m.
 * - Check your gradient in a notebook cell: the loss sum(depthwiseConv2d(x, filter) * dy) has
 *   gradient dFilter with respect to the filter, and gradCheck measures that by nudging each
 *   filter value:
 *     import { depthwiseConv2d, gradCheck, loadExercise, randomNormal, Tensor } from "sepconv";
 *     const mine = loadExercise("depthwiseConv2dNativeBackpropFilter");
 *     const x = randomNormal([2, 6, 5, 3], { seed: 1 });
 *     const filter = randomNormal([3, 3, 3, 2], { seed: 2 });
 *     const options = { strides: 2, padding: "same" as const };
 *     const dy = randomNormal(depthwiseConv2d(x, filter, options).shape, { seed: 3 });
 *     const dot = (a: Tensor, b: Tensor) => a.data.reduce((sum, v, i) => sum + v * b.data[i]!, 0);
 *     const r = gradCheck((t) => dot(depthwiseConv2d(x, t.filter, options), dy), { filter },
 *       { filter: mine(x, dy, filter.shape, 2, "same") });
 *     console.log(String(r)); // "ok", or the first filter value whose gradient is off, yours vs numeric
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";

export type Padding = "valid" | "same";

export function depthwiseConv2dNativeBackpropFilter(
  x: Tensor,
  dy: Tensor,
  filterShape: readonly number[],
  stride: number,
  padding: Padding,
): Tensor {
  // BEGIN SOLUTION
  const [batch, h, w, ch] = x.shape as [number, number, number, number];
  const [, outH, outW, outC] = dy.shape as [number, number, number, number];
  const [kh, kw, , mult] = filterShape as [number, number, number, number];
  let padTop = 0;
  let padLeft = 0;
  if (padding === "same") {
    padTop = Math.floor(Math.max((outH - 1) * stride + kh - h, 0) / 2);
    padLeft = Math.floor(Math.max((outW - 1) * stride + kw - w, 0) / 2);
  }
  const dFilter = new Float32Array(kh * kw * ch * mult);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      for (let c = 0; c < ch; c++) {
        for (let m = 0; m < mult; m++) {
          let sum = 0;
          for (let n = 0; n < batch; n++) {
            for (let i = 0; i < outH; i++) {
              const r = i * stride + a - padTop;
              if (r < 0 || r >= h) continue;
              for (let j = 0; j < outW; j++) {
                const col = j * stride + b - padLeft;
                if (col < 0 || col >= w) continue;
                const xValue = x.data[((n * h + r) * w + col) * ch + c]!;
                sum += xValue * dy.data[((n * outH + i) * outW + j) * outC + c * mult + m]!;
              }
            }
          }
          dFilter[((a * kw + b) * ch + c) * mult + m] = sum;
        }
      }
    }
  }
  return new Tensor(dFilter, [kh, kw, ch, mult]);
  // END SOLUTION
}
