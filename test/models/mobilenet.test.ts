import { describe, it, expect } from "vitest";
import { mobilenetV1, MOBILENET_V1_BLOCKS } from "../../src/models/mobilenet";
import { modelCost, costShareByType, layerCost } from "../../src/cost";
import { OptionError } from "../../src/errors";
import { expectError } from "../helpers";

const M = 1e6;

function expectOptionError(fn: () => unknown, option: string, message: string): void {
  expect(expectError(fn, OptionError, message).option).toBe(option);
}

describe("mobilenetV1 layer list (Table 1)", () => {
  const layers = mobilenetV1();

  it("mobilenetV1 alpha=1 res=224: conv1, 13 dw/pw pairs, avg_pool, fc, softmax", () => {
    const names = ["conv1"];
    for (let i = 1; i <= 13; i++) names.push(`conv_dw_${i}`, `conv_pw_${i}`);
    names.push("avg_pool", "fc", "softmax");
    expect(layers.map((l) => l.name)).toEqual(names);
    expect(
      layers.every((l) => l.type === "avgPool" || l.type === "softmax" || l.useBias === false),
    ).toBe(true);
  });

  it("mobilenetV1 alpha=1 res=224: input sizes of the rows read like Table 1", () => {
    // Table 1 "Input Size" column, conv1 then each dw/pw row, with the last dw at stride 1.
    const table1 = [
      [224, 224, 3],
      [112, 112, 32],
      [112, 112, 32],
      [112, 112, 64],
      [56, 56, 64],
      [56, 56, 128],
      [56, 56, 128],
      [56, 56, 128],
      [28, 28, 128],
      [28, 28, 256],
      [28, 28, 256],
      [28, 28, 256],
      [14, 14, 256],
      ...Array.from({ length: 10 }, () => [14, 14, 512]),
      [14, 14, 512],
      [7, 7, 512],
      [7, 7, 1024],
      [7, 7, 1024],
      [7, 7, 1024],
      [1, 1, 1024],
      [1, 1, 1000],
    ];
    expect(layers.map((l) => [...l.inputShape])).toEqual(table1);
  });

  it("mobilenetV1 conv1 is 3x3 s2 32 filters, depthwise layers 3x3 same, the 13th dw at stride 1", () => {
    expect(layers[0]).toMatchObject({
      type: "conv2d",
      kernelSize: 3,
      strides: 2,
      filters: 32,
      padding: "same",
    });
    const dws = layers.filter((l) => l.type === "depthwiseConv2d");
    expect(dws).toHaveLength(13);
    expect(dws.every((l) => l.kernelSize === 3 && l.padding === "same")).toBe(true);
    expect(dws.map((l) => l.strides)).toEqual([1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1]);
    // With Table 1's printed s2 the last map would be 4x4, not the 7x7 the pool expects.
    const last = dws[12]!;
    expect(layerCost({ ...last, strides: 2 }).outputShape).toEqual([4, 4, 1024]);
  });

  it("mobilenetV1 pointwise filters are 64,128,128,256,256,512x6,1024,1024 and fc has 1000 units", () => {
    const pws = layers.filter((l) => l.type === "pointwiseConv2d");
    expect(pws.map((l) => l.filters)).toEqual([
      64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024,
    ]);
    expect(MOBILENET_V1_BLOCKS).toHaveLength(13);
    expect(layers.find((l) => l.name === "fc")).toMatchObject({
      type: "dense",
      units: 1000,
      useBias: false,
    });
  });
});

