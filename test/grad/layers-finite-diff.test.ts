// The other backward ops against finite differences: relu, prelu (x and broadcast alpha),
// softmax cross-entropy, dense, global average pooling, batch normalization in training and
// inference mode, each over 100 generated shapes.
import { afterAll, describe, expect, it } from "vitest";
import {
  Tensor,
  biasAddGrad,
  dense,
  denseGrad,
  fusedBatchNorm,
  fusedBatchNormGrad,
  globalAveragePooling2d,
  globalAveragePooling2dGrad,
  gradCheck,
  prelu,
  preluGrad,
  randomUniform,
  relu,
  reluGrad,
  sparseSoftmaxCrossEntropy,
  sparseSoftmaxCrossEntropyGrad,
} from "../../src/index";
import { rand } from "../helpers";
import { mixedRankShapes, shapeCases } from "./cases";
import { expectGradClose, fdTol, weightedSum, worstErrors } from "./util";

const COUNT = 100;

/** gradCheck with `step`, then each analytic gradient against its numeric one. */
function check(
  label: string,
  f: (t: Record<string, Tensor>) => number,
  inputs: Record<string, Tensor>,
  analytic: Record<string, Tensor>,
  terms: number,
  step: number,
  floor = 1e-3,
): void {
  const result = gradCheck(f, inputs, analytic, { epsilon: step, tolerance: 1e-2, floor });
  expect(result.passed, result.report).toBe(true);
  for (const r of result.inputs)
    expectGradClose(
      `${label} d${r.name}`,
      analytic[r.name]!,
      r.numericGradient,
      fdTol(terms, step),
    );
}

/** Values at least 0.1 away from 0, so a step of 0.05 never crosses relu's kink. */
function awayFromZero(shape: readonly number[]): Tensor {
  const t = rand(shape);
  return new Tensor(
    t.data.map((v) => v + (v < 0 ? -0.1 : 0.1)),
    shape,
  );
}

/** alpha shapes prelu broadcasts against x: one slope, one per channel, per position, per row. */
function alphaShape(x: readonly number[], i: number): number[] {
  const c = x[x.length - 1]!;
  const options = [
    [1],
    [c],
    x.slice(1),
    [x[1]!, ...x.slice(2).map(() => 1)].slice(0, x.length - 1),
  ];
  return options[i % options.length]!;
}

afterAll(() =>
  console.log(
    `largest errors against finite differences, ${COUNT} shapes per op\n${worstErrors()}`,
  ),
);

describe("activation gradients == finite differences", () => {
  mixedRankShapes(COUNT, 100).forEach((shape, i) => {
    it(`relu x=${shape.join("x")}`, () => {
      const x = awayFromZero(shape);
      const dy = rand(shape);
      check("relu", (t) => weightedSum(relu(t.x!), dy), { x }, { x: reluGrad(dy, x) }, 1, 0.05);
    });
    const aShape = alphaShape(shape, i);
    it(`prelu x=${shape.join("x")} alpha=${aShape.join("x")}`, () => {
      const x = awayFromZero(shape);
      const alpha = rand(aShape);
      const dy = rand(shape);
      const g = preluGrad(dy, x, alpha);
      check(
        "prelu",
        (t) => weightedSum(prelu(t.x!, t.alpha!), dy),
        { x, alpha },
        { x: g.dx, alpha: g.dAlpha },
        x.size / alpha.size,
        0.05,
      );
    });
  });
});

