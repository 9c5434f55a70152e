import { describe, it, expect } from "vitest";
import { layerCost, modelCost, costShareByType, LAYER_TYPES, type LayerSpec } from "../src/cost";
import { OptionError, ShapeError } from "../src/errors";

/** Runs fn and returns what it threw, failing the test if it did not throw. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

function expectOptionError(fn: () => unknown, option: string, message: string): void {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(OptionError);
  expect((e as OptionError).option).toBe(option);
  expect(e.message).toBe(message);
}

function expectShapeError(fn: () => unknown, message: string): void {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(ShapeError);
  expect(e.message).toBe(message);
}

/**
 * Independent tap count: slide every window over the explicitly padded input and count the
 * taps, without using the cost model's formulas.
 */
function countConvTaps(
  h: number,
  w: number,
  k: number,
  s: number,
  pad: [[number, number], [number, number]],
): { ho: number; wo: number; taps: number } {
  const ph = h + pad[0][0] + pad[0][1];
  const pw = w + pad[1][0] + pad[1][1];
  let ho = 0;
  let wo = 0;
  let taps = 0;
  for (let top = 0; top + k <= ph; top += s) {
    ho++;
    wo = 0;
    for (let left = 0; left + k <= pw; left += s) {
      wo++;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) taps++;
    }
  }
  return { ho, wo, taps };
}

const textbook = { inputShape: [12, 12, 3] as const };

describe("layerCost textbook example (12x12x3 input, 5x5 kernel, 256 outputs)", () => {
  it("layerCost conv2d in=12x12x3 k=5 f=256 p=valid", () => {
    const c = layerCost({
      type: "conv2d",
      ...textbook,
      kernelSize: 5,
      filters: 256,
      padding: "valid",
    });
    expect(c.outputShape).toEqual([8, 8, 256]);
    expect(c.multiplies).toBe(1_228_800);
  });

  it("layerCost depthwiseConv2d in=12x12x3 k=5 M=1 p=valid", () => {
    const c = layerCost({ type: "depthwiseConv2d", ...textbook, kernelSize: 5 });
    expect(c.outputShape).toEqual([8, 8, 3]);
    expect(c.multiplies).toBe(4_800);
  });

  it("layerCost pointwiseConv2d in=8x8x3 f=256", () => {
    const c = layerCost({ type: "pointwiseConv2d", inputShape: [8, 8, 3], filters: 256 });
    expect(c.outputShape).toEqual([8, 8, 256]);
    expect(c.multiplies).toBe(49_152);
  });

  it("layerCost separableConv2d in=12x12x3 k=5 f=256 M=1 p=valid", () => {
    const c = layerCost({ type: "separableConv2d", ...textbook, kernelSize: 5, filters: 256 });
    expect(c.outputShape).toEqual([8, 8, 256]);
    expect(c.multiplies).toBe(53_952);
    expect(c.breakdown.depthwiseMultiplies).toBe(4_800);
    expect(c.breakdown.pointwiseMultiplies).toBe(49_152);
    // about 23x cheaper than the full convolution it replaces
    expect(1_228_800 / c.multiplies).toBeCloseTo(22.78, 2);
  });

  it("layerCost depthwiseConv2d in=12x12x3 k=5 M=2 p=valid", () => {
    const c = layerCost({
      type: "depthwiseConv2d",
      ...textbook,
      kernelSize: 5,
      depthMultiplier: 2,
    });
    expect(c.outputShape).toEqual([8, 8, 6]);
    expect(c.multiplies).toBe(9_600);
  });

  it("layerCost separableConv2d in=12x12x3 k=5 f=256 M=2: pointwise runs on 8x8x6", () => {
    const c = layerCost({
      type: "separableConv2d",
      ...textbook,
      kernelSize: 5,
      filters: 256,
      depthMultiplier: 2,
    });
    expect(c.breakdown.depthwiseMultiplies).toBe(9_600);
    expect(c.breakdown.pointwiseMultiplies).toBe(8 * 8 * 6 * 256);
    expect(c.multiplies).toBe(9_600 + 98_304);
  });
});

