import type { GeometryOptions } from "../conv-info";
import { ShapeError } from "../errors";
import { type Tensor, checkTensor, dimsOf } from "../tensor";
import { conv2DBackpropInputAs } from "./conv2d-backprop-input";

/**
 * The gradient of pointwiseConv2d(x, filter, options) with respect to x: conv2d's with a 1x1
 * filter, [1,1,Cin,Cout] or [Cin,Cout]. Per pixel, dx = dy filter^T.
 */
export function pointwiseConv2dBackpropInput(
  inputShape: readonly number[],
  dy: Tensor,
  filter: Tensor,
  options: GeometryOptions = {},
): Tensor {
  return pointwiseInputGradient(inputShape, dy, filter, options, null);
}

/** pointwiseConv2dBackpropInput(x.shape, ...) for a caller that gives x up: on the kernels dx
 *  may be written over x's memory (as depthwiseConv2dNativeBackpropInputOver). */
export function pointwiseConv2dBackpropInputOver(x: Tensor, dy: Tensor, filter: Tensor): Tensor {
  return pointwiseInputGradient(x.shape, dy, filter, {}, x);
}

function pointwiseInputGradient(
  inputShape: readonly number[],
  dy: Tensor,
  filter: Tensor,
  options: GeometryOptions,
  over: Tensor | null,
): Tensor {
  const op = "pointwiseConv2dBackpropInput";
  const f = checkTensor(op, "filter", filter);
  const fs = dimsOf(f);
  if ((f.rank !== 4 && f.rank !== 2) || (f.rank === 4 && (fs[0] !== 1 || fs[1] !== 1))) {
    throw new ShapeError(op, `filter must be [1,1,Cin,Cout] or [Cin,Cout]`, { filter: f.shape });
  }
  const as4 = f.rank === 2 ? f.reshape([1, 1, fs[0]!, fs[1]!]) : f;
  return conv2DBackpropInputAs(op, inputShape, dy, as4, options, over);
}
