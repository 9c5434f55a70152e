// Typed errors naming the option and the layer: bad layer options, layers that do not fit their
// input, wrong input shapes, labels out of range, bad fit options.
import { describe, expect, it } from "vitest";
import {
  DataError,
  layers,
  OptionError,
  randomNormal,
  SepconvError,
  ShapeError,
  sequential,
  sgd,
  type Tensor,
  zeros,
} from "../../src/index";

/** Runs f and returns the error it throws (failing if it throws none). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

function expectOptionError(f: () => unknown, op: string, option: string, message: RegExp): void {
  const e = thrown(f);
  expect(e).toBeInstanceOf(OptionError);
  expect((e as OptionError).op).toBe(op);
  expect((e as OptionError).option).toBe(option);
  expect(e.message).toMatch(message);
}

describe("layer options", () => {
  it("conv2d: required, ranges, choices, typos", () => {
    const conv = (o: object) => () => layers.conv2d(o as never);
    expectOptionError(
      conv({ kernelSize: 3 }),
      "layers.conv2d",
      "filters",
      /filters must be a positive integer \(it is required\), got undefined/,
    );
    expectOptionError(conv({ filters: 0, kernelSize: 3 }), "layers.conv2d", "filters", /got 0/);
    expectOptionError(conv({ filters: 8 }), "layers.conv2d", "kernelSize", /kernelSize must be/);
    expectOptionError(
      conv({ filters: 8, kernelSize: [3] }),
      "layers.conv2d",
      "kernelSize",
      /a positive integer or a pair/,
    );
    expectOptionError(
      conv({ filters: 8, kernelSize: 3, padding: "SAME" }),
      "layers.conv2d",
      "padding",
      /padding must be one of "valid", "same", got "SAME"/,
    );
    expectOptionError(
      conv({ filters: 8, kernelSize: 3, activation: "tanh" }),
      "layers.conv2d",
      "activation",
      /one of "linear", "relu", "softmax"/,
    );
    expectOptionError(
      conv({ filters: 8, kernelSize: 3, strides: 2, dilationRate: 2 }),
      "layers.conv2d",
      "dilationRate",
      /strides > 1 together with dilationRate > 1/,
    );
    expectOptionError(
      conv({ filters: 8, kernelSize: 3, stride: 2 }),
      "layers.conv2d",
      "stride",
      /unknown option "stride" \(did you mean "strides"\?\)/,
    );
    expectOptionError(
      conv({ filters: 8, kernelSize: 3, useBias: "no" }),
      "layers.conv2d",
      "useBias",
      /true or false/,
    );
    expectOptionError(
      conv({ filters: 8, kernelSize: 3, name: "" }),
      "layers.conv2d",
      "name",
      /a non-empty string/,
    );
    expectOptionError(
      () => layers.conv2d(undefined as never),
      "layers.conv2d",
      "options",
      /an object of layer options/,
    );
  });

  it("the other layers", () => {
    expectOptionError(
      () => layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 0 }),
      "layers.depthwiseConv2d",
      "depthMultiplier",
      /positive integer/,
    );
    expectOptionError(
      () => layers.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 1.5 }),
      "layers.separableConv2d",
      "depthMultiplier",
      /got 1.5/,
    );
    expectOptionError(
      () => layers.batchNormalization({ momentum: 1.5 }),
      "layers.batchNormalization",
      "momentum",
      /momentum must be a finite number in \[0, 1\], got 1.5/,
    );
    expectOptionError(
      () => layers.batchNormalization({ epsilon: 0 }),
      "layers.batchNormalization",
      "epsilon",
      /epsilon must be a finite number > 0/,
    );
    expectOptionError(
      () => layers.dense({ units: -1 }),
      "layers.dense",
      "units",
      /units must be a positive integer/,
    );
    expectOptionError(
      () => layers.activation("sigmoid" as never),
      "layers.activation",
      "activation",
      /got "sigmoid"/,
    );
    expectOptionError(
      () => layers.globalAveragePooling2d({ keepdims: true } as never),
      "layers.globalAveragePooling2d",
      "keepdims",
      /unknown option/,
    );
  });
});

describe("building a model", () => {
  it("a kernel larger than its input names the layer", () => {
    const e = thrown(() =>
      sequential(
        [
          layers.conv2d({ filters: 2, kernelSize: 3 }),
          layers.conv2d({ filters: 2, kernelSize: 5 }),
        ],
        { inputShape: [6, 6, 1] },
      ),
    );
    expect(e).toBeInstanceOf(ShapeError);
    expect((e as ShapeError).op).toBe("conv2d_1 (Conv2D)");
    expect(e.message).toMatch(/kernel 5x5 is larger than the padded input 4x4/);
  });

  it("dense needs vectors, pooling needs images", () => {
    expect(() =>
      sequential(
        [layers.conv2d({ filters: 2, kernelSize: 3 }), layers.dense({ units: 2, name: "head" })],
        { inputShape: [6, 6, 1] },
      ),
    ).toThrow(
      /head \(Dense\): expects a vector \[units\] per example; put globalAveragePooling2d before it \(inputShape \[4,4,2\]\)/,
    );
    expect(() => sequential([layers.globalAveragePooling2d()], { inputShape: [5] })).toThrow(
      ShapeError,
    );
    expect(() =>
      sequential([layers.conv2d({ filters: 2, kernelSize: 1 })], { inputShape: [5] }),
    ).toThrow(/conv2d \(Conv2D\): expects images \[H,W,C\]/);
  });

  it("a layer is built by its model before it runs", () => {
    const e = thrown(() => layers.dense({ units: 2 }).forward(zeros([1, 3])));
    expect(e).toBeInstanceOf(SepconvError);
    expect(e.message).toBe(
      "dense: this Dense layer has no weights yet: put it in a sequential model, which builds it",
    );
  });

  it("names are unique, a layer belongs to one model, options are checked", () => {
    expectOptionError(
      () =>
        sequential(
          [
            layers.dense({ units: 2, name: "dense_1" }),
            layers.dense({ units: 2 }),
            layers.dense({ units: 2 }),
          ],
          { inputShape: [3] },
        ),
      "sequential",
      "name",
      /two layers are named "dense_1"/,
    );
    const shared = layers.dense({ units: 2 });
    sequential([shared], { inputShape: [3] });
    expectOptionError(
      () => sequential([shared], { inputShape: [3] }),
      "dense",
      "layers",
      /already part of a model/,
    );
    expectOptionError(
      () => sequential([layers.dense({ units: 2 })], {} as never),
      "sequential",
      "inputShape",
      /it is required/,
    );
    expectOptionError(
      () => sequential([layers.dense({ units: 2 })], { inputShape: [3], seed: 1.5 }),
      "sequential",
      "seed",
      /seed must be an integer/,
    );
    expectOptionError(
      () => sequential([], { inputShape: [3] }),
      "sequential",
      "layers",
      /a non-empty array of layers/,
    );
    expectOptionError(
      () => sequential([{} as never], { inputShape: [3] }),
      "sequential",
      "layers",
      /layers\[0\] must be a layer/,
    );
  });
});

describe("using a model", () => {
  const model = sequential(
    [
      layers.conv2d({ filters: 2, kernelSize: 3 }),
      layers.globalAveragePooling2d(),
      layers.dense({ units: 3 }),
    ],
    { inputShape: [5, 5, 1] },
  );
  const x = randomNormal([4, 5, 5, 1], { seed: 1 });
  const fitWith =
    (labels: unknown, options: object = { optimizer: sgd() }, input: Tensor = x) =>
    () =>
      model.fit(input, labels as number[], options as never);

  it("inputs of the wrong shape", () => {
    expect(() => model.predict(randomNormal([4, 5, 5, 2], { seed: 2 }))).toThrow(
      /predict: x must be a batch \[N,5,5,1\] of the model's inputShape \[5,5,1\] \(x \[4,5,5,2\]\)/,
    );
    expect(() => model.predict(randomNormal([5, 5, 1], { seed: 2 }))).toThrow(ShapeError);
    expect(() => model.predict([[1]] as never)).toThrow(DataError);
  });

  it("labels out of range, not integers, the wrong count", () => {
    expectOptionError(
      fitWith([0, 1, 3, 0]),
      "fit",
      "y",
      /y\[2\] = 3 is not a class index of this model's 3 classes \(an integer 0..2\)/,
    );
    expectOptionError(fitWith([0, 1, 0.5, 0]), "fit", "y", /y\[2\] = 0.5/);
    expectOptionError(() => model.evaluate(x, [0, -1, 0, 0]), "evaluate", "y", /y\[1\] = -1/);
    expect(fitWith([0, 1])).toThrow(/fit: y has 2 labels for 4 examples/);
    expect(fitWith("0123")).toThrow(DataError);
  });

  it("fit's options", () => {
    expectOptionError(fitWith([0, 1, 2, 0], {}), "fit", "optimizer", /an optimizer: sgd/);
    expectOptionError(
      fitWith([0, 1, 2, 0], { optimizer: sgd(), epochs: 0 }),
      "fit",
      "epochs",
      /positive integer/,
    );
    expectOptionError(
      fitWith([0, 1, 2, 0], { optimizer: sgd(), batch_size: 2 }),
      "fit",
      "batch_size",
      /unknown option/,
    );
    expectOptionError(
      fitWith([0, 1, 2, 0], { optimizer: sgd(), validationData: [x] }),
      "fit",
      "validationData",
      /a pair \[x, y\]/,
    );
    expect(fitWith([0, 1, 2, 0], { optimizer: sgd(), validationData: [x, [0, 1, 2, 7]] })).toThrow(
      /validationData's y\[3\] = 7/,
    );
  });

  it("a model that does not end in class scores cannot compute the loss", () => {
    const conv = sequential([layers.conv2d({ filters: 2, kernelSize: 3 })], {
      inputShape: [5, 5, 1],
    });
    expect(() => conv.computeLoss(x, [0, 1, 0, 1])).toThrow(
      /the model must end with a vector of logits/,
    );
  });

  it("setWeights needs one tensor of the right shape per weight", () => {
    expectOptionError(() => model.setWeights([]), "setWeights", "values", /an array of 4 tensors/);
    const wrong = model.getWeights();
    wrong[0] = zeros([3, 3, 1, 3]);
    expect(() => model.setWeights(wrong)).toThrow(
      /values\[0\] must have the shape of conv2d\/kernel/,
    );
  });
});
