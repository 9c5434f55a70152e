// The gradients of separableConv2d, composed as its forward is (depthwise, then pointwise):
// the chain rule runs the two steps backwards, pointwise first.
import type { GeometryOptions } from "../conv-info";
import { ShapeError } from "../errors";
import { checkOptions } from "../options";
import { GEOMETRY_KEYS, asNHWC, checkFilter, currentMode } from "../ops/common";
import { depthwiseConv2dWith } from "../ops/depthwise";
import { type Tensor, checkTensor, dimsOf } from "../tensor";
import { forwardGeometry } from "./common";
import { conv2DBackpropFilterAs } from "./conv2d-backprop-filter";
import { conv2DBackpropInputAs } from "./conv2d-backprop-input";
import { depthwiseConv2dNativeBackpropFilter } from "./depthwise-backprop-filter";
import { depthwiseConv2dNativeBackpropInput } from "./depthwise-backprop-input";

export interface SeparableGradients {
  readonly dx: Tensor;
  /** [KH,KW,Cin,M], like the depthwise filter. */
  readonly dDepthwiseFilter: Tensor;
  /** In the pointwise filter's own shape, [1,1,Cin*M,Cout] or [Cin*M,Cout]. */
  readonly dPointwiseFilter: Tensor;
}

/**
 * The gradients of separableConv2d(x, depthwiseFilter, pointwiseFilter, options) (without bias
 * or activation: their gradients are biasAddGrad, reluGrad, preluGrad) given dy. It recomputes
 * the depthwise output, which the pointwise filter's gradient needs: one depthwise forward on
 * top of the four backprops (a layer that kept that output calls the four itself).
 */
export function separableConv2dGrad(
  x: Tensor,
  depthwiseFilter: Tensor,
  pointwiseFilter: Tensor,
  dy: Tensor,
  options: GeometryOptions = {},
): SeparableGradients {
  const op = "separableConv2dGrad";
  checkOptions(op, options, GEOMETRY_KEYS);
  const input = asNHWC(op, x);
  const dw = checkFilter(op, "depthwiseFilter", depthwiseFilter, "KH,KW,Cin,M");
  const pw = checkTensor(op, "pointwiseFilter", pointwiseFilter);
  const [kh, kw, cin, multiplier] = dimsOf(dw) as [number, number, number, number];
  const ps = dimsOf(pw);
  const shapes = { x: input.tensor.shape, depthwiseFilter: dw.shape, pointwiseFilter: pw.shape };
  if (cin !== input.shape[3])
    throw new ShapeError(
      op,
      `depthwiseFilter has ${cin} input channels but x has ${input.shape[3]}`,
      shapes,
    );
  if (
    (pw.rank !== 4 && pw.rank !== 2) ||
    (pw.rank === 4 && (ps[0] !== 1 || ps[1] !== 1)) ||
    pw.size === 0
  ) {
    throw new ShapeError(op, `pointwiseFilter must be [1,1,Cin*M,Cout] or [Cin*M,Cout]`, shapes);
  }
  const depth = ps[pw.rank - 2]!;
  const cout = ps[pw.rank - 1]!;
  if (depth !== cin * multiplier) {
    throw new ShapeError(
      op,
      `pointwiseFilter depth ${depth} != Cin*M = ${cin}*${multiplier} = ${cin * multiplier}`,
      shapes,
    );
  }
  const { dy: g } = forwardGeometry(op, input, [kh, kw, cout], options, dy, shapes);

  const pw4 = pw.reshape([1, 1, depth, cout]);
  const mid = depthwiseConv2dWith(currentMode(), input.tensor, dw, options, op);
  // Pointwise step backwards: the gradient of its input (the depthwise output) and of its filter.
  const dMid = conv2DBackpropInputAs(op, mid.shape, g, pw4, {});
  const dPointwiseFilter = conv2DBackpropFilterAs(op, mid, g, pw4.shape, {}).reshape(pw.shape);
  // Depthwise step backwards, from dMid.
  const dx = depthwiseConv2dNativeBackpropInput(input.tensor.shape, dMid, dw, options);
  const dDepthwiseFilter = depthwiseConv2dNativeBackpropFilter(
    input.tensor,
    dMid,
    dw.shape,
    options,
  );
  return { dx, dDepthwiseFilter, dPointwiseFilter };
}
