import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=9x6x4 dw=3x2x4x3 pw=12x5 s=3 p=valid",
    points: 2,
    args: (seed) => [
      randomNormal([9, 6, 4], { seed: seed(951) }),
      randomNormal([3, 2, 4, 3], { seed: seed(952) }),
      randomNormal([12, 5], { seed: seed(953) }),
      3,
      "valid",
    ],
    accumulation: 72,
    message: "multiplier 3, stride 3, non-square kernel",
  },
];
