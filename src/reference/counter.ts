// Multiplication counting. The reference loops report every multiplication they perform
// (padding taps included: they really multiply by zero), and `countMultiplications` collects
// them. While a count is active, the public ops run on the reference loops, so
// `countMultiplications(() => separableConv2d(...))` counts what the definition does.

import { failOption } from "../options";

const active: { count: number }[] = [];

export interface Counted<T> {
  readonly result: T;
  readonly multiplies: number;
}

/** Runs `fn` and returns its result with the number of multiplications the conv ops performed. */
export function countMultiplications<T>(fn: () => T): Counted<T> {
  if (typeof fn !== "function")
    failOption(
      "countMultiplications",
      "fn",
      fn,
      "a function to run, e.g. countMultiplications(() => conv2d(x, f))",
    );
  const counter = { count: 0 };
  active.push(counter);
  try {
    const result = fn();
    return { result, multiplies: counter.count };
  } finally {
    active.splice(active.lastIndexOf(counter), 1);
  }
}

export function isCounting(): boolean {
  return active.length > 0;
}

/** Called by the reference loops; nested counts each see every multiplication. */
export function recordMultiplies(n: number): void {
  for (const c of active) c.count += n;
}
