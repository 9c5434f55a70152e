import type { GeometryOptions } from "../conv-info";
import { ShapeError } from "../errors";
import { fastConv2dBackpropFilter } from "../kernels/backward";
import { asNHWC, currentMode, GEOMETRY_KEYS } from "../ops/common";
import { checkOptions } from "../options";
import { referenceConv2dBackpropFilter } from "../reference/backward";
import { Tensor } from "../tensor";
import { filterShapeOf, forwardGeometry } from "./common";

/**
 * The gradient of conv2d(x, filter, options) with respect to the filter, given dy (the gradient
 * of its output): dFilter[kh,kw,ci,co] sums x * dy over every output position, the x value
 * being the one tap (kh, kw) read there. TensorFlow's Conv2DBackpropFilter.
 */
export function conv2DBackpropFilter(
  x: Tensor,
  dy: Tensor,
  filterShape: readonly number[],
  options: GeometryOptions = {},
): Tensor {
  return conv2DBackpropFilterAs("conv2DBackpropFilter", x, dy, filterShape, options);
}

export function conv2DBackpropFilterAs(
  op: string,
  x: Tensor,
  dy: Tensor,
  filterShape: readonly number[],
  options: GeometryOptions,
): Tensor {
  checkOptions(op, options, GEOMETRY_KEYS);
  const input = asNHWC(op, x);
  const fs = filterShapeOf(op, filterShape, "KH,KW,Cin,Cout");
  const [kh, kw, cin, cout] = fs as [number, number, number, number];
  const shapes = { x: input.tensor.shape, filterShape: fs };
  if (cin !== input.shape[3])
    throw new ShapeError(op, `filter depth ${cin} != input depth ${input.shape[3]}`, shapes);
  const { info, dy: g } = forwardGeometry(op, input, [kh, kw, cout], options, dy, shapes);
  // The reference loops while counting, else the fast kernels (as the forward ops).
  const x4 = input.tensor.data;
  const df =
    currentMode() === "reference"
      ? referenceConv2dBackpropFilter(x4, g.data, info, cout)
      : fastConv2dBackpropFilter(x4, g.data, info, cout);
  return new Tensor(df, shapes.filterShape);
}
