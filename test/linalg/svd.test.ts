import { describe, it, expect } from "vitest";
import { svd } from "../../src/linalg/svd";
import { randomNormal } from "../../src/tensor";

/** Row-major rows x cols matrix of seeded standard normals (float32 values, held in float64). */
function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  return Float64Array.from(randomNormal([rows * cols], { seed }).data);
}

/** Sum of `rank` random outer products: a rows x cols matrix of exactly that rank. */
function lowRank(rows: number, cols: number, rank: number, seed: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let t = 0; t < rank; t++) {
    const a = randomMatrix(rows, 1, seed + 2 * t);
    const b = randomMatrix(1, cols, seed + 2 * t + 1);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) out[i * cols + j] = out[i * cols + j]! + a[i]! * b[j]!;
  }
  return out;
}

function frobenius(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/** max |U S V^T - A| / max(||A||_F, tiny). */
function reconstructionError(a: Float64Array, rows: number, cols: number): number {
  const { u, s, v } = svd(a, rows, cols);
  const k = s.length;
  let worst = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let x = 0;
      for (let t = 0; t < k; t++) x += u[i * k + t]! * s[t]! * v[j * k + t]!;
      worst = Math.max(worst, Math.abs(x - a[i * cols + j]!));
    }
  }
  const norm = frobenius(a);
  return norm === 0 ? worst : worst / norm;
}

/** max |Q^T Q - I| for a row-major n x k matrix Q. */
function orthonormalityError(q: Float64Array, n: number, k: number): number {
  let worst = 0;
  for (let p = 0; p < k; p++) {
    for (let r = 0; r < k; r++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * k + p]! * q[i * k + r]!;
      worst = Math.max(worst, Math.abs(dot - (p === r ? 1 : 0)));
    }
  }
  return worst;
}

/** Random orthogonal n x n matrix: a product of n Householder reflections. */
function randomOrthogonal(n: number, seed: number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let h = 0; h < n; h++) {
    const w = randomMatrix(n, 1, seed * 100 + h);
    const ww = frobenius(w) ** 2;
    // q <- q (I - 2 w w^T / w^T w)
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += q[i * n + j]! * w[j]!;
      for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! - (2 * dot * w[j]!) / ww;
    }
  }
  return q;
}

interface Case {
  name: string;
  rows: number;
  cols: number;
  matrix: Float64Array;
}

const cases: Case[] = [
  ...(
    [
      [1, 1, 1],
      [1, 5, 2],
      [5, 1, 3],
      [3, 3, 4],
      [4, 7, 5],
      [7, 4, 6],
      [2, 9, 7],
      [15, 15, 3],
      [25, 25, 8],
      [25, 10, 9],
      [10, 25, 10],
    ] as const
  ).map(([rows, cols, seed]) => ({
    name: `${rows}x${cols} random seed=${seed}`,
    rows,
    cols,
    matrix: randomMatrix(rows, cols, seed),
  })),
  ...(
    [
      [6, 6, 1, 20],
      [6, 6, 2, 21],
      [8, 5, 3, 22],
      [5, 8, 3, 23],
      [15, 15, 4, 24],
      [3, 7, 1, 25],
    ] as const
  ).map(([rows, cols, rank, seed]) => ({
    name: `${rows}x${cols} rank-${rank} outer products seed=${seed}`,
    rows,
    cols,
    matrix: lowRank(rows, cols, rank, seed),
  })),
  { name: "4x3 zero", rows: 4, cols: 3, matrix: new Float64Array(12) },
  { name: "3x4 zero", rows: 3, cols: 4, matrix: new Float64Array(12) },
  { name: "1x1 zero", rows: 1, cols: 1, matrix: new Float64Array(1) },
  {
    name: "10x10 Hilbert (ill-conditioned)",
    rows: 10,
    cols: 10,
    matrix: Float64Array.from({ length: 100 }, (_, i) => 1 / (Math.floor(i / 10) + (i % 10) + 1)),
  },
  {
    name: "5x5 with two equal columns and a zero row",
    rows: 5,
    cols: 5,
    matrix: (() => {
      const m = randomMatrix(5, 5, 30);
      for (let i = 0; i < 5; i++) m[i * 5 + 3] = m[i * 5 + 1]!;
      for (let j = 0; j < 5; j++) m[2 * 5 + j] = 0;
      return m;
    })(),
  },
];

