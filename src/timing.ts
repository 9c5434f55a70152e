// Wall-clock timing for notebooks and benchmarks: warm-up runs first (JIT), then the median of
// repeated runs, which is robust to the odd slow run on a shared machine.
import { pick } from "./i18n";
import { OptionError, fmtValue } from "./errors";
import { checkNumber, checkOptions, failOption, intOption, numberOption } from "./options";
import { kernels } from "./kernels/wasm";

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
  if (typeof fn !== "function") failOption(op, "fn", fn, "a function to time");
  checkOptions(op, options, ["repeats", "warmup"]);
  const repeats = intOption(op, "repeats", options.repeats, 1) ?? 5;
  const warmup = intOption(op, "warmup", options.warmup, 0) ?? 1;
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

/** One call's time over interleaved samples: median, quartiles and extremes, in ms per call. */
export interface TimeStats {
  readonly medianMs: number;
  readonly q1Ms: number;
  readonly q3Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Each sample's mean ms per call (a sample repeats the call until minSampleMs has passed). */
  readonly samplesMs: readonly number[];
  readonly callsPerSample: number;
}

/** a / b over the samples taken in the same round: the ratio of two calls' times, paired. */
export interface RatioStats {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  /** "a" when a took less time than b in more than three quarters of the rounds, "b" when b did,
   *  else "unclear": the middle half of the ratios straddles 1. */
  readonly faster: "a" | "b" | "unclear";
}

export interface CompareOptions {
  /** Timed rounds; each round times every call once, starting one call further along (default 15). */
  samples?: number;
  /** Untimed calls of each function first, for at least this long (default 100 ms). */
  warmupMs?: number;
  /** A sample repeats its call until this much time has passed, so a short call is not timed by
   *  a clock tick (default 2 ms). */
  minSampleMs?: number;
}

export interface TimeComparison<K extends string> {
  readonly times: Readonly<Record<K, TimeStats>>;
  ratio(a: K, b: K): RatioStats;
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Times several calls against each other, interleaved: after a warm-up, every round times each
 * call once (each round starting one call further along), so a machine that slows down or speeds
 * up in the middle affects them alike. Report medians with their spread, and compare two calls
 * with `ratio`, which pairs the samples taken in the same round.
 */
export function compareTimes<K extends string>(
  calls: Readonly<Record<K, () => unknown>>,
  options: CompareOptions = {},
): TimeComparison<K> {
  const op = "compareTimes";
  if (typeof calls !== "object" || calls === null)
    failOption(op, "calls", calls, "an object of functions to time");
  checkOptions(op, options, ["samples", "warmupMs", "minSampleMs"]);
  const names = Object.keys(calls) as K[];
  if (names.length === 0)
    throw new OptionError(op, "calls", calls, "expects at least one function to time, got {}");
  for (const n of names) {
    if (typeof calls[n] !== "function")
      throw new OptionError(
        op,
        "calls",
        calls,
        `calls.${n} must be a function, got ${fmtValue(calls[n])}`,
      );
  }
  const samples = intOption(op, "samples", options.samples, 3) ?? 15;
  const warmupMs = numberOption(op, "warmupMs", options.warmupMs, { min: 0 }) ?? 100;
  const minSampleMs = numberOption(op, "minSampleMs", options.minSampleMs, { min: 0 }) ?? 2;

  // Warm-up, which also measures how many calls make one sample.
  const reps = {} as Record<K, number>;
  for (const n of names) {
    const fn = calls[n];
    const t0 = now();
    let count = 0;
    do {
      fn();
      count++;
    } while (now() - t0 < warmupMs);
    const perCall = (now() - t0) / count;
    reps[n] = Math.max(1, Math.min(10_000, Math.ceil(minSampleMs / Math.max(perCall, 1e-6))));
  }
  const runs = {} as Record<K, number[]>;
  for (const n of names) runs[n] = [];
  for (let r = 0; r < samples; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length]!;
      const fn = calls[n];
      const count = reps[n];
      const t0 = now();
      for (let c = 0; c < count; c++) fn();
      runs[n].push((now() - t0) / count);
    }
  }
  const times = {} as Record<K, TimeStats>;
  for (const n of names) {
    const s = [...runs[n]].sort((a, b) => a - b);
    times[n] = {
      medianMs: quantile(s, 0.5),
      q1Ms: quantile(s, 0.25),
      q3Ms: quantile(s, 0.75),
      minMs: s[0]!,
      maxMs: s[s.length - 1]!,
      samplesMs: runs[n],
      callsPerSample: reps[n],
    };
  }
  return {
    times,
    ratio(a: K, b: K): RatioStats {
      if (!(a in times) || !(b in times))
        throw new OptionError(
          op,
          "ratio",
          [a, b],
          `ratio(${fmtValue(a)}, ${fmtValue(b)}): both must be among ${fmtValue(names)}`,
        );
      const r = runs[a].map((v, i) => v / runs[b][i]!).sort((x, y) => x - y);
      const q1 = quantile(r, 0.25);
      const q3 = quantile(r, 0.75);
      return { median: quantile(r, 0.5), q1, q3, faster: q3 < 1 ? "a" : q1 > 1 ? "b" : "unclear" };
    },
  };
}

