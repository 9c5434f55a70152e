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
  },
  {
    name: "N=1 K=10 logits near 1000 (stable softmax)",
    points: 1,
    args: (seed) => args(seed, 1, 10, 1005, 1000),
    accumulation: 10,
    message:
      "logits around 1000: exp(1000) is Infinity, so a softmax that does not subtract the row's maximum first gives NaN",
    hint: "NaN here means exp overflowed: compute exp(z[k] - max over j of z[j]); the max cancels in the ratio, and every exp stays in (0, 1].",
  },
];