describe("layerCost params follow Keras", () => {
  it("layerCost params SeparableConv2D(256, 5) in=12x12x3 = 1,099", () => {
    const c = layerCost({ type: "separableConv2d", ...textbook, kernelSize: 5, filters: 256 });
    expect(c.params).toBe(1_099);
    expect(c.breakdown).toEqual({
      depthwiseKernel: 75,
      pointwiseKernel: 768,
      bias: 256,
      depthwiseMultiplies: 4_800,
      pointwiseMultiplies: 49_152,
    });
  });

  it("layerCost params Conv2D(256, 5) in=12x12x3 = 19,456", () => {
    const c = layerCost({ type: "conv2d", ...textbook, kernelSize: 5, filters: 256 });
    expect(c.params).toBe(19_456);
    expect(c.breakdown).toEqual({ kernel: 19_200, bias: 256 });
  });

  it("layerCost params DepthwiseConv2D(5, M=2) in=12x12x3 = 156", () => {
    const c = layerCost({
      type: "depthwiseConv2d",
      ...textbook,
      kernelSize: 5,
      depthMultiplier: 2,
    });
    expect(c.params).toBe(156);
    expect(c.breakdown).toEqual({ depthwiseKernel: 150, bias: 6 });
  });

  it("layerCost params pointwiseConv2d in=8x8x3 f=256 = Conv2D 1x1 = 1,024", () => {
    expect(layerCost({ type: "pointwiseConv2d", inputShape: [8, 8, 3], filters: 256 }).params).toBe(
      1_024,
    );
  });

  it("layerCost params dense in=2x2x5 units=10 = 210", () => {
    const c = layerCost({ type: "dense", inputShape: [2, 2, 5], units: 10 });
    expect(c.outputShape).toEqual([1, 1, 10]);
    expect(c.multiplies).toBe(200);
    expect(c.params).toBe(210);
  });

  it("layerCost useBias=false removes the bias (conv2d, depthwise, separable, dense)", () => {
    const noBias = { useBias: false } as const;
    const conv = layerCost({ type: "conv2d", ...textbook, kernelSize: 5, filters: 256, ...noBias });
    expect(conv.params).toBe(19_200);
    expect(conv.breakdown).toEqual({ kernel: 19_200 });
    expect(
      layerCost({
        type: "depthwiseConv2d",
        ...textbook,
        kernelSize: 5,
        depthMultiplier: 2,
        ...noBias,
      }).params,
    ).toBe(150);
    expect(
      layerCost({ type: "separableConv2d", ...textbook, kernelSize: 5, filters: 256, ...noBias })
        .params,
    ).toBe(843);
    expect(layerCost({ type: "dense", inputShape: [2, 2, 5], units: 10, ...noBias }).params).toBe(
      200,
    );
    // useBias does not change the multiplies
    expect(conv.multiplies).toBe(1_228_800);
  });
});

