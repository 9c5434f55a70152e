// The `out` option: every conv op writes into a caller's tensor of the output's shape and returns
// it, with the same values as a fresh output (fast kernels and counting mode), whatever the
// tensor held before; a wrong shape or shared memory is rejected before any work.
import { describe, expect, it } from "vitest";
import {
  OptionError,
  ShapeError,
  Tensor,
  conv2d,
  countMultiplications,
  depthwiseConv2d,
  pointwiseConv2d,
  separableConv2d,
  spatialSeparableConv2d,
  tensor,
} from "../../src/index";
import type { ConvOptions } from "../../src/ops/common";
import { rand } from "../helpers";

type Op = (x: Tensor, options: ConvOptions) => Tensor;

interface OpCase {
  name: string;
  x: number[];
  run: Op;
}

function opCases(): OpCase[] {
  const f3 = rand([3, 3, 5, 7]);
  const d3 = rand([3, 3, 5, 2]);
  const p = rand([10, 6]);
  const p1 = rand([1, 1, 5, 4]);
  const col = rand([3, 1]);
  const row = rand([1, 5]);
  return [
    {
      name: "conv2d x=1x9x8x5 f=3x3x5x7 s=2 p=same",
      x: [1, 9, 8, 5],
      run: (x, o) => conv2d(x, f3, { strides: 2, padding: "same", ...o }),
    },
    {
      name: "conv2d x=9x8x5 (rank 3) f=3x3x5x7 p=valid",
      x: [9, 8, 5],
      run: (x, o) => conv2d(x, f3, o),
    },
    {
      name: "depthwise x=2x7x6x5 f=3x3x5x2 p=same",
      x: [2, 7, 6, 5],
      run: (x, o) => depthwiseConv2d(x, d3, { padding: "same", ...o }),
    },
    {
      name: "pointwise x=1x6x6x5 f=1x1x5x4",
      x: [1, 6, 6, 5],
      run: (x, o) => pointwiseConv2d(x, p1, o),
    },
    {
      name: "pointwise x=1x6x6x5 f=1x1x5x4 s=2 (gathered)",
      x: [1, 6, 6, 5],
      run: (x, o) => pointwiseConv2d(x, p1, { strides: 2, ...o }),
    },
    {
      name: "separable x=1x8x8x5 dw=3x3x5x2 pw=10x6 p=same",
      x: [1, 8, 8, 5],
      run: (x, o) => separableConv2d(x, d3, p, { padding: "same", ...o }),
    },
    {
      name: "separable x=8x8x5 (rank 3) dw=3x3x5x2 pw=10x6 s=2",
      x: [8, 8, 5],
      run: (x, o) => separableConv2d(x, d3, p, { strides: 2, ...o }),
    },
    {
      name: "spatial x=1x9x9x5 k=3x5 p=same",
      x: [1, 9, 9, 5],
      run: (x, o) => spatialSeparableConv2d(x, col, row, { padding: "same", ...o }),
    },
    {
      name: "spatial x=1x9x9x1 k=3x5 p=valid",
      x: [1, 9, 9, 1],
      run: (x, o) => spatialSeparableConv2d(x, col, row, o),
    },
  ];
}

/** A tensor of `shape` full of NaN: any value the op fails to write shows up. */
function poisoned(shape: readonly number[]): Tensor {
  const t = new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
  t.data.fill(Number.NaN);
  return t;
}

