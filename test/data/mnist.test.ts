import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
// The module itself, not src/index: loading the whole package would double this file's run time.
import {
  loadMnist,
  MNIST_SOURCE,
  mnistSource,
  type MnistData,
  type MnistSplit,
} from "../../src/data/mnist";
import { setLanguage } from "../../src/i18n";
import { OptionError } from "../../src/errors";

// The package's files, read here independently of the loader: the values the loader must reproduce.
const requireHere = createRequire(import.meta.url);
const raw: number[][] = [];
for (let c = 0; c < 10; c++)
  raw.push(
    (
      JSON.parse(readFileSync(requireHere.resolve(`mnist/src/digits/${c}.json`), "utf8")) as {
        data: number[];
      }
    ).data,
  );
const classCounts = raw.map((d) => d.length / 784);
const classStart = [0];
for (const n of classCounts) classStart.push(classStart[classStart.length - 1]! + n);
const TOTAL = classStart[10]!;

/** Class and position within its file of a loader index (file order: 0.json first). */
function locate(index: number): { digit: number; k: number } {
  let digit = 0;
  while (index >= classStart[digit + 1]!) digit++;
  return { digit, k: index - classStart[digit]! };
}

function perClass(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l]!++;
  return counts;
}

function expectWithinOne(actual: number, share: number): void {
  expect(
    actual === Math.floor(share) || actual === Math.ceil(share),
    `${actual} vs share ${share}`,
  ).toBe(true);
}

function expectOptionError(fn: () => unknown, option: string, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(OptionError);
  expect((caught as OptionError).option).toBe(option);
  expect((caught as OptionError).message).toContain(`loadMnist: ${message}`);
}

