// Whatever a user passes, a public function either works or throws a SepconvError with a
// message; never a bare TypeError/RangeError from deep inside. Seeded, so failures reproduce.
import { describe, expect, it } from "vitest";
import * as api from "../src/index";
import { SepconvError, tensor, zeros } from "../src/index";

const junk: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  Number.NaN,
  "same",
  "x",
  true,
  {},
  [],
  [1, 2],
  [[1, 2], [3]],
  { seed: 1 },
  { strides: 0 },
  { padding: [[1, 1], [1]] },
  { activation: "prelu", preluAlpha: [1] },
  { bias: [1, 2] },
  { tolerance: -1 },
  zeros([3]),
  zeros([3, 1]),
  zeros([1, 3]),
  zeros([3, 3]),
  zeros([1, 4, 4, 2]),
  zeros([4, 4, 2]),
  zeros([3, 3, 2, 2]),
  zeros([1, 1, 4, 3]),
  zeros([0, 3]),
  tensor([
    [1, 2],
    [2, 4],
  ]),
  () => 1,
  { type: "conv2d", inputShape: [12, 12, 3] },
  { type: "conv2d", inputShape: [12, 12, 3], kernelSize: 5, filters: 0 },
  { type: "lstm", inputShape: [1, 1, 1] },
  [{ type: "dense", inputShape: [1, 1, 4], units: 2 }, null],
  { widthMultiplier: 0 },
  { variant: "huge" },
];

const functions: [string, (...a: unknown[]) => unknown][] = Object.entries(api)
  .filter(
    ([name, v]) =>
      typeof v === "function" &&
      !["Tensor", "SepconvError", "ShapeError", "OptionError", "DataError"].includes(name),
  )
  .map(([name, v]) => {
    // A class is called the only way it can be: with new.
    const isClass = /^class[\s{]/.test(Function.prototype.toString.call(v));
    const Ctor = v as new (...a: unknown[]) => unknown;
    const call = isClass
      ? (...a: unknown[]) => new Ctor(...a)
      : (v as (...a: unknown[]) => unknown);
    return [name, call];
  });
const referenceOps = Object.entries(api.reference).filter(([, v]) => typeof v === "function") as [
  string,
  (...a: unknown[]) => unknown,
][];

let state = 12345;
const next = (n: number): number => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state % n;
};

describe("public functions throw only SepconvErrors on bad input", () => {
  for (const [name, fn] of [
    ...functions,
    ...referenceOps.map(([n, f]) => [`reference.${n}`, f] as [string, typeof f]),
  ]) {
    it(`${name} x 300 random argument lists`, () => {
      for (let trial = 0; trial < 300; trial++) {
        const args = Array.from({ length: next(5) }, () => junk[next(junk.length)]);
        try {
          fn(...args);
        } catch (e) {
          if (!(e instanceof SepconvError)) {
            throw new Error(
              `${name}(${args.map((a) => (a instanceof api.Tensor ? String(a) : (JSON.stringify(a) ?? String(a)))).join(", ")}) threw ${String(e)}`,
            );
          }
          expect(e.message.length).toBeGreaterThan(10);
        }
      }
    });
  }
});
