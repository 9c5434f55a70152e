// The backward ops' fast kernels against their reference loops (the specification: the loops
// run while countMultiplications is counting), over the forward equivalence tests'
// configurations, larger layers that reach the kernels' blocking, tails and threads, on both
// kernel builds (vitest.config.mts runs this file a second time on the other one).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  biasAddGrad,
  compareTensors,
  conv2DBackpropFilter,
  conv2DBackpropInput,
  conv2d,
  countMultiplications,
  dense,
  denseGrad,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  fusedBatchNorm,
  fusedBatchNormGrad,
  globalAveragePooling2d,
  globalAveragePooling2dGrad,
  kernelInfo,
  type Padding,
  type Pair,
  pointwiseConv2dBackpropFilter,
  pointwiseConv2dBackpropInput,
  relu,
  reluGrad,
  separableConv2dGrad,
  setThreads,
  type Tensor,
  tensor,
  threadCount,
} from "../../src/index";
import { batchNormReluGrad } from "../../src/grad/batch-norm-grad";
import { convCases, rand, tol } from "../helpers";

/** The op's result on the reference loops (countMultiplications switches to them). */
const onReference = <T>(f: () => T): T => countMultiplications(f).result;

/** got ~ want within the tolerance of float32 sums of `terms` products per value. */
function expectClose(got: Tensor, want: Tensor, terms: number): void {
  expect(got.shape).toEqual(want.shape);
  const c = compareTensors(got, want, tol(terms));
  expect(c.kind === "close" ? "close" : c.message).toBe("close");
}

interface Geometry {
  strides?: Pair;
  dilations?: Pair;
  padding?: Padding;
}

const pairOf = (p: Pair | undefined): [number, number] =>
  p === undefined ? [1, 1] : typeof p === "number" ? [p, p] : [p[0], p[1]];

/** dy of the forward output's shape: the forward conv of zeros with a filter of that shape. */
function dyFor(x: readonly number[], filter: readonly number[], g: Geometry): Tensor {
  return rand(
    conv2d(rand(x), rand([filter[0]!, filter[1]!, x[x.length - 1]!, 1]), g)
      .shape.slice(0, -1)
      .concat(filter[3]!),
  );
}

/** Each backward op, fast against the reference, for one configuration. Terms per value: an
 *  input gradient sums KH*KW*Cout (depthwise: KH*KW*M) products, a filter gradient one per
 *  output pixel of the batch. */
function checkAll(
  x: readonly number[],
  kh: number,
  kw: number,
  cout: number,
  m: number,
  g: Geometry,
): void {
  const cin = x[x.length - 1]!;
  const xt = rand(x);
  const f = rand([kh, kw, cin, cout]);
  const dy = dyFor(x, [kh, kw, cin, cout], g);
  const pixels = dy.size / cout;
  expectClose(
    conv2DBackpropInput(x, dy, f, g),
    onReference(() => conv2DBackpropInput(x, dy, f, g)),
    kh * kw * cout,
  );
  expectClose(
    conv2DBackpropFilter(xt, dy, f.shape, g),
    onReference(() => conv2DBackpropFilter(xt, dy, f.shape, g)),
    pixels,
  );
  const df = rand([kh, kw, cin, m]);
  const ddy = dyFor(x, [kh, kw, cin, cin * m], g);
  expectClose(
    depthwiseConv2dNativeBackpropInput(x, ddy, df, g),
    onReference(() => depthwiseConv2dNativeBackpropInput(x, ddy, df, g)),
    kh * kw * m,
  );
  expectClose(
    depthwiseConv2dNativeBackpropFilter(xt, ddy, df.shape, g),
    onReference(() => depthwiseConv2dNativeBackpropFilter(xt, ddy, df.shape, g)),
    pixels,
  );
}

