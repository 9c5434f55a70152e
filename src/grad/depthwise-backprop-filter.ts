import type { GeometryOptions } from "../conv-info";
import { ShapeError } from "../errors";
import { fastDepthwiseBackpropFilter } from "../kernels/backward";
import { asNHWC, currentMode, GEOMETRY_KEYS } from "../ops/common";
import { checkOptions } from "../options";
import { referenceDepthwiseBackpropFilter } from "../reference/backward";
import { Tensor } from "../tensor";
import { filterShapeOf, forwardGeometry } from "./common";

/**
 * The gradient of depthwiseConv2d(x, filter, options) with respect to the filter [KH,KW,C,M]:
 * dFilter[kh,kw,c,m] sums x[..., c] * dy[..., c*M + m] over every output position.
 * TensorFlow's DepthwiseConv2dNativeBackpropFilter.
 */
export function depthwiseConv2dNativeBackpropFilter(
  x: Tensor,
  dy: Tensor,
  filterShape: readonly number[],
  options: GeometryOptions = {},
): Tensor {
  const op = "depthwiseConv2dNativeBackpropFilter";
  checkOptions(op, options, GEOMETRY_KEYS);
  const input = asNHWC(op, x);
  const fs = filterShapeOf(op, filterShape, "KH,KW,C,M");
  const [kh, kw, c, multiplier] = fs as [number, number, number, number];
  const shapes = { x: input.tensor.shape, filterShape: fs };
  if (c !== input.shape[3])
    throw new ShapeError(
      op,
      `filterShape has ${c} input channels but x has ${input.shape[3]}`,
      shapes,
    );
  const { info, dy: g } = forwardGeometry(op, input, [kh, kw, c * multiplier], options, dy, shapes);
  // The reference loops while counting, else the fast kernels (as the forward ops).
  const x4 = input.tensor.data;
  const df =
    currentMode() === "reference"
      ? referenceDepthwiseBackpropFilter(x4, g.data, info, multiplier)
      : fastDepthwiseBackpropFilter(x4, g.data, info, multiplier);
  return new Tensor(df, shapes.filterShape);
}
