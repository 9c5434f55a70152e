// Bad input to the gradient ops gets the forward ops' kind of typed errors, naming the op, the
// shapes or the option: a dy that is not the forward output's shape, labels out of range or
// not integers, a batch of the wrong rank, unknown options.
import { describe, expect, it } from "vitest";
import {
  DataError,
  OptionError,
  ShapeError,
  type Tensor,
  biasAddGrad,
  conv2DBackpropFilter,
  conv2DBackpropInput,
  dense,
  denseGrad,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  fusedBatchNorm,
  fusedBatchNormGrad,
  globalAveragePooling2d,
  globalAveragePooling2dGrad,
  gradCheck,
  pointwiseConv2dBackpropFilter,
  pointwiseConv2dBackpropInput,
  preluGrad,
  reluGrad,
  separableConv2dGrad,
  sparseSoftmaxCrossEntropy,
  sparseSoftmaxCrossEntropyGrad,
  tensor,
  zeros,
} from "../../src/index";
import { expectError } from "../helpers";

const x = zeros([1, 6, 5, 3]);
const f = zeros([3, 2, 3, 4]); // x * f -> [1,4,4,4]

describe("conv backprops (x=1x6x5x3 f=3x2x3x4 -> 1x4x4x4)", () => {
  it("dy that is not the forward output's shape, named with the shapes", () => {
    const e = expectError(
      () => conv2DBackpropInput(x.shape, zeros([1, 4, 3, 4]), f),
      ShapeError,
      "conv2DBackpropInput: dy [1,4,3,4] does not match the forward output's shape [1,4,4,4] (inputShape [1,6,5,3], filter [3,2,3,4], dy [1,4,3,4])",
    );
    expect(e.shapes).toEqual({ inputShape: [1, 6, 5, 3], filter: [3, 2, 3, 4], dy: [1, 4, 3, 4] });
    expectError(
      () => conv2DBackpropFilter(x, zeros([1, 4, 3, 4]), [3, 2, 3, 5]),
      ShapeError,
      "conv2DBackpropFilter: dy [1,4,3,4] does not match the forward output's shape [1,4,4,5] (x [1,6,5,3], filterShape [3,2,3,5], dy [1,4,3,4])",
    );
    // a rank-3 input's output is rank 3
    expectError(
      () => conv2DBackpropInput([6, 5, 3], zeros([1, 4, 4, 4]), f),
      ShapeError,
      /dy \[1,4,4,4\] does not match the forward output's shape \[4,4,4\]/,
    );
    expectError(
      () => depthwiseConv2dNativeBackpropInput(x.shape, zeros([1, 4, 4, 3]), zeros([3, 2, 3, 2])),
      ShapeError,
      "depthwiseConv2dNativeBackpropInput: dy [1,4,4,3] does not match the forward output's shape [1,4,4,6] (inputShape [1,6,5,3], filter [3,2,3,2], dy [1,4,4,3])",
    );
    expectError(
      () => pointwiseConv2dBackpropFilter(x, zeros([1, 6, 5, 5]), [3, 4]),
      ShapeError,
      /pointwiseConv2dBackpropFilter: dy \[1,6,5,5\] does not match the forward output's shape \[1,6,5,4\]/,
    );
    expectError(
      () => separableConv2dGrad(x, zeros([3, 2, 3, 2]), zeros([6, 4]), zeros([1, 4, 4, 5])),
      ShapeError,
      "separableConv2dGrad: dy [1,4,4,5] does not match the forward output's shape [1,4,4,4] (x [1,6,5,3], depthwiseFilter [3,2,3,2], pointwiseFilter [6,4], dy [1,4,4,5])",
    );
  });
  it("shapes of the wrong rank, depth or size", () => {
    expectError(
      () => conv2DBackpropInput([6, 5], zeros([1, 4, 4, 4]), f),
      ShapeError,
      "conv2DBackpropInput: inputShape must be [N,H,W,C] or [H,W,C], got rank 2 (inputShape [6,5])",
    );
    expectError(
      () => conv2DBackpropInput([1, 6, 5, 2], zeros([1, 4, 4, 4]), f),
      ShapeError,
      "conv2DBackpropInput: filter depth 3 != input depth 2 (inputShape [1,6,5,2], filter [3,2,3,4])",
    );
    expectError(
      () => conv2DBackpropFilter(x, zeros([1, 4, 4, 4]), [3, 2, 3]),
      ShapeError,
      "conv2DBackpropFilter: filterShape must be rank 4 [KH,KW,Cin,Cout], got rank 3 (filterShape [3,2,3])",
    );
    expectError(
      () => conv2DBackpropFilter(x, zeros([1, 4, 4, 4]), [3, 0, 3, 4]),
      ShapeError,
      "conv2DBackpropFilter: filterShape has a zero-sized dimension (filterShape [3,0,3,4])",
    );
    expectError(
      () => conv2DBackpropFilter(zeros([6, 5]), zeros([1, 4, 4, 4]), [3, 2, 3, 4]),
      ShapeError,
      "conv2DBackpropFilter: x must be rank 4 [N,H,W,C] or rank 3 [H,W,C], got rank 2 (x [6,5])",
    );
    expectError(
      () => depthwiseConv2dNativeBackpropFilter(x, zeros([1, 4, 4, 6]), [3, 2, 4, 2]),
      ShapeError,
      "depthwiseConv2dNativeBackpropFilter: filterShape has 4 input channels but x has 3 (x [1,6,5,3], filterShape [3,2,4,2])",
    );
    expectError(
      () => pointwiseConv2dBackpropInput(x.shape, zeros([1, 6, 5, 4]), zeros([3, 3, 3, 4])),
      ShapeError,
      "pointwiseConv2dBackpropInput: filter must be [1,1,Cin,Cout] or [Cin,Cout] (filter [3,3,3,4])",
    );
    expectError(
      () => separableConv2dGrad(x, zeros([3, 2, 3, 2]), zeros([1, 1, 5, 4]), zeros([1, 4, 4, 4])),
      ShapeError,
      "separableConv2dGrad: pointwiseFilter depth 5 != Cin*M = 3*2 = 6 (x [1,6,5,3], depthwiseFilter [3,2,3,2], pointwiseFilter [1,1,5,4])",
    );
  });
  it("options: geometry only, checked as in the forward ops", () => {
    const e = expectError(
      () => conv2DBackpropInput(x.shape, zeros([1, 4, 4, 4]), f, { stride: 2 } as object),
      OptionError,
      'conv2DBackpropInput: unknown option "stride" (did you mean "strides"?); known options: strides, padding, dilations',
    );
    expect([e.option, e.value]).toEqual(["stride", 2]);
    expectError(
      () => conv2DBackpropInput(x.shape, zeros([1, 4, 4, 4]), f, { bias: zeros([4]) } as object),
      OptionError,
      /unknown option "bias"/,
    );
    expectError(
      () =>
        depthwiseConv2dNativeBackpropFilter(x, zeros([1, 4, 4, 6]), [3, 2, 3, 2], {
          strides: 2,
          dilations: 2,
        }),
      OptionError,
      "depthwiseConv2dNativeBackpropFilter: strides [2,2] > 1 together with dilations [2,2] > 1 is not supported (as in TensorFlow); use one or the other",
    );
    expectError(
      () => conv2DBackpropFilter(x, zeros([1, 4, 4, 4]), [3, 1.5, 3, 4]),
      OptionError,
      "conv2DBackpropFilter: filterShape [3,1.5,3,4] must hold non-negative integer sizes, got 1.5",
    );
    expectError(
      () => conv2DBackpropInput(x.shape, [[1]] as unknown as Tensor, f),
      DataError,
      "conv2DBackpropInput: dy must be a Tensor (use tensor(values, shape)), got [[1]]",
    );
  });
});

