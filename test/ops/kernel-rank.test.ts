import { describe, it, expect } from "vitest";
import { DataError, OptionError, ShapeError } from "../../src/errors";
import {
  kernelRank,
  lowRankApproximation,
  separateKernel,
  singularValues,
} from "../../src/ops/kernel-rank";
import { Tensor, randomNormal, tensor, zeros } from "../../src/tensor";

const sobelGx = tensor([
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
]);
const sobelGy = tensor([
  [-1, -2, -1],
  [0, 0, 0],
  [1, 2, 1],
]);
const box3 = tensor(new Array(9).fill(1 / 9), [3, 3]);
const binomial = [1, 4, 6, 4, 1];
const gaussian5 = tensor(binomial.map((a) => binomial.map((b) => (a * b) / 256)));
const laplacian = tensor([
  [0, 1, 0],
  [1, -4, 1],
  [0, 1, 0],
]);
const sharpen = tensor([
  [0, -1, 0],
  [-1, 5, -1],
  [0, -1, 0],
]);

/** outer(column, row) as a [H, W] tensor, computed in float64 then stored as float32. */
function outer(column: ArrayLike<number>, row: ArrayLike<number>): Tensor {
  const h = column.length;
  const w = row.length;
  const out = new Float32Array(h * w);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) out[i * w + j] = column[i]! * row[j]!;
  return new Tensor(out, [h, w]);
}

function frobenius(t: Tensor): number {
  let s = 0;
  for (const x of t.data) s += x * x;
  return Math.sqrt(s);
}

/** ||a - b||_F / ||b||_F. */
function relDiff(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  let s = 0;
  for (let i = 0; i < a.size; i++) s += (a.data[i]! - b.data[i]!) ** 2;
  return Math.sqrt(s) / frobenius(b);
}

/** Runs fn, expects it to throw an instance of cls, and returns the error. */
function thrown<E extends Error>(fn: () => unknown, cls: new (...args: never[]) => E): E {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    return e as E;
  }
  throw new Error("expected a throw");
}

describe("kernelRank of common kernels", () => {
  const cases: Array<[string, Tensor, number]> = [
    ["Sobel Gx 3x3", sobelGx, 1],
    ["Sobel Gy 3x3", sobelGy, 1],
    ["box 3x3", box3, 1],
    ["Gaussian binomial 5x5", gaussian5, 1],
    ["Laplacian 3x3", laplacian, 2],
    ["sharpen 3x3", sharpen, 2],
    ["zero 3x3", zeros([3, 3]), 0],
    ["zero 2x5", zeros([2, 5]), 0],
    ["identity 4x4", tensor([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], [4, 4]), 4],
    ["single tap 1x1 [[3]]", tensor([[3]]), 1],
    ["row 1x5", tensor([[1, -2, 3, 0, 5]]), 1],
    ["column 5x1", tensor([[1], [-2], [3], [0], [5]]), 1],
  ];
  for (const [name, kernel, rank] of cases) {
    it(`kernelRank ${name} = ${rank}`, () => {
      expect(kernelRank(kernel)).toBe(rank);
    });
  }

  for (const [size, seed] of [
    [3, 1],
    [5, 2],
    [7, 3],
  ] as const) {
    it(`kernelRank random normal ${size}x${size} seed=${seed} = ${size} (full rank)`, () => {
      expect(kernelRank(randomNormal([size, size], { seed }))).toBe(size);
    });
  }

  it("kernelRank random normal 3x7 seed=4 = 3", () => {
    expect(kernelRank(randomNormal([3, 7], { seed: 4 }))).toBe(3);
  });

  it("kernelRank diag(1, 1e-3) is 2 by default and 1 with tolerance 1e-2", () => {
    const k = tensor([
      [1, 0],
      [0, 1e-3],
    ]);
    expect(kernelRank(k)).toBe(2);
    expect(kernelRank(k, { tolerance: 1e-2 })).toBe(1);
    expect(kernelRank(k, { tolerance: 0 })).toBe(2);
  });

  it("kernelRank rank-1 kernel plus a 1e-7 relative perturbation stays 1 (float32 noise level)", () => {
    const k = outer([1, 2, 3, 4], [2, -1, 0.5, 3]);
    const noisy = new Float32Array(k.data);
    noisy[5] = noisy[5]! * (1 + 1e-7);
    expect(kernelRank(new Tensor(noisy, [4, 4]))).toBe(1);
    noisy[5] = noisy[5]! + 0.01; // a real perturbation is a second term
    expect(kernelRank(new Tensor(noisy, [4, 4]))).toBe(2);
  });
});

