/**
 * Exercise 6: pointwiseConv2d — the 1x1 convolution.
 *
 * x [H, W, Cin], filter [Cin, Cout] -> [H, W, Cout]:
 *   out[i][j][o] = sum over c of x[i][j][c] * filter[c][o]
 * The same Cin x Cout matrix multiplies every pixel's channel vector.
 *
 * Hint: treat x as an (H*W) x Cin matrix; the result is that matrix times the filter.
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";

export function pointwiseConv2d(x: Tensor, filter: Tensor): Tensor {
  // BEGIN SOLUTION
  const [h, w, cin] = x.shape as [number, number, number];
  const cout = filter.shape[1]!;
  const out = new Float32Array(h * w * cout);
  for (let p = 0; p < h * w; p++) {
    for (let o = 0; o < cout; o++) {
      let sum = 0;
      for (let c = 0; c < cin; c++) sum += x.data[p * cin + c]! * filter.data[c * cout + o]!;
      out[p * cout + o] = sum;
    }
  }
  return new Tensor(out, [h, w, cout]);
  // END SOLUTION
}
