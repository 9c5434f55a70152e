import { afterEach, describe, expect, it } from "vitest";
import {
  conv2d,
  conv2DBackpropInput,
  DataError,
  gradCheck,
  loadExercise,
  maxAbsDiff,
  OptionError,
  randomNormal,
  setLanguage,
  type Tensor,
} from "../../src/index";
import { courseCopy, ROOT, wrongSolution } from "./helpers";

afterEach(() => {
  setLanguage("en");
});

const x = randomNormal([1, 7, 7, 2], { seed: 1 });
const filter = randomNormal([3, 3, 2, 3], { seed: 2 });
const options = { padding: "same" as const, dilations: 2 };
const dy = randomNormal(conv2d(x, filter, options).shape, { seed: 3 });
const dot = (a: Tensor, b: Tensor) => a.data.reduce((sum, v, i) => sum + v * b.data[i]!, 0);
const loss = (t: Record<string, Tensor>) => dot(conv2d(t.x!, filter, options), dy);

describe("loadExercise", () => {
  it("returns the course's own function, which gradCheck can hold to the engine's loss", () => {
    const mine = loadExercise("conv2DBackpropInput", { from: ROOT });
    const dx = mine(x.shape, dy, filter, 1, "same", 2);
    // The same sums in another order: float32 rounding apart.
    expect(maxAbsDiff(dx, conv2DBackpropInput(x.shape, dy, filter, options))).toBeLessThan(1e-5);
    expect(gradCheck(loss, { x }, { x: dx }).passed).toBe(true);
  });

  it("loads a student's wrong solution as written, so gradCheck points at its error", () => {
    const dir = courseCopy({
      "conv2DBackpropInput.ts": wrongSolution("conv2DBackpropInput.no-column-bounds.ts"),
    });
    const mine = loadExercise("conv2DBackpropInput", { from: dir });
    const r = gradCheck(loss, { x }, { x: mine(x.shape, dy, filter, 1, "same", 2) });
    expect(r.passed).toBe(false);
  });

  it("names the file that lacks the export, in the chosen language", () => {
    const dir = courseCopy({ "conv2d.ts": "export const conv2d = 3;\n" });
    expect(() => loadExercise("conv2d", { from: dir })).toThrow(DataError);
    expect(() => loadExercise("conv2d", { from: dir })).toThrow(
      "exercises/conv2d.ts does not export a function named conv2d",
    );
    setLanguage("zh");
    expect(() => loadExercise("conv2d", { from: dir })).toThrow("没有导出名为 conv2d 的函数");
  });

  it("rejects an unknown exercise, a folder outside a course and unknown options", () => {
    expect(() => loadExercise("conv3d" as never, { from: ROOT })).toThrow(OptionError);
    expect(() => loadExercise("conv3d" as never, { from: ROOT })).toThrow(
      /id must be one of "convolve2d", .*, got "conv3d"/,
    );
    expect(() => loadExercise("conv2d", { from: "/" })).toThrow(DataError);
    expect(() => loadExercise("conv2d", { from: "/" })).toThrow(/no exercises\/manifest.json/);
    expect(() => loadExercise("conv2d", { root: ROOT } as never)).toThrow(OptionError);
  });
});
