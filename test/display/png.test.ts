import { describe, expect, it } from "vitest";
import { divergingRgb } from "../../src/display/colors";
import {
  DataError,
  OptionError,
  ShapeError,
  encodePng,
  heatmap,
  imageHtml,
  setLanguage,
  tensor,
  zeros,
} from "../../src/index";
import { decode, expectError, markGroups, pixel } from "./helpers";

/** The fill of every heatmap cell, in raster order. */
const fills = (html: string): string[] =>
  [...markGroups(html, "cell")[0]!.matchAll(/<rect fill="([^"]+)"/g)].map((m) => m[1]!);

const grey = (v: number): number[] => [v, v, v];

describe("encodePng value mapping", () => {
  it("2x2 [0,1;0.5,0.25] range auto -> greys 0,255,128,64", () => {
    const img = decode(
      encodePng(
        tensor([
          [0, 1],
          [0.5, 0.25],
        ]),
      ),
    );
    expect([img.width, img.height]).toEqual([2, 2]);
    expect([pixel(img, 0, 0), pixel(img, 1, 0), pixel(img, 0, 1), pixel(img, 1, 1)]).toEqual([
      grey(0),
      grey(255),
      grey(128),
      grey(64),
    ]);
  });
  it("range symmetric puts 0 at mid-grey 128, -m at 0 and +m at 255", () => {
    const img = decode(encodePng(tensor([[-2, 0, 1, 2]]), { range: "symmetric" }));
    expect([0, 1, 2, 3].map((x) => pixel(img, x, 0))).toEqual([
      grey(0),
      grey(128),
      grey(191),
      grey(255),
    ]);
  });
  it("explicit range [0,0.5] clamps outside values", () => {
    const img = decode(encodePng(tensor([[-1, 0.25, 0.5, 3]]), { range: [0, 0.5] }));
    expect([0, 1, 2, 3].map((x) => pixel(img, x, 0))).toEqual([
      grey(0),
      grey(128),
      grey(255),
      grey(255),
    ]);
  });
  it("constant image (auto and symmetric) is mid-grey, no division by zero", () => {
    for (const range of ["auto", "symmetric"] as const) {
      const img = decode(
        encodePng(
          tensor([
            [3, 3],
            [3, 3],
          ]),
          { range },
        ),
      );
      expect(pixel(img, 1, 1)).toEqual(range === "auto" ? grey(128) : grey(255));
    }
    expect(pixel(decode(encodePng(zeros([2, 2]), { range: "symmetric" })), 0, 0)).toEqual(
      grey(128),
    );
  });
  it("NaN pixels are magenta and do not affect the auto range", () => {
    const img = decode(encodePng(tensor([[0, Number.NaN, 1]])));
    expect([pixel(img, 0, 0), pixel(img, 1, 0), pixel(img, 2, 0)]).toEqual([
      grey(0),
      [255, 0, 255],
      grey(255),
    ]);
  });
  it("colormap diverging (symmetric by default) is the shared scale: -m blue, 0 near-white, +m red", () => {
    const values = [-4, -1, 0, 1, 2, 4];
    const img = decode(encodePng(tensor([values]), { colormap: "diverging" }));
    const rgb = divergingRgb([-4, 4]);
    values.forEach((v, x) => {
      expect(pixel(img, x, 0)).toEqual(rgb(v));
    });
    const [neg, , zero, , , pos] = values.map((_, x) => pixel(img, x, 0)) as [
      number,
      number,
      number,
    ][];
    expect(neg[2]).toBeGreaterThan(neg[0]); // blue below zero
    expect(pos[0]).toBeGreaterThan(pos[2]); // red above
    for (const c of zero) expect(c).toBeGreaterThanOrEqual(235); // near-white at zero
  });
  it("colormap diverging: each pixel has the fill heatmap gives the same value on the same domain", () => {
    const t = tensor([
      [-3, -1.5, -0.2, 0],
      [0.1, 0.7, 2, 3],
    ]);
    const img = decode(encodePng(t, { colormap: "diverging", range: [-3, 3] }));
    const cells = fills(heatmap(t, { domain: [-3, 3], scheme: "diverging" }));
    expect(cells).toHaveLength(8);
    cells.forEach((fill, i) => {
      expect(`rgb(${pixel(img, i % 4, Math.floor(i / 4)).join(", ")})`).toBe(fill);
    });
  });
  it("RGB [H,W,3] keeps channels with range [0,1]", () => {
    const img = decode(
      encodePng(
        tensor([
          [
            [1, 0, 0],
            [0, 0.5, 1],
          ],
        ]),
        { range: [0, 1] },
      ),
    );
    expect([pixel(img, 0, 0), pixel(img, 1, 0)]).toEqual([
      [255, 0, 0],
      [0, 128, 255],
    ]);
  });
});

describe("encodePng shapes and scale", () => {
  it("scale 3 on 2x2 gives 6x6 nearest-neighbour blocks", () => {
    const img = decode(
      encodePng(
        tensor([
          [0, 1],
          [0.5, 0.25],
        ]),
        { scale: 3 },
      ),
    );
    expect([img.width, img.height]).toEqual([6, 6]);
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 6; x++)
        expect(pixel(img, x, y)).toEqual(
          grey(
            [
              [0, 255],
              [128, 64],
            ][Math.floor(y / 3)]![Math.floor(x / 3)]!,
          ),
        );
    }
  });
  it("[H,W], [H,W,1] and [1,H,W,1] encode identically; [1,H,W,3] works", () => {
    const flat = [0, 0.2, 0.4, 0.6, 0.8, 1];
    const a = encodePng(tensor(flat, [2, 3]));
    expect(encodePng(tensor(flat, [2, 3, 1])).equals(a)).toBe(true);
    expect(encodePng(tensor(flat, [1, 2, 3, 1])).equals(a)).toBe(true);
    expect(decode(encodePng(tensor([...flat, ...flat, ...flat], [1, 2, 3, 3]))).width).toBe(3);
  });
  it("is deterministic (same tensor -> same bytes)", () => {
    const t = tensor([
      [0.1, -0.3],
      [0.7, Number.NaN],
    ]);
    expect(
      encodePng(t, { colormap: "diverging", scale: 2 }).equals(
        encodePng(t, { colormap: "diverging", scale: 2 }),
      ),
    ).toBe(true);
  });
});

