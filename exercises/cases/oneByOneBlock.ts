import { type CaseSpec, randomNormal, randomUniform } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=6x6x4 f=4x8 act=relu",
    points: 1,
    args: (seed) => [
      randomNormal([6, 6, 4], { seed: seed(701) }),
      randomNormal([4, 8], { seed: seed(702) }),
      "relu",
    ],
    accumulation: 4,
    message: "a 1x1 conv 4 -> 8 then ReLU: negative values become 0",
    hint: "Compute the 1x1 conv first, then max(y, 0) element by element.",
    zh: {
      message: "4 -> 8 的 1x1 卷积再接 ReLU：负值变成 0",
      hint: "先算 1x1 卷积，再逐元素取 max(y, 0)。",
    },
  },
  {
    name: "x=5x5x3 f=3x4 act=prelu alpha=[4]",
    points: 2,
    args: (seed) => [
      randomNormal([5, 5, 3], { seed: seed(703) }),
      randomNormal([3, 4], { seed: seed(704) }),
      "prelu",
      randomUniform([4], { seed: seed(705), min: 0.05, max: 0.5 }),
    ],
    accumulation: 3,
    message: "PReLU with one slope per output channel: negative y becomes alpha[o] * y",
    hint: "The output channel of flat index p is p % Cout.",
    zh: {
      message: "每个输出通道一个斜率的 PReLU：负的 y 变成 alpha[o] * y",
      hint: "扁平下标 p 对应的输出通道是 p % Cout。",
    },
  },
];
