import { type CaseSpec, randomNormal, randomUniform } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=4x7x6 f=6x3 act=prelu alpha=[3]",
    points: 1,
    args: (seed) => [
      randomNormal([4, 7, 6], { seed: seed(971) }),
      randomNormal([6, 3], { seed: seed(972) }),
      "prelu",
      randomUniform([3], { seed: seed(973), min: 0.1, max: 0.9 }),
    ],
    accumulation: 6,
    message: "PReLU slopes are per output channel",
  },
  {
    name: "x=3x3x2 f=2x5 act=relu",
    points: 1,
    args: (seed) => [
      randomNormal([3, 3, 2], { seed: seed(974) }),
      randomNormal([2, 5], { seed: seed(975) }),
      "relu",
    ],
    accumulation: 2,
    message: "ReLU after a depth-increasing 1x1 conv",
  },
];
