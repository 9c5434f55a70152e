import type { GeometryOptions } from "../conv-info";
import { ShapeError } from "../errors";
import { type Tensor, checkShape } from "../tensor";
import { conv2DBackpropFilterAs } from "./conv2d-backprop-filter";

/**
 * The gradient of pointwiseConv2d(x, filter, options) with respect to the filter, returned in
 * filterShape ([1,1,Cin,Cout] or [Cin,Cout]): per pixel x^T dy, summed over the pixels.
 */
export function pointwiseConv2dBackpropFilter(
  x: Tensor,
  dy: Tensor,
  filterShape: readonly number[],
  options: GeometryOptions = {},
): Tensor {
  const op = "pointwiseConv2dBackpropFilter";
  const s = checkShape(op, "filterShape", filterShape);
  if ((s.length !== 4 && s.length !== 2) || (s.length === 4 && (s[0] !== 1 || s[1] !== 1))) {
    throw new ShapeError(op, `filterShape must be [1,1,Cin,Cout] or [Cin,Cout]`, {
      filterShape: s,
    });
  }
  const as4 = s.length === 2 ? [1, 1, s[0]!, s[1]!] : s;
  return conv2DBackpropFilterAs(op, x, dy, as4, options).reshape(s);
}
