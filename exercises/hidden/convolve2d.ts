import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "image=8x8 kernel=8x8 (one output)",
    points: 1,
    args: (seed) => [
      randomNormal([8, 8], { seed: seed(901) }),
      randomNormal([8, 8], { seed: seed(902) }),
    ],
    accumulation: 64,
    message: "a kernel as large as the image gives a single value",
  },
  {
    name: "image=7x3 kernel=1x1",
    points: 1,
    args: (seed) => [
      randomNormal([7, 3], { seed: seed(903) }),
      randomNormal([1, 1], { seed: seed(904) }),
    ],
    message: "a 1x1 kernel scales the image",
  },
  {
    name: "image=12x10 kernel=5x2",
    points: 1,
    args: (seed) => [
      randomNormal([12, 10], { seed: seed(905) }),
      randomNormal([5, 2], { seed: seed(906) }),
    ],
    accumulation: 10,
    message: "a tall kernel on a non-square image",
  },
];
