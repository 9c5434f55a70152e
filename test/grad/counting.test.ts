// countMultiplications covers the backward loops, and each count equals its closed form: a
// filter gradient repeats the forward's multiplications (padding taps included), an input
// gradient multiplies only the taps that land inside the input.
import { describe, expect, it } from "vitest";
import {
  biasAddGrad,
  conv2DBackpropFilter,
  conv2DBackpropInput,
  conv2d,
  countMultiplications,
  dense,
  denseGrad,
  depthwiseConv2d,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  fusedBatchNorm,
  fusedBatchNormGrad,
  globalAveragePooling2d,
  globalAveragePooling2dGrad,
  pointwiseConv2dBackpropFilter,
  pointwiseConv2dBackpropInput,
  preluGrad,
  randomUniform,
  reluGrad,
  separableConv2d,
  separableConv2dGrad,
  sparseSoftmaxCrossEntropy,
  sparseSoftmaxCrossEntropyGrad,
} from "../../src/index";
import { rand } from "../helpers";
import { gradCases } from "./cases";

/** (output position, tap) pairs along one axis whose input index lands inside 0..size-1. */
function insidePairs(
  size: number,
  out: number,
  k: number,
  stride: number,
  padBefore: number,
  dilation: number,
): number {
  let pairs = 0;
  for (let o = 0; o < out; o++)
    for (let t = 0; t < k; t++)
      if (
        o * stride - padBefore + t * dilation >= 0 &&
        o * stride - padBefore + t * dilation < size
      )
        pairs++;
  return pairs;
}

const pairOf = (p: number | readonly [number, number]): [number, number] =>
  typeof p === "number" ? [p, p] : [p[0], p[1]];

describe("the textbook layer (x=12x12x3, 5x5 kernels, 256 filters): backward costs twice the forward", () => {
  const x = rand([1, 12, 12, 3]);
  it("conv2d 'valid': 1,228,800 forward; input and filter gradients 1,228,800 each", () => {
    const f = rand([5, 5, 3, 256]);
    const forward = countMultiplications(() => conv2d(x, f));
    const dy = rand(forward.result.shape);
    expect(forward.multiplies).toBe(1_228_800);
    expect(countMultiplications(() => conv2DBackpropInput(x.shape, dy, f)).multiplies).toBe(
      1_228_800,
    );
    expect(countMultiplications(() => conv2DBackpropFilter(x, dy, f.shape)).multiplies).toBe(
      1_228_800,
    );
    expect(countMultiplications(() => biasAddGrad(dy)).multiplies).toBe(0);
  });
  it("conv2d 'same': the input gradient skips the taps in the padding (12*5 - 2*3 = 54 pairs per axis)", () => {
    const f = rand([5, 5, 3, 256]);
    const forward = countMultiplications(() => conv2d(x, f, { padding: "same" }));
    const dy = rand(forward.result.shape);
    expect(forward.multiplies).toBe(12 * 12 * 25 * 3 * 256); // 2,764,800
    expect(
      countMultiplications(() => conv2DBackpropFilter(x, dy, f.shape, { padding: "same" }))
        .multiplies,
    ).toBe(2_764_800);
    expect(
      countMultiplications(() => conv2DBackpropInput(x.shape, dy, f, { padding: "same" }))
        .multiplies,
    ).toBe(3 * 256 * 54 * 54);
  });
  it("separable: 53,952 forward; backward 2 x 53,952 + 4,800 (the depthwise output it recomputes)", () => {
    const dw = rand([5, 5, 3, 1]);
    const pw = rand([1, 1, 3, 256]);
    const forward = countMultiplications(() => separableConv2d(x, dw, pw));
    expect(forward.multiplies).toBe(53_952);
    const dy = rand(forward.result.shape);
    expect(countMultiplications(() => separableConv2dGrad(x, dw, pw, dy)).multiplies).toBe(
      2 * 53_952 + 4_800,
    );
  });
});