describe("out option", () => {
  for (const c of opCases()) {
    const epilogues: [string, (shape: readonly number[]) => ConvOptions][] = [
      ["no epilogue", () => ({})],
      [
        "bias per channel + relu (kernel epilogue)",
        (s) => ({ bias: rand([s.at(-1)!]), activation: "relu" }),
      ],
      // A bias per column and channel is not per channel: finish() applies it, after the copy out.
      [
        "bias per column + prelu (finish epilogue)",
        (s) => ({ bias: rand(s.slice(-2)), activation: "prelu", preluAlpha: rand([s.at(-1)!]) }),
      ],
    ];
    for (const [label, epi] of epilogues) {
      for (const counting of [false, true]) {
        it(`${c.name} ${label} ${counting ? "counting mode" : "fast kernels"}`, () => {
          const x = rand(c.x);
          const fresh = c.run(x, {});
          const epiOptions = epi(fresh.shape);
          const call = (o: ConvOptions) =>
            counting ? countMultiplications(() => c.run(x, o)).result : c.run(x, o);
          const expected = call(epiOptions);
          const out = poisoned(fresh.shape);
          const got = call({ ...epiOptions, out });
          expect(got).toBe(out);
          expect(Array.from(out.data)).toEqual(Array.from(expected.data));
          // Reused: a second call overwrites (does not accumulate into) the same tensor.
          call({ ...epiOptions, out });
          expect(Array.from(out.data)).toEqual(Array.from(expected.data));
        });
      }
    }
  }

  it("out shape 1x8x8x6 != output shape 1x8x8x7: ShapeError naming both, out untouched", () => {
    const x = rand([1, 8, 8, 5]);
    const out = poisoned([1, 8, 8, 6]);
    const call = () => conv2d(x, rand([3, 3, 5, 7]), { padding: "same", out });
    expect(call).toThrow(ShapeError);
    expect(call).toThrow("conv2d: out must have the output's shape [1,8,8,7] (out [1,8,8,6])");
    expect(out.data.every(Number.isNaN)).toBe(true);
  });

  it("rank-3 input needs a rank-3 out: x=8x8x5 out=1x6x6x7 rejected", () => {
    expect(() =>
      conv2d(rand([8, 8, 5]), rand([3, 3, 5, 7]), { out: poisoned([1, 6, 6, 7]) }),
    ).toThrow(/out must have the output's shape \[6,6,7\]/);
  });

  it("out that is not a Tensor: typed error", () => {
    const bad = { out: new Float32Array(7) } as unknown as ConvOptions;
    expect(() => pointwiseConv2d(rand([1, 1, 1, 5]), rand([5, 7]), bad)).toThrow(
      /pointwiseConv2d: out must be a Tensor/,
    );
  });

  it("out sharing memory with x (same buffer, overlapping ranges): OptionError", () => {
    const buffer = new Float32Array(2 * 4 * 4 * 3);
    const x = new Tensor(buffer.subarray(0, 48), [1, 4, 4, 3]);
    x.data.set(rand([48]).data);
    const overlapping = new Tensor(buffer.subarray(48 - 3, 96 - 3), [1, 4, 4, 3]);
    const call = () =>
      depthwiseConv2d(x, rand([3, 3, 3, 1]), { padding: "same", out: overlapping });
    expect(call).toThrow(OptionError);
    expect(call).toThrow("depthwiseConv2d: out shares memory with x");
    // The same buffer without overlap is fine.
    const after = new Tensor(buffer.subarray(48), [1, 4, 4, 3]);
    const filter = rand([3, 3, 3, 1]);
    expect(depthwiseConv2d(x, filter, { padding: "same", out: after }).data).toEqual(
      depthwiseConv2d(x, filter, { padding: "same" }).data,
    );
  });

  it("out that is a filter or the bias: OptionError names it", () => {
    const x = rand([1, 1, 1, 4]);
    const w = rand([4, 4]);
    // A view of the filter's first four values as out.
    const viewOfFilter = new Tensor(w.data.subarray(0, 4), [1, 1, 1, 4]);
    expect(() => pointwiseConv2d(x, w, { out: viewOfFilter })).toThrow(
      "pointwiseConv2d: out shares memory with filter",
    );
    const bias = tensor([1, 2, 3, 4]);
    expect(() => pointwiseConv2d(x, w, { bias, out: new Tensor(bias.data, [1, 1, 1, 4]) })).toThrow(
      "out shares memory with bias",
    );
  });

  it("separable in counting mode counts the same multiplications with out", () => {
    const x = rand([1, 6, 6, 3]);
    const d = rand([3, 3, 3, 1]);
    const p = rand([3, 8]);
    const a = countMultiplications(() => separableConv2d(x, d, p));
    const b = countMultiplications(() => separableConv2d(x, d, p, { out: poisoned([1, 4, 4, 8]) }));
    expect(b.multiplies).toBe(a.multiplies);
  });
});
