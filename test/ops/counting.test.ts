// The multiplications the reference loops actually perform equal the cost model's formula,
// in every padding mode, and the textbook's numbers come out of both.
import { describe, expect, it } from "vitest";
import {
  type LayerSpec,
  type Padding,
  conv2d,
  countMultiplications,
  depthwiseConv2d,
  layerCost,
  pointwiseConv2d,
  reference,
  separableConv2d,
  spatialSeparableConv2d,
  randomNormal,
  separateKernel,
  tensor,
  zeros,
  allClose,
} from "../../src/index";
import { rand } from "../helpers";

describe("the textbook, counted by the loops and by layerCost (x=12x12x3, 5x5 kernels)", () => {
  const x = rand([1, 12, 12, 3]);
  it("standard: 256 filters 5x5x3 -> 8x8x256, 1,228,800 multiplications", () => {
    const { result, multiplies } = countMultiplications(() => conv2d(x, rand([5, 5, 3, 256])));
    expect(result.shape).toEqual([1, 8, 8, 256]);
    expect(multiplies).toBe(1_228_800);
    expect(
      layerCost({ type: "conv2d", inputShape: [12, 12, 3], kernelSize: 5, filters: 256 })
        .multiplies,
    ).toBe(multiplies);
  });
  it("depthwise 5x5x1 per channel -> 8x8x3, 4,800; pointwise 1x1x3 x256 -> 8x8x256, 49,152; separable 53,952", () => {
    const dw = rand([5, 5, 3, 1]);
    const pw = rand([1, 1, 3, 256]);
    const d = countMultiplications(() => depthwiseConv2d(x, dw));
    expect(d.result.shape).toEqual([1, 8, 8, 3]);
    expect(d.multiplies).toBe(4_800);
    const p = countMultiplications(() => pointwiseConv2d(d.result, pw));
    expect(p.result.shape).toEqual([1, 8, 8, 256]);
    expect(p.multiplies).toBe(49_152);
    const s = countMultiplications(() => separableConv2d(x, dw, pw));
    expect(s.multiplies).toBe(53_952);
    expect(allClose(s.result, p.result)).toBe(true);
    const cost = layerCost({
      type: "separableConv2d",
      inputShape: [12, 12, 3],
      kernelSize: 5,
      filters: 256,
    });
    expect(cost.multiplies).toBe(53_952);
    expect(cost.breakdown).toMatchObject({
      depthwiseMultiplies: 4_800,
      pointwiseMultiplies: 49_152,
    });
  });
  it("depth multiplier 2 -> 8x8x6 after the depthwise step", () => {
    const { result, multiplies } = countMultiplications(() =>
      depthwiseConv2d(x, rand([5, 5, 3, 2])),
    );
    expect(result.shape).toEqual([1, 8, 8, 6]);
    expect(multiplies).toBe(9_600);
  });
  it("Keras parameter counts: SeparableConv2D(256, 5) = 1,099; Conv2D(256, 5) = 19,456", () => {
    expect(
      layerCost({ type: "separableConv2d", inputShape: [12, 12, 3], kernelSize: 5, filters: 256 })
        .params,
    ).toBe(1_099);
    expect(
      layerCost({ type: "conv2d", inputShape: [12, 12, 3], kernelSize: 5, filters: 256 }).params,
    ).toBe(19_456);
  });
  it("nested counts each see every multiplication", () => {
    const outer = countMultiplications(() => {
      const inner = countMultiplications(() => depthwiseConv2d(x, rand([5, 5, 3, 1])));
      conv2d(x, rand([5, 5, 3, 1]));
      return inner.multiplies;
    });
    expect(outer.result).toBe(4_800);
    expect(outer.multiplies).toBe(4_800 + 4_800);
  });
  it("outside a count nothing is recorded, and the fast path gives the same values", () => {
    const f = rand([5, 5, 3, 4]);
    const fast = conv2d(x, f);
    const counted = countMultiplications(() => conv2d(x, f)).result;
    expect(allClose(fast, counted, { rtol: 1e-5, atol: 1e-5 })).toBe(true);
  });
});