/** Throws unless `v` is an object whose `fields` are finite numbers. */
function checkStats(op: string, name: string, v: unknown, fields: readonly string[]): void {
  const bad =
    typeof v !== "object" || v === null
      ? fields[0]
      : fields.find((f) => !Number.isFinite((v as Record<string, unknown>)[f]));
  if (bad !== undefined) {
    throw new OptionError(
      op,
      name,
      v,
      `${name} must have finite numbers ${fields.join(", ")} (as compareTimes returns), got ${fmtValue(v)}`,
    );
  }
}

/** "12.3 ms (11.9-12.8)": a median with the middle half of its samples, in ms or us as fits. */
export function formatTime(t: TimeStats): string {
  checkStats("formatTime", "t", t, ["medianMs", "q1Ms", "q3Ms"]);
  const unit = t.medianMs < 1 ? "us" : "ms";
  const k = unit === "us" ? 1000 : 1;
  const f = (v: number) => {
    const x = v * k;
    return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
  };
  return `${f(t.medianMs)} ${unit} (${f(t.q1Ms)}-${f(t.q3Ms)})`;
}

const HAN_EDGE = /[\p{Script=Han}\p{Ideographic}（）「」“”]/u;

/**
 * A sentence on how much faster `a` ran than `b`, from the paired ratios: the speedup b/a with
 * the middle half of the rounds, or, when that range straddles 1, that the spread is too wide
 * to tell them apart.
 */
export function describeSpeedup(r: RatioStats, a: string, b: string): string {
  checkStats("describeSpeedup", "r", r, ["median", "q1", "q3"]);
  if (!["a", "b", "unclear"].includes(r.faster)) {
    throw new OptionError(
      "describeSpeedup",
      "r",
      r,
      `r.faster must be "a", "b" or "unclear" (a ratio from compareTimes' ratio()), got ${fmtValue(r.faster)}`,
    );
  }
  for (const [name, v] of [
    ["a", a],
    ["b", b],
  ] as const)
    if (typeof v !== "string") failOption("describeSpeedup", name, v, "a name (a string)");
  const s = (x: number) => (1 / x).toFixed(1 / x >= 10 ? 0 : 2);
  const [median, low, high] = [s(r.median), s(r.q3), s(r.q1)];
  // Chinese sets no space between Han characters; a Latin name gets one on each side.
  const z = (name: string, at?: "start") =>
    (at === "start" || HAN_EDGE.test(name[0] ?? "") ? "" : " ") +
    name +
    (HAN_EDGE.test(name.at(-1) ?? "") ? "" : " ");
  if (r.faster === "unclear") {
    return pick({
      en:
        `${a} and ${b} took about the same time: ${a} ran ${median}x as fast as ${b} at the median, but ` +
        `${low}-${high}x over the middle half of the rounds, too wide a range to say which is faster`,
      zh:
        `${z(a, "start")}和${z(b)}用时相当：中位数上${z(a)}的速度是${z(b)}的 ${median} 倍，` +
        `但中间一半轮次的范围是 ${low}-${high} 倍，范围太宽，无法断定哪个更快`,
    });
  }
  return pick({
    en: `${a} ran ${median}x as fast as ${b} (${low}-${high}x over the middle half of the rounds)`,
    zh: `${z(a, "start")}的速度是${z(b)}的 ${median} 倍（中间一半轮次为 ${low}-${high} 倍）`,
  });
}

/**
 * This machine's arithmetic peak for the engine's kernels, in billions of multiply-adds per
 * second: the best of five runs of twelve independent chains of SIMD multiply-adds held in
 * registers (about 0.15 s in all; enough chains to keep every multiply-add pipe busy). Every
 * kernel loads and stores on top of that, so a rate computed above it cannot be true.
 */
export function arithmeticPeakGmacs(): number {
  const k = kernels().exports;
  const iters = 2_000_000;
  k.peakProbe(iters / 10, 1); // compile and warm up
  let best = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = now();
    k.peakProbe(iters, 1);
    const ms = now() - t0;
    best = Math.max(best, (iters * 48) / ms / 1e6);
  }
  return best;
}

/** Billions of multiply-adds per second for `macs` in `ms`, or null when that cannot be a true
 *  figure: a time that is not positive, or a rate above the measured peak. */
export function gmacsOrNull(macs: number, ms: number, peakGmacs: number): number | null {
  const op = "gmacsOrNull";
  // Not only finite values: an infinite rate, or a time that is not positive, is answered null.
  checkNumber(op, "macs", macs, { min: 0, finite: false });
  checkNumber(op, "ms", ms, { finite: false });
  checkNumber(op, "peakGmacs", peakGmacs, {
    above: 0,
    finite: false,
    note: "(arithmeticPeakGmacs())",
  });
  if (!(ms > 0)) return null;
  const rate = macs / ms / 1e6;
  return rate <= peakGmacs ? rate : null;
}
