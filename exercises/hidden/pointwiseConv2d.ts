import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=8x8x3 f=3x256 (textbook)",
    points: 1,
    args: (seed) => [
      randomNormal([8, 8, 3], { seed: seed(941) }),
      randomNormal([3, 256], { seed: seed(942) }),
    ],
    accumulation: 3,
    message: "the textbook's 256 kernels of 1x1x3",
  },
  {
    name: "x=1x1x32 f=32x1",
    points: 1,
    args: (seed) => [
      randomNormal([1, 1, 32], { seed: seed(943) }),
      randomNormal([32, 1], { seed: seed(944) }),
    ],
    accumulation: 32,
    message: "a single pixel: a dot product",
  },
];
