import { type CaseSeed, type CaseSpec, randomUniform } from "sepconv";

type Layer = Record<string, unknown>;

// Every number of these layers is in the case's name, so grading cannot change them: the graded
// input is the same layer with the defaults the name implies written out and its keys in a
// seeded order (never the shipped order), so it equals no shipped input.
function layer(seed: CaseSeed, shipped: Layer, implied: Layer = {}): Layer {
  if (seed.shipped) return shipped;
  const all: Layer = { ...implied, ...shipped };
  const keys = Object.keys(all);
  const draw = randomUniform([keys.length], { seed: seed(1) }).data;
  const order = keys.map((_, i) => i).sort((a, b) => draw[a]! - draw[b]! || a - b);
  if (order.every((k, i) => k === i)) order.push(order.shift()!);
  return Object.fromEntries(order.map((i) => [keys[i]!, all[keys[i]!]]));
}

export const cases: CaseSpec[] = [
  {
    name: "standard in=12x12x3 k=5 f=256 p=valid (textbook)",
    points: 1,
    args: (seed) => [
      layer(
        seed,
        { type: "standard", inputShape: [12, 12, 3], kernelSize: 5, filters: 256 },
        { stride: 1, padding: "valid" },
      ),
    ],
    compare: "exact",
    message: "256 kernels of 5x5x3 slide over 8x8 positions",
    hint: "Ho * Wo * K * K * C * F with Ho = Wo = 12 - 5 + 1.",
    zh: {
      name: "标准卷积 in=12x12x3 k=5 f=256 p=valid（课文的例子）",
      message: "256 个 5x5x3 的卷积核在 8x8 个位置上滑动",
      hint: "Ho * Wo * K * K * C * F，其中 Ho = Wo = 12 - 5 + 1。",
    },
  },
  {
    name: "separable in=12x12x3 k=5 f=256 p=valid (textbook)",
    points: 1,
    args: (seed) => [
      layer(
        seed,
        { type: "separable", inputShape: [12, 12, 3], kernelSize: 5, filters: 256 },
        { depthMultiplier: 1, stride: 1, padding: "valid" },
      ),
    ],
    compare: "exact",
    message: "depthwise 4,800 plus pointwise 49,152",
    hint: "The pointwise step runs on the depthwise step's 8x8x3 output.",
    zh: {
      name: "深度可分离卷积 in=12x12x3 k=5 f=256 p=valid（课文的例子）",
      message: "深度卷积 4,800 次加逐点卷积 49,152 次",
      hint: "逐点卷积作用在深度卷积输出的 8x8x3 上。",
    },
  },
  {
    name: "depthwise in=8x8x4 k=3 m=2 s=2 p=same",
    points: 1,
    args: (seed) => [
      layer(seed, {
        type: "depthwise",
        inputShape: [8, 8, 4],
        kernelSize: 3,
        depthMultiplier: 2,
        stride: 2,
        padding: "same",
      }),
    ],
    compare: "exact",
    message: "'same' with stride 2 gives 4x4; taps in the padding are counted",
    hint: "Ho = ceil(H / s) for 'same'.",
    zh: {
      name: "深度卷积 in=8x8x4 k=3 m=2 s=2 p=same",
      message: "'same' 填充加步幅 2 得到 4x4；落在填充区的卷积核位置也要计入",
      hint: "'same' 填充时 Ho = ceil(H / s)。",
    },
  },
  {
    name: "pointwise in=7x7x16 f=32 s=2 p=valid",
    points: 1,
    args: (seed) => [
      layer(
        seed,
        { type: "pointwise", inputShape: [7, 7, 16], kernelSize: 1, filters: 32, stride: 2 },
        { padding: "valid" },
      ),
    ],
    compare: "exact",
    message: "a strided 1x1 conv: 4x4 positions, each a 16 -> 32 matrix-vector product",
    hint: "With K = 1, floor((7 - 1) / 2) + 1 = 4.",
    zh: {
      name: "逐点卷积 in=7x7x16 f=32 s=2 p=valid",
      message: "带步幅的 1x1 卷积：4x4 个位置，每个位置做一次 16 -> 32 的矩阵乘向量",
      hint: "K = 1 时，floor((7 - 1) / 2) + 1 = 4。",
    },
  },
];