describe("conv backprop counts == closed forms over the generated configurations", () => {
  for (const c of gradCases(120).filter((_, i) => i % 4 === 0)) {
    it(c.name, () => {
      const x = rand(c.x);
      const [n, h, w, cin] = (c.x.length === 3 ? [1, ...c.x] : c.x) as [
        number,
        number,
        number,
        number,
      ];
      const geometry = { strides: c.strides, padding: c.padding, dilations: c.dilations };
      const [sh, sw] = pairOf(c.strides);
      const [dh, dw] = pairOf(c.dilations);
      const filter = rand([c.kh, c.kw, cin, c.cout]);
      const y = conv2d(x, filter, geometry);
      const [ho, wo] = (y.rank === 3 ? y.shape.slice(0, 2) : y.shape.slice(1, 3)) as [
        number,
        number,
      ];
      // The padding before the first row/column, as the output size implies it.
      const padTop =
        typeof c.padding === "string"
          ? c.padding === "same"
            ? Math.floor(Math.max((ho - 1) * sh + (c.kh - 1) * dh + 1 - h, 0) / 2)
            : 0
          : c.padding[0][0];
      const padLeft =
        typeof c.padding === "string"
          ? c.padding === "same"
            ? Math.floor(Math.max((wo - 1) * sw + (c.kw - 1) * dw + 1 - w, 0) / 2)
            : 0
          : c.padding[1][0];
      const inside =
        insidePairs(h, ho, c.kh, sh, padTop, dh) * insidePairs(w, wo, c.kw, sw, padLeft, dw);
      const forwardCount = n * ho * wo * c.kh * c.kw * cin * c.cout;
      const dy = rand(y.shape);
      expect(countMultiplications(() => conv2d(x, filter, geometry)).multiplies).toBe(forwardCount);
      expect(
        countMultiplications(() => conv2DBackpropFilter(x, dy, filter.shape, geometry)).multiplies,
      ).toBe(forwardCount);
      expect(
        countMultiplications(() => conv2DBackpropInput(x.shape, dy, filter, geometry)).multiplies,
      ).toBe(n * cin * c.cout * inside);

      const dwFilter = rand([c.kh, c.kw, cin, c.multiplier]);
      const dwy = rand(depthwiseConv2d(x, dwFilter, geometry).shape);
      expect(
        countMultiplications(() =>
          depthwiseConv2dNativeBackpropFilter(x, dwy, dwFilter.shape, geometry),
        ).multiplies,
      ).toBe(n * ho * wo * c.kh * c.kw * cin * c.multiplier);
      expect(
        countMultiplications(() =>
          depthwiseConv2dNativeBackpropInput(x.shape, dwy, dwFilter, geometry),
        ).multiplies,
      ).toBe(n * cin * c.multiplier * inside);
    });
  }
  it("pointwise: both gradients N*H*W*Cin*Cout (x=2x5x4x3, 3->7)", () => {
    const x = rand([2, 5, 4, 3]);
    const f = rand([3, 7]);
    const dy = rand([2, 5, 4, 7]);
    expect(
      countMultiplications(() => pointwiseConv2dBackpropInput(x.shape, dy, f)).multiplies,
    ).toBe(2 * 5 * 4 * 3 * 7);
    expect(
      countMultiplications(() => pointwiseConv2dBackpropFilter(x, dy, f.shape)).multiplies,
    ).toBe(2 * 5 * 4 * 3 * 7);
  });
});

describe("the other layers' counts == closed forms", () => {
  it("dense: forward N*in*units, backward twice that (x=4x6, 6->5)", () => {
    const x = rand([4, 6]);
    const k = rand([6, 5]);
    expect(countMultiplications(() => dense(x, k, { bias: rand([5]) })).multiplies).toBe(120);
    expect(countMultiplications(() => denseGrad(x, k, rand([4, 5]))).multiplies).toBe(240);
  });
  it("softmax cross-entropy: no multiplications forward, N*K backward (the 1/N); relu none; prelu 2 per x <= 0", () => {
    const logits = rand([3, 10]);
    expect(
      countMultiplications(() => sparseSoftmaxCrossEntropy([1, 2, 3], logits)).multiplies,
    ).toBe(0);
    expect(
      countMultiplications(() => sparseSoftmaxCrossEntropyGrad([1, 2, 3], logits)).multiplies,
    ).toBe(30);
    const x = rand([2, 3, 4, 5]);
    const dy = rand(x.shape);
    expect(countMultiplications(() => reluGrad(dy, x)).multiplies).toBe(0);
    const notPositive = x.data.filter((v) => v <= 0).length;
    expect(notPositive).toBeGreaterThan(0);
    expect(countMultiplications(() => preluGrad(dy, x, rand([5]))).multiplies).toBe(
      2 * notPositive,
    );
  });
  it("global average pooling: none either way (sums and one division per value)", () => {
    const x = rand([2, 3, 4, 5]);
    expect(countMultiplications(() => globalAveragePooling2d(x)).multiplies).toBe(0);
    expect(
      countMultiplications(() => globalAveragePooling2dGrad(x.shape, rand([2, 5]))).multiplies,
    ).toBe(0);
  });
  it("batch norm (x=2x3x4x5, 24 values per channel): training forward 3 per value + 4 per channel with moving averages; gradients 5 (training) or 3 (inference) per value + 1 per channel", () => {
    const x = rand([2, 3, 4, 5]);
    const scale = rand([5]);
    const offset = rand([5]);
    const moving = {
      movingMean: rand([5]),
      movingVariance: randomUniform([5], { seed: 3, min: 0.5, max: 2 }),
    };
    const training = countMultiplications(() =>
      fusedBatchNorm(x, scale, offset, { training: true, ...moving }),
    );
    expect(training.multiplies).toBe(3 * 120 + 4 * 5);
    expect(
      countMultiplications(() => fusedBatchNorm(x, scale, offset, { training: false, ...moving }))
        .multiplies,
    ).toBe(2 * 120);
    const dy = rand(x.shape);
    const { mean, variance } = training.result;
    expect(
      countMultiplications(() =>
        fusedBatchNormGrad(dy, x, scale, { training: true, mean, variance }),
      ).multiplies,
    ).toBe(5 * 120 + 5);
    expect(
      countMultiplications(() =>
        fusedBatchNormGrad(dy, x, scale, { training: false, mean, variance }),
      ).multiplies,
    ).toBe(3 * 120 + 5);
  });
});
