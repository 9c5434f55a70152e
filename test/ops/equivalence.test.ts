// Every op against its reference loops, and the algebraic identities the course relies on,
// over a list of configurations (odd sizes, strides, dilations, all paddings, batch > 1).
import { describe, expect, it } from "vitest";
import {
  Tensor,
  compareTensors,
  conv2d,
  depthwiseConv2d,
  pointwiseConv2d,
  reference,
  separableConv2d,
  spatialSeparableConv2d,
  tensor,
  setThreads,
  threadCount,
  allClose,
  zeros,
  OptionError,
  kernelInfo,
} from "../../src/index";
import { convCases, matmul, rand, tol } from "../helpers";
import { holdWorkers } from "../../src/kernels/threads";

function expectClose(got: Tensor, expected: Tensor, terms: number): void {
  const c = compareTensors(got, expected, tol(terms));
  expect(c.kind === "close" ? "close" : c.message).toBe("close");
}

const cases = convCases();

// vitest.config.mts runs this file a second time on the other kernel build; make sure it is that one.
describe("kernel build under test", () => {
  const expected = process.env.SEPCONV_EXPECT_VARIANT;
  it(`kernelInfo().variant is ${expected ?? "relaxed-simd (every supported Node: Node 20 by V8's flag)"}`, () => {
    const wanted =
      expected ?? (process.env.SEPCONV_NO_RELAXED_SIMD === undefined ? "relaxed-simd" : "simd");
    expect(kernelInfo().variant).toBe(wanted);
  });
});

describe("fast ops == reference loops", () => {
  it("the configuration list is large and varied", () => {
    expect(cases.length).toBeGreaterThan(300);
    expect(cases.some((c) => c.padding === "same")).toBe(true);
    expect(cases.some((c) => Array.isArray(c.padding))).toBe(true);
  });
  for (const c of cases) {
    const cin = c.x[c.x.length - 1]!;
    const opts = { strides: c.strides, dilations: c.dilations, padding: c.padding };
    it(`conv2d ${c.name}`, () => {
      const x = rand(c.x);
      const f = rand([c.kh, c.kw, cin, c.cout]);
      const got = conv2d(x, f, opts);
      const want = reference.conv2d(x, f, opts);
      expect(got.rank).toBe(c.x.length);
      expectClose(got, want, c.kh * c.kw * cin);
    });
    it(`depthwiseConv2d ${c.name}`, () => {
      const x = rand(c.x);
      const f = rand([c.kh, c.kw, cin, c.multiplier]);
      expectClose(depthwiseConv2d(x, f, opts), reference.depthwiseConv2d(x, f, opts), c.kh * c.kw);
    });
    it(`separableConv2d == depthwise then pointwise ${c.name}`, () => {
      const x = rand(c.x);
      const dw = rand([c.kh, c.kw, cin, c.multiplier]);
      const pw = rand([1, 1, cin * c.multiplier, c.cout]);
      const bias = rand([c.cout]);
      const got = separableConv2d(x, dw, pw, { ...opts, bias, activation: "relu" });
      const mid = reference.depthwiseConv2d(x, dw, opts);
      const want = reference.pointwiseConv2d(mid, pw, { bias, activation: "relu" });
      expectClose(got, want, c.kh * c.kw * cin * c.multiplier);
      expectClose(
        reference.separableConv2d(x, dw, pw, { ...opts, bias, activation: "relu" }),
        want,
        1,
      );
    });
    it(`spatialSeparableConv2d == conv2d with the outer product ${c.name}`, () => {
      const x = rand(c.x);
      const column = rand([c.kh, 1]);
      const row = rand([1, c.kw]);
      const full = new Float32Array(c.kh * c.kw * cin * cin); // [KH,KW,C,C], diagonal in channels
      for (let a = 0; a < c.kh; a++)
        for (let b = 0; b < c.kw; b++)
          for (let ch = 0; ch < cin; ch++)
            full[((a * c.kw + b) * cin + ch) * cin + ch] = column.data[a]! * row.data[b]!;
      const want = reference.conv2d(x, new Tensor(full, [c.kh, c.kw, cin, cin]), opts);
      expectClose(spatialSeparableConv2d(x, column, row, opts), want, c.kh * c.kw);
      expectClose(reference.spatialSeparableConv2d(x, column, row, opts), want, c.kh * c.kw);
    });
  }
});

