import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  DataError,
  OptionError,
  ShapeError,
  Tensor,
  allClose,
  compareTensors,
  conv2d,
  ones,
  randomNormal,
  randomUniform,
  tensor,
  zeros,
} from "../src/index";

describe("tensor construction", () => {
  it("nested arrays give their shape (2x3)", () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.rank).toBe(2);
    expect(t.size).toBe(6);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.get(1, 2)).toBe(6);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
  it("flat values with a shape (2x2x2), Float32Array and scalar", () => {
    const t = tensor([0, 1, 2, 3, 4, 5, 6, 7], [2, 2, 2]);
    expect(t.get(1, 0, 1)).toBe(5);
    expect(t.toArray()).toEqual([
      [
        [0, 1],
        [2, 3],
      ],
      [
        [4, 5],
        [6, 7],
      ],
    ]);
    expect(tensor(new Float32Array([1, 2]), [2, 1]).shape).toEqual([2, 1]);
    expect(tensor(3).rank).toBe(0);
    expect(tensor(3).toArray()).toBe(3);
  });
  it("values are copied, the shape is frozen", () => {
    const src = new Float32Array([1, 2]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.data[0]).toBe(1);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });
  it("the shape array passed in is copied: changing it later changes neither shape, rank nor an op's result", () => {
    const dims = [1, 4, 4, 2];
    const x = new Tensor(new Float32Array(32).fill(1), dims);
    const f = new Tensor(new Float32Array(2).fill(1), [1, 1, 2, 1]);
    dims[1] = 2;
    dims.push(1);
    expect(x.shape).toEqual([1, 4, 4, 2]);
    expect(x.rank).toBe(4);
    expect(conv2d(x, f).shape).toEqual([1, 4, 4, 1]);
    // The engine's plain copy of the dimensions is private: only shape and data are visible.
    expect(Object.keys(x)).toEqual(["shape", "data"]);
    expect(inspect(x)).not.toMatch(/dims/);
  });
  it("length/shape mismatch is a ShapeError naming both", () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrowError(ShapeError);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(
      "tensor: 3 values do not fill shape [2,2] (4 values)",
    );
    expect(() => new Tensor(new Float32Array(5), [2, 2])).toThrow(
      "Tensor: data has 5 values but the shape needs 4 (shape [2,2])",
    );
  });
  it("ragged or non-numeric data is a DataError", () => {
    expect(() => tensor([[1, 2], [3]])).toThrowError(DataError);
    expect(() => tensor([[1, 2], [3]])).toThrow(
      "tensor: ragged nesting at [1]: expected 2 items like the first row, got 1",
    );
    expect(() => tensor([1, "2" as unknown as number])).toThrow(
      'tensor: value at [1] must be a number, got "2"',
    );
    expect(() => tensor({} as unknown as number)).toThrow(
      "tensor: values must be a number, an array or a typed array",
    );
  });
  it("bad shapes are OptionErrors", () => {
    expect(() => zeros([2, -1])).toThrowError(OptionError);
    expect(() => zeros([2, 1.5])).toThrow(
      "zeros: shape [2,1.5] must hold non-negative integer sizes, got 1.5",
    );
    expect(() => ones("3" as unknown as number[])).toThrow(
      'ones: shape must be an array of sizes, got "3"',
    );
  });
  it("get checks the index", () => {
    const t = zeros([2, 3]);
    expect(() => t.get(0)).toThrow("Tensor.get: got 1 indices for a rank-2 tensor (shape [2,3])");
    expect(() => t.get(0, 3)).toThrow(
      "Tensor.get: index [0,3] is out of range for shape [2,3] (axis 1)",
    );
  });
  it("reshape keeps the data and checks the size", () => {
    const t = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(t.reshape([3, 2]).get(2, 1)).toBe(6);
    expect(() => t.reshape([4, 2])).toThrow("reshape: cannot reshape 6 values into [4,2]");
  });
});

describe("seeded random tensors", () => {
  it("the same seed gives the same values, another seed different ones", () => {
    const a = randomNormal([100], { seed: 7 });
    const b = randomNormal([100], { seed: 7 });
    const c = randomNormal([100], { seed: 8 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });
  it("normal(0,1) moments over 100k samples", () => {
    const d = randomNormal([100_000], { seed: 1 }).data;
    let m = 0;
    for (const v of d) m += v;
    m /= d.length;
    let v2 = 0;
    for (const v of d) v2 += (v - m) ** 2;
    v2 /= d.length;
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(Math.abs(v2 - 1)).toBeLessThan(0.02);
  });
  it("uniform [min,max) stays in range and fills it", () => {
    const d = randomUniform([50_000], { seed: 3, min: -2, max: 5 }).data;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of d) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(-2);
    expect(hi).toBeLessThan(5);
    expect(lo).toBeLessThan(-1.99);
    expect(hi).toBeGreaterThan(4.99);
  });
  it("bad seeds and ranges are OptionErrors", () => {
    expect(() => randomNormal([2], { seed: 1.5 })).toThrow(
      "randomNormal: seed must be an integer, got 1.5",
    );
    expect(() => randomNormal([2], {} as { seed: number })).toThrow(
      "randomNormal: seed must be an integer, got undefined",
    );
    expect(() => randomUniform([2], { seed: 1, min: 3, max: 3 })).toThrow(
      "randomUniform: max (3) must be greater than min (3)",
    );
  });
});

describe("allClose and compareTensors", () => {
  const a = tensor([1, 2, 3, 4], [2, 2]);
  it("close within rtol/atol, not beyond", () => {
    expect(allClose(a, tensor([1, 2, 3, 4.00001], [2, 2]))).toBe(true);
    expect(allClose(a, tensor([1, 2, 3, 4.1], [2, 2]))).toBe(false);
    expect(allClose(a, tensor([1, 2, 3, 4.1], [2, 2]), { rtol: 0.05 })).toBe(true);
  });
  it("different shapes are never close", () => {
    expect(allClose(a, a.reshape([4]))).toBe(false);
    expect(compareTensors(a, a.reshape([4]))).toEqual({
      kind: "shape",
      message: "shape [2,2] != expected [4]",
    });
  });
  it("reports the first wrong index, expected vs got and max errors", () => {
    const c = compareTensors(tensor([1, 2, 3.5, 5], [2, 2]), a);
    expect(c.kind).toBe("values");
    if (c.kind !== "values") return;
    expect(c.firstIndex).toEqual([1, 0]);
    expect(c.expected).toBe(3);
    expect(c.got).toBe(3.5);
    expect(c.mismatches).toBe(2);
    expect(c.maxAbsError).toBe(1);
    expect(c.maxRelError).toBe(0.25);
  });
  it("NaN is never close unless equalNan; infinities match only themselves", () => {
    const n = tensor([Number.NaN]);
    expect(allClose(n, n)).toBe(false);
    expect(allClose(n, n, { equalNan: true })).toBe(true);
    expect(allClose(tensor([Infinity]), tensor([Infinity]))).toBe(true);
    expect(allClose(tensor([Infinity]), tensor([-Infinity]))).toBe(false);
    expect(allClose(tensor([1e30]), tensor([Infinity]))).toBe(false);
  });
});