describe("layerCost padding, strides and dilations", () => {
  it("layerCost conv2d in=12x12x3 k=5 f=256 p=same keeps 12x12, counting taps in the padding", () => {
    const c = layerCost({
      type: "conv2d",
      ...textbook,
      kernelSize: 5,
      filters: 256,
      padding: "same",
    });
    expect(c.outputShape).toEqual([12, 12, 256]);
    expect(c.multiplies).toBe(12 * 12 * 75 * 256);
  });

  it("layerCost conv2d in=12x12x3 k=5 f=256 s=2 p=same gives ceil(12/2)=6", () => {
    const c = layerCost({
      type: "conv2d",
      ...textbook,
      kernelSize: 5,
      filters: 256,
      strides: 2,
      padding: "same",
    });
    expect(c.outputShape).toEqual([6, 6, 256]);
    expect(c.multiplies).toBe(6 * 6 * 75 * 256);
  });

  it("layerCost depthwiseConv2d in=13x13x4 k=3 s=2 p=same gives ceil(13/2)=7", () => {
    const c = layerCost({
      type: "depthwiseConv2d",
      inputShape: [13, 13, 4],
      kernelSize: 3,
      strides: 2,
      padding: "same",
    });
    expect(c.outputShape).toEqual([7, 7, 4]);
    expect(c.multiplies).toBe(7 * 7 * 9 * 4);
  });

  it("layerCost conv2d in=12x12x3 k=5 f=256 s=2 p=valid gives floor(7/2)+1=4", () => {
    expect(
      layerCost({ type: "conv2d", ...textbook, kernelSize: 5, filters: 256, strides: 2 })
        .outputShape,
    ).toEqual([4, 4, 256]);
  });

  it("layerCost conv2d in=12x12x3 k=5 f=2 p=[[1,1],[2,2]] explicit padding", () => {
    const c = layerCost({
      type: "conv2d",
      ...textbook,
      kernelSize: 5,
      filters: 2,
      padding: [
        [1, 1],
        [2, 2],
      ],
    });
    expect(c.outputShape).toEqual([10, 12, 2]);
    expect(c.multiplies).toBe(10 * 12 * 75 * 2);
  });

  it("layerCost conv2d k=[3,5] rectangular kernel in=10x10x2 f=4", () => {
    const c = layerCost({
      type: "conv2d",
      inputShape: [10, 10, 2],
      kernelSize: [3, 5],
      filters: 4,
    });
    expect(c.outputShape).toEqual([8, 6, 4]);
    expect(c.multiplies).toBe(8 * 6 * 15 * 2 * 4);
    expect(c.params).toBe(15 * 2 * 4 + 4);
  });

  it("layerCost conv2d in=12x12x1 k=3 dilation=2 f=1: effective 5x5 window", () => {
    const c = layerCost({
      type: "conv2d",
      inputShape: [12, 12, 1],
      kernelSize: 3,
      filters: 1,
      dilations: 2,
    });
    expect(c.outputShape).toEqual([8, 8, 1]);
    expect(c.multiplies).toBe(8 * 8 * 9);
  });

  it("layerCost pointwiseConv2d in=9x9x8 s=2 f=16: 1x1 with strides", () => {
    const c = layerCost({
      type: "pointwiseConv2d",
      inputShape: [9, 9, 8],
      filters: 16,
      strides: 2,
      kernelSize: [1, 1],
    });
    expect(c.outputShape).toEqual([5, 5, 16]);
    expect(c.multiplies).toBe(5 * 5 * 8 * 16);
  });

  for (const [h, w, k, s, pad] of [
    [
      12,
      12,
      5,
      1,
      [
        [0, 0],
        [0, 0],
      ],
    ],
    [
      11,
      9,
      3,
      2,
      [
        [1, 1],
        [1, 1],
      ],
    ],
    [
      7,
      10,
      4,
      3,
      [
        [2, 0],
        [0, 3],
      ],
    ],
  ] as const) {
    it(`layerCost conv2d in=${h}x${w}x1 k=${k} s=${s} p=${JSON.stringify(pad)} matches a brute-force tap count`, () => {
      const explicit: [[number, number], [number, number]] = [
        [pad[0][0], pad[0][1]],
        [pad[1][0], pad[1][1]],
      ];
      const ref = countConvTaps(h, w, k, s, explicit);
      const c = layerCost({
        type: "conv2d",
        inputShape: [h, w, 1],
        kernelSize: k,
        filters: 1,
        strides: s,
        padding: explicit,
      });
      expect(c.outputShape).toEqual([ref.ho, ref.wo, 1]);
      expect(c.multiplies).toBe(ref.taps);
    });
  }
});

describe("layerCost spatialSeparableConv2d (KxK split into Kx1 then 1xK)", () => {
  it("layerCost spatialSeparableConv2d in=10x10x1 k=3 p=valid: 432 vs 576 for the full kernel", () => {
    const c = layerCost({ type: "spatialSeparableConv2d", inputShape: [10, 10, 1], kernelSize: 3 });
    expect(c.outputShape).toEqual([8, 8, 1]);
    expect(c.multiplies).toBe(8 * 10 * 3 + 8 * 8 * 3);
    expect(c.multiplies).toBe(432);
    expect(c.breakdown.fullKernelMultiplies).toBe(576);
    expect(c.breakdown.columnMultiplies).toBe(240);
    expect(c.breakdown.rowMultiplies).toBe(192);
  });

  it("layerCost spatialSeparableConv2d in=10x10x2 k=3 p=same: column pass on 10x10, row pass 10x10", () => {
    const c = layerCost({
      type: "spatialSeparableConv2d",
      inputShape: [10, 10, 2],
      kernelSize: 3,
      padding: "same",
    });
    expect(c.outputShape).toEqual([10, 10, 2]);
    expect(c.multiplies).toBe((10 * 10 * 3 + 10 * 10 * 3) * 2);
    expect(c.breakdown.fullKernelMultiplies).toBe(10 * 10 * 9 * 2);
  });

  it("layerCost spatialSeparableConv2d in=10x10x2 k=3 s=2 p=valid: the column pass keeps all 10 columns", () => {
    const c = layerCost({
      type: "spatialSeparableConv2d",
      inputShape: [10, 10, 2],
      kernelSize: 3,
      strides: 2,
    });
    expect(c.outputShape).toEqual([4, 4, 2]);
    expect(c.breakdown.columnMultiplies).toBe(4 * 10 * 3 * 2);
    expect(c.breakdown.rowMultiplies).toBe(4 * 4 * 3 * 2);
    // with stride 2 the split is no longer cheaper than the 3x3 kernel
    expect(c.multiplies).toBe(336);
    expect(c.breakdown.fullKernelMultiplies).toBe(288);
  });

  it("layerCost spatialSeparableConv2d in=6x8x3 k=[5,3]: one shared column and row, KH+KW (+C bias) params", () => {
    const c = layerCost({
      type: "spatialSeparableConv2d",
      inputShape: [6, 8, 3],
      kernelSize: [5, 3],
    });
    expect(c.outputShape).toEqual([2, 6, 3]);
    expect(c.multiplies).toBe(2 * 8 * 5 * 3 + 2 * 6 * 3 * 3);
    expect(c.params).toBe(5 + 3 + 3);
    expect(
      layerCost({
        type: "spatialSeparableConv2d",
        inputShape: [6, 8, 3],
        kernelSize: [5, 3],
        useBias: false,
      }).params,
    ).toBe(8);
  });
});