describe("pointwise", () => {
  const shapes: [number[], number, number][] = [
    [[1, 4, 4, 3], 1, 8],
    [[2, 5, 3, 7], 2, 4],
    [[6, 6, 16], 1, 5],
    [[1, 7, 7, 1], 3, 2],
  ];
  for (const [xs, stride, cout] of shapes) {
    const cin = xs[xs.length - 1]!;
    it(`pointwiseConv2d == per-pixel matrix multiply x=${xs.join("x")} s=${stride} cout=${cout}`, () => {
      const x = rand(xs);
      const w = rand([cin, cout]);
      const got = pointwiseConv2d(x, w, { strides: stride });
      // Gather the strided pixels into a [P, Cin] matrix and multiply by W [Cin, Cout].
      const [n, h, wd] = xs.length === 4 ? [xs[0]!, xs[1]!, xs[2]!] : [1, xs[0]!, xs[1]!];
      const ho = Math.ceil(h / stride);
      const wo = Math.ceil(wd / stride);
      const pixels = new Float32Array(n * ho * wo * cin);
      let p = 0;
      for (let b = 0; b < n; b++)
        for (let i = 0; i < ho; i++)
          for (let j = 0; j < wo; j++)
            for (let ch = 0; ch < cin; ch++)
              pixels[p++] = x.data[((b * h + i * stride) * wd + j * stride) * cin + ch]!;
      const want = matmul(pixels, w.data, n * ho * wo, cin, cout);
      const wantShape = xs.length === 4 ? [n, ho, wo, cout] : [ho, wo, cout];
      expectClose(got, new Tensor(want, wantShape), cin);
      expectClose(pointwiseConv2d(x, w.reshape([1, 1, cin, cout]), { strides: stride }), got, cin);
    });
  }

  it("two stacked linear 1x1 convs == one 1x1 conv with W1 W2 (x=1x6x6x5, 5->7->3)", () => {
    const x = rand([1, 6, 6, 5]);
    const w1 = rand([5, 7]);
    const w2 = rand([7, 3]);
    const stacked = pointwiseConv2d(pointwiseConv2d(x, w1), w2);
    const merged = pointwiseConv2d(x, new Tensor(matmul(w1.data, w2.data, 5, 7, 3), [5, 3]));
    expectClose(stacked, merged, 35);
  });

  it("a ReLU between two 1x1 convs does not collapse into one (x=1x6x6x5, 5->7->3)", () => {
    const x = rand([1, 6, 6, 5]);
    const w1 = rand([5, 7]);
    const w2 = rand([7, 3]);
    const stacked = pointwiseConv2d(pointwiseConv2d(x, w1, { activation: "relu" }), w2);
    const merged = pointwiseConv2d(x, new Tensor(matmul(w1.data, w2.data, 5, 7, 3), [5, 3]));
    expect(compareTensors(stacked, merged, tol(35)).kind).toBe("values");
  });
});

describe("hand-computed TensorFlow semantics", () => {
  const x = tensor(
    Array.from({ length: 16 }, (_, i) => i + 1),
    [1, 4, 4, 1],
  );
  const ones3 = tensor(new Array(9).fill(1), [3, 3, 1, 1]);
  it("same padding puts the odd extra row/column at the bottom/right (x=1x4x4x1 f=3x3 s=2 p=same)", () => {
    // total padding 1 per axis: 0 before, 1 after, so the first window is rows 0-2, cols 0-2.
    expect(conv2d(x, ones3, { strides: 2, padding: "same" }).toArray()).toEqual([
      [
        [[54], [45]],
        [[72], [54]],
      ],
    ]);
    expect(reference.conv2d(x, ones3, { strides: 2, padding: "same" }).toArray()).toEqual([
      [
        [[54], [45]],
        [[72], [54]],
      ],
    ]);
  });
  it("cross-correlation, no kernel flip (x=1x4x4x1 f=2x2 [[1,0],[0,0]] p=valid)", () => {
    const topLeft = tensor([1, 0, 0, 0], [2, 2, 1, 1]);
    // Picking the top-left tap returns x itself without its last row and column.
    expect(conv2d(x, topLeft).toArray()).toEqual([
      [
        [[1], [2], [3]],
        [[5], [6], [7]],
        [[9], [10], [11]],
      ],
    ]);
  });
  it("dilation 2 reads every other pixel (x=1x4x4x1 f=2x2 ones d=2)", () => {
    const f = tensor([1, 1, 1, 1], [2, 2, 1, 1]);
    // window taps at (0,0),(0,2),(2,0),(2,2): 1+3+9+11 = 24
    expect(conv2d(x, f, { dilations: 2 }).toArray()).toEqual([
      [
        [[24], [28]],
        [[40], [44]],
      ],
    ]);
  });
  it("depthwise channel order is c*M + m (x=1x1x1x2 f=1x1x2x3)", () => {
    const xc = tensor([10, 100], [1, 1, 1, 2]);
    const f = tensor([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]); // filter[0,0,c,m] = 3c + m + 1
    expect(depthwiseConv2d(xc, f).toArray()).toEqual([[[[10, 20, 30, 400, 500, 600]]]]);
  });
  it("bias broadcasts per channel and per position (x=1x4x4x1 f=3x3 p=valid)", () => {
    expect(conv2d(x, ones3, { bias: tensor([1]) }).toArray()).toEqual([
      [
        [[55], [64]],
        [[91], [100]],
      ],
    ]);
    const perPosition = tensor([1, 2, 3, 4], [2, 2, 1]);
    expect(conv2d(x, ones3, { bias: perPosition }).toArray()).toEqual([
      [
        [[55], [65]],
        [[93], [103]],
      ],
    ]);
  });
  it("activation relu and prelu after the bias (x=1x4x4x1 f=3x3 bias=-60)", () => {
    const bias = tensor([-60]);
    expect(conv2d(x, ones3, { bias, activation: "relu" }).toArray()).toEqual([
      [
        [[0], [3]],
        [[30], [39]],
      ],
    ]);
    const alpha = tensor([0.5]);
    expect(conv2d(x, ones3, { bias, activation: "prelu", preluAlpha: alpha }).toArray()).toEqual([
      [
        [[-3], [3]],
        [[30], [39]],
      ],
    ]);
  });
  it("rank-3 input gives rank-3 output (x=4x4x1 f=3x3)", () => {
    expect(conv2d(x.reshape([4, 4, 1]), ones3).shape).toEqual([2, 2, 1]);
  });
});

