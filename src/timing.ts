// Wall-clock timing for notebooks and benchmarks: warm-up runs first (JIT), then the median of
// repeated runs, which is robust to the odd slow run on a shared machine.
import { OptionError, fmtValue } from "./errors";
import { checkOptions } from "./options";

export interface TimeOptions {
  /** Timed runs (default 5). */
  repeats?: number;
  /** Untimed runs first (default 1). */
  warmup?: number;
}

export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly runsMs: readonly number[];
}

export function timeIt(fn: () => unknown, options: TimeOptions = {}): Timing {
  const op = "timeIt";
  if (typeof fn !== "function") throw new OptionError(op, "fn", fn, `expects a function to time, got ${fmtValue(fn)}`);
  checkOptions(op, options, ["repeats", "warmup"]);
  const count = (name: "repeats" | "warmup", fallback: number, min: number): number => {
    const v = options[name] ?? fallback;
    if (!Number.isInteger(v) || v < min) throw new OptionError(op, name, v, `${name} must be an integer >= ${min}, got ${fmtValue(v)}`);
    return v;
  };
  const repeats = count("repeats", 5, 1);
  const warmup = count("warmup", 1, 0);
  for (let i = 0; i < warmup; i++) fn();
  const runsMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    runsMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianMs, minMs: sorted[0]!, runsMs };
}
