// relu, prelu, softmax cross-entropy, dense, global average pooling and batch normalization
// (training and inference) against TensorFlow.js's gradients on tfjs-backend-cpu, 100 shapes
// each; the moving averages against tf.layers.batchNormalization.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Tensor,
  dense,
  denseGrad,
  fusedBatchNorm,
  fusedBatchNormGrad,
  globalAveragePooling2d,
  globalAveragePooling2dGrad,
  preluGrad,
  randomUniform,
  reluGrad,
  sparseSoftmaxCrossEntropy,
  sparseSoftmaxCrossEntropyGrad,
} from "../../src/index";
import { rand, tol } from "../helpers";
import { mixedRankShapes, shapeCases } from "./cases";
import { fromTf, tf, toTf, useCpu } from "./tfjs";
import { expectGradClose, worstErrors } from "./util";

beforeAll(useCpu);
const COUNT = 100;
afterAll(() =>
  console.log(`largest errors against tf.grads, ${COUNT} shapes per op\n${worstErrors()}`),
);

const EPSILON = 0.001;
const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

describe("activation gradients == tf.grads", () => {
  mixedRankShapes(COUNT, 200).forEach((shape, i) => {
    it(`relu x=${shape.join("x")} (zeros included)`, () => {
      const x = rand(shape);
      x.data[0] = 0; // relu's gradient at 0 is 0 in both
      const dy = rand(shape);
      const [dx] = tf.grads((t: tf.Tensor) => tf.relu(t))([toTf(x)], toTf(dy));
      expectGradClose("relu dx", reluGrad(dy, x), fromTf(dx!), tol(1));
    });
    const c = shape[shape.length - 1]!;
    const alphaShapes = [
      [1],
      [c],
      shape.slice(1),
      [shape[1]!, ...shape.slice(2).map(() => 1)].slice(0, shape.length - 1),
    ];
    const aShape = alphaShapes[i % alphaShapes.length]!;
    it(`prelu x=${shape.join("x")} alpha=${aShape.join("x")}`, () => {
      const x = rand(shape);
      const alpha = rand(aShape);
      const dy = rand(shape);
      const [dx, dAlpha] = tf.grads((t: tf.Tensor, a: tf.Tensor) => tf.prelu(t, a))(
        [toTf(x), toTf(alpha)],
        toTf(dy),
      );
      const g = preluGrad(dy, x, alpha);
      expectGradClose("prelu dx", g.dx, fromTf(dx!), tol(1));
      expectGradClose("prelu dalpha", g.dAlpha, fromTf(dAlpha!), tol(x.size / alpha.size));
    });
  });
});

describe("loss, dense and pooling gradients == tf.grads", () => {
  shapeCases(COUNT, 2, 17).forEach(([n, k], i) => {
    const classes = 2 + (k! % 9);
    it(`sparseSoftmaxCrossEntropy logits=${n}x${classes}`, () => {
      const logits = rand([n!, classes]);
      if (i % 10 === 0) logits.data[0] = 80; // a large logit: no overflow on either side
      const labels = Array.from({ length: n! }, (_, j) => (i + 5 * j) % classes);
      const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), classes);
      const loss = (l: tf.Tensor) => tf.losses.softmaxCrossEntropy(onehot, l);
      const [dLogits] = tf.grads(loss)([toTf(logits)]);
      expect(sparseSoftmaxCrossEntropy(labels, logits)).toBeCloseTo(
        loss(toTf(logits)).dataSync()[0]!,
        5,
      );
      expectGradClose(
        "softmaxCrossEntropy dlogits",
        sparseSoftmaxCrossEntropyGrad(labels, logits),
        fromTf(dLogits!),
        tol(classes),
      );
    });
  });
  shapeCases(COUNT, 3, 18).forEach(([n, cin, cout]) => {
    it(`dense x=${n}x${cin} kernel=${cin}x${cout}`, () => {
      const x = rand([n!, cin!]);
      const kernel = rand([cin!, cout!]);
      const bias = rand([cout!]);
      const dy = rand([n!, cout!]);
      const f = (xt: tf.Tensor, kt: tf.Tensor, bt: tf.Tensor) =>
        tf.add(tf.matMul(xt as tf.Tensor2D, kt as tf.Tensor2D), bt);
      expectGradClose(
        "dense forward",
        dense(x, kernel, { bias }),
        fromTf(f(toTf(x), toTf(kernel), toTf(bias))),
        tol(cin!),
      );
      const [dx, dKernel, dBias] = tf.grads(f)([toTf(x), toTf(kernel), toTf(bias)], toTf(dy));
      const g = denseGrad(x, kernel, dy);
      expectGradClose("dense dx", g.dx, fromTf(dx!), tol(cout!));
      expectGradClose("dense dkernel", g.dKernel, fromTf(dKernel!), tol(n!));
      expectGradClose("dense dbias", g.dBias, fromTf(dBias!), tol(n!));
    });
  });
  shapeCases(COUNT, 4, 19).forEach((shape) => {
    it(`globalAveragePooling2d x=${shape.join("x")}`, () => {
      const x = rand(shape);
      const dy = rand([shape[0]!, shape[3]!]);
      const f = (t: tf.Tensor) => tf.mean(t, [1, 2]);
      expectGradClose(
        "globalAveragePooling2d forward",
        globalAveragePooling2d(x),
        fromTf(f(toTf(x))),
        tol(shape[1]! * shape[2]!),
      );
      const [dx] = tf.grads(f)([toTf(x)], toTf(dy));
      expectGradClose(
        "globalAveragePooling2d dx",
        globalAveragePooling2dGrad(shape, dy),
        fromTf(dx!),
        tol(1),
      );
    });
  });
});

