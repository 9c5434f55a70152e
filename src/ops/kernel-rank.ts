// Is a 2-D kernel separable, and how well do a few separable passes approximate it?
// A [KH, KW] kernel K is separable exactly when it has matrix rank 1, K = column * row; a
// rank-r kernel is a sum of r such products. All of this is read off K's SVD (in Float64, so
// the only round-off that matters is the float32 storage of K itself).
import { DataError, ShapeError, fmtShape } from "../errors";
import { svd, type SvdResult } from "../linalg/svd";
import { checkOptions, failOption, isInteger, numberOption } from "../options";
import { Tensor, checkTensor } from "../tensor";

export interface KernelRankOptions {
  /**
   * Relative cut-off: a singular value counts when it is > tolerance * the largest one.
   * Default 1e-5, well above float32 round-off (~6e-8) yet far below any meaningful term.
   */
  tolerance?: number;
}

export const DEFAULT_RANK_TOLERANCE = 1e-5;

export interface SeparableFactors {
  /** [KH, 1] */
  column: Tensor;
  /** [1, KW] */
  row: Tensor;
}

export interface RankTerm extends SeparableFactors {
  singularValue: number;
}

export interface LowRankApproximation {
  /** [KH, KW]: the sum of the terms' outer products. */
  approximation: Tensor;
  /** The r best terms, largest singular value first. */
  terms: RankTerm[];
  /** All min(KH, KW) singular values of the kernel, descending. */
  singularValues: number[];
  /** Frobenius norm of kernel - approximation (of the returned float32 tensors). */
  error: number;
  /** error / ||kernel||_F; 0 for the all-zero kernel. */
  relativeError: number;
}

/**
 * Numerical rank of a [KH, KW] kernel: the number of singular values above
 * `tolerance * largest` (default tolerance 1e-5). The all-zero kernel has rank 0; a rank-1
 * kernel is separable.
 */
export function kernelRank(kernel: Tensor, options: KernelRankOptions = {}): number {
  const op = "kernelRank";
  const k = checkKernel(op, kernel);
  const tolerance = checkTolerance(op, options);
  return rankOf(decompose(k).s, tolerance);
}

/** All min(KH, KW) singular values of a [KH, KW] kernel, descending. */
export function singularValues(kernel: Tensor): number[] {
  return Array.from(decompose(checkKernel("singularValues", kernel)).s);
}

/**
 * Splits a rank-1 kernel into a column [KH, 1] and a row [1, KW] with
 * outer(column, row) = kernel, or returns null when the kernel is not rank 1 (rank 0, the
 * all-zero kernel, or rank >= 2, judged with `tolerance` as in kernelRank).
 *
 * The factors come from the leading SVD term and are then rescaled to read naturally: the
 * column is scaled so that its smallest nonzero magnitude is 1 and its first nonzero entry is
 * positive (entries below 1e-6 times the column's largest magnitude count as zero here), and
 * the row carries the rest of the scale. Sobel Gx [[-1,0,1],[-2,0,2],[-1,0,1]] thus gives
 * column [1,2,1] and row [-1,0,1], up to float32 rounding.
 */
export function separateKernel(
  kernel: Tensor,
  options: KernelRankOptions = {},
): SeparableFactors | null {
  const op = "separateKernel";
  const k = checkKernel(op, kernel);
  const tolerance = checkTolerance(op, options);
  const d = decompose(k);
  if (rankOf(d.s, tolerance) !== 1) return null;
  const [kh, kw] = k.shape as [number, number];
  const u = column(d.u, kh, d.s.length, 0);
  const v = column(d.v, kw, d.s.length, 0);

  let largest = 0;
  for (const x of u) largest = Math.max(largest, Math.abs(x));
  let smallest = Infinity;
  let firstSign = 0;
  for (const x of u) {
    const mag = Math.abs(x);
    if (mag < 1e-6 * largest) continue;
    if (firstSign === 0) firstSign = Math.sign(x);
    smallest = Math.min(smallest, mag);
  }
  // u is a unit vector, so largest > 0 and some entry passes the cut-off.
  const scale = firstSign / smallest;
  const rowScale = d.s[0]! / scale;
  return {
    // "+ 0" turns -0 into 0, so a factor prints as [-1,0,1], not [-1,-0,1].
    column: new Tensor(
      Float32Array.from(u, (x) => x * scale + 0),
      [kh, 1],
    ),
    row: new Tensor(
      Float32Array.from(v, (x) => x * rowScale + 0),
      [1, kw],
    ),
  };
}

