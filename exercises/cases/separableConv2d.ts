import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=12x12x3 dw=5x5x3x1 pw=3x16 s=1 p=valid (textbook, 16 filters)",
    points: 1,
    args: (seed) => [
      randomNormal([12, 12, 3], { seed: seed(601) }),
      randomNormal([5, 5, 3, 1], { seed: seed(602) }),
      randomNormal([3, 16], { seed: seed(603) }),
      1,
      "valid",
    ],
    accumulation: 75,
    message: "depthwise 12x12x3 -> 8x8x3, then pointwise -> 8x8x16",
    hint: "depthwiseConv2d first (with the stride and padding), then pointwiseConv2d on its output.",
    zh: {
      name: "x=12x12x3 dw=5x5x3x1 pw=3x16 s=1 p=valid（课文的例子，16 个卷积核）",
      message: "深度卷积 12x12x3 -> 8x8x3，再做逐点卷积 -> 8x8x16",
      hint: "先调用 depthwiseConv2d（带上步幅和填充），再对它的输出调用 pointwiseConv2d。",
    },
  },
  {
    name: "x=7x7x2 dw=3x3x2x2 pw=4x3 s=2 p=same",
    points: 1,
    args: (seed) => [
      randomNormal([7, 7, 2], { seed: seed(604) }),
      randomNormal([3, 3, 2, 2], { seed: seed(605) }),
      randomNormal([4, 3], { seed: seed(606) }),
      2,
      "same",
    ],
    accumulation: 36,
    message: "multiplier 2 with stride 2 and 'same': the pointwise filter has Cin*M = 4 rows",
    hint: "The pointwise step's input depth is Cin * M; its output keeps the depthwise step's 4x4.",
    zh: {
      message: "深度乘法器 2、步幅 2、'same' 填充：逐点卷积核有 Cin*M = 4 行",
      hint: "逐点卷积的输入深度是 Cin * M；它的输出保持深度卷积输出的 4x4。",
    },
  },
];
