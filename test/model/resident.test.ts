// Resident outputs (kernels/wasm.ts residentOutputs): inside a training step the ops' large
// outputs live in kernel memory and the next op reads them where they are. The same values as
// ordinary arrays, inputs never written, nothing resident ever reaches a caller, and steps
// reuse the same memory instead of growing it.
import { describe, expect, it } from "vitest";
import {
  conv2d,
  depthwiseConv2d,
  digitNetwork,
  fusedBatchNorm,
  kernelInfo,
  type Layer,
  layers,
  ones,
  pointwiseConv2d,
  randomUniform,
  relu,
  separableConv2d,
  sequential,
  setThreads,
  sgd,
  type Tensor,
  zeros,
} from "../../src/index";
import { conv2DBackpropInput, conv2DBackpropInputOver } from "../../src/grad/conv2d-backprop-input";
import {
  depthwiseConv2dNativeBackpropInput,
  depthwiseConv2dNativeBackpropInputOver,
} from "../../src/grad/depthwise-backprop-input";
import {
  pointwiseConv2dBackpropInput,
  pointwiseConv2dBackpropInputOver,
} from "../../src/grad/pointwise-backprop-input";
import { Arena, kernels, recycleOutputs, residentOutputs } from "../../src/kernels/wasm";

const x = randomUniform([4, 20, 20, 16], { seed: 1, min: -1 });
const dw = randomUniform([3, 3, 16, 1], { seed: 2, min: -1 });
const pw = randomUniform([1, 1, 16, 32], { seed: 3, min: -1 });
const f = randomUniform([3, 3, 16, 16], { seed: 4, min: -1 });

/** A chain of ops, each reading the previous one's output (4 x 20 x 20 x 16 and more: resident). */
function chain(): Tensor[] {
  const a = depthwiseConv2d(x, dw, { padding: "same" });
  const b = relu(a);
  const c = pointwiseConv2d(b, pw);
  const d = separableConv2d(a, dw, pw, { padding: "same" });
  const e = conv2d(b, f, { padding: "same" });
  const n = fusedBatchNorm(a, ones([16]), zeros([16]), { training: true, activation: "relu" });
  return [a, b, c, d, e, n.y];
}

const inKernelMemory = (t: Tensor) => t.data.buffer instanceof SharedArrayBuffer;