describe("singularValues", () => {
  it("singularValues Laplacian 3x3 = [2+sqrt(6), sqrt(6)-2, 0]", () => {
    // Symmetric with eigenvalues -2 +- sqrt(6) (on [a,b,a]) and 0 (on [1,0,-1]); the singular
    // values are their magnitudes.
    const s = singularValues(laplacian);
    expect(s).toHaveLength(3);
    expect(s[0]).toBeCloseTo(2 + Math.sqrt(6), 6);
    expect(s[1]).toBeCloseTo(Math.sqrt(6) - 2, 6);
    expect(s[2]).toBeCloseTo(0, 6);
  });

  it("singularValues diag 2x3 [[0,0,0],[0,-4,0]] = [4, 0]", () => {
    expect(singularValues(tensor([0, 0, 0, 0, -4, 0], [2, 3]))).toEqual([4, 0]);
  });
});

describe("separateKernel", () => {
  it("separateKernel Sobel Gx gives column [1,2,1] and row [-1,0,1]", () => {
    const f = separateKernel(sobelGx);
    expect(f).not.toBeNull();
    expect(f!.column.shape).toEqual([3, 1]);
    expect(f!.row.shape).toEqual([1, 3]);
    Array.from(f!.column.data).forEach((x, i) => {
      expect(x).toBeCloseTo([1, 2, 1][i]!, 6);
    });
    Array.from(f!.row.data).forEach((x, i) => {
      expect(x).toBeCloseTo([-1, 0, 1][i]!, 6);
    });
  });

  it("separateKernel Sobel Gy gives column [1,0,-1] (first nonzero positive) and row [-1,-2,-1]", () => {
    const f = separateKernel(sobelGy)!;
    Array.from(f.column.data).forEach((x, i) => {
      expect(x).toBeCloseTo([1, 0, -1][i]!, 6);
    });
    Array.from(f.row.data).forEach((x, i) => {
      expect(x).toBeCloseTo([-1, -2, -1][i]!, 6);
    });
  });

  it("separateKernel Gaussian binomial 5x5 gives column [1,4,6,4,1] and row [1,4,6,4,1]/256", () => {
    const f = separateKernel(gaussian5)!;
    Array.from(f.column.data).forEach((x, i) => {
      expect(x).toBeCloseTo(binomial[i]!, 5);
    });
    Array.from(f.row.data).forEach((x, i) => {
      expect(x).toBeCloseTo(binomial[i]! / 256, 7);
    });
  });

  it("separateKernel outer([-2,-1,0],[1,1]) gives column [2,1,0] and row [-1,-1]", () => {
    const f = separateKernel(outer([-2, -1, 0], [1, 1]))!;
    Array.from(f.column.data).forEach((x, i) => {
      expect(x).toBeCloseTo([2, 1, 0][i]!, 6);
    });
    Array.from(f.row.data).forEach((x, i) => {
      expect(x).toBeCloseTo([-1, -1][i]!, 6);
    });
  });

  it("separateKernel box 3x3 gives column [1,1,1] and row [1/9,1/9,1/9]", () => {
    const f = separateKernel(box3)!;
    Array.from(f.column.data).forEach((x) => {
      expect(x).toBeCloseTo(1, 6);
    });
    Array.from(f.row.data).forEach((x) => {
      expect(x).toBeCloseTo(1 / 9, 7);
    });
  });

  it("separateKernel Laplacian 3x3 is null (rank 2)", () => {
    expect(separateKernel(laplacian)).toBeNull();
  });

  it("separateKernel sharpen 3x3 is null (rank 2)", () => {
    expect(separateKernel(sharpen)).toBeNull();
  });

  it("separateKernel zero 3x3 is null (rank 0)", () => {
    expect(separateKernel(zeros([3, 3]))).toBeNull();
  });

  it("separateKernel diag(1, 1e-3) is null by default but separable with tolerance 1e-2", () => {
    const k = tensor([
      [1, 0],
      [0, 1e-3],
    ]);
    expect(separateKernel(k)).toBeNull();
    const f = separateKernel(k, { tolerance: 1e-2 })!;
    expect(Array.from(f.column.data)).toEqual([1, 0]);
    expect(Array.from(f.row.data)).toEqual([1, 0]);
  });

  for (const [h, w, seed] of [
    [1, 1, 1],
    [1, 6, 2],
    [6, 1, 3],
    [3, 3, 4],
    [3, 7, 5],
    [7, 3, 6],
    [5, 5, 7],
    [9, 9, 8],
    [15, 15, 9],
  ] as const) {
    it(`separateKernel random rank-1 ${h}x${w} seed=${seed} reproduces the kernel within 1e-5 relative`, () => {
      const col = randomNormal([h], { seed }).data;
      const row = randomNormal([w], { seed: seed + 1000 }).data;
      const kernel = outer(col, row);
      expect(kernelRank(kernel)).toBe(1);
      const f = separateKernel(kernel)!;
      expect(f).not.toBeNull();
      expect(f.column.shape).toEqual([h, 1]);
      expect(f.row.shape).toEqual([1, w]);
      expect(relDiff(outer(f.column.data, f.row.data), kernel)).toBeLessThan(1e-5);
      // The convention: smallest significant |column entry| is 1, first significant one positive.
      const mags = Array.from(f.column.data, Math.abs);
      const big = Math.max(...mags);
      const significant = Array.from(f.column.data).filter((x) => Math.abs(x) >= 1e-6 * big);
      expect(Math.min(...significant.map(Math.abs))).toBeCloseTo(1, 5);
      expect(significant[0]!).toBeGreaterThan(0);
    });
  }

  it("separateKernel random normal 5x5 seed=2 (full rank) is null", () => {
    expect(separateKernel(randomNormal([5, 5], { seed: 2 }))).toBeNull();
  });
});

