/**
 * Exercise 5: depthwiseConv2d — each channel convolved on its own, with a depth multiplier.
 *
 * x [H, W, C], filter [KH, KW, C, M] (M = depth multiplier), stride, padding as in conv2d
 * -> [Ho, Wo, C * M] where output channel c * M + m is input channel c cross-correlated with
 * filter[:, :, c, m] (TensorFlow's channel order):
 *   out[i][j][c*M + m] = sum over a, b of x[i*s + a - padTop][j*s + b - padLeft][c] * filter[a][b][c][m]
 *
 * Hints:
 * - Output sizes and padding are exactly those of conv2d ("valid" / "same").
 * - Index of filter[a][b][c][m]: ((a * KW + b) * C + c) * M + m.
 * - There is no sum over channels: that is the whole point.
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";

export type Padding = "valid" | "same";

export function depthwiseConv2d(
  x: Tensor,
  filter: Tensor,
  stride: number,
  padding: Padding,
): Tensor {
  // BEGIN SOLUTION
  const [h, w, ch] = x.shape as [number, number, number];
  const [kh, kw, , mult] = filter.shape as [number, number, number, number];
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
  const outC = ch * mult;
  const out = new Float32Array(outH * outW * outC);
  for (let i = 0; i < outH; i++) {
    for (let j = 0; j < outW; j++) {
      for (let c = 0; c < ch; c++) {
        for (let m = 0; m < mult; m++) {
          let sum = 0;
          for (let a = 0; a < kh; a++) {
            const r = i * stride + a - padTop;
            if (r < 0 || r >= h) continue;
            for (let b = 0; b < kw; b++) {
              const col = j * stride + b - padLeft;
              if (col < 0 || col >= w) continue;
              sum +=
                x.data[(r * w + col) * ch + c]! * filter.data[((a * kw + b) * ch + c) * mult + m]!;
            }
          }
          out[(i * outW + j) * outC + c * mult + m] = sum;
        }
      }
    }
  }
  return new Tensor(out, [outH, outW, outC]);
  // END SOLUTION
}
