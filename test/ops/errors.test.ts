// Every user mistake gets a typed error whose message names the op, the shapes and the option.
import { describe, expect, it } from "vitest";
import {
  DataError,
  OptionError,
  ShapeError,
  type Tensor,
  conv2d,
  depthwiseConv2d,
  pointwiseConv2d,
  reference,
  separableConv2d,
  softmax,
  spatialSeparableConv2d,
  tensor,
  zeros,
  prelu,
} from "../../src/index";
import { expectError } from "../helpers";

const x = zeros([1, 12, 12, 3]);
const f = zeros([5, 5, 3, 8]);

describe("conv2d errors (x=1x12x12x3 f=5x5x3x8)", () => {
  it("wrong rank of x and of the filter", () => {
    expectError(
      () => conv2d(zeros([12, 12]), f),
      ShapeError,
      "conv2d: x must be rank 4 [N,H,W,C] or rank 3 [H,W,C], got rank 2 (x [12,12])",
    );
    expectError(
      () => conv2d(x, zeros([5, 5, 3])),
      ShapeError,
      "conv2d: filter must be rank 4 [KH,KW,Cin,Cout], got rank 3 (x [1,12,12,3], filter [5,5,3])",
    );
  });
  it("channel mismatch", () => {
    expectError(
      () => conv2d(x, zeros([5, 5, 4, 8])),
      ShapeError,
      "conv2d: filter depth 4 != input depth 3 (x [1,12,12,3], filter [5,5,4,8])",
    );
  });
  it("kernel larger than the padded input, plain and dilated", () => {
    expectError(
      () => conv2d(zeros([1, 4, 4, 3]), f),
      ShapeError,
      'conv2d: kernel 5x5 is larger than the padded input 4x4 with padding "valid" (x [1,4,4,3], filter [5,5,3,8])',
    );
    expectError(
      () => conv2d(x, zeros([3, 3, 3, 1]), { dilations: 6 }),
      ShapeError,
      'conv2d: kernel 3x3 (dilated to 13x13) is larger than the padded input 12x12 with padding "valid" (x [1,12,12,3], filter [3,3,3,1])',
    );
    // explicit padding can make it fit
    expect(
      conv2d(zeros([1, 4, 4, 3]), f, {
        padding: [
          [1, 0],
          [0, 1],
        ],
      }).shape,
    ).toEqual([1, 1, 1, 8]);
  });
  it("non-integer, fractional and non-positive strides and dilations", () => {
    expectError(
      () => conv2d(x, f, { strides: 0 }),
      OptionError,
      "conv2d: strides must be positive integers, got 0",
    );
    expectError(
      () => conv2d(x, f, { strides: 1.5 }),
      OptionError,
      "conv2d: strides must be positive integers, got 1.5 (fractional values are not allowed)",
    );
    expectError(
      () => conv2d(x, f, { strides: [1, -2] }),
      OptionError,
      "conv2d: strides must be positive integers, got [1,-2]",
    );
    expectError(
      () => conv2d(x, f, { dilations: [1, 2, 3] as unknown as [number, number] }),
      OptionError,
      "conv2d: dilations must be a positive integer or a pair [h, w], got [1,2,3]",
    );
    expectError(
      () => conv2d(x, f, { strides: "2" as unknown as number }),
      OptionError,
      'conv2d: strides must be a positive integer or a pair [h, w], got "2"',
    );
  });
  it("strides > 1 with dilations > 1", () => {
    expectError(
      () => conv2d(x, f, { strides: [2, 1], dilations: [1, 2] }),
      OptionError,
      "conv2d: strides [2,1] > 1 together with dilations [1,2] > 1 is not supported (as in TensorFlow); use one or the other",
    );
  });
  it("bad padding strings and arrays", () => {
    expectError(
      () => conv2d(x, f, { padding: "SAME" as "same" }),
      OptionError,
      'conv2d: padding must be "valid", "same" or [[top, bottom], [left, right]], got "SAME"',
    );
    expectError(
      () => conv2d(x, f, { padding: [[1, 1]] as unknown as [[number, number], [number, number]] }),
      OptionError,
      'conv2d: padding must be "valid", "same" or [[top, bottom], [left, right]] with non-negative integers, got [[1,1]]',
    );
    expectError(
      () =>
        conv2d(x, f, {
          padding: [
            [1, -1],
            [0, 0],
          ],
        }),
      OptionError,
      'conv2d: padding must be "valid", "same" or [[top, bottom], [left, right]] with non-negative integers, got [[1,-1],[0,0]]',
    );
  });
  it("unknown activation, prelu without alpha, alpha without prelu", () => {
    expectError(
      () => conv2d(x, f, { activation: "tanh" as "relu" }),
      OptionError,
      'conv2d: activation must be one of "linear", "relu", "prelu", got "tanh"',
    );
    expectError(
      () => conv2d(x, f, { activation: "prelu" }),
      OptionError,
      'conv2d: activation "prelu" needs preluAlpha (a Tensor of slopes)',
    );
    expectError(
      () => conv2d(x, f, { preluAlpha: tensor([0.1]) }),
      OptionError,
      'conv2d: preluAlpha is only used with activation "prelu", got activation undefined',
    );
  });
  it("bias and alpha that do not broadcast against the output [1,8,8,8]", () => {
    expectError(
      () => conv2d(x, f, { bias: zeros([3]) }),
      ShapeError,
      "conv2d: bias [3] does not broadcast against the output [1,8,8,8] (align at the right; each size must be 1 or equal the output's) (bias [3], output [1,8,8,8])",
    );
    expectError(
      () => conv2d(x, f, { activation: "prelu", preluAlpha: zeros([2, 1, 1, 8, 8]) }),
      ShapeError,
      "conv2d: preluAlpha [2,1,1,8,8] does not broadcast against the output [1,8,8,8] (align at the right; each size must be 1 or equal the output's) (preluAlpha [2,1,1,8,8], output [1,8,8,8])",
    );
  });
  it("unknown options are named, with a suggestion", () => {
    expectError(
      () => conv2d(x, f, { stride: 2 } as unknown as object),
      OptionError,
      'conv2d: unknown option "stride" (did you mean "strides"?); known options: strides, padding, dilations, bias, activation, preluAlpha, out',
    );
  });
  it("non-Tensor arguments are DataErrors, not TypeErrors", () => {
    expectError(
      () => conv2d([[1]] as unknown as Tensor, f),
      DataError,
      "conv2d: x must be a Tensor (use tensor(values, shape)), got [[1]]",
    );
    expectError(
      () => conv2d(x, undefined as unknown as Tensor),
      DataError,
      "conv2d: filter must be a Tensor (use tensor(values, shape)), got undefined",
    );
    expectError(
      () => reference.conv2d(x, null as unknown as Tensor),
      DataError,
      "conv2d: filter must be a Tensor (use tensor(values, shape)), got null",
    );
  });
});