describe("batch normalization == tf.batchNorm and its gradients", () => {
  shapeCases(COUNT, 4, 20).forEach((s, i) => {
    const shape = i % 3 === 2 ? [s[0]! * s[1]! * s[2]!, s[3]!] : s;
    const channels = shape[shape.length - 1]!;
    const count = sizeOf(shape) / channels;
    const axes = shape.length === 4 ? [0, 1, 2] : [0];
    it(`fusedBatchNorm training x=${shape.join("x")}`, () => {
      const x = rand(shape);
      const scale = rand([channels]);
      const offset = rand([channels]);
      const dy = rand(shape);
      // Training mode in tfjs: the batch's moments feed batchNorm, so the gradient flows through them.
      const f = (xt: tf.Tensor, st: tf.Tensor, ot: tf.Tensor) => {
        const { mean, variance } = tf.moments(xt, axes);
        return tf.batchNorm(xt, mean, variance, ot, st, EPSILON);
      };
      const forward = fusedBatchNorm(x, scale, offset, { training: true, epsilon: EPSILON });
      expectGradClose(
        "fusedBatchNorm training forward",
        forward.y,
        fromTf(f(toTf(x), toTf(scale), toTf(offset))),
        { rtol: 1e-4, atol: 1e-5 * Math.sqrt(count) },
      );
      const [dx, dScale, dOffset] = tf.grads(f)([toTf(x), toTf(scale), toTf(offset)], toTf(dy));
      const g = fusedBatchNormGrad(dy, x, scale, {
        training: true,
        mean: forward.mean,
        variance: forward.variance,
        epsilon: EPSILON,
      });
      // The batch statistics make every dx a difference of sums over the channel's values.
      expectGradClose("fusedBatchNorm training dx", g.dx, fromTf(dx!), {
        rtol: 1e-4,
        atol: 1e-5 * Math.sqrt(count),
      });
      expectGradClose("fusedBatchNorm training dscale", g.dScale, fromTf(dScale!), tol(count));
      expectGradClose("fusedBatchNorm training doffset", g.dOffset, fromTf(dOffset!), tol(count));
    });
    it(`fusedBatchNorm inference x=${shape.join("x")}`, () => {
      const x = rand(shape);
      const scale = rand([channels]);
      const offset = rand([channels]);
      const movingMean = rand([channels]);
      const movingVariance = randomUniform([channels], { seed: 300 + i, min: 0.5, max: 2 });
      const dy = rand(shape);
      const f = (xt: tf.Tensor, st: tf.Tensor, ot: tf.Tensor) =>
        tf.batchNorm(xt, toTf(movingMean), toTf(movingVariance), ot, st, EPSILON);
      const forward = fusedBatchNorm(x, scale, offset, {
        training: false,
        movingMean,
        movingVariance,
        epsilon: EPSILON,
      });
      expectGradClose(
        "fusedBatchNorm inference forward",
        forward.y,
        fromTf(f(toTf(x), toTf(scale), toTf(offset))),
        tol(1),
      );
      const [dx, dScale, dOffset] = tf.grads(f)([toTf(x), toTf(scale), toTf(offset)], toTf(dy));
      const g = fusedBatchNormGrad(dy, x, scale, {
        training: false,
        mean: movingMean,
        variance: movingVariance,
        epsilon: EPSILON,
      });
      expectGradClose("fusedBatchNorm inference dx", g.dx, fromTf(dx!), tol(1));
      expectGradClose("fusedBatchNorm inference dscale", g.dScale, fromTf(dScale!), tol(count));
      expectGradClose("fusedBatchNorm inference doffset", g.dOffset, fromTf(dOffset!), tol(count));
    });
  });

  for (const [shape, momentum] of [
    [[4, 3, 5, 2], 0.99],
    [[6, 3], 0.9],
    [[1, 2, 2, 4], 0.5],
  ] as const) {
    it(`moving averages == tf.layers.batchNormalization x=${shape.join("x")} momentum=${momentum}`, () => {
      const channels = shape[shape.length - 1]!;
      const x = rand(shape);
      const layer = tf.layers.batchNormalization({ momentum, epsilon: EPSILON });
      const y = layer.apply(toTf(x), { training: true }) as tf.Tensor;
      const [gamma, beta, tfMean, tfVariance] = layer.getWeights();
      const ours = fusedBatchNorm(x, fromTf(gamma!), fromTf(beta!), {
        training: true,
        epsilon: EPSILON,
        momentum,
        movingMean: new Tensor(new Float32Array(channels), [channels]), // Keras' initial values
        movingVariance: new Tensor(new Float32Array(channels).fill(1), [channels]),
      });
      expectGradClose("batchNormalization layer output", ours.y, fromTf(y), {
        rtol: 1e-4,
        atol: 1e-5,
      });
      expectGradClose("moving mean", ours.movingMean!, fromTf(tfMean!), tol(1));
      expectGradClose("moving variance", ours.movingVariance!, fromTf(tfVariance!), tol(1));
    });
  }
});
