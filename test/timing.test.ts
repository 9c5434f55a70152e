import { describe, expect, it } from "vitest";
import {
  OptionError,
  arithmeticPeakGmacs,
  compareTimes,
  describeSpeedup,
  formatTime,
  gmacsOrNull,
  timeIt,
} from "../src/index";

describe("timeIt", () => {
  it("runs warmup + repeats times and reports the median of the timed runs (repeats=5 warmup=2)", () => {
    let calls = 0;
    const t = timeIt(() => calls++, { repeats: 5, warmup: 2 });
    expect(calls).toBe(7);
    expect(t.runsMs).toHaveLength(5);
    const sorted = [...t.runsMs].sort((a, b) => a - b);
    expect(t.medianMs).toBe(sorted[2]);
    expect(t.minMs).toBe(sorted[0]);
  });
  it("even repeats average the middle two (repeats=4)", () => {
    const t = timeIt(() => 0, { repeats: 4, warmup: 0 });
    const s = [...t.runsMs].sort((a, b) => a - b);
    expect(t.medianMs).toBeCloseTo((s[1]! + s[2]!) / 2, 12);
  });
  it("rejects bad options with OptionError", () => {
    expect(() => timeIt(() => 0, { repeats: 0 })).toThrowError(OptionError);
    expect(() => timeIt(() => 0, { repeats: 0 })).toThrow(
      "timeIt: repeats must be a positive integer, got 0",
    );
    expect(() => timeIt("x" as unknown as () => void)).toThrow(
      'timeIt: fn must be a function to time, got "x"',
    );
  });
});

describe("compareTimes", () => {
  it("times every call in every round, each round starting one call further along (3 calls, samples=4)", () => {
    const order: string[] = [];
    let timing = false;
    const mk = (n: string) => () => {
      if (timing) order.push(n);
    };
    const calls = { a: mk("a"), b: mk("b"), c: mk("c") };
    // warmupMs 0: one warm-up call each; minSampleMs 0: one call per sample.
    timing = false;
    const wrapped = { a: () => calls.a(), b: () => calls.b(), c: () => calls.c() };
    let warm = 0;
    // The first three calls are the warm-ups; timing starts with the fourth.
    const afterWarmUps = (call: () => unknown) => () => {
      if (warm < 3) return warm++;
      timing = true;
      return call();
    };
    const counting = {
      a: afterWarmUps(wrapped.a),
      b: afterWarmUps(wrapped.b),
      c: afterWarmUps(wrapped.c),
    };
    const cmp = compareTimes(counting, { samples: 4, warmupMs: 0, minSampleMs: 0 });
    expect(order.join("")).toBe("abc" + "bca" + "cab" + "abc");
    for (const k of ["a", "b", "c"] as const) {
      const t = cmp.times[k];
      expect(t.samplesMs).toHaveLength(4);
      expect(t.callsPerSample).toBe(1);
      expect(t.minMs).toBeLessThanOrEqual(t.q1Ms);
      expect(t.q1Ms).toBeLessThanOrEqual(t.medianMs);
      expect(t.medianMs).toBeLessThanOrEqual(t.q3Ms);
      expect(t.q3Ms).toBeLessThanOrEqual(t.maxMs);
    }
  });
  it("ratio pairs the rounds: ratio(a, a) is exactly 1 and unclear; ratio(b, a) mirrors ratio(a, b) (samples=9: quartiles fall on samples)", () => {
    let x = 0;
    const cmp = compareTimes(
      { a: () => (x += Math.sqrt(x + 1)), b: () => (x -= 1) },
      { samples: 9, warmupMs: 1, minSampleMs: 0.05 },
    );
    const self = cmp.ratio("a", "a");
    expect([self.q1, self.median, self.q3, self.faster]).toEqual([1, 1, 1, "unclear"]);
    const ab = cmp.ratio("a", "b");
    const ba = cmp.ratio("b", "a");
    expect(ab.median * ba.median).toBeCloseTo(1, 12);
    expect(ab.q1 * ba.q3).toBeCloseTo(1, 12);
    const mirror = { a: "b", b: "a", unclear: "unclear" } as const;
    expect(ba.faster).toBe(mirror[ab.faster]);
    expect(ab.faster).toBe(ab.q3 < 1 ? "a" : ab.q1 > 1 ? "b" : "unclear");
  });
  it("rejects bad calls and options with OptionError naming them", () => {
    expect(() => compareTimes({} as Record<string, () => void>)).toThrow(
      "compareTimes: expects at least one function to time, got {}",
    );
    expect(() => compareTimes({ a: 3 } as unknown as Record<string, () => void>)).toThrow(
      "compareTimes: calls.a must be a function, got 3",
    );
    expect(() => compareTimes({ a: () => 0 }, { samples: 2 })).toThrow(
      "compareTimes: samples must be an integer >= 3, got 2",
    );
    expect(() => compareTimes({ a: () => 0 }, { warmupMs: -1 })).toThrow(
      "compareTimes: warmupMs must be a finite number >= 0, got -1",
    );
    expect(() => compareTimes({ a: () => 0 }, { repeats: 3 } as never)).toThrowError(OptionError);
    const cmp = compareTimes({ a: () => 0 }, { samples: 3, warmupMs: 0, minSampleMs: 0 });
    expect(() => cmp.ratio("a", "z" as "a")).toThrow(
      'compareTimes: ratio("a", "z"): both must be among ["a"]',
    );
  });
});

