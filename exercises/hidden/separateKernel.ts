import { type CaseSpec, tensor } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "zero 3x3 (rank 0)",
    points: 1,
    args: () => [
      tensor([
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ]),
    ],
    compare: "separable",
    message: "the all-zero kernel is not rank 1: null",
  },
  {
    name: "binomial 5x5 with a zero first row entry pattern",
    points: 1,
    args: () => {
      const c = [0, 1, 4, 6, 4];
      const r = [1, 4, 6, 4, 1];
      return [tensor(c.map((a) => r.map((b) => a * b)))];
    },
    compare: "separable",
    message: "a rank-1 kernel whose first row is zero still splits",
  },
  {
    name: "almost rank 1 5x5 (one entry off)",
    points: 1,
    args: () => {
      const rows = [1, 2, 3, 2, 1].map((a) => [1, -1, 2, -1, 1].map((b) => a * b));
      rows[4]![0] = 1.5;
      return [tensor(rows)];
    },
    compare: "separable",
    message: "one perturbed entry makes the kernel rank 2: null",
  },
];