describe("loss, dense and pooling gradients == finite differences", () => {
  shapeCases(COUNT, 2, 7).forEach(([n, k], i) => {
    const classes = 2 + (k! % 5);
    it(`sparseSoftmaxCrossEntropy logits=${n}x${classes}`, () => {
      const logits = rand([n!, classes]);
      const labels = Array.from({ length: n! }, (_, j) => (i + 3 * j) % classes);
      check(
        "softmaxCrossEntropy",
        (t) => sparseSoftmaxCrossEntropy(labels, t.logits!),
        { logits },
        { logits: sparseSoftmaxCrossEntropyGrad(labels, logits) },
        classes,
        1e-2,
      );
    });
  });
  shapeCases(COUNT, 3, 8).forEach(([n, cin, cout]) => {
    it(`dense x=${n}x${cin} kernel=${cin}x${cout}`, () => {
      const x = rand([n!, cin!]);
      const kernel = rand([cin!, cout!]);
      const bias = rand([cout!]);
      const dy = rand([n!, cout!]);
      const g = denseGrad(x, kernel, dy);
      expect(g.dBias.data).toEqual(biasAddGrad(dy).data);
      check(
        "dense",
        (t) => weightedSum(dense(t.x!, t.kernel!, { bias: t.bias! }), dy),
        { x, kernel, bias },
        { x: g.dx, kernel: g.dKernel, bias: g.dBias },
        Math.max(n!, cin!, cout!),
        0.5,
      );
    });
  });
  shapeCases(COUNT, 4, 9).forEach((shape) => {
    it(`globalAveragePooling2d x=${shape.join("x")}`, () => {
      const x = rand(shape);
      const dy = rand([shape[0]!, shape[3]!]);
      check(
        "globalAveragePooling2d",
        (t) => weightedSum(globalAveragePooling2d(t.x!), dy),
        { x },
        { x: globalAveragePooling2dGrad(shape, dy) },
        shape[1]! * shape[2]!,
        0.5,
      );
    });
  });
});

describe("batch normalization gradients == finite differences", () => {
  shapeCases(COUNT, 4, 10).forEach((s, i) => {
    // Rank 2 [N*H*W, C] every third case; at least 3 values per channel for batch statistics.
    const shape4 = s[0]! * s[1]! * s[2]! < 3 ? [s[0]!, s[1]! + 2, s[2]!, s[3]!] : s;
    const shape = i % 3 === 2 ? [shape4[0]! * shape4[1]! * shape4[2]!, shape4[3]!] : shape4;
    const channels = shape[shape.length - 1]!;
    const count = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    it(`fusedBatchNorm training x=${shape.join("x")}`, () => {
      const x = rand(shape);
      const scale = rand([channels]);
      const offset = rand([channels]);
      const dy = rand(shape);
      const forward = fusedBatchNorm(x, scale, offset, { training: true });
      const g = fusedBatchNormGrad(dy, x, scale, {
        training: true,
        mean: forward.mean,
        variance: forward.variance,
      });
      check(
        "fusedBatchNorm training",
        (t) => weightedSum(fusedBatchNorm(t.x!, t.scale!, t.offset!, { training: true }).y, dy),
        { x, scale, offset },
        { x: g.dx, scale: g.dScale, offset: g.dOffset },
        count,
        // A small step (the batch statistics make it curved); their float32 round-off reaches
        // every output of the channel and dx cancels to small values: gradCheck's errors
        // relative to at least 1% of the largest.
        1e-2,
        1e-2,
      );
    });
    it(`fusedBatchNorm inference x=${shape.join("x")}`, () => {
      const x = rand(shape);
      const scale = rand([channels]);
      const offset = rand([channels]);
      const movingMean = rand([channels]);
      const movingVariance = randomUniform([channels], { seed: 50 + i, min: 0.5, max: 2 });
      const dy = rand(shape);
      const options = { training: false, movingMean, movingVariance };
      const g = fusedBatchNormGrad(dy, x, scale, {
        training: false,
        mean: movingMean,
        variance: movingVariance,
      });
      check(
        "fusedBatchNorm inference",
        (t) => weightedSum(fusedBatchNorm(t.x!, t.scale!, t.offset!, options).y, dy),
        { x, scale, offset },
        { x: g.dx, scale: g.dScale, offset: g.dOffset },
        count,
        0.5,
      );
    });
  });
});