describe("lowRankApproximation", () => {
  for (const [h, w, seed] of [
    [5, 5, 1],
    [7, 7, 2],
    [3, 7, 3],
    [6, 4, 4],
  ] as const) {
    const kernel = randomNormal([h, w], { seed });
    const full = Math.min(h, w);
    const norm = frobenius(kernel);

    it(`lowRankApproximation random ${h}x${w} seed=${seed} rank=${full} (full) has error ~0`, () => {
      const r = lowRankApproximation(kernel, full);
      expect(r.relativeError).toBeLessThan(1e-6);
      expect(relDiff(r.approximation, kernel)).toBeLessThan(1e-6);
    });

    for (let rank = 1; rank <= full; rank++) {
      it(`lowRankApproximation random ${h}x${w} seed=${seed} rank=${rank}: error = sqrt(sum of discarded s_i^2)`, () => {
        const r = lowRankApproximation(kernel, rank);
        expect(r.singularValues).toEqual(singularValues(kernel));
        expect(r.singularValues).toHaveLength(full);
        const discarded = Math.sqrt(r.singularValues.slice(rank).reduce((a, s) => a + s * s, 0));
        expect(Math.abs(r.error - discarded)).toBeLessThan(1e-6 * norm);
        expect(r.relativeError).toBeCloseTo(r.error / norm, 12);
        // The error is the actual residual of the returned tensor.
        expect(relDiff(r.approximation, kernel) * norm).toBeCloseTo(r.error, 10);
      });

      it(`lowRankApproximation random ${h}x${w} seed=${seed} rank=${rank}: terms have the right shapes and sum to the approximation`, () => {
        const r = lowRankApproximation(kernel, rank);
        expect(r.approximation.shape).toEqual([h, w]);
        expect(r.terms).toHaveLength(rank);
        const sum = new Float64Array(h * w);
        r.terms.forEach((term, t) => {
          expect(term.column.shape).toEqual([h, 1]);
          expect(term.row.shape).toEqual([1, w]);
          expect(term.singularValue).toBe(r.singularValues[t]);
          // column = u_t sqrt(s_t) with |u_t| = 1, same for the row.
          expect(frobenius(term.column) ** 2).toBeCloseTo(term.singularValue, 5);
          expect(frobenius(term.row) ** 2).toBeCloseTo(term.singularValue, 5);
          const o = outer(term.column.data, term.row.data);
          o.data.forEach((x, i) => {
            sum[i] = sum[i]! + x;
          });
        });
        expect(relDiff(new Tensor(Float32Array.from(sum), [h, w]), r.approximation)).toBeLessThan(
          1e-5,
        );
      });

      if (rank < full) {
        it(`lowRankApproximation random ${h}x${w} seed=${seed} rank=${rank}: approximation has kernelRank ${rank} and beats rank ${rank - 1}`, () => {
          const r = lowRankApproximation(kernel, rank);
          expect(kernelRank(r.approximation)).toBe(rank);
          const next = lowRankApproximation(kernel, rank + 1);
          expect(next.error).toBeLessThan(r.error);
          if (rank > 1) expect(r.error).toBeLessThan(lowRankApproximation(kernel, rank - 1).error);
        });
      }
    }
  }

  it("lowRankApproximation 5x5 seed=5 rank=2 beats another rank-2 candidate (Eckart-Young)", () => {
    const kernel = randomNormal([5, 5], { seed: 5 });
    const best = lowRankApproximation(kernel, 2);
    // A different rank-2 candidate: the best rank-2 approximation of another random kernel.
    const other = lowRankApproximation(randomNormal([5, 5], { seed: 6 }), 2).approximation;
    // Fit the best scalar multiple of `other`; still a rank-2 kernel, so it cannot do better.
    let dot = 0;
    let oo = 0;
    for (let i = 0; i < 25; i++) {
      dot += kernel.data[i]! * other.data[i]!;
      oo += other.data[i]! ** 2;
    }
    let res = 0;
    for (let i = 0; i < 25; i++) res += (kernel.data[i]! - (dot / oo) * other.data[i]!) ** 2;
    expect(best.error).toBeLessThan(Math.sqrt(res));
  });

  it("lowRankApproximation Sobel Gx rank=1 is exact and its term reproduces the kernel", () => {
    const r = lowRankApproximation(sobelGx, 1);
    expect(r.error).toBeLessThan(1e-6);
    expect(r.singularValues[0]).toBeCloseTo(Math.sqrt(6) * Math.sqrt(2), 6);
    expect(relDiff(outer(r.terms[0]!.column.data, r.terms[0]!.row.data), sobelGx)).toBeLessThan(
      1e-6,
    );
  });

  it("lowRankApproximation Laplacian rank=1 error = sqrt(6) - 2", () => {
    const r = lowRankApproximation(laplacian, 1);
    expect(r.error).toBeCloseTo(Math.sqrt(6) - 2, 6);
    expect(r.relativeError).toBeCloseTo((Math.sqrt(6) - 2) / Math.sqrt(20), 6);
  });

  it("lowRankApproximation zero 3x3 rank=1 gives a zero approximation, error 0, relativeError 0", () => {
    const r = lowRankApproximation(zeros([3, 3]), 1);
    expect(Array.from(r.approximation.data)).toEqual(new Array(9).fill(0));
    expect(r.error).toBe(0);
    expect(r.relativeError).toBe(0);
    expect(r.singularValues).toEqual([0, 0, 0]);
  });
});