describe("svd reconstruction and orthonormality", () => {
  for (const c of cases) {
    it(`svd ${c.name} reconstructs U S V^T`, () => {
      expect(reconstructionError(c.matrix, c.rows, c.cols)).toBeLessThan(1e-12);
    });

    it(`svd ${c.name} has orthonormal U and V, k = min(rows, cols)`, () => {
      const { u, s, v } = svd(c.matrix, c.rows, c.cols);
      const k = Math.min(c.rows, c.cols);
      expect(s.length).toBe(k);
      expect(u.length).toBe(c.rows * k);
      expect(v.length).toBe(c.cols * k);
      expect(orthonormalityError(u, c.rows, k)).toBeLessThan(1e-12);
      expect(orthonormalityError(v, c.cols, k)).toBeLessThan(1e-12);
    });

    it(`svd ${c.name} singular values are descending and >= 0`, () => {
      const { s } = svd(c.matrix, c.rows, c.cols);
      for (let i = 0; i < s.length; i++) {
        expect(s[i]).toBeGreaterThanOrEqual(0);
        if (i > 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]!);
      }
      // Sum of squares of the singular values = squared Frobenius norm.
      const fro2 = frobenius(c.matrix) ** 2;
      expect(Math.abs(frobenius(s) ** 2 - fro2)).toBeLessThanOrEqual(1e-12 * Math.max(fro2, 1));
    });
  }
});

describe("svd singular values of known matrices", () => {
  it("svd 4x4 diag(-2, 5, 0, 1) gives [5, 2, 1, 0]", () => {
    const a = new Float64Array(16);
    [-2, 5, 0, 1].forEach((d, i) => {
      a[i * 4 + i] = d;
    });
    const { s } = svd(a, 4, 4);
    expect(Array.from(s)).toEqual([5, 2, 1, 0]);
  });

  it("svd 2x2 [[3,0],[4,5]] gives [sqrt(45), sqrt(5)]", () => {
    const { s } = svd(Float64Array.of(3, 0, 4, 5), 2, 2);
    expect(s[0]).toBeCloseTo(Math.sqrt(45), 14);
    expect(s[1]).toBeCloseTo(Math.sqrt(5), 14);
  });

  it("svd 1x4 row [3, 0, -4, 0] gives s=[5], u=[+-1], v=row/5 with matching signs", () => {
    const { u, s, v } = svd(Float64Array.of(3, 0, -4, 0), 1, 4);
    expect(s[0]).toBeCloseTo(5, 14);
    expect(Math.abs(u[0]!)).toBeCloseTo(1, 14);
    expect(Array.from(v, (x) => x * u[0]!)).toEqual(
      [0.6, 0, -0.8, 0].map((x) => expect.closeTo(x, 14)),
    );
  });

  for (const [rows, cols, seed] of [
    [6, 6, 1],
    [8, 5, 2],
    [5, 8, 3],
  ] as const) {
    it(`svd ${rows}x${cols} Q1 diag(s) Q2^T seed=${seed} recovers s to 1e-12 relative`, () => {
      const k = Math.min(rows, cols);
      const known = [7, 3, 2.5, 0.5, 1e-3, 1e-6].slice(0, k);
      const q1 = randomOrthogonal(rows, seed);
      const q2 = randomOrthogonal(cols, seed + 50);
      const a = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          let x = 0;
          for (let t = 0; t < k; t++) x += q1[i * rows + t]! * known[t]! * q2[j * cols + t]!;
          a[i * cols + j] = x;
        }
      }
      const { s } = svd(a, rows, cols);
      for (let t = 0; t < k; t++) {
        // absolute accuracy relative to s_max (~1e-15 attainable); the smallest are still checked.
        expect(Math.abs(s[t]! - known[t]!)).toBeLessThan(1e-12 * known[0]!);
      }
    });
  }

  it("svd 6x6 rank-2 outer products has exactly 4 (near-)zero singular values", () => {
    const { s } = svd(lowRank(6, 6, 2, 40), 6, 6);
    expect(s[1]! / s[0]!).toBeGreaterThan(1e-3);
    for (let t = 2; t < 6; t++) expect(s[t]! / s[0]!).toBeLessThan(1e-14);
  });

  it("svd does not modify its input", () => {
    const a = randomMatrix(4, 6, 11);
    const copy = Float64Array.from(a);
    svd(a, 4, 6);
    expect(Array.from(a)).toEqual(Array.from(copy));
  });

  it("svd 0x3 gives empty factors", () => {
    const { u, s, v } = svd(new Float64Array(0), 0, 3);
    expect([u.length, s.length, v.length]).toEqual([0, 0, 0]);
  });

  it("svd rejects a length that does not match rows x cols", () => {
    expect(() => svd(new Float64Array(5), 2, 3)).toThrow(
      "svd: matrix has 5 values, expected 2 x 3 = 6",
    );
  });
});
