import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=6x6x4 f=3x3x4x2 s=2 p=valid",
    points: 1,
    args: (seed) => [
      randomNormal([6, 6, 4], { seed: seed(931) }),
      randomNormal([3, 3, 4, 2], { seed: seed(932) }),
      2,
      "valid",
    ],
    accumulation: 9,
    message: "multiplier 2 with stride 2",
  },
  {
    name: "x=5x8x3 f=4x2x3x2 s=1 p=same",
    points: 2,
    args: (seed) => [
      randomNormal([5, 8, 3], { seed: seed(933) }),
      randomNormal([4, 2, 3, 2], { seed: seed(934) }),
      1,
      "same",
    ],
    accumulation: 8,
    message: "an even, non-square kernel with 'same': odd padding at the bottom/right",
  },
];
