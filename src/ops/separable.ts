// Depthwise-separable convolution (Keras SeparableConv2D): a depthwise step, then a pointwise
// step. Built from the two ops; it has no loops of its own.
import { computeConv2DInfo } from "../conv-info";
import { ShapeError } from "../errors";
import { type Tensor, checkTensor, dimsOf } from "../tensor";
import { fastSeparable } from "../kernels/fast";
import {
  CONV_KEYS,
  type ConvOptions,
  type Mode,
  asNHWC,
  checkEpilogue,
  checkFilter,
  currentMode,
  epilogueOf,
  finish,
  geometryOf,
  splitEpilogue,
} from "./common";
import { checkOptions } from "../options";
import { depthwiseConv2dWith } from "./depthwise";
import { pointwiseConv2dWith } from "./pointwise";

/**
 * depthwiseFilter [KH,KW,Cin,M], pointwiseFilter [1,1,Cin*M,Cout] (or [Cin*M,Cout]).
 * strides, padding and dilations apply to the depthwise step; bias and activation after the
 * pointwise step.
 */
export function separableConv2d(
  x: Tensor,
  depthwiseFilter: Tensor,
  pointwiseFilter: Tensor,
  options: ConvOptions = {},
): Tensor {
  return separableConv2dWith(currentMode(), x, depthwiseFilter, pointwiseFilter, options);
}

export function separableConv2dWith(
  mode: Mode,
  x: Tensor,
  depthwiseFilter: Tensor,
  pointwiseFilter: Tensor,
  options: ConvOptions = {},
): Tensor {
  const op = "separableConv2d";
  // Validate everything first, so a bad pointwise filter is reported before any work is done.
  checkOptions(op, options, CONV_KEYS);
  const input = asNHWC(op, x);
  const dw = checkFilter(op, "depthwiseFilter", depthwiseFilter, "KH,KW,Cin,M", input.tensor);
  const pw = checkTensor(op, "pointwiseFilter", pointwiseFilter);
  const ds = dimsOf(dw); // plain dimensions, read by index (see Tensor's #dims)
  const kh = ds[0]!,
    kw = ds[1]!,
    cin = ds[2]!,
    multiplier = ds[3]!;
  const shapes = { x: input.tensor.shape, depthwiseFilter: dw.shape, pointwiseFilter: pw.shape };
  if (cin !== input.shape[3]) {
    throw new ShapeError(
      op,
      `depthwiseFilter has ${cin} input channels but x has ${input.shape[3]}`,
      shapes,
    );
  }
  const ps = dimsOf(pw);
  if ((pw.rank !== 4 && pw.rank !== 2) || (pw.rank === 4 && (ps[0] !== 1 || ps[1] !== 1))) {
    throw new ShapeError(op, `pointwiseFilter must be [1,1,Cin*M,Cout] or [Cin*M,Cout]`, shapes);
  }
  const pwDepth = ps[pw.rank - 2]!;
  if (pwDepth !== cin * multiplier) {
    throw new ShapeError(
      op,
      `pointwiseFilter depth ${pwDepth} != Cin*M = ${cin}*${multiplier} = ${cin * multiplier}`,
      shapes,
    );
  }
  const info = computeConv2DInfo(op, input.shape, kh, kw, options, shapes);
  checkEpilogue(
    op,
    options,
    [info.batch, info.outHeight, info.outWidth, ps[pw.rank - 1]!],
    input.wasRank3,
    { x: input.tensor, depthwiseFilter: dw, pointwiseFilter: pw },
  );

  if (mode === "fast") {
    // The same two kernels, with the intermediate kept in kernel memory between them.
    const cout = ps[pw.rank - 1]!;
    const { fast, rest } = splitEpilogue(options, cout);
    const data = fastSeparable(
      input.tensor.data,
      dw.data,
      pw.data,
      info,
      multiplier,
      cout,
      fast,
      rest.out?.data ?? null,
    );
    return finish(
      op,
      data,
      [info.batch, info.outHeight, info.outWidth, cout],
      input.wasRank3,
      rest,
    );
  }
  const mid = depthwiseConv2dWith(mode, x, dw, geometryOf(options), op);
  return pointwiseConv2dWith(mode, mid, pw, epilogueOf(options), op);
}
