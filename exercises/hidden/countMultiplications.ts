import type { CaseSpec } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "separable in=112x112x32 k=3 m=1 f=64 s=1 p=same (MobileNet)",
    points: 1,
    args: () => [
      {
        type: "separable",
        inputShape: [112, 112, 32],
        kernelSize: 3,
        filters: 64,
        padding: "same",
      },
    ],
    compare: "exact",
    message: "MobileNet's first separable layer",
  },
  {
    name: "separable in=10x9x3 k=3 m=2 f=5 s=2 p=valid",
    points: 1,
    args: () => [
      {
        type: "separable",
        inputShape: [10, 9, 3],
        kernelSize: 3,
        depthMultiplier: 2,
        filters: 5,
        stride: 2,
      },
    ],
    compare: "exact",
    message: "a multiplier feeds C*M channels into the pointwise step",
  },
  {
    name: "standard in=13x13x8 k=3 f=4 s=2 p=same",
    points: 1,
    args: () => [
      {
        type: "standard",
        inputShape: [13, 13, 8],
        kernelSize: 3,
        filters: 4,
        stride: 2,
        padding: "same",
      },
    ],
    compare: "exact",
    message: "ceil(13 / 2) = 7 positions per side",
  },
];
