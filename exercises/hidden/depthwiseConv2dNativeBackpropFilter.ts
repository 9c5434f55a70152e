import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=2x6x8x3 f=4x2x3x2 s=1 p=same",
    points: 1,
    args: (seed) => [
      randomNormal([2, 6, 8, 3], { seed: seed(1971) }),
      randomNormal([2, 6, 8, 6], { seed: seed(1972) }),
      [4, 2, 3, 2],
      1,
      "same",
    ],
    accumulation: 96,
    message:
      "an even, non-square kernel with 'same': the odd padding row and column go at the bottom and right",
  },
  {
    name: "x=3x9x9x4 f=3x3x4x2 s=2 p=valid",
    points: 1,
    args: (seed) => [
      randomNormal([3, 9, 9, 4], { seed: seed(1973) }),
      randomNormal([3, 4, 4, 8], { seed: seed(1974) }),
      [3, 3, 4, 2],
      2,
      "valid",
    ],
    accumulation: 48,
    message: "multiplier 2, stride 2, a batch of 3",
  },
];
