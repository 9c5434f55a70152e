import { describe, expect, it } from "vitest";
import { OptionError, timeIt } from "../src/index";

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
    expect(() => timeIt(() => 0, { repeats: 0 })).toThrow("timeIt: repeats must be an integer >= 1, got 0");
    expect(() => timeIt("x" as unknown as () => void)).toThrow('timeIt: expects a function to time, got "x"');
  });
});
