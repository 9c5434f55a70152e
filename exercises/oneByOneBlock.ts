/**
 * Exercise 9: oneByOneBlock — a 1x1 convolution followed by a non-linearity.
 *
 * x [H, W, Cin], filter [Cin, Cout], activation "relu" or "prelu", alpha [Cout] (PReLU only:
 * one slope per output channel) -> [H, W, Cout]:
 *   y = pointwise(x, filter);  relu: max(y, 0);  prelu: y if y >= 0 else alpha[o] * y
 * Two stacked 1x1 convs without the activation collapse into one; with it they don't.
 *
 * Hint: reuse your pointwiseConv2d, then apply the activation element by element; the channel
 * of element p in the output data is p % Cout.
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";
import { pointwiseConv2d } from "./pointwiseConv2d";

export function oneByOneBlock(
  x: Tensor,
  filter: Tensor,
  activation: "relu" | "prelu",
  alpha?: Tensor,
): Tensor {
  // BEGIN SOLUTION
  const y = pointwiseConv2d(x, filter);
  const cout = filter.shape[1]!;
  const out = new Float32Array(y.data);
  for (let p = 0; p < out.length; p++) {
    const v = out[p]!;
    if (v < 0) out[p] = activation === "relu" ? 0 : v * alpha!.data[p % cout]!;
  }
  return new Tensor(out, y.shape);
  // END SOLUTION
}
