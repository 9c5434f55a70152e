import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "in=1x7x7x2 f=3x3x2x2 s=1 p=same d=2",
    points: 1,
    args: (seed) => [
      [1, 7, 7, 2],
      randomNormal([1, 7, 7, 2], { seed: seed(1951) }),
      randomNormal([3, 3, 2, 2], { seed: seed(1952) }),
      1,
      "same",
      2,
    ],
    accumulation: 18,
    message:
      "dilation 2 with 'same': taps 2 pixels apart, a 5x5 extent, 2 pixels of padding on each side",
  },
  {
    name: "in=2x8x6x3 f=2x3x3x2 s=1 p=valid d=2",
    points: 1,
    args: (seed) => [
      [2, 8, 6, 3],
      randomNormal([2, 6, 2, 2], { seed: seed(1953) }),
      randomNormal([2, 3, 3, 2], { seed: seed(1954) }),
      1,
      "valid",
      2,
    ],
    accumulation: 12,
    message:
      "dilation 2, 'valid', a 2x3 kernel (extent 3x5) on a batch of 2: row r + 2a, column col + 2b",
  },
];
