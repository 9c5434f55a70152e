import { type CaseSeed, type CaseSpec, randomNormal } from "sepconv";

/** [inputShape, dy, filter, stride, padding, dilation], dy of the forward output's shape. */
function args(
  seed: CaseSeed,
  base: number,
  input: number[],
  filter: number[],
  stride: number,
  padding: "valid" | "same",
  dilation = 1,
): unknown[] {
  const [n, h, w] = input as [number, number, number, number];
  const [kh, kw, , cout] = filter as [number, number, number, number];
  const size = (len: number, k: number) =>
    padding === "same"
      ? Math.ceil(len / stride)
      : Math.floor((len - ((k - 1) * dilation + 1)) / stride) + 1;
  const dy = randomNormal([n, size(h, kh), size(w, kw), cout], { seed: seed(base) });
  return [input, dy, randomNormal(filter, { seed: seed(base + 1) }), stride, padding, dilation];
}

export const cases: CaseSpec[] = [
  {
    name: "in=1x5x5x1 f=3x3x1x1 s=1 p=valid",
    points: 2,
    args: (seed) => args(seed, 1101, [1, 5, 5, 1], [3, 3, 1, 1], 1, "valid"),
    accumulation: 9,
    message:
      "one channel: each dy[i][j] goes back to the 3x3 window it was computed from, weighted by the filter; corner pixels were read by one window, the centre by nine",
    hint: "For every output (i, j) and tap (a, b): dx[i + a][j + b] += dy[i][j] * filter[a][b]. Start from zeros.",
    zh: {
      message:
        "单通道：每个 dy[i][j] 按卷积核加权，送回计算它的那个 3x3 窗口；角上的像素只被一个窗口读过，中心像素被九个窗口读过",
      hint: "对每个输出位置 (i, j) 和每个卷积核位置 (a, b)：dx[i + a][j + b] += dy[i][j] * filter[a][b]。dx 从全零开始累加。",
    },
  },
  {
    name: "in=2x6x6x3 f=3x3x3x4 s=1 p=valid",
    points: 2,
    args: (seed) => args(seed, 1103, [2, 6, 6, 3], [3, 3, 3, 4], 1, "valid"),
    accumulation: 36,
    message:
      "channels and a batch: dx[n][r][col][c] sums dy * filter[a][b][c][o] over the 4 output channels o; image n's dx uses image n's dy only",
    hint: "Index of filter[a][b][c][o]: ((a * KW + b) * Cin + c) * Cout + o; loop over o inside c.",
    zh: {
      message:
        "多通道加批次：dx[n][r][col][c] 要对 4 个输出通道 o 把 dy * filter[a][b][c][o] 加起来；第 n 张图的 dx 只用第 n 张图的 dy",
      hint: "filter[a][b][c][o] 的下标是 ((a * KW + b) * Cin + c) * Cout + o；在 c 的循环里面再循环 o。",
    },
  },
  {
    name: "in=1x7x7x2 f=3x3x2x2 s=2 p=valid",
    points: 1,
    args: (seed) => args(seed, 1105, [1, 7, 7, 2], [3, 3, 2, 2], 2, "valid"),
    accumulation: 18,
    message:
      "stride 2: output (i, j) read the window starting at row 2i, column 2j; windows overlap by one pixel",
    hint: "The row the forward pass read is i * stride + a, not i + a.",
    zh: {
      message: "步幅 2：输出 (i, j) 读的是从第 2i 行、第 2j 列开始的窗口；相邻窗口重叠一个像素",
      hint: "前向传播读的行是 i * stride + a，不是 i + a。",
    },
  },
  {
    name: "in=1x6x6x2 f=3x3x2x2 s=2 p=valid (last row and column unread)",
    points: 1,
    args: (seed) => args(seed, 1107, [1, 6, 6, 2], [3, 3, 2, 2], 2, "valid"),
    accumulation: 18,
    message:
      "stride 2 on 6 pixels with a 3-wide window: the windows cover rows and columns 0..4 only, so dx is [1,6,6,2] with 0 in the last row and column",
    hint: "Return inputShape's shape, not one computed from dy: the pixels no window read get 0.",
    zh: {
      name: "in=1x6x6x2 f=3x3x2x2 s=2 p=valid（最后一行和最后一列没有被读到）",
      message:
        "6 个像素、窗口宽 3、步幅 2：窗口只覆盖第 0..4 行和第 0..4 列，所以 dx 的形状是 [1,6,6,2]，最后一行和最后一列为 0",
      hint: "返回 inputShape 给出的形状，不要从 dy 推算：没有被任何窗口读过的像素梯度为 0。",
    },
  },
  {
    name: "in=1x5x5x2 f=3x3x2x3 s=1 p=same",
    points: 1,
    args: (seed) => args(seed, 1109, [1, 5, 5, 2], [3, 3, 2, 3], 1, "same"),
    accumulation: 27,
    message:
      "'same' padding: taps that fell in the padding (row or column -1 or 5) read no x and give it no gradient",
    hint: "Wrong values in the first or last column or row mean a tap in the padding was not skipped: padTop = padLeft = 1 here; skip a tap when its row or its column is outside 0..4 (a column of -1 would land on the previous row's last pixel).",
    zh: {
      message:
        "'same' 填充：落在填充区（第 -1 或第 5 行、列）的卷积核位置没有读任何 x，也不给它梯度",
      hint: "第一列、最后一列或第一行、最后一行的值不对，说明没有跳过落在填充区的卷积核位置：这里 padTop = padLeft = 1；卷积核位置对应的输入行或列超出 0..4 时跳过它（列为 -1 时会落到上一行的最后一个像素上）。",
    },
  },
  {
    name: "in=2x6x7x2 f=4x4x2x3 s=2 p=same",
    points: 1,
    args: (seed) => args(seed, 1111, [2, 6, 7, 2], [4, 4, 2, 3], 2, "same"),
    accumulation: 48,
    message:
      "stride 2, 'same', even kernel: the width's padding is odd (3 columns: 1 left, 2 right), the height's even (1 top, 1 bottom)",
    hint: "padLeft = floor(total / 2) with total = max((Wo - 1) * s + KW - W, 0): the extra column is on the right; skip taps outside the image on both axes.",
    zh: {
      message:
        "步幅 2、'same' 填充、偶数尺寸的卷积核：宽度方向的填充是奇数（3 列：左 1 右 2），高度方向是偶数（上 1 下 1）",
      hint: "padLeft = floor(total / 2)，其中 total = max((Wo - 1) * s + KW - W, 0)：多出来的一列在右边；两个方向上都要跳过落在图像外的卷积核位置。",
    },
  },
];