describe("bias, activations, dense, pooling", () => {
  it("bias and alpha that do not broadcast, dy of another shape", () => {
    expectError(
      () => biasAddGrad(zeros([2, 3]), [4]),
      ShapeError,
      /biasAddGrad: bias \[4\] does not broadcast against the output \[2,3\]/,
    );
    expectError(
      () => reluGrad(zeros([2, 3]), zeros([3, 2])),
      ShapeError,
      "reluGrad: dy [2,3] does not match the forward output's shape [3,2] (x's) (x [3,2], dy [2,3])",
    );
    expectError(
      () => preluGrad(zeros([2, 3]), zeros([2, 3]), zeros([2])),
      ShapeError,
      /preluGrad: alpha \[2\] does not broadcast against the output \[2,3\]/,
    );
    expectError(
      () => preluGrad(zeros([2, 4]), zeros([2, 3]), zeros([3])),
      ShapeError,
      "preluGrad: dy [2,4] does not match the forward output's shape [2,3] (x's) (x [2,3], dy [2,4])",
    );
  });
  it("a batch of the wrong rank", () => {
    expectError(
      () => denseGrad(zeros([2, 3, 1]), zeros([3, 4]), zeros([2, 4])),
      ShapeError,
      "denseGrad: x must be rank 2 [N,inUnits] (a batch of vectors; pool or reshape first), got rank 3 (x [2,3,1], kernel [3,4])",
    );
    expectError(
      () => globalAveragePooling2d(zeros([4, 4, 3])),
      ShapeError,
      "globalAveragePooling2d: x must be rank 4 [N,H,W,C], got rank 3 (x [4,4,3])",
    );
    expectError(
      () => globalAveragePooling2dGrad([4, 4, 3], zeros([2, 3])),
      ShapeError,
      "globalAveragePooling2dGrad: inputShape must be [N,H,W,C], got rank 3 (inputShape [4,4,3])",
    );
    expectError(
      () => fusedBatchNorm(zeros([4, 4, 3]), zeros([3]), zeros([3]), { training: true }),
      ShapeError,
      "fusedBatchNorm: x must be rank 4 [N,H,W,C] or rank 2 [N,C], got rank 3 (x [4,4,3])",
    );
    expectError(
      () => sparseSoftmaxCrossEntropyGrad([0, 1], zeros([2, 10, 1])),
      ShapeError,
      "sparseSoftmaxCrossEntropyGrad: logits must be rank 2 [N,classes], got rank 3 (logits [2,10,1])",
    );
  });
  it("dense and pooling shapes that do not fit", () => {
    expectError(
      () => denseGrad(zeros([2, 3]), zeros([5, 4]), zeros([2, 4])),
      ShapeError,
      "denseGrad: kernel has 5 input units but x has 3 (x [2,3], kernel [5,4])",
    );
    expectError(
      () => denseGrad(zeros([2, 3]), zeros([3, 4]), zeros([4, 2])),
      ShapeError,
      "denseGrad: dy [4,2] does not match the forward output's shape [2,4] (x [2,3], kernel [3,4], dy [4,2])",
    );
    expectError(
      () => dense(zeros([2, 3]), zeros([3, 4]), { bias: zeros([3]) }),
      ShapeError,
      "dense: bias must be [units] = [4] (kernel [3,4], bias [3])",
    );
    expectError(
      () => globalAveragePooling2dGrad([2, 4, 4, 3], zeros([2, 4])),
      ShapeError,
      "globalAveragePooling2dGrad: dy [2,4] does not match the forward output's shape [2,3] (inputShape [2,4,4,3], dy [2,4])",
    );
  });
});

