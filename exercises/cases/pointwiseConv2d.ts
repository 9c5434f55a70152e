import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=8x8x3 f=3x16",
    points: 1,
    args: (seed) => [
      randomNormal([8, 8, 3], { seed: seed(501) }),
      randomNormal([3, 16], { seed: seed(502) }),
    ],
    accumulation: 3,
    message: "16 kernels of 1x1x3: 8x8x3 -> 8x8x16",
    hint: "out[p][o] = sum over c of x[p][c] * filter[c][o] for every pixel p.",
  },
  {
    name: "x=4x5x6 f=6x2",
    points: 1,
    args: (seed) => [
      randomNormal([4, 5, 6], { seed: seed(503) }),
      randomNormal([6, 2], { seed: seed(504) }),
    ],
    accumulation: 6,
    message: "reducing depth from 6 to 2 on a non-square image",
    hint: "Index filter[c][o] as c * Cout + o.",
  },
];