/**
 * Best rank-`rank` approximation of a [KH, KW] kernel in the Frobenius norm (Eckart-Young):
 * the sum of the leading `rank` SVD terms. Term i has column u_i * sqrt(s_i) [KH, 1] and row
 * v_i * sqrt(s_i) [1, KW], so each term is one separable (column then row) pass.
 */
export function lowRankApproximation(kernel: Tensor, rank: number): LowRankApproximation {
  const op = "lowRankApproximation";
  const k = checkKernel(op, kernel);
  const [kh, kw] = k.shape as [number, number];
  const maxRank = Math.min(kh, kw);
  if (!isInteger(rank, 1, maxRank))
    failOption(
      op,
      "rank",
      rank,
      `an integer from 1 to min(KH, KW) = ${maxRank} for kernel ${fmtShape(k.shape)}`,
    );
  const d = decompose(k);
  const n = d.s.length;
  const approx = new Float64Array(kh * kw);
  const terms: RankTerm[] = [];
  for (let t = 0; t < rank; t++) {
    const root = Math.sqrt(d.s[t]!);
    const u = column(d.u, kh, n, t);
    const v = column(d.v, kw, n, t);
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++)
        approx[i * kw + j] = approx[i * kw + j]! + d.s[t]! * u[i]! * v[j]!;
    terms.push({
      column: new Tensor(
        Float32Array.from(u, (x) => x * root),
        [kh, 1],
      ),
      row: new Tensor(
        Float32Array.from(v, (x) => x * root),
        [1, kw],
      ),
      singularValue: d.s[t]!,
    });
  }
  const approximation = new Tensor(Float32Array.from(approx), [kh, kw]);
  // Measure the residual of the tensors actually returned, so float32 storage is accounted for.
  let residual = 0;
  let total = 0;
  for (let i = 0; i < k.size; i++) {
    const x = k.data[i]!;
    residual += (x - approximation.data[i]!) ** 2;
    total += x * x;
  }
  const error = Math.sqrt(residual);
  const norm = Math.sqrt(total);
  return {
    approximation,
    terms,
    singularValues: Array.from(d.s),
    error,
    relativeError: norm === 0 ? 0 : error / norm,
  };
}

function checkKernel(op: string, kernel: unknown): Tensor {
  const k = checkTensor(op, "kernel", kernel);
  if (k.rank !== 2) {
    throw new ShapeError(op, `kernel must be a 2-D [KH, KW] tensor, got rank ${k.rank}`, {
      kernel: k.shape,
    });
  }
  if (k.size === 0) {
    throw new ShapeError(op, "kernel must have at least one row and one column", {
      kernel: k.shape,
    });
  }
  for (let i = 0; i < k.size; i++) {
    if (!Number.isFinite(k.data[i]!)) {
      const kw = k.shape[1]!;
      throw new DataError(
        op,
        `kernel ${fmtShape(k.shape)} holds ${k.data[i]} at [${Math.floor(i / kw)},${i % kw}]; its rank is undefined`,
      );
    }
  }
  return k;
}

function checkTolerance(op: string, options: unknown): number {
  if (options === undefined) return DEFAULT_RANK_TOLERANCE;
  checkOptions(op, options, ["tolerance"]);
  const tolerance = (options as KernelRankOptions).tolerance;
  return (
    numberOption(op, "tolerance", tolerance, {
      min: 0,
      below: 1,
      note: "(relative to the largest singular value)",
    }) ?? DEFAULT_RANK_TOLERANCE
  );
}

function decompose(k: Tensor): SvdResult {
  return svd(Float64Array.from(k.data), k.shape[0]!, k.shape[1]!);
}

function rankOf(s: Float64Array, tolerance: number): number {
  const largest = s.length > 0 ? s[0]! : 0;
  if (largest === 0) return 0;
  let r = 0;
  for (const x of s) if (x > tolerance * largest) r++;
  return r;
}

/** Column j of a row-major len x k matrix. */
function column(m: Float64Array, len: number, k: number, j: number): Float64Array {
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = m[i * k + j]!;
  return out;
}
