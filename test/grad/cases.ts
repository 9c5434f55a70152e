// Generated configurations for the gradient tests: strides 1-2, paddings valid / same /
// explicit, dilations 1-2 (never with a stride > 1, as TensorFlow requires), depth multipliers
// 1-3, batches 1-3, non-square inputs and kernels, some rank-3 inputs. Small tensors: every
// value of every input is nudged twice by the finite-difference checks.
import type { Padding, Pair } from "../../src/index";
import { type ConvCase, kernelFits, namedCase } from "../helpers";

/** The forward tests' configuration type: x is [N,H,W,C], or [H,W,C] for a rank-3 input. */
export type GradCase = ConvCase;

/** `count` configurations whose kernel fits the padded input, from a fixed seed. */
export function gradCases(count = 120): GradCase[] {
  let state = 20261205;
  const pick = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const geometries: { strides: Pair; dilations: Pair }[] = [
    { strides: 1, dilations: 1 },
    { strides: 2, dilations: 1 },
    { strides: [1, 2], dilations: 1 },
    { strides: [2, 1], dilations: 1 },
    { strides: 1, dilations: 2 },
    { strides: 1, dilations: [2, 1] },
    { strides: 1, dilations: [1, 2] },
  ];
  const cases: GradCase[] = [];
  for (let i = 0; cases.length < count; i++) {
    const batch = 1 + pick(3);
    const h = 3 + pick(5);
    const w = 3 + pick(5);
    const c = 1 + pick(3);
    const kh = 1 + pick(3);
    const kw = 1 + pick(3);
    const g = geometries[i % geometries.length]!;
    const kind = Math.floor(i / geometries.length) % 3;
    const padding: Padding =
      kind === 0
        ? "valid"
        : kind === 1
          ? "same"
          : [
              [pick(3), pick(2)],
              [pick(2), pick(3)],
            ];
    if (!kernelFits(h, w, kh, kw, g.dilations, padding)) continue;
    const rank3 = batch === 1 && i % 5 === 0;
    const x = rank3 ? [h, w, c] : [batch, h, w, c];
    const cout = 1 + pick(3);
    const multiplier = 1 + pick(3);
    cases.push(namedCase({ x, kh, kw, cout, multiplier, ...g, padding }));
  }
  return cases;
}

/** Shapes for the element-wise and dense ops: [N, ...] with batch 1-3. */
export function shapeCases(count: number, rank: number, seed: number): number[][] {
  let state = seed;
  const pick = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const shapes: number[][] = [];
  for (let i = 0; i < count; i++)
    shapes.push([1 + pick(3), ...Array.from({ length: rank - 1 }, () => 1 + pick(5))]);
  return shapes;
}

/** Shapes of rank 2, 3 and 4 in turn, batch 1-3, for the element-wise ops. */
export function mixedRankShapes(count: number, seed: number): number[][] {
  return Array.from({ length: count }, (_, i) => shapeCases(1, 2 + (i % 3), seed + i)[0]!);
}