describe("labels", () => {
  const logits = zeros([2, 10]);
  it("out of range, negative or not an integer: an OptionError naming the entry", () => {
    const e = expectError(
      () => sparseSoftmaxCrossEntropyGrad([0, 10], logits),
      OptionError,
      "sparseSoftmaxCrossEntropyGrad: labels[1] = 10 is out of range for 10 classes (0..9)",
    );
    expect([e.option, e.value]).toEqual(["labels", 10]);
    expectError(
      () => sparseSoftmaxCrossEntropy([0, -1], logits),
      OptionError,
      "sparseSoftmaxCrossEntropy: labels[1] = -1 is out of range for 10 classes (0..9)",
    );
    expectError(
      () => sparseSoftmaxCrossEntropyGrad([0, 1.5], logits),
      OptionError,
      "sparseSoftmaxCrossEntropyGrad: labels[1] = 1.5 is not an integer class index",
    );
    expectError(
      () => sparseSoftmaxCrossEntropyGrad(tensor([0, 2.5]), logits),
      OptionError,
      "sparseSoftmaxCrossEntropyGrad: labels[1] = 2.5 is not an integer class index",
    );
  });
  it("one per example, as an array, an Int32Array or a rank-1 Tensor", () => {
    expectError(
      () => sparseSoftmaxCrossEntropyGrad([0, 1, 2], logits),
      ShapeError,
      "sparseSoftmaxCrossEntropyGrad: labels has 3 entries but logits has a batch of 2 (labels [3], logits [2,10])",
    );
    expectError(
      () => sparseSoftmaxCrossEntropyGrad(zeros([2, 1]), logits),
      ShapeError,
      "sparseSoftmaxCrossEntropyGrad: labels must be rank 1 [N], got rank 2 (labels [2,1], logits [2,10])",
    );
    expectError(
      () => sparseSoftmaxCrossEntropyGrad("01" as unknown as number[], logits),
      DataError,
      'sparseSoftmaxCrossEntropyGrad: labels must be an array of class indices, an Int32Array or a rank-1 Tensor, got "01"',
    );
    const a = sparseSoftmaxCrossEntropyGrad([3, 7], logits);
    expect(sparseSoftmaxCrossEntropyGrad(Int32Array.of(3, 7), logits).data).toEqual(a.data);
    expect(sparseSoftmaxCrossEntropyGrad(tensor([3, 7]), logits).data).toEqual(a.data);
    // uniform logits: softmax 0.1 everywhere, minus 1 at the label, over a batch of 2
    expect(a.data[3]).toBeCloseTo(-0.45, 7);
    expect(a.data[4]).toBeCloseTo(0.05, 7);
  });
});

