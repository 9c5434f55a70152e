import { computeConv2DInfo } from "../conv-info";
import { ShapeError } from "../errors";
import { fastDepthwise } from "../kernels/fast";
import { referenceDepthwise } from "../reference/loops";
import { type Tensor, dimsOf } from "../tensor";
import {
  CONV_KEYS,
  type ConvOptions,
  type Mode,
  asNHWC,
  checkEpilogue,
  checkFilter,
  currentMode,
  runConv,
} from "./common";
import { checkOptions } from "../options";

/**
 * Depthwise convolution: filter [KH,KW,Cin,M] (M = depth multiplier). Each input channel is
 * convolved on its own with M kernels; output channel c*M + m comes from filter[:,:,c,m].
 */
export function depthwiseConv2d(x: Tensor, filter: Tensor, options: ConvOptions = {}): Tensor {
  return depthwiseConv2dWith(currentMode(), x, filter, options);
}

export function depthwiseConv2dWith(
  mode: Mode,
  x: Tensor,
  filter: Tensor,
  options: ConvOptions = {},
  op = "depthwiseConv2d",
): Tensor {
  checkOptions(op, options, CONV_KEYS);
  const input = asNHWC(op, x);
  const f = checkFilter(op, "filter", filter, "KH,KW,Cin,M", input.tensor);
  const fs = dimsOf(f); // plain dimensions, read by index (see Tensor's #dims)
  const kh = fs[0]!,
    kw = fs[1]!,
    cin = fs[2]!,
    multiplier = fs[3]!;
  const shapes = { x: input.tensor.shape, filter: f.shape };
  if (cin !== input.shape[3]) {
    throw new ShapeError(
      op,
      `filter has ${cin} input channels but x has ${input.shape[3]}`,
      shapes,
    );
  }
  const info = computeConv2DInfo(op, input.shape, kh, kw, options, shapes);
  const outShape = [info.batch, info.outHeight, info.outWidth, cin * multiplier];
  checkEpilogue(op, options, outShape, input.wasRank3, { x: input.tensor, filter: f });
  return runConv(
    op,
    mode,
    outShape,
    input.wasRank3,
    options,
    () => referenceDepthwise(input.tensor.data, f.data, info, multiplier),
    (epilogue, out) => fastDepthwise(input.tensor.data, f.data, info, multiplier, epilogue, out),
  );
}
