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
    zh: {
      name: "图像=5x5 卷积核=3x3",
      message: "5x5 图像与 3x3 卷积核做 'valid' 互相关，得到 3x3",
      hint: "out[i][j] 是 image[i + a][j + b] * kernel[a][b] 之和；输出是 (H - KH + 1) x (W - KW + 1)。",
    },
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
    zh: {
      name: "图像=4x4 卷积核=2x2 不对称（不翻转）",
      message: "只有左上角为 1 的卷积核取出的是 image[i][j]：卷积核不翻转",
      hint: "深度学习里的“卷积”其实是互相关：不要翻转卷积核。",
    },
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
    zh: {
      name: "图像=6x9 卷积核=3x5（非正方形）",
      message: "行和列分开处理：6x9 的图像配 3x5 的卷积核，得到 4x5",
      hint: "非方形图像按行取下标时用宽度 W（不是 H）：下标 = r * W + c。",
    },
  },
];
