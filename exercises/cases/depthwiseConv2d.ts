import { type CaseSpec, randomNormal } from "sepconv";

export const cases: CaseSpec[] = [
  {
    name: "x=12x12x3 f=5x5x3x1 s=1 p=valid (textbook)",
    points: 1,
    args: (seed) => [
      randomNormal([12, 12, 3], { seed: seed(401) }),
      randomNormal([5, 5, 3, 1], { seed: seed(402) }),
      1,
      "valid",
    ],
    accumulation: 25,
    message: "three 5x5x1 kernels, each on its own channel: 12x12x3 -> 8x8x3",
    hint: "No sum over channels: output channel c uses only input channel c.",
  },
  {
    name: "x=5x5x2 f=3x3x2x3 s=1 p=valid (multiplier 3)",
    points: 2,
    args: (seed) => [
      randomNormal([5, 5, 2], { seed: seed(403) }),
      randomNormal([3, 3, 2, 3], { seed: seed(404) }),
      1,
      "valid",
    ],
    accumulation: 9,
    message:
      "depth multiplier 3: output channel c*M + m comes from input channel c and filter[:,:,c,m]",
    hint: "Order the output channels c*M + m (all multiples of channel 0 first), as TensorFlow does.",
  },
  {
    name: "x=7x6x2 f=3x3x2x1 s=2 p=same",
    points: 1,
    args: (seed) => [
      randomNormal([7, 6, 2], { seed: seed(405) }),
      randomNormal([3, 3, 2, 1], { seed: seed(406) }),
      2,
      "same",
    ],
    accumulation: 9,
    message: "stride 2 with 'same' padding: 4x3x2 output",
    hint: "Padding and output size are computed exactly as in conv2d.",
  },
];