describe("layerCost avgPool and softmax", () => {
  it("layerCost avgPool in=7x7x1024 default kernel: global pool, 0 multiplies, 0 params", () => {
    const c = layerCost({ type: "avgPool", inputShape: [7, 7, 1024] });
    expect(c).toEqual({ outputShape: [1, 1, 1024], multiplies: 0, params: 0, breakdown: {} });
  });

  it("layerCost avgPool in=8x8x3 k=2 (strides default to the kernel)", () => {
    expect(
      layerCost({ type: "avgPool", inputShape: [8, 8, 3], kernelSize: 2 }).outputShape,
    ).toEqual([4, 4, 3]);
  });

  it("layerCost avgPool in=8x8x3 k=3 s=1 p=same", () => {
    expect(
      layerCost({
        type: "avgPool",
        inputShape: [8, 8, 3],
        kernelSize: 3,
        strides: 1,
        padding: "same",
      }).outputShape,
    ).toEqual([8, 8, 3]);
  });

  it("layerCost softmax in=1x1x1000: shape unchanged, 0 multiplies, 0 params", () => {
    expect(layerCost({ type: "softmax", inputShape: [1, 1, 1000] })).toEqual({
      outputShape: [1, 1, 1000],
      multiplies: 0,
      params: 0,
      breakdown: {},
    });
  });
});

describe("modelCost", () => {
  const stack: LayerSpec[] = [
    { type: "separableConv2d", name: "sep", inputShape: [12, 12, 3], kernelSize: 5, filters: 256 },
    { type: "avgPool", inputShape: [8, 8, 256] },
    { type: "dense", name: "fc", inputShape: [1, 1, 256], units: 10 },
    { type: "softmax", inputShape: [1, 1, 10] },
  ];

  it("modelCost sep(12x12x3,k5,f256) -> pool -> dense(10) -> softmax: rows and totals", () => {
    const m = modelCost(stack);
    expect(m.layers.map((l) => l.name)).toEqual(["sep", "avgPool_1", "fc", "softmax_3"]);
    expect(m.layers.map((l) => l.outputShape)).toEqual([
      [8, 8, 256],
      [1, 1, 256],
      [1, 1, 10],
      [1, 1, 10],
    ]);
    expect(m.layers[2]).toMatchObject({
      type: "dense",
      inputShape: [1, 1, 256],
      multiplies: 2_560,
      params: 2_570,
    });
    expect(m.totals).toEqual({ multiplies: 53_952 + 2_560, params: 1_099 + 2_570 });
  });

  it("modelCost of no layers is zero", () => {
    expect(modelCost([])).toEqual({ layers: [], totals: { multiplies: 0, params: 0 } });
  });

  it("modelCost costShareByType groups by layer type", () => {
    const shares = costShareByType(modelCost(stack));
    expect(shares.dense?.multiplies).toBe(2_560);
    expect(shares.dense?.multipliesShare).toBeCloseTo(2_560 / 56_512, 12);
    expect(shares.separableConv2d?.paramsShare).toBeCloseTo(1_099 / 3_669, 12);
    expect(shares.conv2d).toBeUndefined();
  });

  it("modelCost rejects a layer whose inputShape is not the previous outputShape", () => {
    const broken = stack.map((l, i) => (i === 2 ? { ...l, inputShape: [1, 1, 255] as const } : l));
    expectShapeError(
      () => modelCost(broken),
      'modelCost: layer 2 "fc" does not take the output of layer 1 "avgPool_1" (avgPool_1 outputShape [1,1,256], fc inputShape [1,1,255])',
    );
  });

  it("modelCost names the layer at fault by index and name", () => {
    const bad: LayerSpec[] = [
      stack[0] as LayerSpec,
      { type: "conv2d", name: "c2", inputShape: [8, 8, 256], kernelSize: 3 },
    ];
    expectOptionError(
      () => modelCost(bad),
      "filters",
      'modelCost: layer 1 "c2" (conv2d): filters is required for a conv2d layer',
    );
    expectOptionError(
      () => modelCost([{ type: "pool" } as never]),
      "type",
      `modelCost: layer 0: type must be one of ${LAYER_TYPES.map((t) => `"${t}"`).join(", ")}, got "pool"`,
    );
  });

  it("modelCost rejects a non-array", () => {
    expectOptionError(
      () => modelCost({} as never),
      "layers",
      "modelCost: layers must be an array of layer specs, got an object ([object Object])",
    );
  });
});

