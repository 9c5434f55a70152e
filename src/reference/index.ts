// The reference ops: the public signatures (same validation, same epilogue) running on the
// plain instrumented loops of loops.ts. They are the definition the fast paths are tested
// against; wrap a call in countMultiplications to count what it does.
import type { ConvOptions } from "../ops/common";
import { conv2dWith } from "../ops/conv2d";
import { depthwiseConv2dWith } from "../ops/depthwise";
import { pointwiseConv2dWith } from "../ops/pointwise";
import { separableConv2dWith } from "../ops/separable";
import { spatialSeparableConv2dWith } from "../ops/spatial";
import type { Tensor } from "../tensor";

export { countMultiplications, type Counted } from "./counter";

export function conv2d(x: Tensor, filter: Tensor, options: ConvOptions = {}): Tensor {
  return conv2dWith("reference", x, filter, options);
}

export function depthwiseConv2d(x: Tensor, filter: Tensor, options: ConvOptions = {}): Tensor {
  return depthwiseConv2dWith("reference", x, filter, options);
}

export function pointwiseConv2d(x: Tensor, filter: Tensor, options: ConvOptions = {}): Tensor {
  return pointwiseConv2dWith("reference", x, filter, options);
}

export function separableConv2d(
  x: Tensor,
  depthwiseFilter: Tensor,
  pointwiseFilter: Tensor,
  options: ConvOptions = {},
): Tensor {
  return separableConv2dWith("reference", x, depthwiseFilter, pointwiseFilter, options);
}

export function spatialSeparableConv2d(
  x: Tensor,
  column: Tensor,
  row: Tensor,
  options: ConvOptions = {},
): Tensor {
  return spatialSeparableConv2dWith("reference", x, column, row, options);
}
