// Shared test helpers: seeded tensors and a deterministic list of convolution configurations
// covering odd sizes, strides, dilations, every padding mode, multipliers and batch > 1.
import { expect } from "vitest";
import { type Padding, type Pair, type Tensor, randomNormal } from "../src/index";

export interface ConvCase {
  name: string;
  x: readonly number[];
  kh: number;
  kw: number;
  cout: number;
  multiplier: number;
  strides: Pair;
  dilations: Pair;
  padding: Padding;
}

const FIRST_SEED = 1000;
let seed = FIRST_SEED;

/** Back to the first seed: test/setup.ts calls it before each test file, so that a file draws
 *  the same tensors whichever files ran before it in the same worker. */
export function resetSeeds(): void {
  seed = FIRST_SEED;
}
export function rand(shape: readonly number[]): Tensor {
  return randomNormal(shape, { seed: seed++ });
}

const fmtPair = (p: Pair): string => (typeof p === "number" ? `${p}` : `${p[0]}x${p[1]}`);
const fmtPad = (p: Padding): string =>
  typeof p === "string" ? p : `[${p[0].join(",")},${p[1].join(",")}]`;

/** A configuration with its test name, "x=1x5x5x3 k=3x3 s=1 d=1 p=valid cout=2 m=1". */
export function namedCase(c: Omit<ConvCase, "name">): ConvCase {
  const name = `x=${c.x.join("x")} k=${c.kh}x${c.kw} s=${fmtPair(c.strides)} d=${fmtPair(c.dilations)} p=${fmtPad(c.padding)} cout=${c.cout} m=${c.multiplier}`;
  return { name, ...c };
}

/** Whether the (dilated) kernel fits the padded h x w input; with "same" it always does. */
export function kernelFits(
  h: number,
  w: number,
  kh: number,
  kw: number,
  dilations: Pair,
  padding: Padding,
): boolean {
  if (padding === "same") return true;
  const dh = typeof dilations === "number" ? dilations : dilations[0];
  const dw = typeof dilations === "number" ? dilations : dilations[1];
  const [pt, pb, pl, pr] = padding === "valid" ? [0, 0, 0, 0] : [...padding[0], ...padding[1]];
  return (kh - 1) * dh + 1 <= h + pt + pb && (kw - 1) * dw + 1 <= w + pl + pr;
}

/** Configurations whose kernel fits the padded input (the error cases are tested elsewhere). */
export function convCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  const inputs: number[][] = [
    [1, 5, 5, 3],
    [2, 7, 6, 2],
    [1, 9, 4, 1],
    [3, 6, 9, 4],
    [8, 8, 3], // rank 3
    [1, 1, 1, 5],
    [1, 12, 12, 3],
  ];
  const kernels: [number, number][] = [
    [1, 1],
    [3, 3],
    [2, 3],
    [5, 1],
    [4, 4],
    [5, 5],
  ];
  const geometries: { strides: Pair; dilations: Pair }[] = [
    { strides: 1, dilations: 1 },
    { strides: 2, dilations: 1 },
    { strides: [3, 2], dilations: 1 },
    { strides: 1, dilations: 2 },
    { strides: 1, dilations: [1, 3] },
  ];
  const paddings: Padding[] = [
    "valid",
    "same",
    [
      [1, 2],
      [0, 3],
    ],
    [
      [2, 0],
      [1, 1],
    ],
  ];
  let i = 0;
  for (const x of inputs) {
    for (const [kh, kw] of kernels) {
      for (const g of geometries) {
        for (const padding of paddings) {
          i++;
          const [h, w] = x.length === 4 ? [x[1]!, x[2]!] : [x[0]!, x[1]!];
          if (!kernelFits(h, w, kh, kw, g.dilations, padding)) continue;
          const cout = 1 + (i % 4);
          const multiplier = 1 + (i % 3);
          cases.push(namedCase({ x, kh, kw, cout, multiplier, ...g, padding }));
        }
      }
    }
  }
  return cases;
}

/** Plain nested-loop matrix product of [n,k] x [k,m], in float64. */
export function matmul(
  a: Float32Array,
  b: Float32Array,
  n: number,
  k: number,
  m: number,
): Float32Array {
  const out = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t]! * b[t * m + j]!;
      out[i * m + j] = s;
    }
  }
  return out;
}

/** Accumulation-aware tolerance: float32 sums of `terms` products. */
export function tol(terms: number): { rtol: number; atol: number } {
  return { rtol: 1e-5, atol: 1e-6 * Math.sqrt(terms) * 4 };
}

/** Runs `fn`, expects it to throw `type` with this message (and that `name`); returns the error. */
export function expectError<E extends Error>(
  fn: () => unknown,
  type: new (...a: never[]) => E,
  message: string | RegExp,
): E {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(type);
  const error = caught as E;
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  expect(error.name).toBe(type.name);
  return error;
}