describe("resident outputs", () => {
  it("give the values ordinary arrays give, and leave their inputs as they were", () => {
    const want = chain().map((t) => Float32Array.from(t.data));
    let resident = 0;
    const got = residentOutputs(() => {
      const ys = chain();
      resident = ys.filter(inKernelMemory).length;
      const a = ys[0]!;
      const before = Float32Array.from(a.data);
      relu(a); // in place on its own output, never on a resident input
      expect(a.data).toEqual(before);
      return ys.map((t) => Float32Array.from(t.data));
    });
    expect(resident).toBe(6);
    expect(got).toEqual(want);
  });

  it("never reach a caller outside a step, even once recycled", () => {
    const inside = residentOutputs(() => depthwiseConv2d(x, dw, { padding: "same" }));
    recycleOutputs([inside.data]);
    for (let i = 0; i < 3; i++) {
      const y = depthwiseConv2d(x, dw, { padding: "same" });
      expect(y.data.buffer).toBeInstanceOf(ArrayBuffer);
      expect(y.data.buffer.byteLength).toBe(y.data.length * 4);
    }
  });

  it("are reused by the next step: training does not grow kernel memory", () => {
    const batch = randomUniform([16, 28, 28, 1], { seed: 5 });
    const labels = Array.from({ length: 16 }, (_, i) => i % 10);
    for (const form of ["separable", "standard"] as const) {
      const model = digitNetwork(8, form, { seed: 1 });
      const optimizer = sgd({ learningRate: 0.05, momentum: 0.9 });
      const steps = (n: number) => {
        for (let i = 0; i < n; i++) model.trainOnBatch(batch, labels, { optimizer });
      };
      steps(3);
      const bytes = kernels().memory.buffer.byteLength;
      steps(10);
      expect(kernels().memory.buffer.byteLength).toBe(bytes);
      // Worker threads run on the same memory: switching keeps the step's arrays where they are.
      setThreads(2);
      try {
        steps(3);
      } finally {
        setThreads(1);
      }
      const after = kernels().memory.buffer.byteLength;
      steps(10);
      expect(kernels().memory.buffer.byteLength).toBe(after);
    }
  });

  it("of networks of other widths, trained one after another, reuse the same memory", () => {
    const batch = randomUniform([16, 28, 28, 1], { seed: 8 });
    const labels = Array.from({ length: 16 }, (_, i) => i % 10);
    const train = (width: number) => {
      const model = digitNetwork(width, "separable", { seed: width });
      const optimizer = sgd({ learningRate: 0.05 });
      for (let i = 0; i < 3; i++) model.trainOnBatch(batch, labels, { optimizer });
    };
    for (const width of [6, 10, 14]) train(width);
    const bytes = kernels().memory.buffer.byteLength;
    for (const width of [14, 10, 6, 12, 8]) train(width);
    expect(kernels().memory.buffer.byteLength).toBe(bytes);
  });

  it("are not used when a layer or optimizer of the user's own might keep an array of a step", () => {
    // A layer that keeps every output it made: those must stay as they were.
    const conv = layers.conv2d({ filters: 8, kernelSize: [3, 3], padding: "same" });
    const kept: { data: Float32Array; copy: Float32Array }[] = [];
    const keeper: Layer = {
      className: "Keeper",
      name: "keeper",
      activation: "linear",
      get weights() {
        return conv.weights;
      },
      get trainableWeights() {
        return conv.trainableWeights;
      },
      build: (shape, rng, name) => conv.build(shape, rng, name),
      forward(input) {
        const r = conv.forward(input);
        kept.push({ data: r.y.data, copy: Float32Array.from(r.y.data) });
        return r;
      },
      backward: (dy, cache, inputGradient) => conv.backward(dy, cache as Tensor, inputGradient),
    };
    const model = sequential(
      [keeper, layers.globalAveragePooling2d(), layers.dense({ units: 10 })],
      { inputShape: [28, 28, 1], seed: 1 },
    );
    const batch = randomUniform([16, 28, 28, 1], { seed: 6 });
    const labels = Array.from({ length: 16 }, (_, i) => i % 10);
    const optimizer = sgd({ learningRate: 0.1 });
    for (let i = 0; i < 4; i++) model.trainOnBatch(batch, labels, { optimizer });
    expect(kept).toHaveLength(4);
    for (const k of kept) {
      expect(k.data.buffer).toBeInstanceOf(ArrayBuffer);
      expect(k.data).toEqual(k.copy);
    }
    // An optimizer of the user's own that keeps the gradients it was given.
    const grads: { data: Float32Array; copy: Float32Array }[] = [];
    const keeping = {
      applyGradients(_w: unknown, gs: readonly Tensor[]) {
        for (const g of gs) grads.push({ data: g.data, copy: Float32Array.from(g.data) });
      },
    };
    const net = sequential(
      [
        layers.conv2d({ filters: 64, kernelSize: [3, 3], padding: "same" }),
        layers.conv2d({ filters: 64, kernelSize: [3, 3], padding: "same" }), // 36,864 weights
        layers.globalAveragePooling2d(),
        layers.dense({ units: 10 }),
      ],
      { inputShape: [8, 8, 1], seed: 2 },
    );
    const small = randomUniform([4, 8, 8, 1], { seed: 7 });
    for (let i = 0; i < 3; i++)
      net.trainOnBatch(small, [0, 1, 2, 3], { optimizer: keeping as never });
    expect(grads.some((g) => g.data.length >= 1 << 14)).toBe(true);
    for (const g of grads) expect(g.data).toEqual(g.copy);
  });
});