describe("mobilenetV1 1.0-224 cost (paper: 569M mult-adds, 4.2M params)", () => {
  const cost = modelCost(mobilenetV1());

  it("mobilenetV1 alpha=1 res=224: 568,740,352 multiplies and 4,209,088 params", () => {
    expect(cost.totals).toEqual({ multiplies: 568_740_352, params: 4_209_088 });
    expect(Math.round(cost.totals.multiplies / M)).toBe(569);
    expect(Math.round(cost.totals.params / 1e5) / 10).toBe(4.2);
  });

  it("mobilenetV1 alpha=1 res=224: the exact figure counts the FC weights, no FC bias, pool and softmax at 0", () => {
    const row = (name: string) => cost.layers.find((l) => l.name === name)!;
    expect(row("fc")).toMatchObject({ multiplies: 1_024_000, params: 1_024_000 });
    expect(row("avg_pool")).toMatchObject({ multiplies: 0, params: 0 });
    expect(row("softmax")).toMatchObject({ multiplies: 0, params: 0 });
    expect(row("conv1")).toMatchObject({ multiplies: 10_838_016, params: 864 });
    expect(row("conv_pw_13")).toMatchObject({ multiplies: 51_380_224, params: 1_048_576 });
    // Convolutions alone: 567,716,352 multiplies, 3,185,088 params.
    expect(cost.totals.multiplies - 1_024_000).toBe(567_716_352);
    // A Keras-style FC bias would add 1000 params (still 4.2M), so the paper left it out too.
    const withBias = mobilenetV1().map((l) => (l.name === "fc" ? { ...l, useBias: true } : l));
    expect(modelCost(withBias).totals.params).toBe(4_210_088);
  });

  it("mobilenetV1 alpha=1 res=224 cost shares by type match Table 2", () => {
    const shares = costShareByType(cost);
    // Table 2: Conv 1x1 94.86% / 74.59%, Conv DW 3x3 3.06% / 1.06%, FC 0.18% / 24.33%.
    expect(shares.pointwiseConv2d!.multipliesShare * 100).toBeCloseTo(94.86, 2);
    expect(shares.pointwiseConv2d!.paramsShare * 100).toBeCloseTo(74.59, 2);
    expect(shares.depthwiseConv2d!.multipliesShare * 100).toBeCloseTo(3.06, 2);
    expect(shares.depthwiseConv2d!.paramsShare * 100).toBeCloseTo(1.06, 2);
    expect(shares.dense!.multipliesShare * 100).toBeCloseTo(0.18, 2);
    expect(shares.dense!.paramsShare * 100).toBeCloseTo(24.33, 2);
    // Table 2 prints 1.19% for Conv 3x3; the rows then sum to 99.29%. The count is 1.91%.
    expect(shares.conv2d!.multipliesShare * 100).toBeCloseTo(1.91, 2);
    expect(shares.conv2d!.paramsShare * 100).toBeCloseTo(0.02, 2);
    const total = Object.values(shares).reduce((t, s) => t + s.multipliesShare, 0);
    expect(total).toBeCloseTo(1, 12);
  });
});

describe("mobilenetV1 variants (Tables 4 and 5)", () => {
  it("mobilenetV1 variant=full-convolution: 4,866,269,184 conv multiplies (paper 4866M), 29,281,120 params (29.3M)", () => {
    const layers = mobilenetV1({ variant: "full-convolution" });
    expect(layers.filter((l) => l.type === "conv2d")).toHaveLength(14);
    expect(layers.some((l) => l.type === "depthwiseConv2d" || l.type === "pointwiseConv2d")).toBe(
      false,
    );
    const cost = modelCost(layers);
    expect(cost.totals).toEqual({ multiplies: 4_867_293_184, params: 29_281_120 });
    // The paper's 4866M leaves out the FC layer; its 29.3M params include it.
    const fc = cost.layers.find((l) => l.name === "fc")!;
    expect(cost.totals.multiplies - fc.multiplies).toBe(4_866_269_184);
    expect(Math.floor((cost.totals.multiplies - fc.multiplies) / M)).toBe(4866);
    expect(Math.round(cost.totals.params / 1e5) / 10).toBe(29.3);
  });

  it("mobilenetV1 variant=shallow: no five 14x14x512 blocks, 307,323,392 multiplies and 2,875,328 params (paper 307M, 2.9M)", () => {
    const layers = mobilenetV1({ variant: "shallow" });
    expect(layers.filter((l) => l.type === "pointwiseConv2d").map((l) => l.filters)).toEqual([
      64, 128, 128, 256, 256, 512, 1024, 1024,
    ]);
    expect(layers.map((l) => l.name)).toContain("conv_pw_8");
    expect(layers.map((l) => l.name)).not.toContain("conv_pw_9");
    const { totals } = modelCost(layers);
    expect(totals).toEqual({ multiplies: 307_323_392, params: 2_875_328 });
    expect(Math.round(totals.multiplies / M)).toBe(307);
    expect(Math.round(totals.params / 1e5) / 10).toBe(2.9);
  });
});

