import type { GeometryOptions } from "../conv-info";
import { ShapeError } from "../errors";
import { fastDepthwiseBackpropInput } from "../kernels/backward";
import { checkFilter, currentMode, GEOMETRY_KEYS } from "../ops/common";
import { checkOptions } from "../options";
import { referenceDepthwiseBackpropInput } from "../reference/backward";
import { dimsOf, Tensor } from "../tensor";
import { atRank, forwardGeometry, inputShapeOf } from "./common";

/**
 * The gradient of depthwiseConv2d(x, filter, options) with respect to x, given dy [N,Ho,Wo,C*M]:
 * input channel c collects from its own M output channels c*M + m only.
 * TensorFlow's DepthwiseConv2dNativeBackpropInput; inputShape is x's shape.
 */
export function depthwiseConv2dNativeBackpropInput(
  inputShape: readonly number[],
  dy: Tensor,
  filter: Tensor,
  options: GeometryOptions = {},
): Tensor {
  return depthwiseInputGradient(inputShape, dy, filter, options, null);
}

/**
 * depthwiseConv2dNativeBackpropInput(x.shape, ...) for a caller that gives x up (a model layer
 * whose input nothing reads after its backward): on the kernels, dx may be written over x's
 * memory, as TensorFlow forwards an input buffer no one else holds to an op's output.
 */
export function depthwiseConv2dNativeBackpropInputOver(
  x: Tensor,
  dy: Tensor,
  filter: Tensor,
  options: GeometryOptions,
): Tensor {
  return depthwiseInputGradient(x.shape, dy, filter, options, x);
}

function depthwiseInputGradient(
  inputShape: readonly number[],
  dy: Tensor,
  filter: Tensor,
  options: GeometryOptions,
  over: Tensor | null,
): Tensor {
  const op = "depthwiseConv2dNativeBackpropInput";
  checkOptions(op, options, GEOMETRY_KEYS);
  const input = inputShapeOf(op, inputShape);
  const f = checkFilter(op, "filter", filter, "KH,KW,C,M");
  const [kh, kw, c, multiplier] = dimsOf(f) as [number, number, number, number];
  const shapes = { inputShape: atRank(input.shape, input.wasRank3), filter: f.shape };
  if (c !== input.shape[3])
    throw new ShapeError(
      op,
      `filter has ${c} input channels but inputShape has ${input.shape[3]}`,
      shapes,
    );
  const { info, dy: g } = forwardGeometry(op, input, [kh, kw, c * multiplier], options, dy, shapes);
  // The reference loops while counting, else the fast kernels (as the forward ops).
  const dx =
    currentMode() === "reference"
      ? referenceDepthwiseBackpropInput(g.data, f.data, info, multiplier)
      : fastDepthwiseBackpropInput(g.data, f.data, info, multiplier, over?.data ?? null);
  return new Tensor(dx, shapes.inputShape);
}
