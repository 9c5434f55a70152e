import { afterEach, describe, expect, it } from "vitest";
import { OptionError } from "../src/errors";
import { language, setLanguage } from "../src/i18n";
import { describeSpeedup } from "../src/timing";

afterEach(() => {
  setLanguage("en");
});

describe("setLanguage", () => {
  it("switches student-facing text and returns the previous language", () => {
    expect(language()).toBe("en");
    expect(setLanguage("zh")).toBe("en");
    expect(language()).toBe("zh");
    expect(
      describeSpeedup({ median: 0.5, q1: 0.4, q3: 0.625, faster: "a" }, "可分离", "标准"),
    ).toBe("可分离的速度是标准的 2.00 倍（中间一半轮次为 1.60-2.50 倍）");
    expect(
      describeSpeedup({ median: 1, q1: 0.8, q3: 1.25, faster: "unclear" }, "A", "B"),
    ).toContain("无法断定哪个更快");
    expect(setLanguage("en")).toBe("zh");
    expect(describeSpeedup({ median: 0.5, q1: 0.4, q3: 0.625, faster: "a" }, "A", "B")).toMatch(
      /^A ran 2.00x as fast as B/,
    );
  });

  it.each([["fr"], [undefined], ["ZH"], [1]])("rejects %j with a typed error", (bad) => {
    expect(() => setLanguage(bad as never)).toThrow(OptionError);
    expect(() => setLanguage(bad as never)).toThrow(/lang must be one of "en", "zh"/);
    expect(language()).toBe("en");
  });
});