describe("kernel build under test", () => {
  const expected = process.env.SEPCONV_EXPECT_VARIANT;
  it(`kernelInfo().variant is ${expected ?? "relaxed-simd (every supported Node: Node 20 by V8's flag)"}`, () => {
    const wanted =
      expected ?? (process.env.SEPCONV_NO_RELAXED_SIMD === undefined ? "relaxed-simd" : "simd");
    expect(kernelInfo().variant).toBe(wanted);
  });

  it("no module in src/kernels declares a local named exports (tests run src/ as ES modules)", () => {
    // Compiled to CommonJS (dist/), a module reads its own exported constants as exports.NAME:
    // a local `exports` made them undefined there, and the packed GEMM filter came out zeros.
    const dir = path.resolve(__dirname, "../../src/kernels");
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .filter((f) => /\b(const|let|var)\s+exports\b/.test(readFileSync(path.join(dir, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe("fast backward ops == reference loops", () => {
  const cases = convCases();
  it("the configuration list is large and varied", () => {
    expect(cases.length).toBeGreaterThan(300);
    expect(cases.some((c) => c.padding === "same")).toBe(true);
    expect(cases.some((c) => Array.isArray(c.padding))).toBe(true);
    expect(cases.some((c) => pairOf(c.strides)[0] > 1 && pairOf(c.strides)[1] > 1)).toBe(true);
    expect(cases.some((c) => pairOf(c.dilations)[1] > 1)).toBe(true);
    expect(new Set(cases.map((c) => c.multiplier)).size).toBe(3);
  });
  for (const c of cases) {
    it(`conv2d and depthwise input and filter gradients ${c.name}`, () => {
      checkAll(c.x, c.kh, c.kw, c.cout, c.multiplier, {
        strides: c.strides,
        dilations: c.dilations,
        padding: c.padding,
      });
    });
  }
});

// Shapes that reach the kernels' blocking and tails: GEMMs past one 256-wide panel or 64-row
// block (gemmTN's K is the pixel count), channel counts that are not multiples of 4 or 8,
// im2col/col2im over several chunks per image, one-channel convolutions (the depthwise kernels
// with M = Cout), padded lanes and the lane padding of 512-channel pixels, batches of 1-3.
describe("fast backward ops on larger layers == reference loops", () => {
  const big: {
    name: string;
    x: number[];
    k: [number, number];
    cout: number;
    m: number;
    g: Geometry;
  }[] = [
    {
      name: "x=1x9x9x300 k=3x3 p=same cout=262 (K=2700, N past a panel)",
      x: [1, 9, 9, 300],
      k: [3, 3],
      cout: 262,
      m: 1,
      g: { padding: "same" },
    },
    {
      name: "x=2x40x40x80 k=3x3 cout=12 (im2col and col2im in 2 chunks per image)",
      x: [2, 40, 40, 80],
      k: [3, 3],
      cout: 12,
      m: 1,
      g: {},
    },
    {
      name: "x=1x33x31x5 k=4x4 s=3 p=same cout=7 m=3",
      x: [1, 33, 31, 5],
      k: [4, 4],
      cout: 7,
      m: 3,
      g: { strides: 3, padding: "same" },
    },
    {
      name: "x=3x14x14x13 k=3x3 s=2 p=same cout=29 m=2",
      x: [3, 14, 14, 13],
      k: [3, 3],
      cout: 29,
      m: 2,
      g: { strides: 2, padding: "same" },
    },
    {
      name: "x=2x15x17x6 k=5x3 d=2 p=[[3,1],[0,2]] cout=11 m=3",
      x: [2, 15, 17, 6],
      k: [5, 3],
      cout: 11,
      m: 3,
      g: {
        dilations: 2,
        padding: [
          [3, 1],
          [0, 2],
        ],
      },
    },
    {
      name: "x=1x30x29x1 k=3x3 d=2 cout=5 (one channel: depthwise with M = 5)",
      x: [1, 30, 29, 1],
      k: [3, 3],
      cout: 5,
      m: 2,
      g: { dilations: 2 },
    },
    {
      name: "x=3x28x28x1 k=3x3 p=same cout=16 (the digit networks' stem)",
      x: [3, 28, 28, 1],
      k: [3, 3],
      cout: 16,
      m: 1,
      g: { padding: "same" },
    },
    {
      name: "x=2x21x19x37 k=3x3 s=2 p=same cout=9",
      x: [2, 21, 19, 37],
      k: [3, 3],
      cout: 9,
      m: 1,
      g: { strides: 2, padding: "same" },
    },
    {
      name: "x=2x17x17x3 k=5x5 p=same cout=4 m=3 (C*M = 9)",
      x: [2, 17, 17, 3],
      k: [5, 5],
      cout: 4,
      m: 3,
      g: { padding: "same" },
    },
    {
      name: "x=1x6x9x1024 k=3x3 p=same cout=3 (pixel stride padded to 1028)",
      x: [1, 6, 9, 1024],
      k: [3, 3],
      cout: 3,
      m: 1,
      g: { padding: "same" },
    },
    {
      name: "x=1x7x7x256 k=3x3 p=same cout=5 m=2 (C*M = 512, padded to 516)",
      x: [1, 7, 7, 256],
      k: [3, 3],
      cout: 5,
      m: 2,
      g: { padding: "same" },
    },
    {
      name: "x=2x9x14x12 k=3x3 d=[2,1] p=same cout=10 m=2",
      x: [2, 9, 14, 12],
      k: [3, 3],
      cout: 10,
      m: 2,
      g: { dilations: [2, 1], padding: "same" },
    },
    {
      name: "x=1x8x11x36 k=7x3 p=[[3,1],[0,2]] cout=6 m=3",
      x: [1, 8, 11, 36],
      k: [7, 3],
      cout: 6,
      m: 3,
      g: {
        padding: [
          [3, 1],
          [0, 2],
        ],
      },
    },
    {
      name: "x=3x14x14x64 k=3x3 p=same cout=64 (a MobileNet-like layer)",
      x: [3, 14, 14, 64],
      k: [3, 3],
      cout: 64,
      m: 1,
      g: { padding: "same" },
    },
    {
      name: "x=1x11x13x20 k=3x3 s=[2,1] cout=17 m=1",
      x: [1, 11, 13, 20],
      k: [3, 3],
      cout: 17,
      m: 1,
      g: { strides: [2, 1] },
    },
    {
      name: "x=2x5x4x7 k=6x6 p=same cout=3 m=2 (windows wider than the image)",
      x: [2, 5, 4, 7],
      k: [6, 6],
      cout: 3,
      m: 2,
      g: { padding: "same" },
    },
    {
      name: "x=2x9x10x6 k=3x3 s=2 p=same cout=5 m=4 (the multiplier's copies summed as vectors)",
      x: [2, 9, 10, 6],
      k: [3, 3],
      cout: 5,
      m: 4,
      g: { strides: 2, padding: "same" },
    },
    {
      name: "x=2x28x28x1 k=3x3 p=same cout=16 (the digit networks' stem: one channel, M = Cout)",
      x: [2, 28, 28, 1],
      k: [3, 3],
      cout: 16,
      m: 1,
      g: { padding: "same" },
    },
    // One channel at stride 1 with 16 output channels or more: the filter gradient takes two
    // neighbouring taps at once where both are inside, the other columns tap by tap.
    {
      name: "x=2x13x11x1 k=5x5 p=same cout=20 (tap pairs, a fifth tap alone, 16 + 4 channels)",
      x: [2, 13, 11, 1],
      k: [5, 5],
      cout: 20,
      m: 1,
      g: { padding: "same" },
    },
    {
      name: "x=1x9x12x1 k=4x2 cout=32 (one pair per tap row, two groups of 16 channels)",
      x: [1, 9, 12, 1],
      k: [4, 2],
      cout: 32,
      m: 1,
      g: {},
    },
    {
      name: "x=2x10x9x1 k=3x3 p=[[2,0],[0,3]] cout=16 (uneven padding at the pairs' edges)",
      x: [2, 10, 9, 1],
      k: [3, 3],
      cout: 16,
      m: 1,
      g: {
        padding: [
          [2, 0],
          [0, 3],
        ],
      },
    },
    {
      name: "x=2x11x13x1 k=3x3 s=2 p=same cout=16 (one channel at stride 2: tap by tap)",
      x: [2, 11, 13, 1],
      k: [3, 3],
      cout: 16,
      m: 1,
      g: { strides: 2, padding: "same" },
    },
    {
      name: "x=1x12x10x1 k=3x3 d=2 p=same cout=16 (one channel, dilated: tap by tap)",
      x: [1, 12, 10, 1],
      k: [3, 3],
      cout: 16,
      m: 1,
      g: { dilations: 2, padding: "same" },
    },
    {
      name: "x=1x6x3x1 k=3x5 p=same cout=16 (a window wider than the image: pairs with no overlap)",
      x: [1, 6, 3, 1],
      k: [3, 5],
      cout: 16,
      m: 1,
      g: { padding: "same" },
    },
    // An odd width's last tap goes two window rows at a time (dwTapRows).
    {
      name: "x=2x9x8x1 k=5x1 p=same cout=16 (one channel, a window one wide: only row pairs)",
      x: [2, 9, 8, 1],
      k: [5, 1],
      cout: 16,
      m: 1,
      g: { padding: "same" },
    },
    {
      name: "x=2x12x9x1 k=3x3 d=[2,1] p=same cout=16 (the row pairs two input rows apart)",
      x: [2, 12, 9, 1],
      k: [3, 3],
      cout: 16,
      m: 1,
      g: { dilations: [2, 1], padding: "same" },
    },
    {
      name: "x=2x12x9x1 k=3x3 s=[2,1] p=same cout=16 (stride 2 down the rows only)",
      x: [2, 12, 9, 1],
      k: [3, 3],
      cout: 16,
      m: 1,
      g: { strides: [2, 1], padding: "same" },
    },
    {
      name: "x=2x12x12x16 k=3x3 p=same cout=32 (a narrow conv: the filter gradient's unpacked tile)",
      x: [2, 12, 12, 16],
      k: [3, 3],
      cout: 32,
      m: 1,
      g: { padding: "same" },
    },
    {
      name: "x=2x8x7x3 k=3x2 d=2 cout=8 m=8 (C*M = 24, two vectors per channel)",
      x: [2, 8, 7, 3],
      k: [3, 2],
      cout: 8,
      m: 8,
      g: { dilations: 2 },
    },
  ];
  for (const c of big) {
    it(c.name, () => checkAll(c.x, c.k[0], c.k[1], c.cout, c.m, c.g));
  }

  // Pointwise: one GEMM each way when stride 1 and unpadded, else the 1x1 window through
  // im2col / col2im.
  const pointwise: { name: string; x: number[]; cout: number; g: Geometry; rank2?: boolean }[] = [
    { name: "x=2x13x11x67 f=67x301", x: [2, 13, 11, 67], cout: 301, g: {}, rank2: true },
    {
      name: "x=1x7x7x300 f=300x21 (49 pixels: a last row group of one)",
      x: [1, 7, 7, 300],
      cout: 21,
      g: {},
    },
    {
      name: "x=1x20x20x260 f=260x70 (400 pixels: gemmTN's K in two blocks, M past 64-row blocks)",
      x: [1, 20, 20, 260],
      cout: 70,
      g: {},
    },
    {
      name: "x=2x9x9x5 f=5x600 (N in three panels)",
      x: [2, 9, 9, 5],
      cout: 600,
      g: {},
      rank2: true,
    },
    {
      name: "x=3x5x6x9 f=9x13 s=2 p=same",
      x: [3, 5, 6, 9],
      cout: 13,
      g: { strides: 2, padding: "same" },
    },
    { name: "x=1x6x6x3 f=3x4 (K = 3: B's strips in registers)", x: [1, 6, 6, 3], cout: 4, g: {} },
    {
      name: "x=2x6x5x4 f=4x2 p=[[1,0],[2,1]] (padded 1x1)",
      x: [2, 6, 5, 4],
      cout: 2,
      g: {
        padding: [
          [1, 0],
          [2, 1],
        ],
      },
    },
    {
      name: "x=3x10x10x32 f=32x16 (the unpacked filter-gradient tile, a partial last block)",
      x: [3, 10, 10, 32],
      cout: 16,
      g: {},
    },
    {
      name: "x=8x14x14x64 f=64x128 (a MobileNet-like pointwise layer)",
      x: [8, 14, 14, 64],
      cout: 128,
      g: {},
    },
  ];
  for (const c of pointwise) {
    it(`pointwise input and filter gradients ${c.name}`, () => {
      const cin = c.x[3]!;
      const xt = rand(c.x);
      const f = c.rank2 ? rand([cin, c.cout]) : rand([1, 1, cin, c.cout]);
      const dy = dyFor(c.x, [1, 1, cin, c.cout], c.g);
      const pixels = dy.size / c.cout;
      expectClose(
        pointwiseConv2dBackpropInput(c.x, dy, f, c.g),
        onReference(() => pointwiseConv2dBackpropInput(c.x, dy, f, c.g)),
        c.cout,
      );
      expectClose(
        pointwiseConv2dBackpropFilter(xt, dy, f.shape, c.g),
        onReference(() => pointwiseConv2dBackpropFilter(xt, dy, f.shape, c.g)),
        pixels,
      );
    });
  }

  it("separableConv2dGrad x=2x12x10x13 dw=3x3x13x2 pw=26x19 s=2 p=same: all four gradients", () => {
    const x = rand([2, 12, 10, 13]);
    const dw = rand([3, 3, 13, 2]);
    const pw = rand([26, 19]);
    const dy = rand([2, 6, 5, 19]);
    const got = separableConv2dGrad(x, dw, pw, dy, { strides: 2, padding: "same" });
    const want = onReference(() =>
      separableConv2dGrad(x, dw, pw, dy, { strides: 2, padding: "same" }),
    );
    expectClose(got.dx, want.dx, 9 * 2 * 19);
    expectClose(got.dDepthwiseFilter, want.dDepthwiseFilter, 60 * 19);
    expectClose(got.dPointwiseFilter, want.dPointwiseFilter, 60);
  });

  const biases: { name: string; dy: number[]; biasShape?: number[] }[] = [
    { name: "dy=3x7x5x13 (one per channel)", dy: [3, 7, 5, 13] },
    { name: "dy=32x14x14x64", dy: [32, 14, 14, 64] },
    { name: "dy=5x3 (a dense layer's)", dy: [5, 3] },
    { name: "dy=2x4x4x6 biasShape=[1,1,6]", dy: [2, 4, 4, 6], biasShape: [1, 1, 6] },
    {
      name: "dy=2x4x4x6 biasShape=[4,1,6] (not per channel: the reference loop)",
      dy: [2, 4, 4, 6],
      biasShape: [4, 1, 6],
    },
    { name: "dy=4x9 biasShape=[1] (one value for all)", dy: [4, 9], biasShape: [1] },
  ];
  for (const b of biases) {
    it(`biasAddGrad ${b.name}`, () => {
      const dy = rand(b.dy);
      const got = biasAddGrad(dy, b.biasShape);
      const want = onReference(() => biasAddGrad(dy, b.biasShape));
      // Both sum in float64: equal up to the last float32 rounding.
      expectClose(got, want, 1);
    });
  }
});

/** Batch norm's kernels: channel counts below, at and past the vector groups (4, 8, 16) and
 *  their scalar tails, ranks 2 and 4, rows in one block and in many. */
const BATCH_NORM_SHAPES = [
  [5, 1],
  [7, 3],
  [2, 3, 4, 5],
  [2, 7, 7, 13],
  [32, 7, 7, 64],
  [3, 2, 2, 130],
];

describe("fast fusedBatchNormGrad == reference loop", () => {
  // Both modes, and two more channel counts: exactly one and four groups of eight.
  const shapes = [...BATCH_NORM_SHAPES, [3, 6, 5, 8], [4, 9, 9, 32]];
  for (const shape of shapes) {
    for (const training of [true, false]) {
      for (const activation of ["linear", "relu"] as const) {
        it(`x=${shape.join("x")} training=${training} activation=${activation}`, () => {
          const c = shape[shape.length - 1]!;
          const x = rand(shape);
          const dy = rand(shape);
          const [scale, offset] = [rand([c]), rand([c])];
          const forward = fusedBatchNorm(x, scale, offset, { training: true, activation });
          const options = {
            training,
            mean: forward.mean,
            variance: training
              ? forward.variance
              : tensor(
                  Array.from(forward.variance.data, (v) => v + 0.5),
                  [c],
                ),
            ...(activation === "relu" ? { activation, y: forward.y } : {}),
          };
          const got = fusedBatchNormGrad(dy, x, scale, options);
          const want = onReference(() => fusedBatchNormGrad(dy, x, scale, options));
          const rows = x.size / c;
          expectClose(got.dScale, want.dScale, rows);
          expectClose(got.dOffset, want.dOffset, rows);
          expectClose(got.dx, want.dx, rows);
          if (activation === "relu") {
            // One pass is the two ops' composition, bit for bit.
            const { activation: _, y: __, ...linear } = options;
            const two = fusedBatchNormGrad(reluGrad(dy, forward.y), x, scale, linear);
            for (const k of ["dx", "dScale", "dOffset"] as const)
              expect(Array.from(got[k].data), k).toEqual(Array.from(two[k].data));
          }
        });
      }
    }
  }
});

describe("batchNormReluGrad (the layers' ReLU test recomputed from x) == fusedBatchNormGrad with y", () => {
  // Bit for bit: the forward kernel wrote y = max((x - mean) * k + offset, 0), and the gradient
  // masks by the same float32 test. Inference mode too, with NaN, infinities and zeros in x (the
  // moving statistics stay finite), and channel counts across the vector groups and tails.
  const bits = (t: Tensor) => Array.from(t.data, (v) => (Object.is(v, -0) ? "-0" : v));
  const shapes = BATCH_NORM_SHAPES;
  for (const shape of shapes) {
    for (const training of [true, false]) {
      it(`x=${shape.join("x")} training=${training}`, () => {
        const c = shape[shape.length - 1]!;
        const x = rand(shape);
        const special = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
        if (!training) for (let i = 0; i < x.size; i += 7) x.data[i] = special[(i / 7) % 5]!;
        const dy = rand(shape);
        const [scale, offset] = [rand([c]), rand([c])];
        offset.data[0] = 0;
        const moving = {
          movingMean: rand([c]),
          movingVariance: tensor(rand([c]).data.map(Math.abs), [c]),
        };
        // Channel 0's x at its moving mean now and then: (x - mean) * k + 0 = 0 before the ReLU.
        if (!training)
          for (let i = 3 * c; i < x.size; i += 5 * c) x.data[i] = moving.movingMean.data[0]!;
        const forward = fusedBatchNorm(x, scale, offset, {
          training,
          ...moving,
          activation: "relu",
        });
        const options = { training, mean: forward.mean, variance: forward.variance, y: forward.y };
        const got = batchNormReluGrad(dy, x, scale, offset, options, true);
        const want = fusedBatchNormGrad(dy, x, scale, { ...options, activation: "relu" });
        for (const k of ["dx", "dScale", "dOffset"] as const)
          expect(bits(got[k]), k).toEqual(bits(want[k]));
      });
    }
  }
});

describe("batchNormReluGrad's recomputed ReLU test where the normalization's rounding decides it", () => {
  // (x - mean) * k + offset with offset = -round(xc * k): a multiply then an add gives exactly 0
  // (masked), a fused multiply-add gives the product's rounding error (kept when positive). The
  // gradient must recompute the test the way the forward kernel computed y, whichever the build.
  it("x=4x5x5x16 inference: dx bit for bit as with y", () => {
    const shape = [4, 5, 5, 16];
    const c = 16;
    const epsilon = 1e-3;
    const x = rand(shape);
    const dy = rand(shape);
    const [scale, offset] = [rand([c]), rand([c])];
    const moving = {
      movingMean: rand([c]),
      movingVariance: tensor(
        rand([c]).data.map((v) => Math.abs(v) + 0.1),
        [c],
      ),
    };
    let residues = 0;
    for (let ch = 0; ch < c; ch++) {
      const k = Math.fround(scale.data[ch]! / Math.sqrt(moving.movingVariance.data[ch]! + epsilon));
      // The channel's first value whose product xc * k is not a float32: its offset cancels it.
      for (let i = ch; i < x.size; i += c) {
        const xc = Math.fround(x.data[i]! - moving.movingMean.data[ch]!);
        const p = Math.fround(xc * k);
        if (xc * k - p > 0) {
          offset.data[ch] = -p;
          for (let j = ch; j < x.size; j += 3 * c) x.data[j] = x.data[i]!;
          residues++;
          break;
        }
      }
    }
    expect(residues).toBeGreaterThan(8);
    const options = { training: false, ...moving, epsilon, activation: "relu" as const };
    const forward = fusedBatchNorm(x, scale, offset, options);
    const grad = { training: false, mean: forward.mean, variance: forward.variance, epsilon };
    const got = batchNormReluGrad(dy, x, scale, offset, { ...grad, y: forward.y }, true);
    const want = fusedBatchNormGrad(dy, x, scale, { ...grad, y: forward.y, activation: "relu" });
    expect(Array.from(got.dx.data)).toEqual(Array.from(want.dx.data));
    expect(Array.from(got.dScale.data)).toEqual(Array.from(want.dScale.data));
  });
});

describe("fast reluGrad == reference loop (a selection: exactly equal)", () => {
  const shapes = [[1], [3, 5], [2, 7, 7, 13], [32, 7, 7, 64], [3, 2, 2, 130]];
  for (const shape of shapes) {
    it(`x=${shape.join("x")} with zeros, -0, NaN and infinities among the values`, () => {
      const x = rand(shape);
      const dy = rand(shape);
      const special = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
      for (let i = 0; i < x.size; i += 7) x.data[i] = special[(i / 7) % special.length]!;
      for (let i = 3; i < dy.size; i += 11) dy.data[i] = special[((i - 3) / 11) % special.length]!;
      const got = reluGrad(dy, x);
      const want = onReference(() => reluGrad(dy, x));
      expect(got.shape).toEqual(want.shape);
      expect(Array.from(got.data)).toEqual(Array.from(want.data));
    });
  }
});

describe("fast fusedBatchNorm: statistics of a large batch far from zero", () => {
  // 131,072 rows around 300: float32 sums over all the rows would drift by about 1e-4 of the
  // mean; float32 blocks of at most 64 rows into float64 totals keep the mean and the variance
  // within float32 rounding of the float64 loops.
  it("x=32x64x64x16 around 300, training", () => {
    const x = rand([32, 64, 64, 16]);
    for (let i = 0; i < x.size; i++) x.data[i] = 300 + x.data[i]!;
    const [scale, offset] = [rand([16]), rand([16])];
    const got = fusedBatchNorm(x, scale, offset, { training: true });
    const want = onReference(() => fusedBatchNorm(x, scale, offset, { training: true }));
    // The mean within about an ulp (3e-5 at 300: 1e-7 relative), the variance within float32
    // block sums' rounding; y then moves by up to |scale / std| times the mean's ulp.
    const within = {
      mean: { rtol: 2.5e-7, atol: 0 },
      variance: { rtol: 1e-5, atol: 0 },
      y: { rtol: 1e-5, atol: 2e-4 },
    };
    for (const k of ["mean", "variance", "y"] as const) {
      const c = compareTensors(got[k], want[k], within[k]);
      expect(c.kind === "close" ? "close" : c.message, k).toBe("close");
    }
  });
});

describe("fast fusedBatchNorm, relu and globalAveragePooling2dGrad == reference loops", () => {
  // The training layers' forward ops. Batch norm in float32 lanes (block sums into float64
  // totals): within float32 rounding of the float64 loops; ReLU and the pooling gradient bit for
  // bit.
  const shapes = BATCH_NORM_SHAPES;
  const bits = (t: Tensor | undefined) => Array.from(t!.data, (v) => (Object.is(v, -0) ? "-0" : v));
  for (const shape of shapes) {
    for (const training of [true, false]) {
      it(`fusedBatchNorm x=${shape.join("x")} training=${training}`, () => {
        const c = shape[shape.length - 1]!;
        const x = rand(shape);
        for (let i = 0; i < x.size; i += 5) x.data[i] = x.data[i]! * 40 + 3; // spread, offset
        const moving = {
          movingMean: rand([c]),
          movingVariance: tensor(rand([c]).data.map(Math.abs), [c]),
        };
        const options = { training, ...moving, momentum: 0.9, epsilon: 1e-3 };
        const [scale, offset] = [rand([c]), rand([c])];
        const got = fusedBatchNorm(x, scale, offset, options);
        const want = onReference(() => fusedBatchNorm(x, scale, offset, options));
        const rows = x.size / c;
        for (const k of ["y", "mean", "variance", "movingMean", "movingVariance"] as const)
          expectClose(got[k]!, want[k]!, rows);
        // With activation "relu": ReLU of the same y in the kernels' one pass, and close to the
        // loops' ReLU of theirs.
        const withRelu = { ...options, activation: "relu" as const };
        const fused = fusedBatchNorm(x, scale, offset, withRelu);
        expect(bits(fused.y)).toEqual(bits(relu(got.y)));
        expectClose(fused.y, onReference(() => fusedBatchNorm(x, scale, offset, withRelu)).y, rows);
        expect(bits(fused.mean)).toEqual(bits(got.mean));
      });
    }
    if (shape.length === 4)
      it(`globalAveragePooling2dGrad x=${shape.join("x")}`, () => {
        const dy = rand([shape[0]!, shape[3]!]);
        const special = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
        for (let i = 1; i < dy.size; i += 3) dy.data[i] = special[((i - 1) / 3) % 5]!;
        const got = globalAveragePooling2dGrad(shape, dy);
        expect(bits(got)).toEqual(bits(onReference(() => globalAveragePooling2dGrad(shape, dy))));
      });
    it(`relu x=${shape.join("x")} with zeros, -0, NaN and infinities among the values`, () => {
      const x = rand(shape);
      const special = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
      for (let i = 0; i < x.size; i += 7) x.data[i] = special[(i / 7) % special.length]!;
      expect(bits(relu(x))).toEqual(bits(onReference(() => relu(x))));
    });
  }
});

describe("multi-threaded backward ops (setThreads(2)) == one thread", () => {
  /** Runs `call` until a worker thread has run part of it, for up to 5 s (a busy machine may
   *  not schedule the worker before the calling thread takes its part over). */
  const onWorkers = (call: () => void): void => {
    const before = kernelInfo().workerLists;
    const until = Date.now() + 5000;
    do call();
    while (kernelInfo().workerLists === before && Date.now() < until);
    expect(kernelInfo().workerLists).toBeGreaterThan(before);
  };
  const x = rand([8, 28, 28, 32]);
  const f = rand([3, 3, 32, 48]);
  const dy = rand([8, 28, 28, 48]);
  const pwf = rand([32, 48]);
  // Depthwise splits only calls of 50 M multiply-adds or more (kernels/fast.ts).
  const dx = rand([8, 56, 56, 128]);
  const dwf = rand([3, 3, 128, 2]);
  const ddy = rand([8, 56, 56, 256]);
  const wideDw = rand([3, 3, 64, 4]);
  const same = { padding: "same" } as const;
  const layers: { name: string; terms: number; run: () => Tensor }[] = [
    {
      name: "conv2DBackpropInput x=8x28x28x32 f=3x3x32x48 p=same (images split)",
      terms: 9 * 48,
      run: () => conv2DBackpropInput(x.shape, dy, f, same),
    },
    {
      name: "conv2DBackpropFilter x=8x28x28x32 f=3x3x32x48 p=same (pixels split)",
      terms: 8 * 784,
      run: () => conv2DBackpropFilter(x, dy, f.shape, same),
    },
    {
      name: "pointwiseConv2dBackpropInput x=8x28x28x32 f=32x48 (GEMM rows split)",
      terms: 48,
      run: () => pointwiseConv2dBackpropInput(x.shape, dy, pwf),
    },
    {
      name: "pointwiseConv2dBackpropFilter x=8x28x28x32 f=32x48 (pixels split)",
      terms: 8 * 784,
      run: () => pointwiseConv2dBackpropFilter(x, dy, pwf.shape),
    },
    {
      name: "depthwiseConv2dNativeBackpropInput x=8x56x56x128 f=3x3x128x2 p=same (stride 1: the forward kernel, rows split)",
      terms: 18,
      run: () => depthwiseConv2dNativeBackpropInput(dx.shape, ddy, dwf, same),
    },
    {
      name: "depthwiseConv2dNativeBackpropInput x=8x112x112x64 f=3x3x64x4 s=2 p=same (scattered, images split)",
      terms: 36,
      run: () =>
        depthwiseConv2dNativeBackpropInput([8, 112, 112, 64], ddy, wideDw, {
          strides: 2,
          padding: "same",
        }),
    },
    {
      name: "depthwiseConv2dNativeBackpropFilter x=8x56x56x128 f=3x3x128x2 p=same (rows split)",
      terms: 8 * 3136,
      run: () => depthwiseConv2dNativeBackpropFilter(dx, ddy, dwf.shape, same),
    },
  ];
  for (const l of layers) {
    it(l.name, () => {
      setThreads(1);
      const one = l.run();
      setThreads(2);
      try {
        expect(threadCount()).toBe(2);
        // Filter gradients sum per thread, then add up: another order of float32 additions.
        onWorkers(() => expectClose(l.run(), one, l.terms));
      } finally {
        setThreads(1);
      }
    });
  }
});

describe("fast dense, denseGrad and globalAveragePooling2d == reference loops (exactly equal)", () => {
  // Float64 lanes summing each output's terms in the loops' order: bit for bit (sums in float32
  // would differ). Units and input units below, at and past the four-unit groups and their
  // scalar tails; batch 1 and more.
  const bits = (t: Tensor) => Array.from(t.data, (v) => (Object.is(v, -0) ? "-0" : v));
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [2, 4, 4],
    [32, 64, 10],
    [5, 130, 9],
    [7, 3, 13],
  ];
  for (const [batch, inUnits, units] of shapes) {
    it(`batch ${batch}, ${inUnits} -> ${units} units`, () => {
      const x = rand([batch, inUnits]);
      for (let i = 0; i < x.size; i += 3) x.data[i] = x.data[i]! * 1e4 + 7;
      const kernel = rand([inUnits, units]);
      const bias = rand([units]);
      const dy = rand([batch, units]);
      for (const options of [{}, { bias }]) {
        const got = dense(x, kernel, options);
        expect(bits(got)).toEqual(bits(onReference(() => dense(x, kernel, options))));
      }
      const got = denseGrad(x, kernel, dy);
      const want = onReference(() => denseGrad(x, kernel, dy));
      for (const k of ["dx", "dKernel", "dBias"] as const)
        expect(bits(got[k]), k).toEqual(bits(want[k]));
    });
  }
  for (const shape of [
    [1, 1, 1, 1],
    [2, 3, 5, 7],
    [32, 7, 7, 64],
    [3, 4, 4, 130],
  ]) {
    it(`globalAveragePooling2d x=${shape.join("x")}`, () => {
      const x = rand(shape);
      for (let i = 0; i < x.size; i += 5) x.data[i] = x.data[i]! * 1e4 + 3;
      const got = globalAveragePooling2d(x);
      expect(bits(got)).toEqual(bits(onReference(() => globalAveragePooling2d(x))));
    });
  }
});
