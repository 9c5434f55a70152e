import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=12x12x3 f=5x5x3x1 s=1 p=valid (textbook)",
    points: 1,
    args: (seed) => [
      randomNormal([12, 12, 3], { seed: seed(401) }),
      randomNormal([5, 5, 3, 1], { seed: seed(402) }),
      1,
      "valid",
    ],
    accumulation: 25,
    message: "three 5x5x1 kernels, each on its own channel: 12x12x3 -> 8x8x3",
    hint: "No sum over channels: output channel c uses only input channel c.",
    zh: {
      name: "x=12x12x3 f=5x5x3x1 s=1 p=valid（课文的例子）",
      message: "三个 5x5x1 的卷积核，各管一个通道：12x12x3 -> 8x8x3",
      hint: "不对通道求和：输出通道 c 只用输入通道 c。",
    },
  },
  {
    name: "x=5x5x2 f=3x3x2x3 s=1 p=valid (multiplier 3)",
    points: 2,
    args: (seed) => [
      randomNormal([5, 5, 2], { seed: seed(403) }),
      randomNormal([3, 3, 2, 3], { seed: seed(404) }),
      1,
      "valid",
    ],
    accumulation: 9,
    message:
      "depth multiplier 3: output channel c*M + m comes from input channel c and filter[:,:,c,m]",
    hint: "Order the output channels c*M + m (all M outputs of channel 0 first), as TensorFlow does.",
    zh: {
      name: "x=5x5x2 f=3x3x2x3 s=1 p=valid（深度乘法器 3）",
      message: "深度乘法器为 3：输出通道 c*M + m 来自输入通道 c 和 filter[:,:,c,m]",
      hint: "输出通道按 c*M + m 排列（先排通道 0 的全部 M 个输出），和 TensorFlow 一样。",
    },
  },
  {
    name: "x=7x6x2 f=3x3x2x1 s=2 p=same",
    points: 1,
    args: (seed) => [
      randomNormal([7, 6, 2], { seed: seed(405) }),
      randomNormal([3, 3, 2, 1], { seed: seed(406) }),
      2,
      "same",
    ],
    accumulation: 9,
    message: "stride 2 with 'same' padding: 4x3x2 output",
    hint: "Padding and output size are computed exactly as in conv2d.",
    zh: {
      message: "步幅 2 加 'same' 填充：输出 4x3x2",
      hint: "填充和输出尺寸的算法与 conv2d 完全相同。",
    },
  },
];
