import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "image=10x4 column=5x1 row=1x1",
    points: 1,
    args: (seed) => [
      randomNormal([10, 4], { seed: seed(911) }),
      randomNormal([5, 1], { seed: seed(912) }),
      randomNormal([1, 1], { seed: seed(913) }),
    ],
    accumulation: 5,
    message: "a 1x1 row leaves the column pass's result unchanged",
  },
  {
    name: "image=9x9 column=7x1 row=1x7",
    points: 2,
    args: (seed) => [
      randomNormal([9, 9], { seed: seed(914) }),
      randomNormal([7, 1], { seed: seed(915) }),
      randomNormal([1, 7], { seed: seed(916) }),
    ],
    accumulation: 49,
    message: "a 7x7 kernel split into 7x1 and 1x7",
  },
];
