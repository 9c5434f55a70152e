// Shared by the gradient tests: the scalar loss sum(dy * y) whose gradient with respect to y is
// dy, tolerances for float32 sums and for finite differences, and a record of the largest
// errors seen (printed once per file, for the record).
import { expect } from "vitest";
import { type Tensor, compareTensors } from "../../src/index";
import { tol } from "../helpers";

/** sum(dy * y) in float64: its gradient with respect to y is dy, so backprops get dy itself. */
export function weightedSum(y: Tensor, dy: Tensor): number {
  let s = 0;
  for (let i = 0; i < y.size; i++) s += y.data[i]! * dy.data[i]!;
  return s;
}

/**
 * Finite differences of float32 ops: each f(x +- h) carries the round-off of its float32
 * outputs (about 6e-8 of sums of `terms` products, some terms of them per gradient value),
 * divided by the step 2h, on top of the float32 sums the analytic gradient makes.
 */
export function fdTol(terms: number, step: number): { rtol: number; atol: number } {
  const t = tol(terms);
  return { rtol: 1e-4, atol: t.atol + (1e-6 * terms) / step };
}

const worst = new Map<string, { abs: number; rel: number }>();

/** Expects got ~ want within the tolerance and records the errors under `label`. */
export function expectGradClose(
  label: string,
  got: Tensor,
  want: Tensor,
  tolerance: { rtol: number; atol: number },
): void {
  const c = compareTensors(got, want, tolerance);
  expect(c.kind === "close" ? "close" : `${label}: ${c.message}`).toBe("close");
  if (c.kind === "close") {
    const w = worst.get(label) ?? { abs: 0, rel: 0 };
    worst.set(label, { abs: Math.max(w.abs, c.maxAbsError), rel: Math.max(w.rel, c.maxRelError) });
  }
}

/** The largest errors recorded, one line per label. */
/** Forgets the errors recorded so far (test/setup.ts, before each test file). */
export function resetWorstErrors(): void {
  worst.clear();
}

export function worstErrors(): string {
  return [...worst]
    .map(
      ([label, w]) =>
        `${label}: max abs ${w.abs.toExponential(2)}, max rel ${w.rel.toExponential(2)}`,
    )
    .join("\n");
}
