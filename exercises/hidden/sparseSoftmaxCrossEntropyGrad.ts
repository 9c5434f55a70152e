import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "N=8 K=10 labels 3,3,3,0,9,9,3,1",
    points: 1,
    args: (seed) => [
      [3, 3, 3, 0, 9, 9, 3, 1],
      randomNormal([8, 10], { seed: seed(1901), stddev: 2 }),
    ],
    accumulation: 10,
    message:
      "a batch of 8 with repeated labels: each row's one-hot at its own label, everything divided by 8",
  },
  {
    name: "N=3 K=2 logits near -1000",
    points: 1,
    args: (seed) => [[1, 0, 1], randomNormal([3, 2], { seed: seed(1902), mean: -1000, stddev: 2 })],
    accumulation: 2,
    message:
      "logits around -1000: every exp(z) underflows to 0, so a softmax that does not subtract the row's maximum first gives 0 / 0 = NaN",
  },
];
