import { type CaseSeed, type CaseSpec, randomUniform, tensor } from "sepconv";

// Each kernel ships as written; graded, it is multiplied by a seeded factor in [0.5, 4), which
// keeps what the case is about (its shape, its rank, the Sobel/Laplacian/box pattern).
function scaled(seed: CaseSeed, rows: number[][]) {
  const k = seed.shipped ? 1 : randomUniform([1], { seed: seed(1), min: 0.5, max: 4 }).data[0]!;
  return tensor(rows.map((r) => r.map((v) => v * k)));
}

export const cases: CaseSpec[] = [
  {
    name: "sobel-x 3x3 = [1,2,1] x [-1,0,1]",
    points: 1,
    args: (seed) => [
      scaled(seed, [
        [-1, 0, 1],
        [-2, 0, 2],
        [-1, 0, 1],
      ]),
    ],
    compare: "separable",
    message: "the Sobel kernel is the outer product of a smoothing column and a difference row",
    hint: "Take the column through the largest entry and the row through it divided by that entry.",
  },
  {
    name: "laplacian 3x3 (rank 2)",
    points: 1,
    args: (seed) => [
      scaled(seed, [
        [0, 1, 0],
        [1, -4, 1],
        [0, 1, 0],
      ]),
    ],
    compare: "separable",
    message: "the Laplacian is rank 2: no column x row reproduces it, so the answer is null",
    hint: "After building column and row, check every entry of column x row against the kernel.",
  },
  {
    name: "box 3x5 (rectangular, rank 1)",
    points: 1,
    args: (seed) => [
      scaled(seed, [
        [1, 1, 1, 1, 1],
        [1, 1, 1, 1, 1],
        [1, 1, 1, 1, 1],
      ]),
    ],
    compare: "separable",
    message: "a rectangular kernel splits into a [3,1] column and a [1,5] row",
    hint: "The column has KH entries and the row KW entries; shapes [KH,1] and [1,KW].",
  },
];