describe("depthwise, pointwise, separable and spatial errors", () => {
  it("depthwise channel mismatch (x=1x12x12x3 f=5x5x4x2)", () => {
    expectError(
      () => depthwiseConv2d(x, zeros([5, 5, 4, 2])),
      ShapeError,
      "depthwiseConv2d: filter has 4 input channels but x has 3 (x [1,12,12,3], filter [5,5,4,2])",
    );
  });
  it("pointwise filter that is not 1x1, or of the wrong rank or depth", () => {
    expectError(
      () => pointwiseConv2d(x, zeros([3, 3, 3, 8])),
      ShapeError,
      "pointwiseConv2d: filter must be 1x1, got 3x3 (use conv2d for larger kernels) (x [1,12,12,3], filter [3,3,3,8])",
    );
    expectError(
      () => pointwiseConv2d(x, zeros([3, 8, 1])),
      ShapeError,
      "pointwiseConv2d: filter must be [1,1,Cin,Cout] or [Cin,Cout], got rank 3 (x [1,12,12,3], filter [3,8,1])",
    );
    expectError(
      () => pointwiseConv2d(x, zeros([4, 8])),
      ShapeError,
      "pointwiseConv2d: filter depth 4 != input depth 3 (x [1,12,12,3], filter [4,8])",
    );
  });
  it("separable pointwise depth != Cin*M (x=1x12x12x3 dw=5x5x3x2 pw=1x1x5x8)", () => {
    expectError(
      () => separableConv2d(x, zeros([5, 5, 3, 2]), zeros([1, 1, 5, 8])),
      ShapeError,
      "separableConv2d: pointwiseFilter depth 5 != Cin*M = 3*2 = 6 (x [1,12,12,3], depthwiseFilter [5,5,3,2], pointwiseFilter [1,1,5,8])",
    );
    expectError(
      () => separableConv2d(x, zeros([5, 5, 3, 2]), zeros([1, 1, 6, 8]), { bias: zeros([6]) }),
      ShapeError,
      "separableConv2d: bias [6] does not broadcast against the output [1,8,8,8] (align at the right; each size must be 1 or equal the output's) (bias [6], output [1,8,8,8])",
    );
  });
  it("spatial column that is not [K,1], row that is not [1,K]", () => {
    expectError(
      () => spatialSeparableConv2d(x, zeros([1, 3]), zeros([1, 3])),
      ShapeError,
      "spatialSeparableConv2d: column must be a [K,1] tensor (x [1,12,12,3], column [1,3], row [1,3])",
    );
    expectError(
      () => spatialSeparableConv2d(x, zeros([3, 1]), zeros([3])),
      ShapeError,
      "spatialSeparableConv2d: row must be a [1,K] tensor (x [1,12,12,3], column [3,1], row [3])",
    );
    expectError(
      () => spatialSeparableConv2d(zeros([1, 2, 12, 3]), zeros([3, 1]), zeros([1, 3])),
      ShapeError,
      'spatialSeparableConv2d: kernel 3x3 is larger than the padded input 2x12 with padding "valid" (x [1,2,12,3], column [3,1], row [1,3])',
    );
  });
  it("softmax axis out of range, prelu alpha that does not broadcast", () => {
    expectError(
      () => softmax(zeros([2, 3]), 2),
      OptionError,
      "softmax: axis must be an integer from -2 to 1, got 2 (x has rank 2)",
    );
    expectError(
      () => softmax(zeros([2, 3]), -3),
      OptionError,
      "softmax: axis must be an integer from -2 to 1, got -3 (x has rank 2)",
    );
    expectError(
      () => softmax(zeros([2, 3]), 0.5),
      OptionError,
      "softmax: axis must be an integer from -2 to 1, got 0.5 (x has rank 2)",
    );
    expectError(
      () => prelu(zeros([2, 3]), zeros([2])),
      ShapeError,
      "prelu: alpha [2] does not broadcast against the output [2,3] (align at the right; each size must be 1 or equal the output's) (alpha [2], output [2,3])",
    );
  });
});
