import { describe, expect, it } from "vitest";
import {
  BABOON_SOURCE,
  baboonSource,
  OptionError,
  ShapeError,
  downsample,
  loadBaboon,
  setLanguage,
  tensor,
  toGray,
  zeros,
} from "../../src/index";

function expectThrows(
  fn: () => unknown,
  type: new (...a: never[]) => Error,
  message: string,
): void {
  expect(fn).toThrow(type);
  expect(fn).toThrow(message);
}

describe("loadBaboon", () => {
  const full = loadBaboon();
  it("default: [512,512,3] float32 in [0,1], mean brightness plausible", () => {
    expect(full.shape).toEqual([512, 512, 3]);
    expect(full.data).toBeInstanceOf(Float32Array);
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of full.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.9); // a real photograph, not a blank
    expect(sum / full.size).toBeGreaterThan(0.4);
    expect(sum / full.size).toBeLessThan(0.6);
  });
  it("first pixel is RGB (164,150,71)/255 as in baboon-image's own test", () => {
    expect(full.get(0, 0, 0)).toBeCloseTo(164 / 255, 6);
    expect(full.get(0, 0, 1)).toBeCloseTo(150 / 255, 6);
    expect(full.get(0, 0, 2)).toBeCloseTo(71 / 255, 6);
  });
  it("downsample(full, 2) is the 2x2 box average at (0,0), (100,37), (255,255)", () => {
    const half = downsample(full, 2);
    expect(half.shape).toEqual([256, 256, 3]);
    for (const [i, j] of [
      [0, 0],
      [100, 37],
      [255, 255],
    ] as const) {
      for (let c = 0; c < 3; c++) {
        const manual =
          (full.get(2 * i, 2 * j, c) +
            full.get(2 * i + 1, 2 * j, c) +
            full.get(2 * i, 2 * j + 1, c) +
            full.get(2 * i + 1, 2 * j + 1, c)) /
          4;
        expect(half.get(i, j, c)).toBeCloseTo(manual, 6);
      }
    }
  });
  it("size 128 equals downsample(full, 4); size 512 is the full image", () => {
    const small = loadBaboon({ size: 128 });
    expect(small.shape).toEqual([128, 128, 3]);
    expect(Array.from(small.data)).toEqual(Array.from(downsample(full, 4).data));
    expect(loadBaboon({ size: 512 }).data).toEqual(full.data);
  });
  it("gray: [512,512,1] BT.601 luma; size 64 gray = toGray of size 64", () => {
    const g = loadBaboon({ gray: true });
    expect(g.shape).toEqual([512, 512, 1]);
    expect(g.get(0, 0, 0)).toBeCloseTo((0.299 * 164 + 0.587 * 150 + 0.114 * 71) / 255, 6);
    expect(Array.from(loadBaboon({ size: 64, gray: true }).data)).toEqual(
      Array.from(toGray(loadBaboon({ size: 64 })).data),
    );
  });
  it("each call returns a fresh copy", () => {
    const a = loadBaboon({ size: 512 });
    a.data[0] = 5;
    expect(loadBaboon().get(0, 0, 0)).toBeCloseTo(164 / 255, 6);
  });
  it("errors: size not dividing 512, size 0, gray not boolean, unknown option", () => {
    expectThrows(
      () => loadBaboon({ size: 100 }),
      OptionError,
      "loadBaboon: size must be a positive integer dividing 512 (1, 2, 4, ..., 512), got 100",
    );
    expectThrows(() => loadBaboon({ size: 0 }), OptionError, "got 0");
    expectThrows(
      () => loadBaboon({ gray: "yes" } as never),
      OptionError,
      'loadBaboon: gray must be true or false, got "yes"',
    );
    expectThrows(
      () => loadBaboon({ grey: true } as never),
      OptionError,
      'loadBaboon: unknown option "grey"; known options: size, gray',
    );
  });
  it("BABOON_SOURCE cites USC-SIPI Mandrill and the baboon-image package", () => {
    expect(BABOON_SOURCE).toMatch(/USC-SIPI/);
    expect(BABOON_SOURCE).toMatch(/Mandrill/);
    expect(BABOON_SOURCE).toMatch(/baboon-image 2\.1\.0/);
  });
});

describe("toGray and downsample", () => {
  it("toGray [1,1,2,3] and [1,2,3] -> [1,2,1] with 0.299/0.587/0.114", () => {
    const rgb = [1, 0, 0, 0.2, 0.4, 0.6];
    for (const shape of [
      [1, 2, 3],
      [1, 1, 2, 3],
    ]) {
      const g = toGray(tensor(rgb, shape));
      expect(g.shape).toEqual([1, 2, 1]);
      expect(g.data[0]).toBeCloseTo(0.299, 6);
      expect(g.data[1]).toBeCloseTo(0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6, 6);
    }
  });
  it("downsample 4x4x1 by 2 and by 1 (identity)", () => {
    const t = tensor([...Array(16).keys()], [4, 4, 1]);
    expect(Array.from(downsample(t, 2).data)).toEqual([2.5, 4.5, 10.5, 12.5]);
    expect(Array.from(downsample(t, 1).data)).toEqual(Array.from(t.data));
  });
  it("errors: toGray of 1 channel, downsample factor 3 on 4x4, factor 0, rank 2", () => {
    expectThrows(
      () => toGray(zeros([2, 2, 1])),
      ShapeError,
      "toGray: image must be [H,W,3] or [1,H,W,3] (RGB) (image [2,2,1])",
    );
    expectThrows(
      () => downsample(zeros([4, 4, 3]), 3),
      ShapeError,
      "downsample: factor 3 must divide the height 4 and width 4 (image [4,4,3])",
    );
    expectThrows(
      () => downsample(zeros([4, 4, 3]), 0),
      OptionError,
      "downsample: factor must be a positive integer, got 0",
    );
    expectThrows(
      () => downsample(zeros([4, 4]), 2),
      ShapeError,
      "downsample: image must be [H,W,C] (image [4,4])",
    );
  });
});

describe("baboonSource", () => {
  it("is BABOON_SOURCE in English and the same facts and links in Chinese", () => {
    expect(baboonSource()).toBe(BABOON_SOURCE);
    const previous = setLanguage("zh");
    try {
      const zh = baboonSource();
      const facts = ["Mandrill", "512x512", "USC-SIPI", "https://sipi.usc.edu/database/"];
      for (const fact of [...facts, "baboon-image 2.1.0", "mikolalysenko/baboon-image"])
        expect(zh).toContain(fact);
      expect(zh).toMatch(/南加州大学/);
      expect(zh).not.toMatch(/University|read from/);
    } finally {
      setLanguage(previous);
    }
  });
});
