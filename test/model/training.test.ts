// A short training run on a learnable task (the orientation of a stroke) reaches high accuracy,
// and the same seeds give the same weights and the same metrics, run after run.
import { describe, expect, it } from "vitest";
import { adam, type History, layers, type Sequential, sequential, sgd } from "../../src/index";
import { strokes } from "./strokes";

const SIDE = 8;
const train = strokes(512, SIDE, 1);
const test = strokes(128, SIDE, 2);

function separableNet(seed: number): Sequential {
  return sequential(
    [
      layers.conv2d({ filters: 8, kernelSize: 3, padding: "same", useBias: false }),
      layers.batchNormalization({ momentum: 0.9 }),
      layers.activation("relu"),
      layers.separableConv2d({
        filters: 16,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
      }),
      layers.globalAveragePooling2d(),
      layers.dense({ units: 4 }),
    ],
    { inputShape: [SIDE, SIDE, 1], seed },
  );
}

function run(seed: number): { model: Sequential; history: History; epochs: number[] } {
  const model = separableNet(seed);
  const epochs: number[] = [];
  const history = model.fit(train.x, train.y, {
    optimizer: adam({ learningRate: 0.02 }),
    epochs: 20,
    batchSize: 32,
    validationData: [test.x, test.y],
    seed: 7,
    onEpochEnd: (epoch) => epochs.push(epoch),
  });
  return { model, history, epochs };
}

describe("training on the stroke task", () => {
  const first = run(3);
  it("learns: validation accuracy >= 0.9 and the loss falls", () => {
    const h = first.history.history;
    console.log(
      `strokes, separable net: ${h.loss.map((l, i) => `epoch ${i} loss ${l.toFixed(3)} acc ${h.accuracy[i]!.toFixed(3)} val_acc ${h.val_accuracy![i]!.toFixed(3)}`).join("\n")}`,
    );
    expect(first.epochs).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(first.history.epoch).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(h.val_accuracy!.at(-1)).toBeGreaterThanOrEqual(0.9);
    expect(h.loss.at(-1)!).toBeLessThan(h.loss[0]! / 2);
    const e = first.model.evaluate(test.x, test.y);
    expect(e.accuracy).toBe(h.val_accuracy!.at(-1));
    expect(e.loss).toBeCloseTo(h.val_loss!.at(-1)!, 12);
  });

  it("is deterministic: the same seeds give bit-identical weights and metrics", () => {
    const second = run(3);
    expect(second.history).toEqual(first.history);
    const a = first.model.getWeights();
    const b = second.model.getWeights();
    a.forEach((w, i) => {
      expect(Buffer.from(b[i]!.data.buffer).equals(Buffer.from(w.data.buffer))).toBe(true);
    });
  });

  it("plain SGD with momentum learns too", () => {
    const model = separableNet(5);
    const h = model.fit(train.x, train.y, {
      optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }),
      epochs: 20,
      batchSize: 32,
      seed: 1,
    });
    expect(h.history.val_loss).toBeUndefined();
    const accuracy = model.evaluate(test.x, test.y).accuracy;
    console.log(`strokes, SGD with momentum: test accuracy ${accuracy}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe("predict and evaluate", () => {
  const model = sequential(
    [
      layers.conv2d({ filters: 3, kernelSize: 3, activation: "relu" }),
      layers.batchNormalization(),
      layers.globalAveragePooling2d(),
      layers.dense({ units: 4, activation: "softmax" }),
    ],
    { inputShape: [SIDE, SIDE, 1], seed: 2 },
  );

  it("a softmax output: predict gives probabilities, the loss reads the logits before them", () => {
    const p = model.predict(test.x, { batchSize: 50 });
    expect(p.shape).toEqual([128, 4]);
    for (let i = 0; i < 128; i++) {
      const row = p.data.subarray(i * 4, i * 4 + 4);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    // Batches of 50, 50 and 28 give what one batch gives (inference mode: no batch statistics).
    expect(Array.from(model.predict(test.x, { batchSize: 128 }).data)).toEqual(Array.from(p.data));
    const e = model.evaluate(test.x, test.y, { batchSize: 128 });
    expect(e.loss).toBeCloseTo(model.computeLoss(test.x, test.y, { training: false }), 12);
    let nll = 0;
    for (let i = 0; i < 128; i++) nll -= Math.log(p.data[i * 4 + test.y[i]!]!);
    expect(e.loss).toBeCloseTo(nll / 128, 5);
  });
});
