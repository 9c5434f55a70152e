// The option validators every public function uses: one message format, "op: name must be
// <requirement>, got <value>", and undefined passing through the optional ones.
import { describe, expect, it } from "vitest";
import { OptionError } from "../src/errors";
import {
  booleanOption,
  checkInt,
  checkNumber,
  checkOptions,
  choiceOption,
  intOption,
  isInterval,
  nonNegativeOption,
  numberOption,
  stringOption,
} from "../src/options";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionError);
    return (e as Error).message;
  }
  throw new Error("did not throw");
}

describe("option validators", () => {
  it("integers: the requirement names the range", () => {
    expect(message(() => checkInt("f", "n", 0, 1))).toBe("f: n must be a positive integer, got 0");
    expect(message(() => checkInt("f", "n", 2, 3))).toBe("f: n must be an integer >= 3, got 2");
    expect(message(() => checkInt("f", "n", 65, 1, 64, " (a hint)"))).toBe(
      "f: n must be an integer from 1 to 64, got 65 (a hint)",
    );
    expect(message(() => checkInt("f", "n", undefined, 1))).toBe(
      "f: n must be a positive integer, got undefined",
    );
    expect(message(() => intOption("f", "n", 1.5, 0, 10))).toBe(
      "f: n must be an integer from 0 to 10, got 1.5",
    );
    expect(intOption("f", "n", undefined, 1)).toBeUndefined();
    expect(checkInt("f", "n", 64, 1, 64)).toBe(64);
  });
  it("numbers: finite unless said otherwise, bounds written as intervals", () => {
    expect(message(() => checkNumber("f", "x", Number.NaN))).toBe(
      "f: x must be a finite number, got NaN",
    );
    expect(message(() => nonNegativeOption("f", "x", -1, 0))).toBe(
      "f: x must be a finite number >= 0, got -1",
    );
    expect(message(() => numberOption("f", "x", 1, { min: 0, below: 1, note: "(why)" }))).toBe(
      "f: x must be a finite number in [0, 1) (why), got 1",
    );
    expect(message(() => numberOption("f", "x", 0, { above: 0, max: 1 }))).toBe(
      "f: x must be a finite number in (0, 1], got 0",
    );
    expect(message(() => checkNumber("f", "x", "1", { finite: false }))).toBe(
      'f: x must be a number, got "1"',
    );
    expect(checkNumber("f", "x", Infinity, { above: 0, finite: false })).toBe(Infinity);
    expect(nonNegativeOption("f", "x", undefined, 7)).toBe(7);
  });
  it("booleans, strings, choices", () => {
    expect(message(() => booleanOption("f", "b", 1))).toBe("f: b must be true or false, got 1");
    expect(message(() => stringOption("f", "s", 1))).toBe("f: s must be a string, got 1");
    expect(message(() => choiceOption("f", "c", "x", ["a", "b"] as const))).toBe(
      'f: c must be one of "a", "b", got "x"',
    );
    expect(choiceOption("f", "c", "b", ["a", "b"] as const)).toBe("b");
    expect(booleanOption("f", "b", undefined)).toBeUndefined();
  });
  it("options objects and intervals", () => {
    expect(message(() => checkOptions("f", [], ["a"]))).toBe(
      "f: options must be an object, got []",
    );
    expect(message(() => checkOptions("f", { stride: 1 }, ["strides"]))).toBe(
      'f: unknown option "stride" (did you mean "strides"?); known options: strides',
    );
    expect(isInterval([0, 1])).toBe(true);
    expect(isInterval([1, 1])).toBe(false);
    expect(isInterval([0, Infinity])).toBe(false);
  });
});