// Shapes that reach the SIMD kernels' blocking and padding code: K and N past the 256-float
// panels with tails, im2col spread over several chunks, channel counts that are not multiples
// of four, depth multipliers that expand them, one-channel images (the width-vectorised path).
describe("fast kernels on larger layers == reference loops", () => {
  const big: {
    name: string;
    x: number[];
    f: number[];
    kind: "conv" | "dw" | "pw" | "sep";
    opts: {
      strides?: number | [number, number];
      padding?: "valid" | "same";
      dilations?: number | [number, number];
    };
    m?: number;
    cout?: number;
  }[] = [
    {
      name: "conv x=1x9x9x300 f=3x3x300x262 p=same (K=2700, N=262)",
      x: [1, 9, 9, 300],
      f: [3, 3, 300, 262],
      kind: "conv",
      opts: { padding: "same" },
    },
    {
      name: "conv x=2x40x40x80 f=3x3x80x12 s=1 (im2col in 2 chunks per image)",
      x: [2, 40, 40, 80],
      f: [3, 3, 80, 12],
      kind: "conv",
      opts: {},
    },
    {
      name: "conv x=1x33x31x5 f=4x4x5x7 s=3 p=same",
      x: [1, 33, 31, 5],
      f: [4, 4, 5, 7],
      kind: "conv",
      opts: { strides: 3, padding: "same" },
    },
    {
      name: "conv x=1x30x30x1 f=7x7x1x1 (one channel: width-vectorised)",
      x: [1, 30, 30, 1],
      f: [7, 7, 1, 1],
      kind: "conv",
      opts: {},
    },
    {
      name: "conv x=1x30x29x1 f=3x3x1x5 d=2 (one channel, Cout 5)",
      x: [1, 30, 29, 1],
      f: [3, 3, 1, 5],
      kind: "conv",
      opts: { dilations: 2 },
    },
    {
      name: "conv x=2x28x28x1 f=3x3x1x16 p=same (the digit networks' stem: one channel splatted to 16 lanes)",
      x: [2, 28, 28, 1],
      f: [3, 3, 1, 16],
      kind: "conv",
      opts: { padding: "same" },
    },
    {
      name: "conv x=1x9x30x1 f=3x3x1x20 d=[2,1] p=same (one channel: runs of four pixels, single ones at the borders)",
      x: [1, 9, 30, 1],
      f: [3, 3, 1, 20],
      kind: "conv",
      opts: { dilations: [2, 1], padding: "same" },
    },
    {
      name: "conv x=2x7x21x1 f=3x3x1x8 (one channel, valid: runs of four pixels, then the last three)",
      x: [2, 7, 21, 1],
      f: [3, 3, 1, 8],
      kind: "conv",
      opts: {},
    },
    {
      name: "conv x=2x12x11x1 f=5x5x1x12 p=same (one channel read as it is: 5-wide quads, three vectors)",
      x: [2, 12, 11, 1],
      f: [5, 5, 1, 12],
      kind: "conv",
      opts: { padding: "same" },
    },
    {
      name: "conv x=1x10x9x1 f=3x3x1x8 d=2 p=same (one channel read as it is, pixel by pixel)",
      x: [1, 10, 9, 1],
      f: [3, 3, 1, 8],
      kind: "conv",
      opts: { dilations: 2, padding: "same" },
    },
    {
      name: "conv x=1x9x7x1 f=3x3x1x32 s=2 p=same (one channel, Cout 32)",
      x: [1, 9, 7, 1],
      f: [3, 3, 1, 32],
      kind: "conv",
      opts: { strides: 2, padding: "same" },
    },
    { name: "pw x=2x13x11x67 f=67x301", x: [2, 13, 11, 67], f: [67, 301], kind: "pw", opts: {} },
    {
      name: "pw x=1x7x7x300 f=300x21 (49 pixels: a last row group of one; K past one panel)",
      x: [1, 7, 7, 300],
      f: [300, 21],
      kind: "pw",
      opts: {},
    },
    {
      name: "pw x=1x13x11x20 f=20x9 s=2 p=same",
      x: [1, 13, 11, 20],
      f: [20, 9],
      kind: "pw",
      opts: { strides: 2, padding: "same" },
    },
    // K <= 4: full strips of B held in registers (stripSmallK), the partial strip by the tiles;
    // N past one panel (256 columns); strided A rows (lda > K).
    {
      name: "pw x=1x5x7x1 f=1x300 (K=1, two panels, partial strip)",
      x: [1, 5, 7, 1],
      f: [1, 300],
      kind: "pw",
      opts: {},
    },
    {
      name: "pw x=2x3x5x2 f=2x16 (K=2, full strips only)",
      x: [2, 3, 5, 2],
      f: [2, 16],
      kind: "pw",
      opts: {},
    },
    {
      name: "pw x=1x6x6x3 f=3x523 (K=3, three panels, partial strip)",
      x: [1, 6, 6, 3],
      f: [3, 523],
      kind: "pw",
      opts: {},
    },
    {
      name: "pw x=1x9x8x4 f=4x13 s=2 (K=4, gathered rows, partial strip)",
      x: [1, 9, 8, 4],
      f: [4, 13],
      kind: "pw",
      opts: { strides: 2 },
    },
    {
      name: "pw x=1x4x4x4 f=4x5 (K=4, one partial strip only)",
      x: [1, 4, 4, 4],
      f: [4, 5],
      kind: "pw",
      opts: {},
    },
    {
      name: "dw x=1x21x19x37 f=3x3x37x1 s=2 p=same",
      x: [1, 21, 19, 37],
      f: [3, 3, 37, 1],
      kind: "dw",
      opts: { strides: 2, padding: "same" },
    },
    {
      name: "dw x=2x17x17x3 f=5x5x3x3 p=same (C*M = 9)",
      x: [2, 17, 17, 3],
      f: [5, 5, 3, 3],
      kind: "dw",
      opts: { padding: "same" },
    },
    {
      name: "dw x=1x64x64x1 f=1x7x1x1 p=same (width-vectorised)",
      x: [1, 64, 64, 1],
      f: [1, 7, 1, 1],
      kind: "dw",
      opts: { padding: "same" },
    },
    {
      name: "dw x=1x50x49x1 f=7x1x1x1 s=2 (strided one channel)",
      x: [1, 50, 49, 1],
      f: [7, 1, 1, 1],
      kind: "dw",
      opts: { strides: 2 },
    },
    // The 3x3 four-pixel path (stride 1 across the width), with strided/dilated rows, next to
    // border pixels and pairs; channel counts whose pixel stride is padded (512, 1024: +4 lanes).
    {
      name: "dw x=2x9x14x12 f=3x3x12x1 d=[2,1] p=same (four-pixel path, dilated rows)",
      x: [2, 9, 14, 12],
      f: [3, 3, 12, 1],
      kind: "dw",
      opts: { dilations: [2, 1], padding: "same" },
    },
    {
      name: "dw x=1x11x13x20 f=3x3x20x1 s=[2,1] (four-pixel path, strided rows)",
      x: [1, 11, 13, 20],
      f: [3, 3, 20, 1],
      kind: "dw",
      opts: { strides: [2, 1] },
    },
    // Windows five wide take the four-pixel path too, over any number of window rows.
    {
      name: "dw x=1x10x15x8 f=5x5x8x1 p=same (five-wide four-pixel path, border rows and columns)",
      x: [1, 10, 15, 8],
      f: [5, 5, 8, 1],
      kind: "dw",
      opts: { padding: "same" },
    },
    {
      name: "dw x=2x13x14x20 f=3x5x20x1 d=[2,1] (five wide, three dilated rows)",
      x: [2, 13, 14, 20],
      f: [3, 5, 20, 1],
      kind: "dw",
      opts: { dilations: [2, 1] },
    },
    {
      name: "dw x=1x9x17x4 f=1x5x4x1 s=[2,1] p=same (one row five wide, strided rows)",
      x: [1, 9, 17, 4],
      f: [1, 5, 4, 1],
      kind: "dw",
      opts: { strides: [2, 1], padding: "same" },
    },
    {
      name: "dw x=1x8x11x36 f=7x3x36x1 p=same (three wide, seven rows)",
      x: [1, 8, 11, 36],
      f: [7, 3, 36, 1],
      kind: "dw",
      opts: { padding: "same" },
    },
    {
      name: "dw x=1x5x7x3 f=5x5x3x1 p=same (RGB rows copied in fours: 35 pixels, three left over)",
      x: [1, 5, 7, 3],
      f: [5, 5, 3, 1],
      kind: "dw",
      opts: { padding: "same" },
    },
    {
      name: "dw x=1x6x9x1024 f=3x3x1024x1 p=same (pixel stride padded to 1028)",
      x: [1, 6, 9, 1024],
      f: [3, 3, 1024, 1],
      kind: "dw",
      opts: { padding: "same" },
    },
    {
      name: "dw x=1x7x7x256 f=3x3x256x2 p=same (C*M=512, padded to 516)",
      x: [1, 7, 7, 256],
      f: [3, 3, 256, 2],
      kind: "dw",
      opts: { padding: "same" },
    },
    {
      name: "sep x=1x7x10x512 dw=3x3x512x1 pw=512x40 p=same (padded stride, GEMM lda 516)",
      x: [1, 7, 10, 512],
      f: [3, 3, 512, 1],
      kind: "sep",
      opts: { padding: "same" },
      cout: 40,
    },
    {
      name: "sep x=1x20x20x18 dw=3x3x18x2 pw=36x70 s=2 p=same",
      x: [1, 20, 20, 18],
      f: [3, 3, 18, 2],
      kind: "sep",
      opts: { strides: 2, padding: "same" },
      cout: 70,
    },
    {
      name: "sep x=2x12x12x3 dw=5x5x3x1 pw=3x256 (textbook)",
      x: [2, 12, 12, 3],
      f: [5, 5, 3, 1],
      kind: "sep",
      opts: {},
      cout: 256,
    },
    // Few rows (<= 256 pixels) and a filter larger than one packed panel: B read in place
    // (gemmDirect), strips packed in pairs as needed; K past one KC block, partial pairs.
    {
      name: "pw x=1x7x7x300 f=300x230 (49 rows, B in place: K in two blocks, last pair 6 wide)",
      x: [1, 7, 7, 300],
      f: [300, 230],
      kind: "pw",
      opts: {},
    },
    {
      name: "pw x=2x8x8x260 f=260x257 (batch 2: 128 rows, B in place, last pair 1 wide)",
      x: [2, 8, 8, 260],
      f: [260, 257],
      kind: "pw",
      opts: {},
    },
    {
      name: "pw x=1x3x3x517 f=517x131 (9 rows: a last group of one, B in place)",
      x: [1, 3, 3, 517],
      f: [517, 131],
      kind: "pw",
      opts: {},
    },
    {
      name: "sep x=1x7x10x512 dw=3x3x512x1 pw=512x200 p=same (B in place, A rows 516 apart)",
      x: [1, 7, 10, 512],
      f: [3, 3, 512, 1],
      kind: "sep",
      opts: { padding: "same" },
      cout: 200,
    },
    // Outputs of 1 MB or more are allocated unzeroed: every element must still be written.
    {
      name: "sep x=1x40x40x16 dw=3x3x16x1 pw=16x180 p=same (one thread, 288000-float output unzeroed)",
      x: [1, 40, 40, 16],
      f: [3, 3, 16, 1],
      kind: "sep",
      opts: { padding: "same" },
      cout: 180,
    },
    {
      name: "conv x=1x64x66x8 f=3x3x8x64 p=same (270336-float output unzeroed)",
      x: [1, 64, 66, 8],
      f: [3, 3, 8, 64],
      kind: "conv",
      opts: { padding: "same" },
    },
  ];
  for (const c of big) {
    it(c.name, () => {
      const x = rand(c.x);
      const f = rand(c.f);
      let got: Tensor;
      let want: Tensor;
      let terms: number;
      if (c.kind === "conv") {
        got = conv2d(x, f, c.opts);
        want = reference.conv2d(x, f, c.opts);
        terms = c.f[0]! * c.f[1]! * c.f[2]!;
      } else if (c.kind === "pw") {
        got = pointwiseConv2d(x, f, c.opts);
        want = reference.pointwiseConv2d(x, f, c.opts);
        terms = c.f[0]!;
      } else if (c.kind === "dw") {
        got = depthwiseConv2d(x, f, c.opts);
        want = reference.depthwiseConv2d(x, f, c.opts);
        terms = c.f[0]! * c.f[1]!;
      } else {
        const pw = rand([c.f[2]! * c.f[3]!, c.cout!]);
        got = separableConv2d(x, f, pw, c.opts);
        want = reference.separableConv2d(x, f, pw, c.opts);
        terms = c.f[0]! * c.f[1]! * c.f[2]! * c.f[3]!;
      }
      expectClose(got, want, terms);
    });
  }
});