describe("counted multiplications == layerCost in every padding mode", () => {
  const paddings: Padding[] = [
    "valid",
    "same",
    [
      [2, 1],
      [0, 3],
    ],
  ];
  const layers: {
    h: number;
    w: number;
    c: number;
    k: [number, number];
    s: number | [number, number];
    d: number;
  }[] = [
    { h: 7, w: 9, c: 3, k: [3, 3], s: 1, d: 1 },
    { h: 12, w: 12, c: 2, k: [5, 5], s: 2, d: 1 },
    { h: 10, w: 6, c: 4, k: [3, 1], s: [3, 2], d: 1 },
    { h: 11, w: 11, c: 1, k: [3, 3], s: 1, d: 2 },
  ];
  for (const L of layers) {
    for (const padding of paddings) {
      const name = `x=${L.h}x${L.w}x${L.c} k=${L.k.join("x")} s=${L.s} d=${L.d} p=${JSON.stringify(padding)}`;
      const geometry = { strides: L.s, dilations: L.d, padding };
      const spec = {
        inputShape: [L.h, L.w, L.c] as [number, number, number],
        kernelSize: L.k,
        strides: L.s,
        dilations: L.d,
        padding,
      };
      const x = rand([2, L.h, L.w, L.c]); // batch 2: the count covers both images
      const check = (layer: LayerSpec, run: () => unknown) => {
        const counted = countMultiplications(run).multiplies;
        expect(counted).toBe(2 * layerCost(layer).multiplies);
      };
      it(`conv2d ${name} f=5`, () =>
        check({ type: "conv2d", ...spec, filters: 5 }, () =>
          conv2d(x, rand([...L.k, L.c, 5]), geometry),
        ));
      it(`depthwiseConv2d ${name} m=2`, () =>
        check({ type: "depthwiseConv2d", ...spec, depthMultiplier: 2 }, () =>
          depthwiseConv2d(x, rand([...L.k, L.c, 2]), geometry),
        ));
      it(`separableConv2d ${name} m=2 f=4`, () =>
        check({ type: "separableConv2d", ...spec, depthMultiplier: 2, filters: 4 }, () =>
          separableConv2d(x, rand([...L.k, L.c, 2]), rand([1, 1, L.c * 2, 4]), geometry),
        ));
      it(`spatialSeparableConv2d ${name}`, () =>
        check({ type: "spatialSeparableConv2d", ...spec }, () =>
          spatialSeparableConv2d(x, rand([L.k[0], 1]), rand([1, L.k[1]]), geometry),
        ));
      if (L.d === 1) {
        it(`pointwiseConv2d x=${L.h}x${L.w}x${L.c} s=${L.s} p=${JSON.stringify(padding)} f=3`, () => {
          const { kernelSize: _k, dilations: _d, ...pwSpec } = spec;
          check({ type: "pointwiseConv2d", ...pwSpec, filters: 3 }, () =>
            pointwiseConv2d(x, rand([L.c, 3]), geometry),
          );
        });
      }
    }
  }
});

describe("Sobel and Laplacian", () => {
  const gx = tensor([
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ]);
  it("separateKernel recovers Sobel Gx = [1,2,1]^T x [-1,0,1] and the two passes equal the 3x3 conv (x=1x16x16x1)", () => {
    const parts = separateKernel(gx);
    expect(parts).not.toBeNull();
    const { column, row } = parts!;
    expect(Array.from(column.data).map((v) => Math.round(v * 1e5) / 1e5 + 0)).toEqual([1, 2, 1]);
    expect(Array.from(row.data).map((v) => Math.round(v * 1e5) / 1e5 + 0)).toEqual([-1, 0, 1]);
    const x = randomNormal([1, 16, 16, 1], { seed: 5 });
    for (const padding of ["valid", "same"] as const) {
      const full = conv2d(x, gx.reshape([3, 3, 1, 1]), { padding });
      const twoPass = countMultiplications(() =>
        spatialSeparableConv2d(x, column, row, { padding }),
      );
      expect(allClose(twoPass.result, full, { rtol: 1e-5, atol: 1e-5 })).toBe(true);
      const ho = padding === "valid" ? 14 : 16;
      expect(twoPass.multiplies).toBe(ho * 16 * 3 + ho * ho * 3);
    }
  });
  it("a Laplacian is rank 2 and does not split", () => {
    const lap = tensor([
      [0, 1, 0],
      [1, -4, 1],
      [0, 1, 0],
    ]);
    expect(separateKernel(lap)).toBeNull();
  });
  it("reference.* and countMultiplications agree on a zero input with padding (taps in padding are counted)", () => {
    const r = countMultiplications(() =>
      reference.conv2d(zeros([1, 3, 3, 1]), zeros([3, 3, 1, 1]), { padding: "same" }),
    );
    expect(r.multiplies).toBe(9 * 9);
  });
});
