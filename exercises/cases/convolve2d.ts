import { type CaseSpec, randomNormal, tensor } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "image=5x5 kernel=3x3",
    points: 1,
    args: (seed) => [
      randomNormal([5, 5], { seed: seed(101) }),
      randomNormal([3, 3], { seed: seed(102) }),
    ],
    accumulation: 9,
    message: "valid cross-correlation of a 5x5 image with a 3x3 kernel gives 3x3",
    hint: "out[i][j] sums image[i + a][j + b] * kernel[a][b]; the output is (H - KH + 1) x (W - KW + 1).",
  },
  {
    name: "image=4x4 kernel=2x2 asymmetric (no flip)",
    points: 1,
    // Ships as 1..16 to be easy to read; graded on a seeded image with the same kernel.
    args: (seed) => [
      seed.shipped
        ? tensor([
            [1, 2, 3, 4],
            [5, 6, 7, 8],
            [9, 10, 11, 12],
            [13, 14, 15, 16],
          ])
        : randomNormal([4, 4], { seed: seed(105) }),
      tensor([
        [1, 0],
        [0, 0],
      ]),
    ],
    message:
      "a kernel with a single 1 at its top-left corner picks image[i][j]: the kernel is not flipped",
    hint: "Deep-learning 'convolution' is cross-correlation: do not flip the kernel.",
  },
  {
    name: "image=6x9 kernel=3x5 (non-square)",
    points: 1,
    args: (seed) => [
      randomNormal([6, 9], { seed: seed(103) }),
      randomNormal([3, 5], { seed: seed(104) }),
    ],
    accumulation: 15,
    message: "rows and columns are handled separately: a 6x9 image with a 3x5 kernel gives 4x5",
    hint: "Use the width W (not H) when you index rows of a non-square image: index = r * W + c.",
  },
];
