// Batch normalization, ReLU and global average pooling as one step (fusedBatchNormPool: one
// pass; batchNormReluPoolGrad: two passes reading the pooling's gradient once per image;
// Sequential runs a model's BN, ReLU, GAP layers this way on the kernels): the same values as
// the three ops one after another, bit for bit.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  fusedBatchNorm,
  globalAveragePooling2d,
  globalAveragePooling2dGrad,
  layers,
  randomUniform,
  relu,
  sequential,
  sgd,
  Tensor,
} from "../../src/index";
import { batchNormReluGrad, batchNormReluPoolGrad } from "../../src/grad/batch-norm-grad";
import { fastBatchNormGrad, fastBatchNormPoolGrad } from "../../src/kernels/backward";
import { fastBatchNorm, fastBatchNormPool } from "../../src/kernels/norm";
import { residentOutputs } from "../../src/kernels/wasm";
import { BatchNormalization } from "../../src/model/batch-normalization";
import { GlobalAveragePooling2D } from "../../src/model/global-average-pooling2d";
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

// [N, H, W, C]: channel counts in groups of eight, four, and one by one (C = 13, 6, 3, 1);
// images of 49, 35, 33 and 81 pixels, which the kernels' row blocks (16 to 64 rows) cut
// across image boundaries; one pixel an image; one image.
const SHAPES = [
  [32, 7, 7, 64],
  [3, 7, 5, 13],
  [2, 5, 5, 8],
  [4, 3, 3, 6],
  [1, 1, 1, 4],
  [6, 1, 1, 5],
  [5, 3, 11, 3],
  [2, 9, 9, 12],
  [3, 4, 4, 1],
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

  it("without the ReLU: the kernels against batch norm then pooling", () => {
    const x = randomUniform([3, 5, 7, 11], { seed: 20, min: -2, max: 3 });
    const scale = randomUniform([11], { seed: 21, min: -1.5, max: 1.5 });
    const offset = randomUniform([11], { seed: 22, min: -1 });
    const g = randomUniform([3, 11], { seed: 23, min: -1 });
    const f = fastBatchNorm(x.data, scale.data, offset.data, 0.001, null, false);
    const p = fastBatchNormPool(x.data, 3, scale.data, offset.data, 0.001, null, false);
    expect(firstDifference(p.pooled, globalAveragePooling2d(new Tensor(f.y, x.shape)).data)).toBe(
      -1,
    );
    const spread = globalAveragePooling2dGrad(x.shape, g);
    const want = fastBatchNormGrad(
      spread.data,
      x.data,
      scale.data,
      f.mean,
      f.variance,
      0.001,
      true,
    );
    const got = fastBatchNormPoolGrad(
      g.data,
      x.data,
      3,
      scale.data,
      offset.data,
      f.mean,
      f.variance,
      0.001,
      true,
      false,
    );
    expect(firstDifference(got.dx, want.dx)).toBe(-1);
    expect(firstDifference(got.dScale, want.dScale)).toBe(-1);
    expect(firstDifference(got.dOffset, want.dOffset)).toBe(-1);
  });

  for (const c of [32, 7])
    it(`writes dx over x when told to, inside a training step (C = ${c})`, () => {
      const x0 = randomUniform([8, 24, 24, c], { seed: 7, min: -1 }); // 64 KB and more: resident
      const scale = randomUniform([c], { seed: 8 });
      const offset = randomUniform([c], { seed: 9, min: -1 });
      const g = randomUniform([8, c], { seed: 10, min: -1 });
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

  it("leaves a subclass of the user's own to its own methods", () => {
    // Pooling that sums instead of averaging: the fused step would not call it.
    class SumPooling extends GlobalAveragePooling2D {
      override forward(x: Tensor) {
        const r = super.forward(x);
        const [, h, w] = x.shape as [number, number, number];
        return {
          ...r,
          y: new Tensor(
            r.y.data.map((v) => v * h * w),
            r.y.shape,
          ),
        };
      }
    }
    const pooled = vi.spyOn(BatchNormalization.prototype, "forwardPooled");
    const model = sequential(
      [
        layers.conv2d({ filters: 4, kernelSize: 3, useBias: false }),
        layers.batchNormalization(),
        layers.activation("relu"),
        new SumPooling(),
      ],
      { inputShape: [6, 6, 2], seed: 13 },
    );
    const xs = randomUniform([2, 6, 6, 2], { seed: 14, min: -1 });
    const y = model.predict(xs);
    expect(pooled).not.toHaveBeenCalled();
    const h = model.layers.slice(0, 3).reduce((t, l) => l.forward(t, false).y, xs);
    same(y, new SumPooling().forward(relu(h)).y);
  });
});