describe("kernel-rank errors", () => {
  it("kernelRank of a rank-1 tensor [3] throws ShapeError naming the shape", () => {
    const e = thrown(() => kernelRank(tensor([1, 2, 3])), ShapeError);
    expect(e.message).toBe(
      "kernelRank: kernel must be a 2-D [KH, KW] tensor, got rank 1 (kernel [3])",
    );
    expect(e.shapes).toEqual({ kernel: [3] });
  });

  it("kernelRank of a rank-4 filter [3,3,1,1] throws ShapeError", () => {
    const e = thrown(() => kernelRank(zeros([3, 3, 1, 1])), ShapeError);
    expect(e.message).toBe(
      "kernelRank: kernel must be a 2-D [KH, KW] tensor, got rank 4 (kernel [3,3,1,1])",
    );
  });

  it("separateKernel of a rank-3 tensor [3,3,2] throws ShapeError", () => {
    const e = thrown(() => separateKernel(zeros([3, 3, 2])), ShapeError);
    expect(e.message).toBe(
      "separateKernel: kernel must be a 2-D [KH, KW] tensor, got rank 3 (kernel [3,3,2])",
    );
  });

  it("lowRankApproximation of a rank-0 tensor throws ShapeError", () => {
    const e = thrown(() => lowRankApproximation(tensor(5), 1), ShapeError);
    expect(e.message).toBe(
      "lowRankApproximation: kernel must be a 2-D [KH, KW] tensor, got rank 0 (kernel [])",
    );
  });

  it("singularValues of an empty [0,3] kernel throws ShapeError", () => {
    const e = thrown(() => singularValues(zeros([0, 3])), ShapeError);
    expect(e.message).toBe(
      "singularValues: kernel must have at least one row and one column (kernel [0,3])",
    );
  });

  it("kernelRank of a kernel holding NaN throws DataError naming the position", () => {
    const e = thrown(() => kernelRank(tensor([1, 2, 3, Number.NaN], [2, 2])), DataError);
    expect(e.message).toBe("kernelRank: kernel [2,2] holds NaN at [1,1]; its rank is undefined");
  });

  for (const [name, fn] of [
    ["kernelRank", (k: unknown) => kernelRank(k as Tensor)],
    ["separateKernel", (k: unknown) => separateKernel(k as Tensor)],
    ["lowRankApproximation", (k: unknown) => lowRankApproximation(k as Tensor, 1)],
    ["singularValues", (k: unknown) => singularValues(k as Tensor)],
  ] as const) {
    it(`${name} of a nested array (non-Tensor) throws DataError`, () => {
      const e = thrown(
        () =>
          fn([
            [1, 2],
            [3, 4],
          ]),
        DataError,
      );
      expect(e.message).toBe(
        `${name}: kernel must be a Tensor (use tensor(values, shape)), got [[1,2],[3,4]]`,
      );
    });
  }

  for (const [label, tolerance, shown] of [
    ["-0.1", -0.1, "-0.1"],
    ["1", 1, "1"],
    ["NaN", Number.NaN, "NaN"],
    ["Infinity", Number.POSITIVE_INFINITY, "Infinity"],
    ["string '0.1'", "0.1", '"0.1"'],
  ] as const) {
    for (const [name, fn] of [
      ["kernelRank", (t: unknown) => kernelRank(sobelGx, { tolerance: t as number })],
      ["separateKernel", (t: unknown) => separateKernel(sobelGx, { tolerance: t as number })],
    ] as const) {
      it(`${name} tolerance=${label} throws OptionError`, () => {
        const e = thrown(() => fn(tolerance), OptionError);
        expect(e.option).toBe("tolerance");
        expect(e.message).toBe(
          `${name}: tolerance must be a finite number in [0, 1) (relative to the largest singular value), got ${shown}`,
        );
      });
    }
  }

  it("kernelRank options=0.1 (not an object) throws OptionError", () => {
    const e = thrown(() => kernelRank(sobelGx, 0.1 as never), OptionError);
    expect(e.option).toBe("options");
    expect(e.message).toBe("kernelRank: options must be an object, got 0.1");
  });

  for (const [label, rank, shown] of [
    ["0", 0, "0"],
    ["1.5", 1.5, "1.5"],
    ["4 (too large for 3x3)", 4, "4"],
    ["-1", -1, "-1"],
    ["NaN", Number.NaN, "NaN"],
    ["string '2'", "2", '"2"'],
  ] as const) {
    it(`lowRankApproximation 3x3 rank=${label} throws OptionError`, () => {
      const e = thrown(() => lowRankApproximation(sobelGx, rank as number), OptionError);
      expect(e.option).toBe("rank");
      expect(e.value).toEqual(rank);
      expect(e.message).toBe(
        `lowRankApproximation: rank must be an integer from 1 to min(KH, KW) = 3 for kernel [3,3], got ${shown}`,
      );
    });
  }

  it("lowRankApproximation 3x7 rank=4 throws OptionError with min(KH, KW) = 3", () => {
    const e = thrown(() => lowRankApproximation(zeros([3, 7]), 4), OptionError);
    expect(e.message).toBe(
      "lowRankApproximation: rank must be an integer from 1 to min(KH, KW) = 3 for kernel [3,7], got 4",
    );
  });
});

describe("separateKernel signs", () => {
  it("sobel-x factors contain no negative zero (prints [-1,0,1])", async () => {
    const { separateKernel: split, tensor: t } = await import("../../src/index");
    const parts = split(
      t([
        [-1, 0, 1],
        [-2, 0, 2],
        [-1, 0, 1],
      ]),
    )!;
    expect(Array.from(parts.row.data).some((v) => Object.is(v, -0))).toBe(false);
    expect(Array.from(parts.column.data).some((v) => Object.is(v, -0))).toBe(false);
  });
});