describe("input gradients written over an input the caller gives up", () => {
  const geometry = { strides: 2, padding: "same" } as const;
  type Gradient = (x: Tensor, dy: Tensor, over: boolean) => Tensor;
  const depthwise =
    (filter: Tensor): Gradient =>
    (x, dy, over) =>
      over
        ? depthwiseConv2dNativeBackpropInputOver(x, dy, filter, geometry)
        : depthwiseConv2dNativeBackpropInput(x.shape, dy, filter, geometry);
  const cases: [string, Gradient, number[]][] = [
    ["depthwise, M = 1", depthwise(dw), [4, 10, 10, 16]],
    ["depthwise, M = 2", depthwise(randomUniform([3, 3, 16, 2], { seed: 9 })), [4, 10, 10, 32]],
    [
      "conv2d",
      (x, dy, over) =>
        over
          ? conv2DBackpropInputOver(x, dy, f, geometry)
          : conv2DBackpropInput(x.shape, dy, f, geometry),
      [4, 10, 10, 16],
    ],
    [
      "pointwise",
      (x, dy, over) =>
        over
          ? pointwiseConv2dBackpropInputOver(x, dy, pw)
          : pointwiseConv2dBackpropInput(x.shape, dy, pw),
      [4, 20, 20, 32],
    ],
  ];
  for (const [name, grad, dyShape] of cases) {
    it(`${name}: in x's own memory inside a step, the same values; outside, x is left alone`, () => {
      const dy = randomUniform(dyShape, { seed: 10, min: -1 });
      const want = grad(x, dy, false);
      residentOutputs(() => {
        const xr = relu(x); // resident, as a layer's input in a training step
        const got = grad(xr, dy, true);
        expect(got.data).toBe(xr.data);
        expect(got.data).toEqual(want.data);
      });
      const before = Float32Array.from(x.data);
      const got = grad(x, dy, true);
      expect(got.data).not.toBe(x.data);
      expect(got.data).toEqual(want.data);
      expect(x.data).toEqual(before);
    });
  }

  it("a layer's input is overwritten only when no later backward reads it: training is unchanged", () => {
    // The course's SGD runs the step on resident arrays (with overwriting); a wrapper of it is an
    // optimizer of the user's own, which runs it on ordinary arrays (without): the same weights,
    // bit for bit. Between them these networks have inputs that must not be overwritten (a
    // layer's output its ReLU activation's gradient reads) and inputs that are (after a fused
    // batch norm and ReLU, after a layer with no activation, a separable layer's own mid).
    const nets = () => [
      digitNetwork(8, "separable", { seed: 3 }),
      digitNetwork(8, "standard", { seed: 3 }),
      sequential(
        [
          layers.conv2d({ filters: 8, kernelSize: [3, 3], padding: "same", activation: "relu" }),
          layers.separableConv2d({ filters: 12, kernelSize: [3, 3], strides: 2, padding: "same" }),
          layers.depthwiseConv2d({ kernelSize: [3, 3], padding: "same" }),
          layers.batchNormalization(),
          layers.conv2d({ filters: 8, kernelSize: [3, 3], padding: "same" }),
          layers.globalAveragePooling2d(),
          layers.dense({ units: 10 }),
        ],
        { inputShape: [28, 28, 1], seed: 4 },
      ),
      sequential(
        [
          layers.activation("linear"),
          layers.depthwiseConv2d({ kernelSize: [3, 3], depthMultiplier: 4, padding: "same" }),
          layers.batchNormalization(),
          layers.activation("relu"),
          layers.separableConv2d({ filters: 8, kernelSize: [3, 3], padding: "same" }),
          layers.globalAveragePooling2d(),
          layers.dense({ units: 10 }),
        ],
        { inputShape: [28, 28, 1], seed: 5 },
      ),
    ];
    const batch = randomUniform([8, 28, 28, 1], { seed: 11 });
    const copy = Float32Array.from(batch.data);
    const labels = Array.from({ length: 8 }, (_, i) => (3 * i) % 10);
    const train = (wrap: boolean) =>
      nets().map((model) => {
        const optimizer = sgd({ learningRate: 0.05, momentum: 0.9 });
        const own = { applyGradients: optimizer.applyGradients.bind(optimizer) };
        for (let i = 0; i < 3; i++)
          model.trainOnBatch(batch, labels, { optimizer: wrap ? (own as never) : optimizer });
        return model.weights.map((w) => Float32Array.from(w.value.data));
      });
    expect(train(false)).toEqual(train(true));
    expect(batch.data).toEqual(copy);
  });

  it("with two threads, whose kernels write into the given-up inputs, training is unchanged", () => {
    // Batch 32 at width 16: the pointwise and convolution gradients are large enough to be split.
    const batch = randomUniform([32, 28, 28, 1], { seed: 12 });
    const labels = Array.from({ length: 32 }, (_, i) => (7 * i) % 10);
    const train = (wrap: boolean) =>
      (["separable", "standard"] as const).map((form) => {
        const model = digitNetwork(16, form, { seed: 6 });
        const optimizer = sgd({ learningRate: 0.05, momentum: 0.9 });
        const own = { applyGradients: optimizer.applyGradients.bind(optimizer) };
        for (let i = 0; i < 2; i++)
          model.trainOnBatch(batch, labels, { optimizer: wrap ? (own as never) : optimizer });
        return model.weights.map((w) => Float32Array.from(w.value.data));
      });
    setThreads(2);
    try {
      const before = kernelInfo().workerLists + kernelInfo().takenOver;
      const overwritten = train(false);
      expect(kernelInfo().workerLists + kernelInfo().takenOver).toBeGreaterThan(before);
      expect(overwritten).toEqual(train(true));
    } finally {
      setThreads(1);
    }
  });
});

describe("kernel memory", () => {
  it("refuses a call past its 2 GB with a RangeError, and the next call still works", () => {
    const a = new Arena(kernels());
    expect(() => a.alloc(600_000_000)).toThrow(RangeError);
    expect(() => a.alloc(600_000_000)).toThrow(/kernel memory than the 2 GB there is/);
    a.reset();
    const at = a.alloc(1024);
    expect(at).toBeGreaterThan(0);
    expect(at % 64).toBe(0);
    const y = depthwiseConv2d(x, dw, { padding: "same" });
    expect(y.data).toEqual(residentOutputs(() => Float32Array.from(y.data)));
  });
});
