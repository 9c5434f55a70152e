import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=12x12x3 f=5x5x3x8 s=1 p=valid (textbook, 8 filters)",
    points: 1,
    args: (seed) => [
      randomNormal([12, 12, 3], { seed: seed(921) }),
      randomNormal([5, 5, 3, 8], { seed: seed(922) }),
      1,
      "valid",
    ],
    accumulation: 75,
    message: "the textbook layer with 8 of its 256 filters",
  },
  {
    name: "x=9x5x2 f=2x3x2x3 s=3 p=same",
    points: 2,
    args: (seed) => [
      randomNormal([9, 5, 2], { seed: seed(923) }),
      randomNormal([2, 3, 2, 3], { seed: seed(924) }),
      3,
      "same",
    ],
    accumulation: 12,
    message: "stride 3 with 'same' on a non-square input and kernel",
  },
  {
    name: "x=4x4x5 f=1x1x5x2 s=1 p=valid",
    points: 1,
    args: (seed) => [
      randomNormal([4, 4, 5], { seed: seed(925) }),
      randomNormal([1, 1, 5, 2], { seed: seed(926) }),
      1,
      "valid",
    ],
    accumulation: 5,
    message: "a 1x1 kernel mixes channels only",
  },
  {
    name: "x=8x8x1 f=3x3x1x2 s=3 p=valid",
    points: 1,
    args: (seed) => [
      randomNormal([8, 8, 1], { seed: seed(927) }),
      randomNormal([3, 3, 1, 2], { seed: seed(928) }),
      3,
      "valid",
    ],
    accumulation: 9,
    message: "stride 3 without padding drops the last columns: floor((8 - 3) / 3) + 1 = 2",
  },
];
