import { describe, expect, it } from "vitest";
import { prelu, relu, softmax, tensor } from "../../src/index";

describe("relu and prelu", () => {
  it("relu clamps negatives and keeps NaN (x=[5])", () => {
    const out = relu(tensor([-2, -0.5, 0, 3, Number.NaN])).data;
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, 3]);
    expect(Number.isNaN(out[4]!)).toBe(true);
  });
  it("prelu with a per-channel alpha broadcast (x=2x3 alpha=[3])", () => {
    const x = tensor([
      [-1, -2, 3],
      [4, -5, -6],
    ]);
    const out = prelu(x, tensor([0.5, 0.25, 2]));
    expect(out.toArray()).toEqual([
      [-0.5, -0.5, 3],
      [4, -1.25, -12],
    ]);
  });
  it("prelu with a scalar alpha (x=[3] alpha=[1])", () => {
    expect(Array.from(prelu(tensor([-4, 0, 4]), tensor([0.25])).data)).toEqual([-1, 0, 4]);
  });
});

describe("softmax", () => {
  it("rows sum to 1 and match exp/sum (x=2x3 axis=-1)", () => {
    const out = softmax(
      tensor([
        [1, 2, 3],
        [0, 0, 0],
      ]),
    );
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const s = e[0]! + e[1]! + e[2]!;
    expect(out.get(0, 0)).toBeCloseTo(e[0]! / s, 6);
    expect(out.get(0, 2)).toBeCloseTo(e[2]! / s, 6);
    expect(out.get(1, 1)).toBeCloseTo(1 / 3, 6);
  });
  it("along axis 0 (x=2x2)", () => {
    const out = softmax(
      tensor([
        [0, 5],
        [0, 5],
      ]),
      0,
    );
    expect(Array.from(out.data)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
  it("is stable for large logits (x=[1000, 1001])", () => {
    const out = softmax(tensor([1000, 1001]));
    expect(out.data[0]).toBeCloseTo(1 / (1 + Math.E), 6);
    expect(out.data[1]).toBeCloseTo(Math.E / (1 + Math.E), 6);
  });
  it("NaN propagates to its whole slice only (x=2x2)", () => {
    const out = softmax(
      tensor([
        [Number.NaN, 1],
        [1, 1],
      ]),
    );
    expect(Number.isNaN(out.get(0, 0))).toBe(true);
    expect(Number.isNaN(out.get(0, 1))).toBe(true);
    expect(out.get(1, 0)).toBeCloseTo(0.5, 6);
  });
  it("+Infinity takes all the mass, -Infinity none (x=[3])", () => {
    expect(Array.from(softmax(tensor([Infinity, 1, Infinity])).data)).toEqual([0.5, 0, 0.5]);
    expect(Array.from(softmax(tensor([-Infinity, 0])).data)).toEqual([0, 1]);
  });
});
