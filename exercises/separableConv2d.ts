/**
 * Exercise 7: separableConv2d — depthwise then pointwise, composed from your own functions.
 *
 * x [H, W, Cin], depthwiseFilter [KH, KW, Cin, M], pointwiseFilter [Cin * M, Cout], stride and
 * padding for the depthwise step -> [Ho, Wo, Cout]. This is Keras' SeparableConv2D (no bias).
 *
 * Hint: two lines, using the functions you wrote in depthwiseConv2d.ts and pointwiseConv2d.ts.
 * If those pass their checks, this one will too.
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import type { Tensor } from "sepconv";
import { depthwiseConv2d, type Padding } from "./depthwiseConv2d";
import { pointwiseConv2d } from "./pointwiseConv2d";

export function separableConv2d(
  x: Tensor,
  depthwiseFilter: Tensor,
  pointwiseFilter: Tensor,
  stride: number,
  padding: Padding,
): Tensor {
  // BEGIN SOLUTION
  const mid = depthwiseConv2d(x, depthwiseFilter, stride, padding);
  return pointwiseConv2d(mid, pointwiseFilter);
  // END SOLUTION
}
