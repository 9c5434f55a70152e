// Batch normalization, ReLU and global average pooling in one pass each way (fusedBatchNormPool,
// batchNormReluPoolGrad; Sequential runs a model's BN, ReLU, GAP this way on the kernels): the
// same values as the three ops one after another, bit for bit.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  fusedBatchNorm,
  globalAveragePooling2d,
  globalAveragePooling2dGrad,
  layers,
  randomUniform,
  sequential,
  sgd,
  type Tensor,
} from "../../src/index";
import { batchNormReluGrad, batchNormReluPoolGrad } from "../../src/grad/batch-norm-grad";
import { residentOutputs } from "../../src/kernels/wasm";
import { BatchNormalization } from "../../src/model/batch-normalization";
import { fusedBatchNormPool } from "../../src/ops/batch-norm";

/** The first index where two arrays differ (Object.is: -0 is not 0, NaN is NaN), else -1. */
const firstDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
};
const same = (a: Tensor, b: Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const i = firstDifference(a.data, b.data);
  expect(i, `first difference at ${i}: ${a.data[i]} vs ${b.data[i]}`).toBe(-1);
};

// [N, H, W, C]: channel counts in groups of eight, four, and one by one; images cut by the
// kernels' row blocks (49 and 33 pixels), one pixel, one image.
const SHAPES = [
  [32, 7, 7, 64],
  [3, 7, 5, 13],
  [2, 5, 5, 8],
  [4, 3, 3, 6],
  [1, 1, 1, 4],
  [5, 3, 11, 3],
  [2, 9, 9, 12],
] as const;

describe("batch normalization, ReLU and global average pooling in one pass", () => {
  for (const shape of SHAPES) {
    const [n, , , c] = shape;
    const x = randomUniform([...shape], { seed: c, min: -2, max: 3 });
    // Some values exactly at the ReLU's edge: -0 and NaN pass through it as they are.
    x.data[0] = Number.NaN;
    x.data[c + 1] = -0;
    const scale = randomUniform([c], { seed: 2 * c, min: -1.5, max: 1.5 });
    const offset = randomUniform([c], { seed: 3 * c, min: -1, max: 1 });
    const movingMean = randomUniform([c], { seed: 4 * c, min: -0.5 });
    const movingVariance = randomUniform([c], { seed: 5 * c, min: 0.5, max: 2 });
    for (const training of [true, false]) {
      const options = { training, movingMean, movingVariance, activation: "relu" as const };
      it(`${shape.join("x")}, training ${training}: the forward`, () => {
        const want = fusedBatchNorm(x, scale, offset, options);
        const got = fusedBatchNormPool(x, scale, offset, options);
        same(got.y, globalAveragePooling2d(want.y));
        same(got.mean, want.mean);
        same(got.variance, want.variance);
        if (training) same(got.movingMean!, want.movingMean!);
      });
      it(`${shape.join("x")}, training ${training}: the gradient`, () => {
        const f = fusedBatchNorm(x, scale, offset, options);
        const g = randomUniform([n, c], { seed: 6 * c, min: -1 });
        g.data[1] = -0;
        const grad = { training, mean: f.mean, variance: f.variance, epsilon: 0.001 };
        const spread = globalAveragePooling2dGrad(x.shape, g);
        const want = batchNormReluGrad(spread, x, scale, offset, { ...grad, y: f.y }, true);
        const got = batchNormReluPoolGrad(g, x, scale, offset, grad, false);
        same(got.dx, want.dx);
        same(got.dScale, want.dScale);
        same(got.dOffset, want.dOffset);
      });
    }
  }

  it("writes dx over x when told to, inside a training step", () => {
    const x0 = randomUniform([8, 16, 16, 32], { seed: 7, min: -1 });
    const scale = randomUniform([32], { seed: 8 });
    const offset = randomUniform([32], { seed: 9, min: -1 });
    const g = randomUniform([8, 32], { seed: 10, min: -1 });
    const f = fusedBatchNorm(x0, scale, offset, { training: true, activation: "relu" });
    const grad = { training: true, mean: f.mean, variance: f.variance };
    const want = batchNormReluPoolGrad(g, x0, scale, offset, grad, false).dx.data.slice();
    residentOutputs(() => {
      // x in kernel memory, as a layer's output is in a step.
      const x = fusedBatchNorm(x0, scale, offset, {
        training: false,
        movingMean: f.mean,
        movingVariance: f.variance,
      }).y;
      x.data.set(x0.data);
      const dx = batchNormReluPoolGrad(g, x, scale, offset, grad, true).dx;
      expect(dx.data).toBe(x.data);
      expect(firstDifference(dx.data, want)).toBe(-1);
    });
  });
});

describe("Sequential runs batch normalization, ReLU and global average pooling as one step", () => {
  afterEach(() => vi.restoreAllMocks());

  /** A small network ending in MobileNet's head; `relus` ReLU layers after the normalization
   *  (two compute the same values, and are not the pattern the model fuses). */
  const net = (relus: number) =>
    sequential(
      [
        layers.conv2d({ filters: 12, kernelSize: 3, padding: "same", useBias: false }),
        layers.batchNormalization({ momentum: 0.9 }),
        ...Array.from({ length: relus }, () => layers.activation("relu")),
        layers.globalAveragePooling2d(),
        layers.dense({ units: 5 }),
      ],
      { inputShape: [9, 9, 3], seed: 11 },
    );
  const x = randomUniform([6, 9, 9, 3], { seed: 12, min: -1 });
  const labels = [0, 1, 2, 3, 4, 0];

  it("trains to the same weights bit for bit as the three layers one after another", () => {
    const pooled = vi.spyOn(BatchNormalization.prototype, "forwardPooled");
    const [fused, apart] = [net(1), net(2)];
    expect(fused.weights.map((w) => Array.from(w.value.data))).toEqual(
      apart.weights.map((w) => Array.from(w.value.data)),
    );
    for (const m of [fused, apart]) {
      const optimizer = sgd({ learningRate: 0.1, momentum: 0.9 });
      for (let i = 0; i < 3; i++) m.trainOnBatch(x, labels, { optimizer });
    }
    // Three training steps of the fused model, none of the other.
    expect(pooled).toHaveBeenCalledTimes(3);
    expect(fused.weights.map((w) => Array.from(w.value.data))).toEqual(
      apart.weights.map((w) => Array.from(w.value.data)),
    );
    same(fused.predict(x), apart.predict(x));
    const [a, b] = [fused.lossAndGradients(x, labels), apart.lossAndGradients(x, labels)];
    expect(a.loss).toBe(b.loss);
    for (const [i, t] of a.gradients.entries()) same(t, b.gradients[i]!);
    same(a.dx, b.dx);
  });
});