describe("large outputs own their memory", () => {
  // Allocated without zeroing above 1 MB (kernels/wasm.ts outputArray), but still an array of
  // its own: offset 0 in an ArrayBuffer of exactly its size (safe to transfer to a worker).
  const cases = [
    {
      name: "separable x=1x40x40x16 pw=16x180 (288000 floats)",
      run: () =>
        separableConv2d(rand([1, 40, 40, 16]), rand([3, 3, 16, 1]), rand([16, 180]), {
          padding: "same",
        }),
    },
    {
      name: "depthwise x=1x64x64x64 (262144 floats)",
      run: () => depthwiseConv2d(rand([1, 64, 64, 64]), rand([3, 3, 64, 1]), { padding: "same" }),
    },
    {
      name: "separable x=1x12x12x3 pw=3x256 (16384 floats, zeroed path)",
      run: () => separableConv2d(rand([1, 12, 12, 3]), rand([5, 5, 3, 1]), rand([3, 256])),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const y = c.run();
      expect(y.data.byteOffset).toBe(0);
      expect(y.data.buffer.byteLength).toBe(y.data.length * 4);
      expect(y.data.every(Number.isFinite)).toBe(true);
    });
  }
});

describe("multi-threaded mode (setThreads(2)) == one thread", () => {
  const layers = [
    {
      name: "separable x=1x56x56x64 dw=3x3 pw=64x96 p=same",
      run: () => separableConv2d(X56, DW, PW, { padding: "same" }),
    },
    {
      name: "conv2d x=1x56x56x64 f=3x3x64x16 s=2 p=same (im2col chunks on both threads)",
      run: () => conv2d(X56, F3, { strides: 2, padding: "same" }),
    },
    {
      name: "depthwise x=1x110x110x256 f=3x3x256x2 p=same (56 M MACs with the padded lanes: rows split)",
      run: () => depthwiseConv2d(X110, DW256, { padding: "same" }),
    },
    {
      name: "pointwise x=2x40x40x64 f=64x96 (GEMM rows split)",
      run: () => pointwiseConv2d(X40, PW),
    },
    {
      name: "pointwise x=1x14x14x512 f=512x300 (B in place: column ranges split)",
      run: () => pointwiseConv2d(X14, PW512),
    },
    {
      name: "separable x=1x7x7x1024 dw=3x3 pw=1024x200 p=same (one block per thread, B in place)",
      run: () => separableConv2d(X7, DW1024, PW1024, { padding: "same" }),
    },
    {
      name: "conv2d x=1x1500x1500x1 f=5x5x1x1 (one channel, 56 M MACs: rows split)",
      run: () => conv2d(X1, F1),
    },
    {
      // A task per image and thread: more than a worker's task area holds, run in rounds
      // (this threw "too many tasks for one worker" from about 340 images on).
      name: "conv2d x=600x12x12x8 f=3x3x8x16 s=2 p=same (600 images: the tasks go in rounds)",
      run: () => conv2d(X600, F8, { strides: 2, padding: "same" }),
    },
    {
      // Through im2col: each thread writes its chunk's matrix into a buffer of its own.
      name: "conv2d x=64x48x48x4 f=1x1x4x24 s=2 (a 1x1 window over four channels: im2col chunks)",
      run: () => conv2d(X4, F114, { strides: 2 }),
    },
  ];
  const X600 = rand([600, 12, 12, 8]);
  const X4 = rand([64, 48, 48, 4]);
  const F114 = rand([1, 1, 4, 24]);
  const F8 = rand([3, 3, 8, 16]);
  const X56 = rand([1, 56, 56, 64]);
  const X40 = rand([2, 40, 40, 64]);
  const X1 = rand([1, 1500, 1500, 1]);
  const X110 = rand([1, 110, 110, 256]);
  const X14 = rand([1, 14, 14, 512]);
  const PW512 = rand([512, 300]);
  const X7 = rand([1, 7, 7, 1024]);
  const DW1024 = rand([3, 3, 1024, 1]);
  const PW1024 = rand([1024, 200]);
  const DW256 = rand([3, 3, 256, 2]);
  const DW = rand([3, 3, 64, 1]);
  const PW = rand([64, 96]);
  const F3 = rand([3, 3, 64, 16]);
  const F1 = rand([5, 5, 1, 1]);
  const B96 = rand([96]);
  /** Runs `call` until a worker thread has run part of it, for up to 5 s: on a busy machine the
   *  worker may not be scheduled before the calling thread is done, which then takes its part
   *  over (the result is the same). Every result must pass. */
  const onWorkers = (call: () => void): void => {
    const before = kernelInfo().workerLists;
    const until = Date.now() + 5000;
    do call();
    while (kernelInfo().workerLists === before && Date.now() < until);
    expect(kernelInfo().workerLists).toBeGreaterThan(before);
  };
  for (const l of layers) {
    it(l.name, () => {
      setThreads(1);
      const one = l.run();
      setThreads(2);
      try {
        expect(threadCount()).toBe(2);
        // The call is really split: a worker thread runs part of it.
        onWorkers(() => expect(allClose(l.run(), one, { rtol: 1e-6, atol: 1e-6 })).toBe(true));
      } finally {
        setThreads(1);
      }
    });
  }
  it("separable x=1x56x56x64 dw=3x3 pw=64x96 p=same into out (two threads)", () => {
    const one = separableConv2d(X56, DW, PW, { padding: "same" });
    const out = zeros([1, 56, 56, 96]);
    setThreads(2);
    try {
      onWorkers(() => {
        out.data.fill(0);
        expect(separableConv2d(X56, DW, PW, { padding: "same", out })).toBe(out);
        expect(allClose(out, one, { rtol: 1e-6, atol: 1e-6 })).toBe(true);
      });
    } finally {
      setThreads(1);
    }
  });
  // A worker that has not claimed its list when the calling thread is done with its own (asleep,
  // descheduled; here held on purpose) gets it taken over: the same result, no waiting for it.
  it("separable x=1x56x56x64 dw=3x3 pw=64x96 p=same with the worker held: the calling thread takes its list over", () => {
    const one = separableConv2d(X56, DW, PW, { padding: "same", bias: B96, activation: "relu" });
    setThreads(2);
    holdWorkers(true);
    try {
      const before = kernelInfo();
      const two = separableConv2d(X56, DW, PW, { padding: "same", bias: B96, activation: "relu" });
      expect(kernelInfo().takenOver - before.takenOver).toBe(1);
      expect(kernelInfo().workerLists).toBe(before.workerLists);
      expect(allClose(two, one, { rtol: 1e-6, atol: 1e-6 })).toBe(true);
      // Released, the worker takes the next call's list again (and does not run the old one).
      holdWorkers(false);
      onWorkers(() =>
        expect(
          allClose(
            separableConv2d(X56, DW, PW, { padding: "same", bias: B96, activation: "relu" }),
            one,
            { rtol: 1e-6, atol: 1e-6 },
          ),
        ).toBe(true),
      );
    } finally {
      holdWorkers(false);
      setThreads(1);
    }
  });
  it("setThreads rejects bad counts", () => {
    expect(() => setThreads(0)).toThrow(
      /^setThreads: n must be an integer from 1 to 64, got 0 \(this machine has \d+ cores\)$/,
    );
    expect(() => setThreads(1.5)).toThrow(OptionError);
  });
});

