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
    zh: {
      message: "16 个 1x1x3 的卷积核：8x8x3 -> 8x8x16",
      hint: "对每个像素 p：out[p][o] = 对 c 求和 x[p][c] * filter[c][o]。",
    },
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
    zh: {
      message: "在非方形图像上把深度从 6 减到 2",
      hint: "filter[c][o] 的下标是 c * Cout + o。",
    },
  },
];
