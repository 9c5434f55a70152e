// Keras' default initialisers: fan-in and fan-out per kernel shape (Keras' compute_fans),
// glorot_uniform's range, zeros and ones, and seeded weights that are bit-identical everywhere.
import { describe, expect, it } from "vitest";
import { computeFans, layers, sequential } from "../../src/index";
import { glorotUniform } from "../../src/model/initializers";
import { createRng } from "../../src/random";

describe("computeFans (Keras)", () => {
  it("dense [in, out]; conv [KH, KW, in, out] times the receptive field", () => {
    expect(computeFans([64, 10])).toEqual({ fanIn: 64, fanOut: 10 });
    expect(computeFans([5, 5, 3, 256])).toEqual({ fanIn: 75, fanOut: 6400 });
  });

  it("depthwise [KH, KW, C, M]: fan-in KH*KW*C, fan-out KH*KW*M; pointwise [1, 1, C*M, F]", () => {
    expect(computeFans([3, 3, 32, 1])).toEqual({ fanIn: 288, fanOut: 9 });
    expect(computeFans([3, 3, 32, 2])).toEqual({ fanIn: 288, fanOut: 18 });
    expect(computeFans([1, 1, 64, 128])).toEqual({ fanIn: 64, fanOut: 128 });
  });
});

describe("glorotUniform", () => {
  it("draws from [-sqrt(6 / (fanIn + fanOut)), +sqrt(...)) and fills it", () => {
    const t = glorotUniform([3, 3, 16, 32], createRng(1));
    const limit = Math.sqrt(6 / (144 + 288));
    const max = Math.max(...t.data.map(Math.abs));
    expect(max).toBeLessThanOrEqual(limit);
    expect(max).toBeGreaterThan(0.99 * limit);
    const mean = t.data.reduce((a, b) => a + b, 0) / t.size;
    expect(Math.abs(mean)).toBeLessThan(0.05 * limit);
  });
});

describe("a model's initial weights", () => {
  const build = (seed: number) =>
    sequential(
      [
        layers.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2 }),
        layers.batchNormalization(),
        layers.depthwiseConv2d({ kernelSize: 2 }),
        layers.globalAveragePooling2d(),
        layers.dense({ units: 3 }),
      ],
      { inputShape: [6, 6, 2], seed },
    );

  it("kernels glorot_uniform with each shape's fans, biases and beta zeros, gamma and moving variance ones", () => {
    const w = Object.fromEntries(build(0).weights.map((x) => [x.name, x.value]));
    const within = (name: string, fanIn: number, fanOut: number): void => {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      expect(Math.max(...w[name]!.data.map(Math.abs)), name).toBeLessThanOrEqual(limit);
      expect(Math.max(...w[name]!.data.map(Math.abs)), name).toBeGreaterThan(0.5 * limit);
    };
    within("separable_conv2d/depthwise_kernel", 3 * 3 * 2, 3 * 3 * 2);
    within("separable_conv2d/pointwise_kernel", 4, 4);
    within("depthwise_conv2d/kernel", 2 * 2 * 4, 2 * 2 * 1);
    within("dense/kernel", 4, 3);
    for (const name of [
      "separable_conv2d/bias",
      "batch_normalization/beta",
      "batch_normalization/moving_mean",
      "depthwise_conv2d/bias",
      "dense/bias",
    ]) {
      expect(Array.from(w[name]!.data), name).toEqual(new Array(w[name]!.size).fill(0));
    }
    for (const name of ["batch_normalization/gamma", "batch_normalization/moving_variance"]) {
      expect(Array.from(w[name]!.data), name).toEqual(new Array(w[name]!.size).fill(1));
    }
  });

  it("the same seed gives bit-identical weights (these exact float32 values on every machine); another seed others", () => {
    const a = build(7).getWeights();
    const b = build(7).getWeights();
    a.forEach((t, i) => {
      expect(Buffer.from(b[i]!.data.buffer).equals(Buffer.from(t.data.buffer))).toBe(true);
    });
    // Only exact operations (integer / 2^32, sqrt, products, float32 rounding) make them.
    const bits = Array.from(new Uint32Array(a[0]!.data.buffer, 0, 4), (u) => u.toString(16));
    expect(bits).toEqual(GOLDEN_BITS);
    expect(Array.from(build(8).getWeights()[0]!.data)).not.toEqual(Array.from(a[0]!.data));
  });
});

// The first four values of the first kernel for seed 7, as float32 bit patterns (recorded once).
const GOLDEN_BITS = ["be5e8b6e", "3c23a391", "bd2ad93a", "be88d1f7"];