describe("describeSpeedup, formatTime, gmacsOrNull, arithmeticPeakGmacs", () => {
  it("says how much faster, with the middle half of the paired ratios", () => {
    expect(
      describeSpeedup({ median: 0.5, q1: 0.4, q3: 0.625, faster: "a" }, "separable", "standard"),
    ).toBe(
      "separable ran 2.00x as fast as standard (1.60-2.50x over the middle half of the rounds)",
    );
    expect(describeSpeedup({ median: 0.05, q1: 0.04, q3: 0.0625, faster: "a" }, "A", "B")).toBe(
      "A ran 20x as fast as B (16-25x over the middle half of the rounds)",
    );
  });
  it("says when the spread is too wide to tell", () => {
    expect(describeSpeedup({ median: 1, q1: 0.8, q3: 1.25, faster: "unclear" }, "A", "B")).toBe(
      "A and B took about the same time: A ran 1.00x as fast as B at the median, but 0.80-1.25x over the middle half of the rounds, too wide a range to say which is faster",
    );
  });
  it("formats a time with its middle half, in us below 1 ms", () => {
    const t = {
      medianMs: 0.0123,
      q1Ms: 0.012,
      q3Ms: 0.0131,
      minMs: 0,
      maxMs: 1,
      samplesMs: [],
      callsPerSample: 1,
    };
    expect(formatTime(t)).toBe("12.3 us (12.0-13.1)");
    expect(formatTime({ ...t, medianMs: 27.84, q1Ms: 27.8, q3Ms: 281 })).toBe("27.8 ms (27.8-281)");
  });
  it("gives no rate for a time that is not positive or a rate above the peak", () => {
    expect(gmacsOrNull(2e6, 1, 10)).toBe(2);
    expect(gmacsOrNull(2e6, 0, 10)).toBeNull();
    expect(gmacsOrNull(2e6, -1, 10)).toBeNull();
    expect(gmacsOrNull(2e6, Number.NaN, 10)).toBeNull();
    expect(gmacsOrNull(2e7, 1, 10)).toBeNull();
  });
  it("measures a finite, positive arithmetic peak", () => {
    const peak = arithmeticPeakGmacs();
    expect(Number.isFinite(peak)).toBe(true);
    expect(peak).toBeGreaterThan(0);
  });
});

describe("timing helpers reject what compareTimes did not make", () => {
  it("names the argument and what it must be", () => {
    expect(() => formatTime(null as never)).toThrow(
      "formatTime: t must have finite numbers medianMs, q1Ms, q3Ms (as compareTimes returns), got null",
    );
    expect(() => describeSpeedup({ median: 1, q1: 1, q3: 1 } as never, "a", "b")).toThrow(
      'describeSpeedup: r.faster must be "a", "b" or "unclear"',
    );
    expect(() =>
      describeSpeedup({ median: 1, q1: 1, q3: 1, faster: "a" }, 3 as never, "b"),
    ).toThrow("describeSpeedup: a must be a name (a string), got 3");
    expect(() => gmacsOrNull(-1, 1, 10)).toThrow("gmacsOrNull: macs must be a number >= 0, got -1");
    expect(() => gmacsOrNull(1, 1, 0)).toThrow(
      "gmacsOrNull: peakGmacs must be a number > 0 (arithmeticPeakGmacs()), got 0",
    );
    expect(() => gmacsOrNull(1, "1" as never, 10)).toThrowError(OptionError);
  });
});
