// The same model in TensorFlow.js (tf.sequential of tf.layers on tfjs-backend-cpu) with our
// weights copied in: the same predictions, the same parameter counts and output shapes, and the
// same weights (batch normalization's moving averages included) after SGD steps with momentum.
import { beforeAll, describe, expect, it } from "vitest";
import {
  adam,
  compareTensors,
  layers,
  randomNormal,
  type Sequential,
  sequential,
  sgd,
  type Tensor,
} from "../../src/index";
import { fromTf, tf, useCpu } from "../grad/tfjs";

beforeAll(useCpu);

const INPUT = [7, 6, 2];
const N = 5;
const CLASSES = 3;

function ours(seed: number): Sequential {
  return sequential(
    [
      layers.conv2d({ filters: 4, kernelSize: 3, padding: "same", activation: "relu" }),
      layers.batchNormalization({ momentum: 0.8 }),
      layers.separableConv2d({
        filters: 6,
        kernelSize: [3, 2],
        strides: 2,
        padding: "same",
        depthMultiplier: 2,
        activation: "relu",
      }),
      layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, useBias: false }),
      layers.globalAveragePooling2d(),
      layers.dense({ units: CLASSES }),
    ],
    { inputShape: INPUT, seed },
  );
}

function theirs(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: INPUT,
        filters: 4,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
      }),
      tf.layers.batchNormalization({ momentum: 0.8 }),
      tf.layers.separableConv2d({
        filters: 6,
        kernelSize: [3, 2],
        strides: 2,
        padding: "same",
        depthMultiplier: 2,
        activation: "relu",
      }),
      tf.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, useBias: false }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: CLASSES }),
    ],
  });
}

/** Ours into theirs, layer by layer (both list a layer's weights trainable first, as Keras).
 *  Copies: tf.tensor keeps the Float32Array it is given, which our optimizer updates in place. */
function copyWeights(from: Sequential, to: tf.Sequential): void {
  from.layers.forEach((layer, i) => {
    to.layers[i]!.setWeights(
      layer.weights.map((w) => tf.tensor(Float32Array.from(w.value.data), [...w.value.shape])),
    );
  });
}

const worst: string[] = [];
function expectClose(label: string, got: Tensor, want: Tensor, rtol: number, atol: number): void {
  const c = compareTensors(got, want, { rtol, atol });
  expect(c.kind === "close" ? "close" : `${label}: ${c.message}`).toBe("close");
  if (c.kind === "close")
    worst.push(
      `${label}: max abs ${c.maxAbsError.toExponential(2)}, max rel ${c.maxRelError.toExponential(2)}`,
    );
}

describe("the same model in TensorFlow.js", () => {
  it("has the same parameter counts and output shapes, layer by layer", () => {
    const model = ours(1);
    const other = theirs();
    const rows = model.summary().rows;
    rows.forEach((row, i) => {
      const layer = other.layers[i]!;
      expect(row.params).toBe(layer.countParams());
      expect(row.outputShape).toEqual(layer.outputShape);
      expect(row.trainableParams).toBe(
        layer.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => a! * b!, 1)!, 0),
      );
    });
  });

  it("predicts the same (inference mode: moving averages) with the same weights", () => {
    const model = ours(2);
    const other = theirs();
    // Moving averages of their own first, so inference differs from a fresh layer's.
    model.computeLoss(randomNormal([N, ...INPUT], { seed: 9 }), [0, 1, 2, 0, 1]);
    copyWeights(model, other);
    const x = randomNormal([N, ...INPUT], { seed: 3 });
    const want = fromTf(other.predict(tf.tensor(x.data, [N, ...INPUT])) as tf.Tensor);
    expectClose("predict", model.predict(x), want, 1e-5, 1e-5);
  });

  it("has the same weights after two SGD steps with momentum (batch statistics, moving averages)", async () => {
    const model = ours(4);
    const other = theirs();
    copyWeights(model, other);
    const before = model.getWeights();
    const x = randomNormal([N, ...INPUT], { seed: 5 });
    const y = [2, 0, 1, 1, 0];
    const lr = 0.1;
    const momentum = 0.9;
    // Ours: v = momentum v - lr g, w += v (Keras). tfjs: a = momentum a + g, w -= lr a: the same
    // steps, as v = -lr a while the learning rate is constant.
    const history = model.fit(x, y, {
      optimizer: sgd({ learningRate: lr, momentum }),
      epochs: 2,
      batchSize: N,
      shuffle: false,
    });
    other.compile({
      optimizer: tf.train.momentum(lr, momentum),
      // Sparse softmax cross-entropy on the logits, the batch mean, as fit computes it.
      loss: (yTrue: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, logits),
    });
    const h = await other.fit(
      tf.tensor(x.data, [N, ...INPUT]),
      tf.oneHot(tf.tensor1d(y, "int32"), CLASSES).toFloat(),
      { epochs: 2, batchSize: N, shuffle: false, verbose: 0 },
    );
    (h.history.loss as number[]).forEach((loss, i) => {
      expect(history.history.loss[i]).toBeCloseTo(loss, 5);
    });
    model.layers.forEach((layer, i) => {
      const theirWeights = other.layers[i]!.getWeights();
      layer.weights.forEach((w, j) => {
        expectClose(w.name, w.value, fromTf(theirWeights[j]!), 1e-4, 1e-5);
      });
    });
    // The steps moved every weight (a comparison of unchanged weights would prove nothing).
    model.weights.forEach((w, i) => {
      const moved = w.value.data.some((v, j) => Math.abs(v - before[i]!.data[j]!) > 1e-4);
      expect(moved, w.name).toBe(true);
    });
    console.log(`ours against tfjs (two SGD-momentum steps)\n${worst.join("\n")}`);
  });

  it("has the same weights after one Adam step (tfjs puts epsilon outside the bias correction)", async () => {
    const model = ours(6);
    const other = theirs();
    copyWeights(model, other);
    const x = randomNormal([N, ...INPUT], { seed: 7 });
    const y = [1, 2, 0, 2, 1];
    model.fit(x, y, { optimizer: adam({ learningRate: 0.01 }), batchSize: N, shuffle: false });
    // Keras: w -= lr sqrt(1 - beta2^t) / (1 - beta1^t) m / (sqrt(v) + eps); tfjs: w -= lr mhat /
    // (sqrt(vhat) + eps'). They agree for eps' = eps / sqrt(1 - beta2^t): at t = 1, eps / sqrt(0.001).
    other.compile({
      optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-7 / Math.sqrt(1 - 0.999)),
      loss: (yTrue: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, logits),
    });
    await other.fit(
      tf.tensor(x.data, [N, ...INPUT]),
      tf.oneHot(tf.tensor1d(y, "int32"), CLASSES).toFloat(),
      {
        epochs: 1,
        batchSize: N,
        shuffle: false,
        verbose: 0,
      },
    );
    model.layers.forEach((layer, i) => {
      const theirWeights = other.layers[i]!.getWeights();
      layer.weights.forEach((w, j) => {
        expectClose(`adam ${w.name}`, w.value, fromTf(theirWeights[j]!), 1e-4, 1e-5);
      });
    });
    console.log(
      `ours against tfjs (one Adam step)\n${worst.filter((l) => l.startsWith("adam")).join("\n")}`,
    );
  });
});
