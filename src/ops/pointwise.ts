import { computeConv2DInfo } from "../conv-info";
import { ShapeError } from "../errors";
import { fastPointwise } from "../kernels/fast";
import { referenceConv2d } from "../reference/loops";
import { type Tensor, checkTensor, dimsOf } from "../tensor";
import {
  CONV_KEYS,
  type ConvOptions,
  type Mode,
  asNHWC,
  checkEpilogue,
  currentMode,
  runConv,
} from "./common";
import { checkOptions } from "../options";

/**
 * Pointwise (1x1) convolution: filter [1,1,Cin,Cout] or [Cin,Cout]. The same Cin x Cout matrix
 * multiplies every pixel; strides and padding work as for conv2d.
 */
export function pointwiseConv2d(x: Tensor, filter: Tensor, options: ConvOptions = {}): Tensor {
  return pointwiseConv2dWith(currentMode(), x, filter, options);
}

export function pointwiseConv2dWith(
  mode: Mode,
  x: Tensor,
  filter: Tensor,
  options: ConvOptions = {},
  op = "pointwiseConv2d",
): Tensor {
  checkOptions(op, options, CONV_KEYS);
  const input = asNHWC(op, x);
  const f = checkTensor(op, "filter", filter);
  const shapes = { x: input.tensor.shape, filter: f.shape };
  const fs = dimsOf(f); // plain dimensions, read by index (see Tensor's #dims)
  if (f.rank === 4 && (fs[0] !== 1 || fs[1] !== 1)) {
    throw new ShapeError(
      op,
      `filter must be 1x1, got ${fs[0]}x${fs[1]} (use conv2d for larger kernels)`,
      shapes,
    );
  }
  if (f.rank !== 4 && f.rank !== 2) {
    throw new ShapeError(
      op,
      `filter must be [1,1,Cin,Cout] or [Cin,Cout], got rank ${f.rank}`,
      shapes,
    );
  }
  if (f.size === 0) throw new ShapeError(op, `filter has a zero-sized dimension`, shapes);
  const cin = fs[f.rank - 2]!;
  const cout = fs[f.rank - 1]!;
  if (cin !== input.shape[3]) {
    throw new ShapeError(op, `filter depth ${cin} != input depth ${input.shape[3]}`, shapes);
  }
  const info = computeConv2DInfo(op, input.shape, 1, 1, options, shapes);
  const outShape = [info.batch, info.outHeight, info.outWidth, cout];
  checkEpilogue(op, options, outShape, input.wasRank3, { x: input.tensor, filter: f });
  // The reference for a 1x1 conv is the conv2d loop itself: pointwise is not a new definition.
  return runConv(
    op,
    mode,
    outShape,
    input.wasRank3,
    options,
    () => referenceConv2d(input.tensor.data, f.data, info, cout),
    (epilogue, out) => fastPointwise(input.tensor.data, f.data, info, cout, epilogue, out),
  );
}
