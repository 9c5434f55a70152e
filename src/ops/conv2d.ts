import { computeConv2DInfo } from "../conv-info";
import { ShapeError } from "../errors";
import { fastConv2d } from "../kernels/fast";
import { referenceConv2d } from "../reference/loops";
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
 * Standard 2-D convolution (cross-correlation, as in TensorFlow): x [N,H,W,Cin] or [H,W,Cin],
 * filter [KH,KW,Cin,Cout] -> [N,Ho,Wo,Cout] (rank 3 in gives rank 3 out).
 */
export function conv2d(x: Tensor, filter: Tensor, options: ConvOptions = {}): Tensor {
  return conv2dWith(currentMode(), x, filter, options);
}

export function conv2dWith(
  mode: Mode,
  x: Tensor,
  filter: Tensor,
  options: ConvOptions = {},
  op = "conv2d",
): Tensor {
  checkOptions(op, options, CONV_KEYS);
  const input = asNHWC(op, x);
  const f = checkFilter(op, "filter", filter, "KH,KW,Cin,Cout", input.tensor);
  const fs = dimsOf(f); // plain dimensions, read by index (see Tensor's #dims)
  const kh = fs[0]!,
    kw = fs[1]!,
    cin = fs[2]!,
    cout = fs[3]!;
  const shapes = { x: input.tensor.shape, filter: f.shape };
  if (cin !== input.shape[3]) {
    throw new ShapeError(op, `filter depth ${cin} != input depth ${input.shape[3]}`, shapes);
  }
  const info = computeConv2DInfo(op, input.shape, kh, kw, options, shapes);
  const outShape = [info.batch, info.outHeight, info.outWidth, cout];
  checkEpilogue(op, options, outShape, input.wasRank3, { x: input.tensor, filter: f });
  return runConv(
    op,
    mode,
    outShape,
    input.wasRank3,
    options,
    () => referenceConv2d(input.tensor.data, f.data, info, cout),
    (epilogue, out) => fastConv2d(input.tensor.data, f.data, info, cout, epilogue, out),
  );
}
