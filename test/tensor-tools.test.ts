// The notebooks' shared tensor helpers: crop, channel, kernelSlice, outer, maxAbsDiff.
import { describe, expect, it } from "vitest";
import {
  DataError,
  OptionError,
  ShapeError,
  Tensor,
  channel,
  crop,
  kernelSlice,
  maxAbsDiff,
  outer,
  randomNormal,
  tensor,
} from "../src/index";

/** An [H, W, C] image whose value at (i, j, c) is 100 i + 10 j + c, so every index is readable. */
function indexed(H: number, W: number, C: number): Tensor {
  const data = new Float32Array(H * W * C);
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++)
      for (let c = 0; c < C; c++) data[(i * W + j) * C + c] = 100 * i + 10 * j + c;
  return new Tensor(data, [H, W, C]);
}

describe("crop", () => {
  it("takes rows r0.. and columns c0.. of every channel, as a copy", () => {
    const img = indexed(5, 6, 2);
    const c = crop(img, 1, 2, 3, 2);
    expect(c.shape).toEqual([3, 2, 2]);
    expect(c.get(0, 0, 0)).toBe(120);
    expect(c.get(2, 1, 1)).toBe(331);
    c.data[0] = -1;
    expect(img.get(1, 2, 0)).toBe(120);
  });
  it("accepts a batch of one and returns [h, w, C]", () => {
    expect(crop(indexed(4, 4, 3).reshape([1, 4, 4, 3]), 0, 0, 2, 2).shape).toEqual([2, 2, 3]);
  });
  it("rejects a window outside the image or a bad rank with typed errors naming the argument", () => {
    expect(() => crop(indexed(4, 4, 1), 3, 0, 2, 2)).toThrow(OptionError);
    expect(() => crop(indexed(4, 4, 1), 3, 0, 2, 2)).toThrow(
      /crop: r0 must be an integer from 0 to 2, got 3/,
    );
    expect(() => crop(indexed(4, 4, 1), 0, 0, 5, 1)).toThrow(
      /crop: h must be an integer from 1 to 4/,
    );
    expect(() => crop(indexed(4, 4, 1), 0, 0.5, 1, 1)).toThrow(/c0 must be an integer/);
    expect(() => crop(tensor([[1, 2]]), 0, 0, 1, 1)).toThrow(ShapeError);
    expect(() => crop({} as Tensor, 0, 0, 1, 1)).toThrow(DataError);
  });
});

describe("channel", () => {
  it("returns channel c as an [H, W] matrix, from [H, W, C] or [1, H, W, C]", () => {
    const img = indexed(2, 3, 4);
    const c2 = channel(img, 2);
    expect(c2.shape).toEqual([2, 3]);
    expect(Array.from(c2.data)).toEqual([2, 12, 22, 102, 112, 122]);
    expect(Array.from(channel(img.reshape([1, 2, 3, 4]), 2).data)).toEqual(Array.from(c2.data));
  });
  it("rejects a channel out of range and tensors that are not images", () => {
    expect(() => channel(indexed(2, 2, 3), 3)).toThrow(
      /channel: c must be an integer from 0 to 2, got 3/,
    );
    expect(() => channel(indexed(2, 2, 3), -1)).toThrow(OptionError);
    expect(() => channel(randomNormal([2, 2, 2, 2], { seed: 1 }), 0)).toThrow(ShapeError);
  });
});

describe("kernelSlice", () => {
  it("reads filter[:, :, c, m] of a [KH, KW, Cin, M] filter", () => {
    const f = randomNormal([3, 2, 4, 5], { seed: 3 });
    const k = kernelSlice(f, 2, 3);
    expect(k.shape).toEqual([3, 2]);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++) expect(k.get(i, j)).toBe(f.get(i, j, 2, 3));
    expect(Array.from(kernelSlice(f.reshape([3, 2, 20, 1]), 7).data)).toEqual(
      Array.from(kernelSlice(f, 1, 2).data),
    );
  });
  it("rejects indices out of range and filters that are not rank 4", () => {
    const f = randomNormal([3, 3, 2, 1], { seed: 4 });
    expect(() => kernelSlice(f, 2)).toThrow(/kernelSlice: c must be an integer from 0 to 1, got 2/);
    expect(() => kernelSlice(f, 0, 1)).toThrow(
      /kernelSlice: m must be an integer from 0 to 0, got 1/,
    );
    expect(() => kernelSlice(randomNormal([3, 3, 2], { seed: 5 }), 0)).toThrow(ShapeError);
  });
});

describe("outer", () => {
  it("column times row, from tensors of any vector shape or number arrays, with a scale", () => {
    const k = outer(tensor([[1], [2], [3]]), tensor([[1, 0, -1]]));
    expect(k.shape).toEqual([3, 3]);
    expect(k.toArray()).toEqual([
      [1, 0, -1],
      [2, 0, -2],
      [3, 0, -3],
    ]);
    expect(outer([1, 4], [2, 1], 1 / 8).toArray()).toEqual([
      [0.25, 0.125],
      [1, 0.5],
    ]);
    expect(outer(tensor([1, 2]), [3]).shape).toEqual([2, 1]);
  });
  it("is a rank-1 kernel: every row is a multiple of the row vector", () => {
    const k = outer([1, 2, 1], [-1, 0, 1]);
    expect(Array.from(k.data.subarray(3, 6))).toEqual([-2, 0, 2]);
  });
  it("rejects matrices, empty or non-numeric vectors and a bad scale", () => {
    expect(() => outer(randomNormal([2, 2], { seed: 1 }), [1])).toThrow(ShapeError);
    expect(() => outer([], [1])).toThrow(DataError);
    expect(() => outer([1, Number.NaN], [1])).toThrow(
      /outer: column must be a Tensor or a non-empty array of finite numbers/,
    );
    expect(() => outer([1], [1], Number.POSITIVE_INFINITY)).toThrow(OptionError);
  });
});

describe("maxAbsDiff", () => {
  it("is the largest |a - b|, 0 for equal tensors", () => {
    const a = tensor([1, 2, 3]);
    expect(maxAbsDiff(a, tensor([1, 2.5, 2]))).toBe(1);
    expect(maxAbsDiff(a, a)).toBe(0);
  });
  it("is NaN when a NaN meets any value, and rejects different shapes", () => {
    expect(maxAbsDiff(tensor([1, Number.NaN]), tensor([1, 2]))).toBeNaN();
    expect(() => maxAbsDiff(tensor([1, 2]), tensor([[1, 2]]))).toThrow(
      /maxAbsDiff: the tensors differ in shape \(a \[2\], b \[1,2\]\)/,
    );
  });
});
