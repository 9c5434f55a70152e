import type { GeometryOptions } from "../conv-info";
import { ShapeError } from "../errors";
import { fastConv2dBackpropInput } from "../kernels/backward";
import { checkFilter, currentMode, GEOMETRY_KEYS } from "../ops/common";
import { checkOptions } from "../options";
import { referenceConv2dBackpropInput } from "../reference/backward";
import { dimsOf, Tensor } from "../tensor";
import { atRank, forwardGeometry, inputShapeOf } from "./common";

/**
 * The gradient of conv2d(x, filter, options) with respect to x, given dy (the gradient of its
 * output [N,Ho,Wo,Cout]): dx[n,ih,iw,ci] sums dy * filter over every (output position, tap)
 * whose window read x[n,ih,iw,ci]. TensorFlow's Conv2DBackpropInput; inputShape is x's shape.
 */
export function conv2DBackpropInput(
  inputShape: readonly number[],
  dy: Tensor,
  filter: Tensor,
  options: GeometryOptions = {},
): Tensor {
  return conv2DBackpropInputAs("conv2DBackpropInput", inputShape, dy, filter, options);
}

/** conv2DBackpropInput(x.shape, ...) for a caller that gives x up: on the kernels dx may be
 *  written over x's memory (as depthwiseConv2dNativeBackpropInputOver). */
export function conv2DBackpropInputOver(
  x: Tensor,
  dy: Tensor,
  filter: Tensor,
  options: GeometryOptions,
): Tensor {
  return conv2DBackpropInputAs("conv2DBackpropInput", x.shape, dy, filter, options, x);
}

/** `over`: see conv2DBackpropInputOver. */
export function conv2DBackpropInputAs(
  op: string,
  inputShape: readonly number[],
  dy: Tensor,
  filter: Tensor,
  options: GeometryOptions,
  over: Tensor | null = null,
): Tensor {
  checkOptions(op, options, GEOMETRY_KEYS);
  const input = inputShapeOf(op, inputShape);
  const f = checkFilter(op, "filter", filter, "KH,KW,Cin,Cout");
  const [kh, kw, cin, cout] = dimsOf(f) as [number, number, number, number];
  const shapes = { inputShape: atRank(input.shape, input.wasRank3), filter: f.shape };
  if (cin !== input.shape[3])
    throw new ShapeError(op, `filter depth ${cin} != input depth ${input.shape[3]}`, shapes);
  const { info, dy: g } = forwardGeometry(op, input, [kh, kw, cout], options, dy, shapes);
  // As the forward ops: the reference loops while counting (they are the specification), else
  // the fast kernels, which test/grad/fast.test.ts holds to them.
  const dx =
    currentMode() === "reference"
      ? referenceConv2dBackpropInput(g.data, f.data, info, cout)
      : fastConv2dBackpropInput(g.data, f.data, info, cout, over?.data ?? null);
  return new Tensor(dx, shapes.inputShape);
}
