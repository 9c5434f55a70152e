// Whole-model gradients: every trainable weight's gradient from lossAndGradients (each layer's
// backward, last layer first) against float64 central differences of the loss (gradCheck),
// for standard, separable and depthwise networks with batch normalization in both modes, and a
// softmax output; the input's gradient too.
import { describe, expect, it } from "vitest";
import {
  gradCheck,
  type Layer,
  layers,
  randomNormal,
  type Sequential,
  sequential,
  type Tensor,
} from "../../src/index";

const N = 4;

function check(
  model: Sequential,
  options: { training: boolean; seed: number; epsilon?: number },
): void {
  const x = randomNormal([N, ...model.inputShape], { seed: options.seed });
  const y = Array.from({ length: N }, (_, i) => i % model.outputShape[0]!);
  const training = options.training;
  const { gradients, dx } = model.lossAndGradients(x, y, { training });
  const trainable = model.trainableWeights;
  // The loss as a function of the input batch and every trainable weight. gradCheck perturbs
  // copies of them, which go into the model before each evaluation; the model's own values are
  // put back at the end.
  const inputs: Record<string, Tensor> = { x };
  const analytic: Record<string, Tensor> = { x: dx };
  trainable.forEach((w, i) => {
    inputs[w.name] = w.value;
    analytic[w.name] = gradients[i]!;
  });
  const saved = trainable.map((w) => Float32Array.from(w.value.data));
  const loss = (group: Record<string, Tensor>): number => {
    for (const w of trainable) w.value.data.set(group[w.name]!.data);
    return model.computeLoss(group.x!, y, { training });
  };
  const result = gradCheck(loss, inputs, analytic, {
    epsilon: options.epsilon ?? 1e-2,
    tolerance: 2e-2,
    floor: 2e-2,
  });
  trainable.forEach((w, i) => {
    w.value.data.set(saved[i]!);
  });
  console.log(
    `${model.name} (${training ? "training" : "inference"}): max relative error ${result.maxRelativeError.toExponential(2)}`,
  );
  // A value passes within 2% or, where a whole gradient is float32 noise (a bias before batch
  // normalization in training mode has gradient exactly 0: the batch mean absorbs it), within
  // the noise of the float32 loss divided by the step, ~1e-5.
  for (const r of result.inputs)
    expect(r.passed || r.maxAbsoluteError < 1e-5, result.report).toBe(true);
}

/** Builds a net whose intermediate values stay clear of relu's kink for the step used. */
function net(
  name: string,
  body: Layer[],
  seed: number,
  inputShape: number[] = [6, 6, 2],
): Sequential {
  return sequential([...body, layers.globalAveragePooling2d(), layers.dense({ units: 3 })], {
    inputShape,
    seed,
    name,
  });
}

describe("whole-model gradients == finite differences", () => {
  it("standard: conv2d, batch normalization (training), relu, strided conv2d", () => {
    const model = net(
      "standard",
      [
        layers.conv2d({ filters: 3, kernelSize: 3, padding: "same", useBias: false }),
        layers.batchNormalization(),
        layers.activation("linear"),
        layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: "same" }),
      ],
      1,
    );
    check(model, { training: true, seed: 11 });
  });

  it("separable with depth multiplier and dilation, batch normalization in inference mode", () => {
    const model = net(
      "separable",
      [
        layers.separableConv2d({
          filters: 4,
          kernelSize: [3, 2],
          depthMultiplier: 2,
          dilationRate: [1, 2],
        }),
        layers.batchNormalization({ momentum: 0.5 }),
        layers.depthwiseConv2d({
          kernelSize: 2,
          depthMultiplier: 2,
          strides: [1, 2],
          padding: "same",
        }),
      ],
      2,
    );
    // Give the moving averages values of their own, so inference differs from training.
    model.computeLoss(randomNormal([N, 6, 6, 2], { seed: 5 }), [0, 1, 2, 0]);
    check(model, { training: false, seed: 12 });
    check(model, { training: true, seed: 13 });
  });

  it("relu activations and a softmax output (the loss reads the logits before it)", () => {
    const model = sequential(
      [
        layers.conv2d({ filters: 3, kernelSize: 2, activation: "relu" }),
        layers.globalAveragePooling2d(),
        layers.dense({ units: 5, activation: "relu" }),
        layers.batchNormalization(),
        layers.dense({ units: 3, activation: "softmax" }),
      ],
      { inputShape: [4, 5, 2], seed: 3, name: "softmax_output" },
    );
    // A smaller step: one of 0.01 on a kernel value moves some pre-activations across relu's kink.
    check(model, { training: true, seed: 14, epsilon: 2e-3 });
  });

  it("a softmax inside the network: its Jacobian", () => {
    const model = sequential(
      [layers.dense({ units: 4, activation: "softmax" }), layers.dense({ units: 3 })],
      { inputShape: [5], seed: 4, name: "softmax_inside" },
    );
    check(model, { training: true, seed: 15 });
  });

  it("batch normalization then a ReLU layer, run as one pass each way, give what the two layers give apart", () => {
    // A linear activation layer between them keeps the model from fusing the pair.
    const net = (apart: boolean) =>
      sequential(
        [
          layers.conv2d({ filters: 5, kernelSize: 3, padding: "same", useBias: false }),
          layers.batchNormalization({ momentum: 0.9 }),
          ...(apart ? [layers.activation("linear")] : []),
          layers.activation("relu"),
          layers.globalAveragePooling2d(),
          layers.dense({ units: 3 }),
        ],
        { inputShape: [6, 6, 2], seed: 8, name: apart ? "apart" : "fused" },
      );
    const [fused, apart] = [net(false), net(true)];
    const x = randomNormal([N, 6, 6, 2], { seed: 16 });
    const y = [0, 1, 2, 1];
    for (const training of [true, false]) {
      const a = fused.lossAndGradients(x, y, { training });
      const b = apart.lossAndGradients(x, y, { training });
      expect(a.loss).toBe(b.loss);
      expect(Array.from(a.dx.data)).toEqual(Array.from(b.dx.data));
      for (const [i, g] of a.gradients.entries())
        expect(Array.from(g.data)).toEqual(Array.from(b.gradients[i]!.data));
    }
    // Each part is checked against finite differences above (batch normalization in the first
    // tests, ReLU in the softmax one); a finite-difference check of the pair fails for any step
    // that moves normalized values, centred on 0, across ReLU's kink.
  });
});
