// Closeness of two tensors, NumPy's rule |a - b| <= atol + rtol * |b| (b is the reference).
// `compareTensors` also says where and by how much they differ: the grader and notebook checks
// print these details, allClose just answers yes or no.
import { fmtShape } from "./errors";
import { booleanOption, checkOptions, nonNegativeOption } from "./options";
import { type Tensor, checkTensor, sameShape } from "./tensor";

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  /** Two NaNs at the same index count as equal (default false, as in NumPy). */
  equalNan?: boolean;
}

export type Comparison =
  | { readonly kind: "close"; readonly maxAbsError: number; readonly maxRelError: number }
  | { readonly kind: "shape"; readonly message: string }
  | {
      readonly kind: "values";
      readonly message: string;
      readonly firstIndex: readonly number[];
      readonly expected: number;
      readonly got: number;
      readonly mismatches: number;
      readonly maxAbsError: number;
      readonly maxRelError: number;
    };

const DEFAULT_RTOL = 1e-5;
const DEFAULT_ATOL = 1e-6;

/** Compares `got` with the reference `expected`; never throws for differing shapes. */
export function compareTensors(
  got: Tensor,
  expected: Tensor,
  options: CloseOptions = {},
): Comparison {
  checkTensor("compareTensors", "got", got);
  checkTensor("compareTensors", "expected", expected);
  checkOptions("compareTensors", options, ["rtol", "atol", "equalNan"]);
  const rtol = nonNegativeOption("compareTensors", "rtol", options.rtol, DEFAULT_RTOL);
  const atol = nonNegativeOption("compareTensors", "atol", options.atol, DEFAULT_ATOL);
  const equalNan = booleanOption("compareTensors", "equalNan", options.equalNan) ?? false;
  if (!sameShape(got.shape, expected.shape)) {
    return {
      kind: "shape",
      message: `shape ${fmtShape(got.shape)} != expected ${fmtShape(expected.shape)}`,
    };
  }
  let first = -1;
  let mismatches = 0;
  let maxAbs = 0;
  let maxRel = 0;
  for (let i = 0; i < got.size; i++) {
    const a = got.data[i]!;
    const b = expected.data[i]!;
    let ok: boolean;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      ok = equalNan && Number.isNaN(a) && Number.isNaN(b);
      if (!ok) maxAbs = maxRel = Number.NaN;
    } else if (!Number.isFinite(a) || !Number.isFinite(b)) {
      ok = a === b; // infinities match only themselves
      if (!ok && !Number.isNaN(maxAbs)) maxAbs = maxRel = Number.POSITIVE_INFINITY;
    } else {
      const diff = Math.abs(a - b);
      ok = diff <= atol + rtol * Math.abs(b);
      if (!Number.isNaN(maxAbs)) {
        maxAbs = Math.max(maxAbs, diff);
        if (b !== 0) maxRel = Math.max(maxRel, diff / Math.abs(b));
        else if (diff > 0) maxRel = Math.max(maxRel, Number.POSITIVE_INFINITY);
      }
    }
    if (!ok) {
      mismatches++;
      if (first < 0) first = i;
    }
  }
  if (first < 0) return { kind: "close", maxAbsError: maxAbs, maxRelError: maxRel };
  const firstIndex = unravel(first, got.shape);
  const expectedValue = expected.data[first]!;
  const gotValue = got.data[first]!;
  return {
    kind: "values",
    firstIndex,
    expected: expectedValue,
    got: gotValue,
    mismatches,
    maxAbsError: maxAbs,
    maxRelError: maxRel,
    message:
      `${mismatches} of ${got.size} values differ; first at [${firstIndex.join(",")}]: ` +
      `expected ${expectedValue}, got ${gotValue}; max abs error ${maxAbs}, max rel error ${maxRel}` +
      ` (rtol ${rtol}, atol ${atol})`,
  };
}

/** True when both tensors have the same shape and every value is close. */
export function allClose(a: Tensor, b: Tensor, options: CloseOptions = {}): boolean {
  return compareTensors(a, b, options).kind === "close";
}

/** Flat row-major offset -> full index. */
export function unravel(offset: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const dim = shape[axis]!;
    index[axis] = dim === 0 ? 0 : offset % dim;
    offset = dim === 0 ? 0 : Math.floor(offset / dim);
  }
  return index;
}
