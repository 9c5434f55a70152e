import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=6x6x2 f=3x3x2x4 s=1 p=valid",
    points: 1,
    args: (seed) => [
      randomNormal([6, 6, 2], { seed: seed(301) }),
      randomNormal([3, 3, 2, 4], { seed: seed(302) }),
      1,
      "valid",
    ],
    accumulation: 18,
    message: "stride 1, no padding: 4x4x4 output, each value a sum over 3x3x2 taps",
    hint: "Index x[r][c][ch] as (r * W + c) * Cin + ch and filter[a][b][c][o] as ((a * KW + b) * Cin + c) * Cout + o; do not flip the kernel (a deep-learning convolution is a cross-correlation: filter[0][0] meets the window's top-left pixel).",
    zh: {
      message: "步幅 1、不填充：输出 4x4x4，每个值是 3x3x2 个卷积核位置上的乘积之和",
      hint: "x[r][c][ch] 的下标是 (r * W + c) * Cin + ch，filter[a][b][c][o] 的下标是 ((a * KW + b) * Cin + c) * Cout + o；不要翻转卷积核（深度学习里的卷积是互相关：filter[0][0] 对应窗口左上角的像素）。",
    },
  },
  {
    name: "x=7x7x3 f=3x3x3x2 s=2 p=valid",
    points: 1,
    args: (seed) => [
      randomNormal([7, 7, 3], { seed: seed(303) }),
      randomNormal([3, 3, 3, 2], { seed: seed(304) }),
      2,
      "valid",
    ],
    accumulation: 27,
    message: "stride 2 without padding: output 3x3, windows start at rows 0, 2, 4",
    hint: "Output size floor((H - KH) / s) + 1; the window of output row i starts at input row i * s.",
    zh: {
      message: "步幅 2、不填充：输出 3x3，窗口从第 0、2、4 行开始",
      hint: "输出尺寸是 floor((H - KH) / s) + 1；输出第 i 行的窗口从输入第 i * s 行开始。",
    },
  },
  {
    name: "x=5x5x1 f=3x3x1x1 s=1 p=same",
    points: 1,
    args: (seed) => [
      randomNormal([5, 5, 1], { seed: seed(305) }),
      randomNormal([3, 3, 1, 1], { seed: seed(306) }),
      1,
      "same",
    ],
    accumulation: 9,
    message: "'same' padding keeps 5x5: one row/column of zeros on every side",
    hint: "padTop = floor(total / 2) with total = max((Ho - 1) * s + KH - H, 0); taps outside the image count as 0.",
    zh: {
      message: "'same' 填充保持 5x5：四周各补一行（列）零",
      hint: "padTop = floor(total / 2)，其中 total = max((Ho - 1) * s + KH - H, 0)；落在图像外的卷积核位置按 0 计。",
    },
  },
  {
    name: "x=6x7x2 f=4x4x2x3 s=2 p=same",
    points: 2,
    args: (seed) => [
      randomNormal([6, 7, 2], { seed: seed(307) }),
      randomNormal([4, 4, 2, 3], { seed: seed(308) }),
      2,
      "same",
    ],
    accumulation: 32,
    message:
      "stride 2 with 'same': output ceil(6/2) x ceil(7/2) = 3x4, the odd padding row/column at the bottom/right",
    hint: "TensorFlow puts the extra padding after (bottom/right), not before: padTop = floor(total / 2).",
    zh: {
      message:
        "步幅 2 加 'same' 填充：输出 ceil(6/2) x ceil(7/2) = 3x4，多出的那一行（列）填充在下边（右边）",
      hint: "TensorFlow 把多出的填充放在后面（下边、右边），不是前面：padTop = floor(total / 2)。",
    },
  },
];
