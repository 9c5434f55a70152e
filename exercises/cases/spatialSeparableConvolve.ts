import { type CaseSpec, randomNormal, tensor } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "image=6x6 column=3x1 row=1x3 (sobel)",
    points: 1,
    args: (seed) => [
      randomNormal([6, 6], { seed: seed(201) }),
      tensor([[1], [2], [1]]),
      tensor([[-1, 0, 1]]),
    ],
    accumulation: 9,
    message: "the two passes equal the 3x3 Sobel convolution, 4x4 output",
    hint: "Column pass first: it keeps the full width W; then the row pass narrows it to W - K2 + 1.",
    zh: {
      name: "图像=6x6 列=3x1 行=1x3（Sobel）",
      message: "两步的结果等于 3x3 的 Sobel 卷积，输出 4x4",
      hint: "先做列方向：它保持完整的宽度 W；再做行方向，把宽度缩到 W - K2 + 1。",
    },
  },
  {
    name: "image=7x9 column=2x1 row=1x4",
    points: 1,
    args: (seed) => [
      randomNormal([7, 9], { seed: seed(202) }),
      randomNormal([2, 1], { seed: seed(203) }),
      randomNormal([1, 4], { seed: seed(204) }),
    ],
    accumulation: 8,
    message: "column and row of different lengths on a non-square image: 6x6 output",
    hint: "The intermediate is (H - K + 1) x W; index it with W, not the output width.",
    zh: {
      name: "图像=7x9 列=2x1 行=1x4",
      message: "列和行长度不同、图像不是方形：输出 6x6",
      hint: "中间结果是 (H - K + 1) x W；给它取下标时用 W，不是输出宽度。",
    },
  },
];
