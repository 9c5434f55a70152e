/**
 * Exercise 11: conv2DBackpropInput — the gradient of a convolution with respect to its input.
 *
 * The forward pass (your conv2d, with a batch and a dilation d) computed
 *   out[n][i][j][o] = sum over a, b, c of x[n][i*s + a*d - padTop][j*s + b*d - padLeft][c] * filter[a][b][c][o]
 * Given dy [N, Ho, Wo, Cout] (the gradient of the loss with respect to out), return dx, the
 * gradient with respect to x, of shape inputShape = [N, H, W, Cin]: every time the forward pass
 * multiplied x[n][r][col][c] by filter[a][b][c][o] into out[n][i][j][o], that x value's gradient
 * receives dy[n][i][j][o] * filter[a][b][c][o]. Summed over all of them:
 *   dx[n][r][col][c] = sum of dy[n][i][j][o] * filter[a][b][c][o]
 *                      over every (i, j, a, b, o) with i*s + a*d - padTop = r and j*s + b*d - padLeft = col
 * (TensorFlow's Conv2DBackpropInput; its arguments come in TensorFlow's order.)
 *
 * filter [KH, KW, Cin, Cout]; stride s >= 1; dilation d >= 1 (taps d pixels apart; s > 1 and
 * d > 1 never come together); padding "valid" or "same", TensorFlow's rules as in conv2d, with the
 * dilated kernel's extent (KH - 1) * d + 1 in place of KH:
 *   "same": total = max((Ho - 1) * s + (KH - 1) * d + 1 - H, 0), padTop = floor(total / 2);
 *   the same for the width with KW and padLeft. ("valid": padTop = padLeft = 0.)
 *
 * Hints:
 * - Walk the forward pass's loops (n, i, j, a, b, c, o) and, where it did out += x * filter, do
 *   dx += dy * filter. Ho and Wo are dy's height and width; you need not compute them.
 * - Skip taps whose row or column falls in the padding (r < 0, r >= H, col < 0, col >= W): they
 *   read no x. Check all four bounds: index arithmetic with a column of -1 silently lands on the
 *   previous row's last pixel.
 * - Pixels no window reached (the last row with "valid" and a stride that does not fit) get 0.
 * - Index of dy[n][i][j][o]: ((n * Ho + i) * Wo + j) * Cout + o; of x[n][r][col][c]:
 *   ((n * H + r) * W + col) * Cin + c; of filter[a][b][c][o]: ((a * KW + b) * Cin + c) * Cout + o.
 * - The hidden cases use dilation 2, which the public ones do not: test it yourself with gradCheck
 *   in a notebook cell. The loss sum(conv2d(x) * dy) has gradient dx with respect to x, and
 *   gradCheck measures that by nudging each x value:
 *     import { conv2d, gradCheck, loadExercise, randomNormal, Tensor } from "sepconv";
 *     const mine = loadExercise("conv2DBackpropInput");
 *     const x = randomNormal([1, 7, 7, 2], { seed: 1 });
 *     const filter = randomNormal([3, 3, 2, 3], { seed: 2 });
 *     const options = { padding: "same" as const, dilations: 2 };
 *     const dy = randomNormal(conv2d(x, filter, options).shape, { seed: 3 });
 *     const dot = (a: Tensor, b: Tensor) => a.data.reduce((sum, v, i) => sum + v * b.data[i]!, 0);
 *     const r = gradCheck((t) => dot(conv2d(t.x, filter, options), dy), { x },
 *       { x: mine(x.shape, dy, filter, 1, "same", 2) });
 *     console.log(String(r)); // "ok", or the first element of dx that is off, yours vs numeric
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";

export type Padding = "valid" | "same";

export function conv2DBackpropInput(
  inputShape: readonly number[],
  dy: Tensor,
  filter: Tensor,
  stride: number,
  padding: Padding,
  dilation: number,
): Tensor {
  // BEGIN SOLUTION
  const [batch, h, w, cin] = inputShape as [number, number, number, number];
  const [, outH, outW, cout] = dy.shape as [number, number, number, number];
  const [kh, kw] = filter.shape as [number, number, number, number];
  let padTop = 0;
  let padLeft = 0;
  if (padding === "same") {
    const extentH = (kh - 1) * dilation + 1;
    const extentW = (kw - 1) * dilation + 1;
    padTop = Math.floor(Math.max((outH - 1) * stride + extentH - h, 0) / 2);
    padLeft = Math.floor(Math.max((outW - 1) * stride + extentW - w, 0) / 2);
  }
  const dx = new Float32Array(batch * h * w * cin);
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        for (let a = 0; a < kh; a++) {
          const r = i * stride + a * dilation - padTop;
          if (r < 0 || r >= h) continue;
          for (let b = 0; b < kw; b++) {
            const col = j * stride + b * dilation - padLeft;
            if (col < 0 || col >= w) continue;
            for (let c = 0; c < cin; c++) {
              let sum = 0;
              for (let o = 0; o < cout; o++) {
                sum +=
                  dy.data[((n * outH + i) * outW + j) * cout + o]! *
                  filter.data[((a * kw + b) * cin + c) * cout + o]!;
              }
              dx[((n * h + r) * w + col) * cin + c] += sum;
            }
          }
        }
      }
    }
  }
  return new Tensor(dx, [batch, h, w, cin]);
  // END SOLUTION
}