describe("encodePng errors", () => {
  it("bad shapes: rank 1, 2 channels, batch 2, empty", () => {
    expectError(
      () => encodePng(zeros([4])),
      ShapeError,
      "encodePng: image must be [H,W], [H,W,1], [H,W,3] or [1,H,W,C] with C = 1 or 3 (image [4])",
    );
    expectError(() => encodePng(zeros([2, 2, 2])), ShapeError, /\(image \[2,2,2\]\)$/);
    expectError(() => encodePng(zeros([2, 2, 2, 1])), ShapeError, /\(image \[2,2,2,1\]\)$/);
    expectError(
      () => encodePng(zeros([0, 3])),
      ShapeError,
      "encodePng: image must have at least one pixel (image [0,3])",
    );
  });
  it("bad options: range [1,0], scale 0 and 1.5, diverging RGB, unknown key, not a tensor", () => {
    expectError(
      () => encodePng(zeros([2, 2]), { range: [1, 0] }),
      OptionError,
      'encodePng: range must be "auto", "symmetric" or [min, max] with finite min < max, got [1,0]',
    );
    expectError(
      () => encodePng(zeros([2, 2]), { scale: 0 }),
      OptionError,
      "encodePng: scale must be an integer from 1 to 64, got 0",
    );
    expectError(
      () => encodePng(zeros([2, 2]), { scale: 1.5 }),
      OptionError,
      "encodePng: scale must be an integer from 1 to 64, got 1.5",
    );
    expectError(
      () => encodePng(zeros([2, 2, 3]), { colormap: "diverging" }),
      ShapeError,
      'encodePng: colormap "diverging" needs a single-channel image (image [2,2,3])',
    );
    expectError(
      () => encodePng(zeros([2, 2]), { colourmap: "gray" } as never),
      OptionError,
      /unknown option "colourmap" \(did you mean "colormap"\?\)/,
    );
    expectError(
      () => encodePng([[1]] as never),
      DataError,
      "encodePng: image must be a Tensor (use tensor(values, shape)), got [[1]]",
    );
  });
});

describe("imageHtml", () => {
  it("3x3 with title: <figure> with the same PNG, pixelated, caption with shape and range", () => {
    const t = tensor([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    const html = imageHtml(t, { title: "ramp <3x3>", scale: 2 });
    expect(html.startsWith("<figure")).toBe(true);
    const b64 = /src="data:image\/png;base64,([^"]+)"/.exec(html)![1]!;
    expect(Buffer.from(b64, "base64").equals(encodePng(t, { scale: 2 }))).toBe(true);
    expect(html).toContain("image-rendering:pixelated");
    expect(html).toContain("<b>ramp &lt;3x3&gt;</b>");
    expect(html).toContain("[3,3], range 0.000..8.000");
    expect(html).toContain('width="156"'); // 6 px PNG shown at an integer multiple near 160 px
    expect(imageHtml(t, { title: "ramp <3x3>", scale: 2 })).toBe(html);
  });
  it("writes its caption in the current language (Chinese after setLanguage('zh'))", () => {
    const t = tensor([
      [0, 1],
      [2, 3],
    ]);
    const previous = setLanguage("zh");
    try {
      expect(imageHtml(t)).toContain("[2,2]，范围 0.000..3.000");
      expect(imageHtml(t)).not.toContain("range");
    } finally {
      setLanguage(previous);
    }
    expect(imageHtml(t)).toContain("[2,2], range 0.000..3.000");
  });
  it("names the colour scale's range apart from the values' when they differ", () => {
    const t = tensor([[0.2, 0.9]]);
    expect(imageHtml(t, { range: [0, 1] })).toContain(
      "[1,2], range 0.200..0.900, colour range 0.000..1.000",
    );
    expect(imageHtml(tensor([[NaN, NaN]]), { range: [0, 1] })).toContain(
      "[1,2], colour range 0.000..1.000",
    );
    const previous = setLanguage("zh");
    try {
      expect(imageHtml(t, { range: [0, 1] })).toContain(
        "[1,2]，范围 0.200..0.900，色阶范围 0.000..1.000",
      );
    } finally {
      setLanguage(previous);
    }
    // The values' own range: one range, as before.
    expect(imageHtml(t, { range: [0.2, 0.9] })).not.toContain("colour range");
  });
  it("width option sets the displayed size; 256x256 at natural size is not pixelated", () => {
    expect(imageHtml(zeros([4, 8]), { width: 400 })).toContain('width="400" height="200"');
    expect(imageHtml(zeros([256, 256]))).not.toContain("pixelated");
  });
  it("rejects a non-integer width and unknown options", () => {
    expectError(
      () => imageHtml(zeros([2, 2]), { width: 0.5 }),
      OptionError,
      "imageHtml: width must be an integer from 1 to 8192, got 0.5",
    );
    expectError(
      () => imageHtml(zeros([2, 2]), { size: 3 } as never),
      OptionError,
      /^imageHtml: unknown option "size"/,
    );
  });
});
