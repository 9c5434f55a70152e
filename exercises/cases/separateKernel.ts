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
    zh: {
      name: "Sobel（x 方向）3x3 = [1,2,1] x [-1,0,1]",
      message: "Sobel 卷积核是一个平滑列向量和一个差分行向量的外积",
      hint: "取经过最大元素的那一列作 column，再取经过它的那一行除以这个最大元素作 row。",
    },
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
    zh: {
      name: "拉普拉斯 3x3（秩 2）",
      message: "拉普拉斯卷积核的秩为 2：任何 column x row 都还原不了它，所以答案是 null",
      hint: "构造出 column 和 row 之后，把 column x row 的每个元素都和卷积核比一遍。",
    },
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
    zh: {
      name: "均值滤波 3x5（矩形，秩 1）",
      message: "矩形卷积核拆成形状为 [3,1] 的列和 [1,5] 的行",
      hint: "列有 KH 个元素，行有 KW 个元素；形状分别是 [KH,1] 和 [1,KW]。",
    },
  },
];