describe("loadMnist", () => {
  const full = loadMnist();

  it("the package ships 10,000 digits of 784 pixels in ten class files", () => {
    expect(TOTAL).toBe(10_000);
    for (const n of classCounts) expect(Number.isInteger(n)).toBe(true);
  });

  it("default: 8,000 / 2,000 images [N,28,28,1] float32 in [0,1], labels Int32Array 0-9", () => {
    const check = (s: MnistSplit, n: number): void => {
      expect(s.images.shape).toEqual([n, 28, 28, 1]);
      expect(s.images.data).toBeInstanceOf(Float32Array);
      expect(s.labels).toBeInstanceOf(Int32Array);
      expect(s.indices).toBeInstanceOf(Int32Array);
      expect(s.labels.length).toBe(n);
      expect(s.indices.length).toBe(n);
      let min = Infinity;
      let max = -Infinity;
      for (const v of s.images.data) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect(min).toBe(0);
      expect(max).toBe(1);
      for (const l of s.labels) expect(l >= 0 && l <= 9).toBe(true);
      for (const i of s.indices) expect(i >= 0 && i < TOTAL).toBe(true);
    };
    check(full.train, 8000);
    check(full.test, 2000);
  });

  it("each label is the class of the file its image came from", () => {
    for (const s of [full.train, full.test]) {
      for (let k = 0; k < s.labels.length; k++)
        expect(s.labels[k]).toBe(locate(s.indices[k]!).digit);
    }
  });

  it("pixels are the package's values: byte / 255, equal to the JSON's after rounding to 3 decimals", () => {
    // 40 images from each split, spread over the split.
    for (const s of [full.train, full.test]) {
      const n = s.labels.length;
      for (let j = 0; j < 40; j++) {
        const k = Math.floor((j * n) / 40);
        const { digit, k: at } = locate(s.indices[k]!);
        const json = raw[digit]!.slice(at * 784, at * 784 + 784);
        const ours = s.images.data.subarray(k * 784, k * 784 + 784);
        let sumJson = 0;
        let sumOurs = 0;
        const wrong: string[] = [];
        for (let p = 0; p < 784; p++) {
          sumJson += json[p]!;
          sumOurs += ours[p]!;
          const byteLike = Math.abs(ours[p]! * 255 - Math.round(ours[p]! * 255)) < 1e-4;
          if (Math.round(ours[p]! * 1000) / 1000 !== json[p] || !byteLike)
            wrong.push(`pixel ${p}: ${ours[p]} vs JSON ${json[p]}`);
        }
        expect(wrong, `image ${s.indices[k]}`).toEqual([]);
        // The JSON rounds each pixel to 3 decimals, so its sums differ by at most 0.0005 per pixel.
        expect(Math.abs(sumOurs - sumJson)).toBeLessThanOrEqual(784 * 0.0005);
        expect(sumJson).toBeGreaterThan(10); // a digit, not a blank image
      }
    }
  });

  it("the whole data set's pixel sum matches the JSON's (within its 3-decimal rounding)", () => {
    let ours = 0;
    for (const s of [full.train, full.test]) for (const v of s.images.data) ours += v;
    let json = 0;
    let rounding = 0;
    for (const d of raw)
      for (const v of d) {
        json += v;
        rounding += Math.abs(v * 255 - Math.round(v * 255)) / 255;
      }
    expect(Math.abs(ours - json)).toBeLessThanOrEqual(rounding + 1e-3);
  });

  it("stratified: every class splits 80/20 within one digit, and both splits together hold every digit once", () => {
    const train = perClass(full.train.labels);
    const test = perClass(full.test.labels);
    for (let c = 0; c < 10; c++) {
      expectWithinOne(test[c]!, classCounts[c]! * 0.2);
      expectWithinOne(train[c]!, classCounts[c]! * 0.8);
      expect(train[c]! + test[c]!).toBe(classCounts[c]);
    }
    const all = [...full.train.indices, ...full.test.indices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
  });

  it("no image is in both splits (by index and by pixels)", () => {
    const trainIdx = new Set(full.train.indices);
    for (const i of full.test.indices) expect(trainIdx.has(i)).toBe(false);
    const key = (s: MnistSplit, k: number): string =>
      Buffer.from(s.images.data.buffer, k * 784 * 4, 784 * 4).toString("latin1");
    const trainImages = new Set<string>();
    for (let k = 0; k < full.train.labels.length; k++) trainImages.add(key(full.train, k));
    expect(trainImages.size).toBe(full.train.labels.length); // no duplicate digits in the package either
    for (let k = 0; k < full.test.labels.length; k++)
      expect(trainImages.has(key(full.test, k))).toBe(false);
  });

  it("splits are shuffled: the classes are mixed, not in file order", () => {
    const first100 = new Set(full.train.labels.subarray(0, 100));
    expect(first100.size).toBe(10);
  });

  it("trainSize / testSize: exact totals; the drawn digits keep class proportions within one", () => {
    const d = loadMnist({ trainSize: 1000, testSize: 300, seed: 5 });
    expect(d.train.images.shape).toEqual([1000, 28, 28, 1]);
    expect(d.test.images.shape).toEqual([300, 28, 28, 1]);
    const train = perClass(d.train.labels);
    const test = perClass(d.test.labels);
    for (let c = 0; c < 10; c++) {
      const used = train[c]! + test[c]!;
      expectWithinOne(used, (classCounts[c]! * 1300) / TOTAL);
      expectWithinOne(test[c]!, (used * 300) / 1300);
      expectWithinOne(train[c]!, (used * 1000) / 1300);
    }
    expect(new Set([...d.train.indices, ...d.test.indices]).size).toBe(1300);
  });

  it("size + testFraction: round(size * testFraction) test digits, stratified", () => {
    const d = loadMnist({ size: 2500, testFraction: 0.3, seed: 2 });
    expect(d.test.labels.length).toBe(750);
    expect(d.train.labels.length).toBe(1750);
    const train = perClass(d.train.labels);
    const test = perClass(d.test.labels);
    for (let c = 0; c < 10; c++) {
      const used = train[c]! + test[c]!;
      expectWithinOne(used, (classCounts[c]! * 2500) / TOTAL);
      expectWithinOne(test[c]!, used * 0.3);
    }
  });

  it("deterministic: same seed, same split and pixels; another seed, another split", () => {
    const sameIndices = (a: MnistData, b: MnistData): boolean =>
      a.train.indices.every((v, i) => v === b.train.indices[i]) &&
      a.test.indices.every((v, i) => v === b.test.indices[i]);
    const again = loadMnist({ seed: 0 });
    expect(sameIndices(full, again)).toBe(true);
    // Element loops: vitest's deep equality on 6 million floats takes minutes.
    expect(again.train.images.data.every((v, i) => v === full.train.images.data[i])).toBe(true);
    expect(again.test.labels.every((v, i) => v === full.test.labels[i])).toBe(true);

    const other = loadMnist({ seed: 1 });
    expect(sameIndices(full, other)).toBe(false);
    // A different test set, not just a different order.
    const testSet = new Set(full.test.indices);
    const shared = other.test.indices.filter((i) => testSet.has(i)).length;
    expect(shared).toBeLessThan(1000); // ~20% of 2,000 expected by chance
    expect(perClass(other.test.labels)).toEqual(perClass(full.test.labels)); // same stratification

    const small = loadMnist({ trainSize: 50, testSize: 20, seed: 9 });
    expect(loadMnist({ trainSize: 50, testSize: 20, seed: 9 }).train.indices).toEqual(
      small.train.indices,
    );
  });

  it("the split for seed 0 is pinned: a change to the generator or the draw would change the notebook's numbers", () => {
    // Recorded from this implementation on 2026-12-05; the generator is integer arithmetic and the
    // shuffle multiplies exactly in float64, so this holds on any machine and Node version.
    expect(Array.from(full.train.indices.subarray(0, 8))).toEqual(PINNED_TRAIN);
    expect(Array.from(full.test.indices.subarray(0, 8))).toEqual(PINNED_TEST);
  });

  it("every call returns fresh arrays (the cache is not handed out)", () => {
    const a = loadMnist({ trainSize: 10, testSize: 10 });
    const before = a.train.images.data[300];
    a.train.images.data.fill(7);
    a.train.labels.fill(7);
    const b = loadMnist({ trainSize: 10, testSize: 10 });
    expect(b.train.images.data[300]).toBe(before);
    expect(Math.max(...b.train.images.data)).toBeLessThanOrEqual(1);
  });

  it("bad options: OptionError naming the option", () => {
    expectOptionError(
      () => loadMnist({ testFraction: 0 }),
      "testFraction",
      "testFraction must be a finite number in (0, 1), got 0",
    );
    expectOptionError(
      () => loadMnist({ testFraction: 1 }),
      "testFraction",
      "testFraction must be a finite number in (0, 1), got 1",
    );
    expectOptionError(
      () => loadMnist({ testFraction: Number.NaN }),
      "testFraction",
      "testFraction must be",
    );
    expectOptionError(
      () => loadMnist({ testFraction: "0.2" as unknown as number }),
      "testFraction",
      'testFraction must be a finite number in (0, 1), got "0.2"',
    );
    expectOptionError(
      () => loadMnist({ size: 10, testFraction: 0.01 }),
      "testFraction",
      "testFraction must be large enough for one test digit",
    );
    expectOptionError(
      () => loadMnist({ size: 10, testFraction: 0.99 }),
      "testFraction",
      "testFraction must be large enough for one test digit and small enough to leave one training digit (round(10 * testFraction) = 10)",
    );
    expectOptionError(
      () => loadMnist({ size: 1 }),
      "size",
      "size must be an integer from 2 to 10000, got 1",
    );
    expectOptionError(
      () => loadMnist({ size: 10_001 }),
      "size",
      "size must be an integer from 2 to 10000",
    );
    expectOptionError(
      () => loadMnist({ size: 100.5 }),
      "size",
      "size must be an integer from 2 to 10000, got 100.5",
    );
    expectOptionError(
      () => loadMnist({ trainSize: 100 }),
      "testSize",
      "testSize must be a positive integer when trainSize is given, got undefined",
    );
    expectOptionError(
      () => loadMnist({ testSize: 100 }),
      "trainSize",
      "trainSize must be a positive integer when testSize is given, got undefined",
    );
    expectOptionError(
      () => loadMnist({ trainSize: 0, testSize: 10 }),
      "trainSize",
      "trainSize must be an integer from 1 to 9999, got 0",
    );
    expectOptionError(
      () => loadMnist({ trainSize: 10, testSize: -1 }),
      "testSize",
      "testSize must be an integer from 1 to 9999",
    );
    expectOptionError(
      () => loadMnist({ trainSize: 9000, testSize: 2000 }),
      "trainSize",
      "trainSize must be at most 8000 with testSize 2000",
    );
    expectOptionError(
      () => loadMnist({ trainSize: 100, testSize: 10, testFraction: 0.2 }),
      "testFraction",
      "testFraction must be left out when trainSize and testSize are given",
    );
    expectOptionError(
      () => loadMnist({ trainSize: 100, testSize: 10, size: 500 }),
      "size",
      "size must be left out when trainSize and testSize are given, got 500",
    );
    expectOptionError(() => loadMnist({ seed: 1.5 }), "seed", "seed must be an integer, got 1.5");
    expectOptionError(
      () => loadMnist({ seed: "1" as unknown as number }),
      "seed",
      "seed must be an integer",
    );
    expectOptionError(
      () => loadMnist({ testfraction: 0.2 } as unknown as { testFraction: number }),
      "testfraction",
      'unknown option "testfraction"',
    );
    expectOptionError(
      () => loadMnist(5 as unknown as object),
      "options",
      "options must be an object, got 5",
    );
  });

  it("MNIST_SOURCE cites the data set, the package and what is known of the licence", () => {
    expect(MNIST_SOURCE).toContain("LeCun");
    expect(MNIST_SOURCE).toContain("Cortes");
    expect(MNIST_SOURCE).toContain("Burges");
    expect(MNIST_SOURCE).toContain("mnist 1.1.0");
    expect(MNIST_SOURCE).toContain("MIT");
    expect(MNIST_SOURCE).toContain("CC BY-SA 3.0");
    expect(MNIST_SOURCE).toContain("states none");
  });

  it("mnistSource() is MNIST_SOURCE in English and the same facts in Chinese", () => {
    expect(mnistSource()).toBe(MNIST_SOURCE);
    const previous = setLanguage("zh");
    try {
      const zh = mnistSource();
      for (const fact of ["LeCun", "Cortes", "Burges", "mnist 1.1.0", "MIT", "CC BY-SA 3.0"])
        expect(zh).toContain(fact);
      expect(zh).toContain("没有说明");
      expect(zh).not.toContain("states none");
    } finally {
      setLanguage(previous);
    }
  });
});

const PINNED_TRAIN = [546, 1428, 8145, 7498, 479, 4141, 6131, 9023];
const PINNED_TEST = [8400, 5575, 6504, 5218, 583, 7088, 6336, 3645];
