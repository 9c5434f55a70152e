/**
 * Exercise 4: conv2d — multi-channel standard convolution with stride and padding.
 *
 * x [H, W, Cin] (one image, channels last), filter [KH, KW, Cin, Cout], stride s >= 1,
 * padding "valid" or "same" (TensorFlow's rules) -> [Ho, Wo, Cout] where
 *   out[i][j][o] = sum over a, b, c of x[i*s + a - padTop][j*s + b - padLeft][c] * filter[a][b][c][o]
 * and positions outside x count as 0.
 *   "valid": no padding, Ho = floor((H - KH) / s) + 1.
 *   "same":  Ho = ceil(H / s); total padding = max((Ho - 1) * s + KH - H, 0) rows, of which
 *            padTop = floor(total / 2) go on top and the rest (the odd one) at the bottom.
 *            The same for the width with KW, padLeft and padRight.
 *
 * Hints:
 * - Index of x[r][c][ch] in x.data: (r * W + c) * Cin + ch.
 * - Index of filter[a][b][c][o]: ((a * KW + b) * Cin + c) * Cout + o.
 * - Skip taps whose input row or column falls outside the image instead of reading out of bounds.
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";

export type Padding = "valid" | "same";

export function conv2d(x: Tensor, filter: Tensor, stride: number, padding: Padding): Tensor {
  // BEGIN SOLUTION
  const [h, w, cin] = x.shape as [number, number, number];
  const [kh, kw, , cout] = filter.shape as [number, number, number, number];
  let outH: number;
  let outW: number;
  let padTop = 0;
  let padLeft = 0;
  if (padding === "same") {
    outH = Math.ceil(h / stride);
    outW = Math.ceil(w / stride);
    padTop = Math.floor(Math.max((outH - 1) * stride + kh - h, 0) / 2);
    padLeft = Math.floor(Math.max((outW - 1) * stride + kw - w, 0) / 2);
  } else {
    outH = Math.floor((h - kh) / stride) + 1;
    outW = Math.floor((w - kw) / stride) + 1;
  }
  const out = new Float32Array(outH * outW * cout);
  for (let i = 0; i < outH; i++) {
    for (let j = 0; j < outW; j++) {
      for (let o = 0; o < cout; o++) {
        let sum = 0;
        for (let a = 0; a < kh; a++) {
          const r = i * stride + a - padTop;
          if (r < 0 || r >= h) continue;
          for (let b = 0; b < kw; b++) {
            const c = j * stride + b - padLeft;
            if (c < 0 || c >= w) continue;
            for (let ch = 0; ch < cin; ch++) {
              sum +=
                x.data[(r * w + c) * cin + ch]! *
                filter.data[((a * kw + b) * cin + ch) * cout + o]!;
            }
          }
        }
        out[(i * outW + j) * cout + o] = sum;
      }
    }
  }
  return new Tensor(out, [outH, outW, cout]);
  // END SOLUTION
}
