import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=6x6x2 f=3x3x2x4 s=1 p=valid",
    points: 1,
    args: (seed) => [
      randomNormal([6, 6, 2], { seed: seed(301) }),
      randomNormal([3, 3, 2, 4], { seed: seed(302) }),
      1,
      "valid",
    ],
    accumulation: 18,
    message: "stride 1, no padding: 4x4x4 output, each value a sum over 3x3x2 taps",
    hint: "Index x[r][c][ch] as (r * W + c) * Cin + ch and filter[a][b][c][o] as ((a * KW + b) * Cin + c) * Cout + o.",
  },
  {
    name: "x=7x7x3 f=3x3x3x2 s=2 p=valid",
    points: 1,
    args: (seed) => [
      randomNormal([7, 7, 3], { seed: seed(303) }),
      randomNormal([3, 3, 3, 2], { seed: seed(304) }),
      2,
      "valid",
    ],
    accumulation: 27,
    message: "stride 2 without padding: output 3x3, windows start at rows 0, 2, 4",
    hint: "Output size floor((H - KH) / s) + 1; the window of output row i starts at input row i * s.",
  },
  {
    name: "x=5x5x1 f=3x3x1x1 s=1 p=same",
    points: 1,
    args: (seed) => [
      randomNormal([5, 5, 1], { seed: seed(305) }),
      randomNormal([3, 3, 1, 1], { seed: seed(306) }),
      1,
      "same",
    ],
    accumulation: 9,
    message: "'same' padding keeps 5x5: one row/column of zeros on every side",
    hint: "padTop = floor(total / 2) with total = max((Ho - 1) * s + KH - H, 0); taps outside the image count as 0.",
  },
  {
    name: "x=6x7x2 f=4x4x2x3 s=2 p=same",
    points: 2,
    args: (seed) => [
      randomNormal([6, 7, 2], { seed: seed(307) }),
      randomNormal([4, 4, 2, 3], { seed: seed(308) }),
      2,
      "same",
    ],
    accumulation: 32,
    message:
      "stride 2 with 'same': output ceil(6/2) x ceil(7/2) = 3x4, the odd padding row/column at the bottom/right",
    hint: "TensorFlow puts the extra padding after (bottom/right), not before: padTop = floor(total / 2).",
  },
];
