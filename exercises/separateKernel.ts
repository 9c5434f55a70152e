/**
 * Exercise 2: separateKernel — split a 2-D kernel into a column and a row.
 *
 * kernel [KH, KW] -> { column: [KH, 1], row: [1, KW] } with column[i] * row[j] = kernel[i][j]
 * for every i, j (within 1e-4 relative), or null when no such split exists: the kernel is
 * not rank 1 (the all-zero kernel counts as not separable too).
 *
 * Any valid split is accepted: [1,2,1] x [-1,0,1] and [2,4,2] x [-0.5,0,0.5] are both right.
 *
 * Hints:
 * - Pick the entry with the largest magnitude, kernel[p][q]. If the kernel is rank 1, every
 *   row is a multiple of row p and every column a multiple of column q:
 *   column[i] = kernel[i][q], row[j] = kernel[p][j] / kernel[p][q].
 * - Then check that column x row reproduces every entry; if not, return null.
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";

export function separateKernel(kernel: Tensor): { column: Tensor; row: Tensor } | null {
  // BEGIN SOLUTION
  const [kh, kw] = kernel.shape as [number, number];
  const k = kernel.data;
  let p = 0;
  let q = 0;
  let largest = 0;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      if (Math.abs(k[i * kw + j]!) > largest) {
        largest = Math.abs(k[i * kw + j]!);
        p = i;
        q = j;
      }
    }
  }
  if (largest === 0) return null;
  const column = new Float32Array(kh);
  const row = new Float32Array(kw);
  for (let i = 0; i < kh; i++) column[i] = k[i * kw + q]!;
  for (let j = 0; j < kw; j++) row[j] = k[p * kw + j]! / k[p * kw + q]!;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      if (Math.abs(column[i]! * row[j]! - k[i * kw + j]!) > 1e-5 * largest) return null;
    }
  }
  return { column: new Tensor(column, [kh, 1]), row: new Tensor(row, [1, kw]) };
  // END SOLUTION
}
