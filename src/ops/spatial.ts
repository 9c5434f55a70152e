// Spatially separable convolution: a KxK2 kernel that is an outer product column x row is
// applied as a Kx1 pass and then a 1xK2 pass on every channel. Each pass is a depthwise conv
// with the column (or row) shared by all channels; the padding and strides of the full kernel
// split exactly into a vertical part (column pass) and a horizontal part (row pass).
import { computeConv2DInfo } from "../conv-info";
import { ShapeError } from "../errors";
import { Tensor, checkTensor, dimsOf } from "../tensor";
import { fastSpatial } from "../kernels/fast";
import {
  CONV_KEYS,
  type ConvOptions,
  type Mode,
  asNHWC,
  checkEpilogue,
  currentMode,
  epilogueOf,
  finish,
  splitEpilogue,
} from "./common";
import { checkOptions } from "../options";
import { depthwiseConv2dWith } from "./depthwise";

/** column [K,1], row [1,K2]: equals conv2d with the K x K2 kernel column * row on each channel. */
export function spatialSeparableConv2d(
  x: Tensor,
  column: Tensor,
  row: Tensor,
  options: ConvOptions = {},
): Tensor {
  return spatialSeparableConv2dWith(currentMode(), x, column, row, options);
}

export function spatialSeparableConv2dWith(
  mode: Mode,
  x: Tensor,
  column: Tensor,
  row: Tensor,
  options: ConvOptions = {},
): Tensor {
  const op = "spatialSeparableConv2d";
  checkOptions(op, options, CONV_KEYS);
  const input = asNHWC(op, x);
  const col = checkTensor(op, "column", column);
  const rw = checkTensor(op, "row", row);
  const shapes = { x: input.tensor.shape, column: col.shape, row: rw.shape };
  // Plain dimensions, read by index (see Tensor's #dims).
  const cs = dimsOf(col),
    rs = dimsOf(rw);
  if (col.rank !== 2 || cs[1] !== 1 || cs[0] === 0) {
    throw new ShapeError(op, `column must be a [K,1] tensor`, shapes);
  }
  if (rw.rank !== 2 || rs[0] !== 1 || rs[1] === 0) {
    throw new ShapeError(op, `row must be a [1,K] tensor`, shapes);
  }
  const k = cs[0]!;
  const k2 = rs[1]!;
  const channels = input.shape[3];
  // Geometry of the full kernel: its padding and strides are what the two passes must reproduce.
  const info = computeConv2DInfo(op, input.shape, k, k2, options, shapes);
  checkEpilogue(
    op,
    options,
    [info.batch, info.outHeight, info.outWidth, channels],
    input.wasRank3,
    { x: input.tensor, column: col, row: rw },
  );

  const colFilter = new Tensor(tile(col.data, channels), [k, 1, channels, 1]);
  const rowFilter = new Tensor(tile(rw.data, channels), [1, k2, channels, 1]);
  const firstPass: ConvOptions = {
    strides: [info.strideHeight, 1],
    dilations: [info.dilationHeight, 1],
    padding: [
      [info.padTop, info.padBottom],
      [0, 0],
    ],
  };
  const secondPass: ConvOptions = {
    strides: [1, info.strideWidth],
    dilations: [1, info.dilationWidth],
    padding: [
      [0, 0],
      [info.padLeft, info.padRight],
    ],
  };
  if (mode === "fast") {
    // The same two depthwise passes, with the intermediate kept in kernel memory.
    const first = computeConv2DInfo(op, input.shape, k, 1, firstPass, shapes);
    const second = computeConv2DInfo(
      op,
      [first.batch, first.outHeight, first.outWidth, channels],
      1,
      k2,
      secondPass,
      shapes,
    );
    const { fast, rest } = splitEpilogue(options, channels);
    const data = fastSpatial(
      input.tensor.data,
      colFilter.data,
      rowFilter.data,
      first,
      second,
      fast,
      rest.out?.data ?? null,
    );
    return finish(
      op,
      data,
      [info.batch, info.outHeight, info.outWidth, channels],
      input.wasRank3,
      rest,
    );
  }
  const vertical = depthwiseConv2dWith(mode, x, colFilter, firstPass, op);
  return depthwiseConv2dWith(
    mode,
    vertical,
    rowFilter,
    { ...secondPass, ...epilogueOf(options) },
    op,
  );
}

/** [K] taps -> [K, C] with every channel sharing the taps (depthwise filter layout, M = 1). */
function tile(taps: Float32Array, channels: number): Float32Array {
  const out = new Float32Array(taps.length * channels);
  for (let i = 0; i < taps.length; i++) out.fill(taps[i]!, i * channels, (i + 1) * channels);
  return out;
}