describe("layerCost validation", () => {
  const conv = { type: "conv2d", inputShape: [12, 12, 3], kernelSize: 3, filters: 8 } as const;

  it("layerCost rejects an unknown type, listing the valid ones", () => {
    expectOptionError(
      () => layerCost({ type: "conv3d", inputShape: [1, 1, 1] } as never),
      "type",
      'layerCost: layer type must be one of "conv2d", "depthwiseConv2d", "pointwiseConv2d", "separableConv2d", ' +
        '"spatialSeparableConv2d", "dense", "avgPool", "softmax", got "conv3d"',
    );
  });

  it("layerCost rejects a non-object layer", () => {
    expectOptionError(
      () => layerCost(null as never),
      "layer",
      "layerCost: layer must be an object { type, inputShape, ... }, got null",
    );
  });

  it("layerCost rejects missing filters, units and kernelSize", () => {
    expectOptionError(
      () => layerCost({ type: "conv2d", inputShape: [12, 12, 3], kernelSize: 3 }),
      "filters",
      "layerCost: conv2d layer: filters is required for a conv2d layer",
    );
    expectOptionError(
      () => layerCost({ type: "separableConv2d", name: "s", inputShape: [12, 12, 3], filters: 4 }),
      "kernelSize",
      'layerCost: separableConv2d layer "s": kernelSize is required for a separableConv2d layer',
    );
    expectOptionError(
      () => layerCost({ type: "dense", inputShape: [1, 1, 3] }),
      "units",
      "layerCost: dense layer: units is required for a dense layer",
    );
    expectOptionError(
      () => layerCost({ type: "pointwiseConv2d", inputShape: [4, 4, 3] }),
      "filters",
      "layerCost: pointwiseConv2d layer: filters is required for a pointwiseConv2d layer",
    );
  });

  it("layerCost rejects non-positive or fractional filters, units and kernelSize", () => {
    expectOptionError(
      () => layerCost({ ...conv, filters: 0 }),
      "filters",
      "layerCost: conv2d layer: filters must be a positive integer, got 0",
    );
    expectOptionError(
      () => layerCost({ ...conv, filters: 2.5 }),
      "filters",
      "layerCost: conv2d layer: filters must be a positive integer, got 2.5",
    );
    expectOptionError(
      () => layerCost({ type: "dense", inputShape: [1, 1, 3], units: -1 }),
      "units",
      "layerCost: dense layer: units must be a positive integer, got -1",
    );
    expectOptionError(
      () => layerCost({ ...conv, name: "c", kernelSize: 1.5 }),
      "kernelSize",
      'layerCost: conv2d layer "c": kernelSize must be positive integers, got 1.5 (fractional values are not allowed)',
    );
    expectOptionError(
      () => layerCost({ ...conv, kernelSize: [3, 0] }),
      "kernelSize",
      "layerCost: conv2d layer: kernelSize must be positive integers, got [3,0]",
    );
  });

  it("layerCost rejects an inputShape that is not 3 positive integers", () => {
    expectShapeError(
      () => layerCost({ ...conv, inputShape: [12, 12] as never }),
      "layerCost: conv2d layer: inputShape must be [H, W, C] of 3 positive integers, got [12,12]",
    );
    expectShapeError(
      () => layerCost({ ...conv, inputShape: [12, 0, 3] }),
      "layerCost: conv2d layer: inputShape must be [H, W, C] of 3 positive integers, got [12,0,3]",
    );
    expectShapeError(
      () => layerCost({ ...conv, inputShape: [12, 12, 2.5] }),
      "layerCost: conv2d layer: inputShape must be [H, W, C] of 3 positive integers, got [12,12,2.5]",
    );
  });

  it("layerCost rejects a kernel larger than the padded input", () => {
    expectShapeError(
      () => layerCost({ ...conv, name: "big", inputShape: [3, 3, 3], kernelSize: 5 }),
      'layerCost: conv2d layer "big": kernel 5x5 is larger than the padded input 3x3 with padding "valid" (inputShape [3,3,3])',
    );
    expectShapeError(
      () =>
        layerCost({
          type: "avgPool",
          inputShape: [4, 4, 3],
          kernelSize: 5,
          padding: [
            [1, 0],
            [0, 0],
          ],
        }),
      "layerCost: avgPool layer: kernel 5x5 is larger than the padded input 5x4 with padding [[1,0],[0,0]] (inputShape [4,4,3])",
    );
  });

  it("layerCost rejects a pointwiseConv2d with kernelSize 3", () => {
    expectOptionError(
      () =>
        layerCost({ type: "pointwiseConv2d", inputShape: [8, 8, 3], filters: 4, kernelSize: 3 }),
      "kernelSize",
      "layerCost: pointwiseConv2d layer: a pointwise convolution has a 1x1 kernel, got 3x3; use conv2d",
    );
  });

  it("layerCost rejects a depthMultiplier that is not a positive integer", () => {
    const dw = { type: "depthwiseConv2d", inputShape: [8, 8, 3], kernelSize: 3 } as const;
    expectOptionError(
      () => layerCost({ ...dw, depthMultiplier: 0 }),
      "depthMultiplier",
      "layerCost: depthwiseConv2d layer: depthMultiplier must be a positive integer, got 0",
    );
    expectOptionError(
      () =>
        layerCost({
          type: "separableConv2d",
          inputShape: [8, 8, 3],
          kernelSize: 3,
          filters: 2,
          depthMultiplier: 1.5,
        }),
      "depthMultiplier",
      "layerCost: separableConv2d layer: depthMultiplier must be a positive integer, got 1.5",
    );
  });

  it("layerCost rejects options that do not belong to the layer type", () => {
    expectOptionError(
      () => layerCost({ ...conv, units: 10 }),
      "units",
      "layerCost: conv2d layer: option units does not apply to a conv2d layer (it takes kernelSize, filters, strides, padding, dilations, useBias)",
    );
    expectOptionError(
      () =>
        layerCost({
          type: "spatialSeparableConv2d",
          inputShape: [8, 8, 3],
          kernelSize: 3,
          filters: 4,
        }),
      "filters",
      "layerCost: spatialSeparableConv2d layer: option filters does not apply to a spatialSeparableConv2d layer (it takes kernelSize, strides, padding, dilations, useBias)",
    );
    expectOptionError(
      () => layerCost({ type: "softmax", inputShape: [1, 1, 3], useBias: false }),
      "useBias",
      "layerCost: softmax layer: option useBias does not apply to a softmax layer (it takes no options)",
    );
    expectOptionError(
      () => layerCost({ ...conv, filter: 3 } as never),
      "filter",
      "layerCost: conv2d layer: option filter does not apply to a conv2d layer (it takes kernelSize, filters, strides, padding, dilations, useBias)",
    );
  });

  it("layerCost rejects a non-boolean useBias", () => {
    expectOptionError(
      () => layerCost({ ...conv, useBias: "yes" as never }),
      "useBias",
      'layerCost: conv2d layer: useBias must be true or false, got "yes"',
    );
  });

  it("layerCost relabels strides, padding and dilations errors with the layer", () => {
    expectOptionError(
      () => layerCost({ ...conv, strides: 0 }),
      "strides",
      "layerCost: conv2d layer: strides must be positive integers, got 0",
    );
    expectOptionError(
      () => layerCost({ ...conv, padding: "full" as never }),
      "padding",
      'layerCost: conv2d layer: padding must be "valid", "same" or [[top, bottom], [left, right]], got "full"',
    );
    expectOptionError(
      () => layerCost({ ...conv, strides: 2, dilations: 2 }),
      "dilations",
      "layerCost: conv2d layer: strides [2,2] > 1 together with dilations [2,2] > 1 is not supported (as in TensorFlow); use one or the other",
    );
  });
});