describe("batch normalization options", () => {
  const x4 = zeros([2, 4, 4, 3]);
  const c = zeros([3]);
  it("mode, statistics, epsilon and momentum", () => {
    expectError(
      () => fusedBatchNorm(x4, c, c, {} as { training: boolean }),
      OptionError,
      "fusedBatchNorm: training must be true (batch statistics) or false (moving averages), got undefined",
    );
    expectError(
      () => fusedBatchNorm(x4, zeros([4]), c, { training: true }),
      ShapeError,
      "fusedBatchNorm: scale must be [C] = [3], one value per channel of x (x [2,4,4,3], scale [4])",
    );
    expectError(
      () => fusedBatchNorm(x4, c, c, { training: false }),
      OptionError,
      "fusedBatchNorm: inference (training: false) normalizes with movingMean and movingVariance: give both",
    );
    expectError(
      () => fusedBatchNorm(x4, c, c, { training: true, movingMean: c }),
      OptionError,
      "fusedBatchNorm: movingMean and movingVariance go together: give both or neither",
    );
    expectError(
      () => fusedBatchNorm(x4, c, c, { training: true, momentum: 1.5 }),
      OptionError,
      "fusedBatchNorm: momentum must be a finite number in [0, 1], got 1.5",
    );
    expectError(
      () => fusedBatchNorm(x4, c, c, { training: true, epsilon: 0 }),
      OptionError,
      "fusedBatchNorm: epsilon must be a finite number > 0, got 0",
    );
    const e = expectError(
      () =>
        fusedBatchNorm(x4, c, c, {
          training: false,
          movingMean: c,
          movingVariance: tensor([1, -2, 1]),
        }),
      OptionError,
      "fusedBatchNorm: movingVariance[1] = -2 is negative (or NaN): a variance is >= 0",
    );
    expect([e.option, e.value]).toEqual(["movingVariance", -2]);
  });
  it("the gradient needs the forward's statistics and a dy of x's shape", () => {
    expectError(
      () =>
        fusedBatchNormGrad(zeros([2, 3]), zeros([2, 3]), c, {
          training: true,
          variance: c,
        } as never),
      OptionError,
      "fusedBatchNormGrad: mean and variance are needed: pass the ones fusedBatchNorm returned",
    );
    expectError(
      () =>
        fusedBatchNormGrad(zeros([2, 4]), zeros([2, 3]), c, {
          training: true,
          mean: c,
          variance: c,
        }),
      ShapeError,
      "fusedBatchNormGrad: dy [2,4] does not match the forward output's shape [2,3] (x [2,3], dy [2,4])",
    );
  });
  it("activation: linear or relu; the ReLU's gradient needs the forward's output y, of x's shape", () => {
    expectError(
      () => fusedBatchNorm(x4, c, c, { training: true, activation: "tanh" as never }),
      OptionError,
      'fusedBatchNorm: activation must be one of "linear", "relu", got "tanh"',
    );
    const stats = { training: true, mean: c, variance: c };
    const x = zeros([2, 3]);
    expectError(
      () => fusedBatchNormGrad(x, x, c, { ...stats, activation: "relu" }),
      OptionError,
      'fusedBatchNormGrad: y must be the forward\'s output, which activation "relu" needs, got undefined',
    );
    expectError(
      () => fusedBatchNormGrad(x, x, c, { ...stats, activation: "relu", y: zeros([3, 2]) }),
      ShapeError,
      "fusedBatchNormGrad: y [3,2] does not match the forward output's shape [2,3] (x [2,3], y [3,2])",
    );
    expectError(
      () => fusedBatchNormGrad(x, x, c, { ...stats, y: x }),
      OptionError,
      'fusedBatchNormGrad: y must be left out without activation "relu" (nothing reads it), got a tensor [2,3]',
    );
  });
});