describe("mobilenetV1 width multiplier (Table 6) and resolution (Table 7)", () => {
  // [alpha, exact multiplies, exact params, paper's M mult-adds, paper's M params]
  for (const [alpha, mult, params, paperM, paperP] of [
    [1, 568_740_352, 4_209_088, 569, 4.2],
    [0.75, 325_400_448, 2_568_144, 325, 2.6],
    [0.5, 149_497_088, 1_319_648, 149, 1.3],
    [0.25, 41_030_272, 463_600, 41, 0.5],
  ] as const) {
    it(`mobilenetV1 alpha=${alpha} res=224: ${mult} multiplies, ${params} params (paper ${paperM}M, ${paperP}M)`, () => {
      const { totals } = modelCost(mobilenetV1({ widthMultiplier: alpha }));
      expect(totals).toEqual({ multiplies: mult, params });
      expect(Math.abs(totals.multiplies / M - paperM)).toBeLessThan(1);
      expect(Math.round(totals.params / 1e5) / 10).toBe(paperP);
    });
  }

  for (const [res, mult, paperM] of [
    [224, 568_740_352, 569],
    [192, 418_121_728, 418],
    [160, 290_675_200, 290],
    [128, 186_400_768, 186],
  ] as const) {
    it(`mobilenetV1 alpha=1 res=${res}: ${mult} multiplies (paper ${paperM}M), params unchanged 4.2M`, () => {
      const cost = modelCost(mobilenetV1({ inputResolution: res }));
      expect(cost.totals).toEqual({ multiplies: mult, params: 4_209_088 });
      // Table 7 prints 290 for 290.68M (truncated); all are within 1M.
      expect(Math.abs(cost.totals.multiplies / M - paperM)).toBeLessThan(1);
      // The pool is global: 7x7 at 224, 6x6 at 192, 5x5 at 160, 4x4 at 128.
      expect(cost.layers.find((l) => l.name === "avg_pool")!.inputShape).toEqual([
        res / 32,
        res / 32,
        1024,
      ]);
    });
  }

  it("mobilenetV1 alpha=0.75 channels are int(C*alpha): 24 ... 768", () => {
    const layers = mobilenetV1({ widthMultiplier: 0.75 });
    expect(layers[0]!.filters).toBe(24);
    expect(layers.filter((l) => l.type === "pointwiseConv2d").map((l) => l.filters)).toEqual([
      48, 96, 96, 192, 192, 384, 384, 384, 384, 384, 384, 768, 768,
    ]);
    expect(layers.find((l) => l.name === "fc")!.units).toBe(1000);
  });

  it("mobilenetV1 alpha=0.1 rounds down (32*0.1 -> 3) and alpha=0.01 keeps at least one channel", () => {
    expect(mobilenetV1({ widthMultiplier: 0.1 })[0]!.filters).toBe(3);
    expect(mobilenetV1({ widthMultiplier: 0.1 })[2]!.filters).toBe(6);
    expect(mobilenetV1({ widthMultiplier: 0.01 })[0]!.filters).toBe(1);
  });
});

describe("mobilenetV1 validation", () => {
  it("mobilenetV1 rejects widthMultiplier outside (0, 1]", () => {
    expectOptionError(
      () => mobilenetV1({ widthMultiplier: 0 }),
      "widthMultiplier",
      "mobilenetV1: widthMultiplier must be a finite number in (0, 1], got 0",
    );
    expectOptionError(
      () => mobilenetV1({ widthMultiplier: 1.4 }),
      "widthMultiplier",
      "mobilenetV1: widthMultiplier must be a finite number in (0, 1], got 1.4",
    );
    expectOptionError(
      () => mobilenetV1({ widthMultiplier: NaN }),
      "widthMultiplier",
      "mobilenetV1: widthMultiplier must be a finite number in (0, 1], got NaN",
    );
  });

  it("mobilenetV1 rejects a non-integer or non-positive inputResolution", () => {
    expectOptionError(
      () => mobilenetV1({ inputResolution: 0 }),
      "inputResolution",
      "mobilenetV1: inputResolution must be a positive integer, got 0",
    );
    expectOptionError(
      () => mobilenetV1({ inputResolution: 100.5 }),
      "inputResolution",
      "mobilenetV1: inputResolution must be a positive integer, got 100.5",
    );
  });

  it("mobilenetV1 rejects an unknown variant or option", () => {
    expectOptionError(
      () => mobilenetV1({ variant: "deep" as never }),
      "variant",
      'mobilenetV1: variant must be one of "depthwise-separable", "full-convolution", "shallow", got "deep"',
    );
    expectOptionError(
      () => mobilenetV1({ alpha: 0.5 } as never),
      "alpha",
      'mobilenetV1: unknown option "alpha"; known options: widthMultiplier, inputResolution, variant',
    );
  });
});