// The epilogue the kernels apply in their own memory (per-channel bias, ReLU, PReLU) against
// the reference, including padded channel counts and the general-broadcast fallback.
describe("fused epilogue == reference epilogue", () => {
  const x = rand([2, 9, 7, 5]);
  const cases: {
    name: string;
    run: (
      m:
        | typeof reference
        | {
            conv2d: typeof conv2d;
            depthwiseConv2d: typeof depthwiseConv2d;
            pointwiseConv2d: typeof pointwiseConv2d;
            separableConv2d: typeof separableConv2d;
            spatialSeparableConv2d: typeof spatialSeparableConv2d;
          },
    ) => Tensor;
  }[] = [
    {
      name: "conv2d f=3x3x5x6 bias=[6] relu",
      run: (m) => m.conv2d(x, F, { bias: B6, activation: "relu", padding: "same" }),
    },
    {
      name: "conv2d f=3x3x5x6 bias=[1,1,6] prelu alpha=[6]",
      run: (m) =>
        m.conv2d(x, F, { bias: B6.reshape([1, 1, 6]), activation: "prelu", preluAlpha: A6 }),
    },
    {
      name: "conv2d f=3x3x5x6 prelu alpha=[1] (one slope)",
      run: (m) => m.conv2d(x, F, { activation: "prelu", preluAlpha: A1 }),
    },
    {
      name: "conv2d f=3x3x5x6 bias=[7,1,6] (per row: general broadcast) relu",
      run: (m) => m.conv2d(x, F, { bias: BPOS, activation: "relu" }),
    },
    {
      name: "depthwise f=3x3x5x2 (C*M=10, padded to 12) bias=[10] prelu alpha=[10]",
      run: (m) => m.depthwiseConv2d(x, DW2, { bias: B10, activation: "prelu", preluAlpha: A10 }),
    },
    {
      name: "depthwise f=3x3x5x2 relu",
      run: (m) => m.depthwiseConv2d(x, DW2, { activation: "relu" }),
    },
    {
      name: "pointwise f=5x6 bias=[6] relu s=2",
      run: (m) => m.pointwiseConv2d(x, PW6, { bias: B6, activation: "relu", strides: 2 }),
    },
    {
      name: "separable dw=3x3x5x2 pw=10x6 bias=[6] prelu alpha=[1]",
      run: (m) =>
        m.separableConv2d(x, DW2, PW10, { bias: B6, activation: "prelu", preluAlpha: A1 }),
    },
    // 25 output rows per block here (16384 / (20 * 32)): blocks of 25, 25 and 10 rows per image,
    // each block's output getting the epilogue on its own before it is copied out.
    {
      name: "separable x=2x60x20x32 dw=3x3x32x1 pw=32x12 p=same bias=[12] relu (three blocks per image)",
      run: (m) =>
        m.separableConv2d(XB, DWB, PWB, { bias: B12, activation: "relu", padding: "same" }),
    },
    {
      name: "separable x=2x60x20x32 dw=3x3x32x1 pw=32x12 p=same prelu alpha=[12] into out (three blocks per image)",
      run: (m) =>
        m.separableConv2d(XB, DWB, PWB, {
          activation: "prelu",
          preluAlpha: A12,
          padding: "same",
          out: zeros([2, 60, 20, 12]),
        }),
    },
    {
      name: "spatial column=[3,1] row=[1,2] (C=5, padded to 8) bias=[5] prelu alpha=[5] p=same",
      run: (m) =>
        m.spatialSeparableConv2d(x, COL, ROW, {
          bias: B5,
          activation: "prelu",
          preluAlpha: A5,
          padding: "same",
        }),
    },
    {
      name: "spatial column=[3,1] row=[1,2] s=2 bias=[9,1,5] (general broadcast) relu p=same",
      run: (m) =>
        m.spatialSeparableConv2d(x, COL, ROW, {
          bias: B95,
          activation: "relu",
          strides: 2,
          padding: "same",
        }),
    },
  ];
  const XB = rand([2, 60, 20, 32]);
  const DWB = rand([3, 3, 32, 1]);
  const PWB = rand([32, 12]);
  const B12 = rand([12]);
  const A12 = rand([12]);
  const COL = rand([3, 1]);
  const ROW = rand([1, 2]);
  const B5 = rand([5]);
  const A5 = rand([5]);
  const B95 = rand([5, 1, 5]);
  const F = rand([3, 3, 5, 6]);
  const DW2 = rand([3, 3, 5, 2]);
  const PW6 = rand([5, 6]);
  const PW10 = rand([10, 6]);
  const B6 = rand([6]);
  const B10 = rand([10]);
  const BPOS = rand([7, 1, 6]);
  const A6 = rand([6]);
  const A10 = rand([10]);
  const A1 = tensor([0.2]);
  for (const c of cases) {
    it(c.name, () => {
      const fast = c.run({
        conv2d,
        depthwiseConv2d,
        pointwiseConv2d,
        separableConv2d,
        spatialSeparableConv2d,
      });
      expectClose(fast, c.run(reference), 200);
    });
  }
  it("ReLU keeps NaN and -0 as the reference does (pointwise 1x1 on [NaN, -0, -2, 3])", () => {
    const v = tensor([Number.NaN, -0, -2, 3], [1, 1, 4, 1]);
    const one = tensor([1], [1, 1]);
    const out = pointwiseConv2d(v, one, { activation: "relu" }).data;
    expect(Number.isNaN(out[0]!)).toBe(true);
    expect(Object.is(out[1], -0)).toBe(
      Object.is(reference.pointwiseConv2d(v, one, { activation: "relu" }).data[1], -0),
    );
    expect(Array.from(out.subarray(2))).toEqual([0, 3]);
  });
});