describe("gradCheck", () => {
  const a = tensor([1, -2, 3]);
  const square = (t: { a: Tensor }) => t.a.data.reduce((s, v) => s + v * v, 0);
  it("passes a right gradient, fails a wrong one and says where, leaves the inputs alone", () => {
    const ok = gradCheck(square, { a }, { a: tensor([2, -4, 6]) });
    expect(ok.passed).toBe(true);
    expect(ok.maxRelativeError).toBeLessThan(1e-5);
    expect(ok.inputs[0]!.numericGradient.data[2]).toBeCloseTo(6, 4);
    expect(String(ok)).toMatch(
      /^gradCheck: central differences with step 0\.01.*\n {2}a {2}\[3\] +max relative error [0-9.e-]+ {2}ok$/,
    );
    const bad = gradCheck(square, { a }, { a: tensor([2, -4, 5]) });
    expect(bad.passed).toBe(false);
    expect(bad.inputs[0]!.worstIndex).toEqual([2]);
    expect(bad.maxRelativeError).toBeCloseTo(1 / 6, 4);
    expect(bad.report).toMatch(/FAILED at \[2\]: analytic 5, numeric 6$/);
    expect(Array.from(a.data)).toEqual([1, -2, 3]);
    // lists work as objects do, named by position
    const listed = gradCheck(([t]) => t!.data[0]! * t!.data[1]!, [a], [tensor([-2, 1, 0])]);
    expect(listed.passed).toBe(true);
    expect(listed.inputs[0]!.name).toBe("0");
  });
  it("typed errors for what it cannot check", () => {
    expectError(
      () => gradCheck(1 as never, [a], [a]),
      OptionError,
      "gradCheck: f must be a function of the inputs returning a number, got 1",
    );
    expectError(
      () => gradCheck(() => 1, [], []),
      DataError,
      "gradCheck: inputs must be a non-empty list of Tensors or an object of Tensors, got []",
    );
    expectError(
      () => gradCheck(() => 1, { a }, { b: a } as never),
      OptionError,
      "gradCheck: analytic must hold one gradient per input (a), got b",
    );
    expectError(
      () => gradCheck(() => 1, { a }, { a: zeros([2]) }),
      ShapeError,
      "gradCheck: the gradient of a must have its shape (a [3], analytic a [2])",
    );
    expectError(
      () => gradCheck(() => x, { a }, { a }),
      ShapeError,
      "gradCheck: f must return a number or a one-element Tensor (a loss) (result [1,6,5,3])",
    );
    expectError(
      () => gradCheck(() => "1" as never, { a }, { a }),
      DataError,
      'gradCheck: f must return a number or a one-element Tensor (a loss), got "1"',
    );
    expectError(
      () => gradCheck(() => 1, { a }, { a }, { epsilon: -1 }),
      OptionError,
      "gradCheck: epsilon must be a finite number > 0, got -1",
    );
    expectError(
      () => gradCheck(() => 1, { a: tensor([1e9]) }, { a: zeros([1]) }, { epsilon: 1e-3 }),
      OptionError,
      "gradCheck: epsilon 0.001 is too small to change a[0] = 1000000000 in float32",
    );
  });
});
