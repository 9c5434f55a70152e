import { type CaseSeed, type CaseSpec, randomNormal, randomUniform } from "sepconv";

/** n seeded labels in 0..classes-1. */
function labelsFor(n: number, classes: number, seed: number): number[] {
  return Array.from(randomUniform([n], { seed }).data, (u) =>
    Math.min(classes - 1, Math.floor(u * classes)),
  );
}

const args = (seed: CaseSeed, n: number, classes: number, base: number, mean = 0): unknown[] => [
  labelsFor(n, classes, seed(base)),
  randomNormal([n, classes], { seed: seed(base + 1), mean, stddev: 2 }),
];

export const cases: CaseSpec[] = [
  {
    name: "N=1 K=3",
    points: 1,
    args: (seed) => args(seed, 1, 3, 1001),
    accumulation: 3,
    message: "one example: the gradient is softmax(logits), with 1 subtracted at the label's class",
    hint: "softmax(z)[k] = exp(z[k]) / sum over j of exp(z[j]); then subtract 1 at k = labels[0] only. Each row of the answer sums to 0.",
    zh: {
      message: "一个样本：梯度就是 softmax(logits)，再在标签所在的类别上减 1",
      hint: "softmax(z)[k] = exp(z[k]) / 对 j 求和 exp(z[j])；然后只在 k = labels[0] 处减 1。答案每一行的和为 0。",
    },
  },
  {
    name: "N=5 K=4 (batch mean)",
    points: 2,
    args: (seed) => args(seed, 5, 4, 1003),
    accumulation: 4,
    message:
      "the loss is the mean over the batch, so each row is (softmax - onehot) / N with N = 5: " +
      "values 5 times the expected ones mean the division by the batch size is missing",
    hint: "Values N = 5 times too large mean the division by the batch size is missing: divide every element by N = logits.shape[0]. The one-hot goes to column labels[n] of row n.",
    zh: {
      name: "N=5 K=4（批次平均）",
      message:
        "损失是对批次取平均，所以每一行是 (softmax - onehot) / N，这里 N = 5：值是应有值的 5 倍，说明漏了除以批大小",
      hint: "值大了 N = 5 倍，说明漏了除以批大小：每个元素都要除以 N = logits.shape[0]。第 n 行的 one-hot 在第 labels[n] 列。",
    },
  },
  {
    name: "N=1 K=10 logits near 1000 (stable softmax)",
    points: 1,
    args: (seed) => args(seed, 1, 10, 1005, 1000),
    accumulation: 10,
    message:
      "logits around 1000: exp(1000) is Infinity, so a softmax that does not subtract the row's maximum first gives NaN",
    hint: "NaN here means exp overflowed: compute exp(z[k] - max over j of z[j]); the max cancels in the ratio, and every exp stays in (0, 1].",
    zh: {
      name: "N=1 K=10 logits 接近 1000（数值稳定的 softmax）",
      message:
        "logits 在 1000 左右：exp(1000) 是 Infinity，不先减去该行最大值的 softmax 会得到 NaN",
      hint: "这里出现 NaN 说明 exp 溢出了：改算 exp(z[k] - 对 j 取最大的 z[j])；最大值在比值里相互抵消，每个 exp 都落在 (0, 1] 内。",
    },
  },
];
