import { type CaseSeed, type CaseSpec, randomNormal } from "sepconv";

/** [x, dy, filterShape, stride, padding], dy of the forward output's shape [N, Ho, Wo, C*M]. */
function args(
  seed: CaseSeed,
  base: number,
  input: number[],
  filterShape: number[],
  stride: number,
  padding: "valid" | "same",
): unknown[] {
  const [n, h, w] = input as [number, number, number, number];
  const [kh, kw, c, m] = filterShape as [number, number, number, number];
  const size = (len: number, k: number) =>
    padding === "same" ? Math.ceil(len / stride) : Math.floor((len - k) / stride) + 1;
  const dy = randomNormal([n, size(h, kh), size(w, kw), c * m], { seed: seed(base + 1) });
  return [randomNormal(input, { seed: seed(base) }), dy, filterShape, stride, padding];
}

export const cases: CaseSpec[] = [
  {
    name: "x=1x5x5x2 f=3x3x2x1 s=1 p=valid",
    points: 2,
    args: (seed) => args(seed, 1201, [1, 5, 5, 2], [3, 3, 2, 1], 1, "valid"),
    accumulation: 9,
    message:
      "one image, M = 1: dFilter[a][b][c][0] sums x[i + a][j + b][c] * dy[i][j][c] over the 3x3 output positions, channel by channel",
    hint: "Return a [KH, KW, C, M] tensor: filterShape. Channel c of dy pairs with channel c of x only.",
    zh: {
      message:
        "一张图、M = 1：dFilter[a][b][c][0] 是 x[i + a][j + b][c] * dy[i][j][c] 在 3x3 个输出位置上的和，逐通道计算",
      hint: "返回形状为 [KH, KW, C, M] 的张量，即 filterShape。dy 的通道 c 只和 x 的通道 c 配对。",
    },
  },
  {
    name: "x=3x5x5x2 f=3x3x2x1 s=1 p=valid (batch of 3)",
    points: 1,
    args: (seed) => args(seed, 1203, [3, 5, 5, 2], [3, 3, 2, 1], 1, "valid"),
    accumulation: 27,
    message:
      "a batch of 3: the same filter met every image, so its gradient sums over the batch too " +
      "(a result equal to one image's gradient means the batch sum is missing)",
    hint: "A gradient equal to one image's means the batch sum is missing: the filter is shared by every image, so sum over n as well as i and j, without resetting the sum per image.",
    zh: {
      name: "x=3x5x5x2 f=3x3x2x1 s=1 p=valid（批大小 3）",
      message:
        "批大小为 3：同一个卷积核作用在每张图上，所以它的梯度也要对整个批次求和（结果等于一张图的梯度，说明少了对批次的求和）",
      hint: "梯度等于一张图的梯度，说明少了对批次的求和：卷积核被每张图共用，所以除了 i 和 j，还要对 n 求和，而且不要每张图重新清零。",
    },
  },
  {
    name: "x=1x5x4x2 f=3x3x2x3 s=1 p=valid (multiplier 3)",
    points: 2,
    args: (seed) => args(seed, 1205, [1, 5, 4, 2], [3, 3, 2, 3], 1, "valid"),
    accumulation: 6,
    message:
      "depth multiplier 3: dFilter[a][b][c][m] pairs x's channel c with dy's channel c*M + m (TensorFlow's order)",
    hint: "Wrong values from m = 1 on mean the wrong dy channel: dy has C*M = 6 channels and dFilter[a][b][c][m] reads channel c*M + m (TensorFlow's order), not m*C + c.",
    zh: {
      name: "x=1x5x4x2 f=3x3x2x3 s=1 p=valid（深度乘法器 3）",
      message:
        "深度乘法器为 3：dFilter[a][b][c][m] 把 x 的通道 c 和 dy 的通道 c*M + m 配对（TensorFlow 的顺序）",
      hint: "从 m = 1 起值就不对，说明取错了 dy 的通道：dy 有 C*M = 6 个通道，dFilter[a][b][c][m] 读的是通道 c*M + m（TensorFlow 的顺序），不是 m*C + c。",
    },
  },
  {
    name: "x=1x7x6x2 f=3x3x2x1 s=2 p=same",
    points: 1,
    args: (seed) => args(seed, 1207, [1, 7, 6, 2], [3, 3, 2, 1], 2, "same"),
    accumulation: 12,
    message:
      "stride 2 with 'same' padding: 4x3 output positions; taps in the padding read 0 and add nothing",
    hint: "Padding as in conv2d: padTop = floor(max((Ho - 1) * s + KH - H, 0) / 2); the row read is i * s + a - padTop.",
    zh: {
      message:
        "步幅 2 加 'same' 填充：4x3 个输出位置；落在填充区的卷积核位置读到 0，对梯度没有贡献",
      hint: "填充与 conv2d 相同：padTop = floor(max((Ho - 1) * s + KH - H, 0) / 2)；读取的行是 i * s + a - padTop。",
    },
  },
];
