import { describe, expect, it } from "vitest";
import {
  OptionError,
  ShapeError,
  conv2d,
  heatmap,
  randomNormal,
  slidingWindow,
  tensor,
  zeros,
} from "../../src/index";
import { legendTicks } from "../../src/display/heatmap";
import { setLanguage } from "../../src/i18n";
import { fmtCompact } from "../../src/display/html";
import { count, expectError, expectSelfContained, markGroups, texts } from "./helpers";

const sobel = tensor([
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
]);

describe("heatmap", () => {
  it("3x3 Sobel kernel: 9 cells, 9 annotated integer values, diverging, deterministic", () => {
    const html = heatmap(sobel, { title: "Sobel x" });
    expect(markGroups(html, "cell")[0]!.split("<rect").length - 1).toBe(9);
    expect(texts(markGroups(html, "text")[0]!)).toEqual([
      "-1",
      "0",
      "1",
      "-2",
      "0",
      "2",
      "-1",
      "0",
      "1",
    ]);
    expect(html).toContain("<b>Sobel x</b>");
    expect(html).toContain("[3,3], diverging colours");
    expect(html).toContain("<svg");
    expectSelfContained(html);
    expect(heatmap(sobel, { title: "Sobel x" })).toBe(html);
  });
  it("box blur 1/9 (one sign): sequential, 2 digits by default, 3 with digits: 3", () => {
    const box = tensor(new Array(9).fill(1 / 9), [3, 3]);
    const html = heatmap(box);
    expect(html).toContain("sequential colours");
    expect(texts(markGroups(html, "text")[0]!)).toEqual(new Array(9).fill("0.11"));
    expect(texts(markGroups(heatmap(box, { digits: 3 }), "text")[0]!)[0]).toBe("0.111");
  });
  it("[H,W,1] input and scheme override", () => {
    expect(heatmap(tensor([1, 2, 3, 4], [2, 2, 1]), { scheme: "diverging" })).toContain(
      "[2,2,1], diverging colours",
    );
  });
  it("annotate defaults: 10x10 annotated, 11x11 not (and gets a colour bar)", () => {
    expect(markGroups(heatmap(randomNormal([10, 10], { seed: 1 })), "text")).toHaveLength(1);
    const big = heatmap(randomNormal([11, 11], { seed: 1 }));
    expect(markGroups(big, "text")).toHaveLength(0);
    expect(markGroups(big, "rect")[0]!.split("<rect").length - 1).toBe(64); // the colour bar
    expect(
      markGroups(heatmap(randomNormal([11, 11], { seed: 1 }), { annotate: true }), "text"),
    ).toHaveLength(1);
  });
  it("NaN cell is drawn magenta and printed NaN", () => {
    const html = heatmap(tensor([[1, Number.NaN]]));
    expect(html).toContain('fill="magenta"');
    expect(texts(markGroups(html, "text")[0]!)).toEqual(["1", "NaN"]);
  });
  it("errors: rank 1, RGB, empty, too large, bad options", () => {
    expectError(
      () => heatmap(zeros([9])),
      ShapeError,
      "heatmap: tensor must be [H,W] or [H,W,1] (tensor [9])",
    );
    expectError(
      () => heatmap(zeros([3, 3, 3])),
      ShapeError,
      "heatmap: tensor must be [H,W] or [H,W,1] (tensor [3,3,3])",
    );
    expectError(
      () => heatmap(zeros([0, 3])),
      ShapeError,
      "heatmap: tensor must not be empty (tensor [0,3])",
    );
    expectError(
      () => heatmap(zeros([65, 64])),
      ShapeError,
      "heatmap: 4160 values are too many for a heatmap (at most 4096, e.g. 64x64); use imageHtml (tensor [65,64])",
    );
    expectError(
      () => heatmap(sobel, { digits: -1 }),
      OptionError,
      "heatmap: digits must be an integer from 0 to 10, got -1",
    );
    expectError(
      () => heatmap(sobel, { scheme: "hot" as never }),
      OptionError,
      'heatmap: scheme must be one of "diverging", "sequential", got "hot"',
    );
    expectError(
      () => heatmap(sobel, { annotate: 1 as never }),
      OptionError,
      "heatmap: annotate must be true or false, got 1",
    );
  });
});

/** The fill of every heatmap cell, in raster order. */
const fills = (html: string): string[] =>
  [...markGroups(html, "cell")[0]!.matchAll(/<rect fill="([^"]+)"/g)].map((m) => m[1]!);
/** The colour bar: the last <svg> of a heatmap with a legend. */
const legendOf = (html: string): string => html.slice(html.lastIndexOf("<svg"));
const svgWidth = (svg: string): number => Number(/^<svg [^>]*?width="(\d+)"/.exec(svg)![1]);

describe("heatmap domain (a shared colour scale)", () => {
  // Two kernels that both contain 0.5 (at different places) but have different ranges.
  const a = tensor([
    [0.5, -1],
    [0.25, 0],
  ]);
  const b = tensor([
    [-0.1, 0.2],
    [0.1, 0.5],
  ]);
  it("two heatmaps with the same domain give the same value the same fill; without it they do not", () => {
    const ha = fills(heatmap(a, { domain: [-1, 1] }));
    const hb = fills(heatmap(b, { domain: [-1, 1] }));
    expect(ha[0]).toBe(hb[3]);
    expect(ha[3]).toBe(fills(heatmap(tensor([[0, 0.3]]), { domain: [-1, 1] }))[0]); // 0 is white-ish in both
    expect(fills(heatmap(a))[0]).not.toBe(fills(heatmap(b))[3]); // own scales: 0.5 differs
  });
  it("the scheme follows the domain, so an all-positive kernel in a shared row stays diverging", () => {
    const pos = heatmap(tensor([[0.5, 0.25]]), { domain: [-1, 1] });
    expect(pos).toContain("[1,2], diverging colours, scale −1..1");
    expect(fills(pos)[0]).toBe(fills(heatmap(a, { domain: [-1, 1] }))[0]);
    expect(heatmap(tensor([[0.5, 0.25]]), { domain: [0, 2] })).toContain(
      "sequential colours, scale 0..2",
    );
    // The symmetric default is unchanged: 0 white, -m and m at the ends, no scale note.
    const own = heatmap(a);
    expect(own).toContain("[2,2], diverging colours</span>");
    expect(fills(own)[3]).toBe(fills(heatmap(a, { domain: [-1, 1] }))[3]);
  });
  it("values outside the domain get the end colours; annotation ink follows the domain", () => {
    const f = fills(heatmap(tensor([[1, 5, -1, -7]]), { domain: [-1, 1] }));
    expect(f[1]).toBe(f[0]);
    expect(f[3]).toBe(f[2]);
    // 0.1 is pale on a [-1,1] scale (black text) but the darkest cell on its own scale (white).
    expect(
      texts(markGroups(heatmap(tensor([[0.1, -0.05]]), { domain: [-1, 1] }), "text")[0]!),
    ).toEqual(["0.10", "-0.05"]);
    expect(
      markGroups(heatmap(tensor([[0.1, -0.05]]), { domain: [-1, 1] }), "text")[0],
    ).not.toContain('fill="white"');
    expect(markGroups(heatmap(tensor([[0.1, -0.05]])), "text")[0]).toContain('fill="white"');
  });
  it("errors: reversed, non-finite or malformed domains", () => {
    const msg = (got: string): string =>
      `heatmap: domain must be [min, max] with finite min < max, got ${got}`;
    expectError(() => heatmap(sobel, { domain: [1, -1] }), OptionError, msg("[1,-1]"));
    expectError(() => heatmap(sobel, { domain: [1, 1] }), OptionError, msg("[1,1]"));
    expectError(
      () => heatmap(sobel, { domain: [0, Number.NaN] }),
      OptionError,
      /^heatmap: domain must be \[min, max\]/,
    );
    expectError(() => heatmap(sobel, { domain: [0] as never }), OptionError, msg("[0]"));
    expectError(
      () => heatmap(sobel, { domain: "symmetric" as never }),
      OptionError,
      msg('"symmetric"'),
    );
  });
});

describe("heatmap colour legend", () => {
  // 11x11 (not annotated, so it gets a colour bar) with tiny values: the reported "−0.006−0.004…" case.
  const tiny = tensor(
    Array.from({ length: 121 }, (_, i) => (((i * 37) % 121) - 60) / 10000),
    [11, 11],
  );
  const tickLabels = (html: string): string[] =>
    texts(markGroups(legendOf(html), "x-axis tick label")[0]!);
  it("tiny values: three ticks (min, 0, max) with compact labels", () => {
    expect(tickLabels(heatmap(tiny))).toEqual(["−0.006", "0", "0.006"]);
    expect(
      tickLabels(
        heatmap(
          tensor(
            Array.from({ length: 121 }, (_, i) => 1e-7 * (1 + (i % 5))),
            [11, 11],
          ),
        ),
      ),
    ).toEqual(["1e-7", "5e-7"]);
    expect(
      tickLabels(
        heatmap(
          tensor(
            Array.from({ length: 121 }, (_, i) => 12345 * (1 + i)),
            [11, 11],
          ),
        ),
      ),
    ).toEqual(["12300", "1.49e6"]);
  });
  it("the bar's width does not depend on the heatmap's width (>= 160 px even for a tiny heatmap)", () => {
    const small = legendOf(heatmap(tiny, { cellSize: 2 }));
    const large = legendOf(heatmap(tiny, { cellSize: 40 }));
    expect(svgWidth(small)).toBe(svgWidth(large));
    expect(svgWidth(small)).toBeGreaterThanOrEqual(160 + 24);
    expect(count(small, "<rect")).toBe(64);
  });
  it("tick labels never overlap and stay inside the bar's SVG, for domains of every size and shape", () => {
    const domains: [number, number][] = [
      [-0.006, 0.006],
      [-1.234e-7, 5.6789e-7],
      [-3, 250000],
      [-0.01, 5],
      [-123456, 7],
      [0.001, 0.002],
      [-9.99e-9, -1e-9],
      [-1.5, 1.5],
    ];
    for (const domain of domains) {
      const html = legendOf(heatmap(tiny, { domain }));
      const width = svgWidth(html);
      const labels = [
        ...markGroups(html, "x-axis tick label")[0]!.matchAll(
          /translate\(([\d.]+),[\d.]+\)" y="[^"]*">([^<]*)</g,
        ),
      ].map((m) => ({ x: Number(m[1]), text: m[2]! }));
      expect(labels.length).toBeGreaterThanOrEqual(2);
      expect(labels.length).toBeLessThanOrEqual(3);
      const extent = labels.map(
        (l) => [l.x - (l.text.length * 6) / 2, l.x + (l.text.length * 6) / 2] as const,
      );
      expect(extent[0]![0]).toBeGreaterThanOrEqual(0);
      expect(extent.at(-1)![1]).toBeLessThanOrEqual(width);
      for (let i = 1; i < extent.length; i++)
        expect(extent[i]![0] - extent[i - 1]![1]).toBeGreaterThanOrEqual(4);
      for (const l of labels) expect(l.text.length).toBeLessThanOrEqual(8);
    }
  });
  it("legendTicks: 0 only when inside the domain and clear of the end labels", () => {
    expect(legendTicks([-1, 1])).toEqual([-1, 0, 1]);
    expect(legendTicks([-2, 6])).toEqual([-2, 0, 6]);
    expect(legendTicks([-0.01, 5])).toEqual([-0.01, 5]); // 0 would sit on top of "−0.01"
    expect(legendTicks([0, 1])).toEqual([0, 1]);
    expect(legendTicks([0.2, 0.9])).toEqual([0.2, 0.9]);
  });
  it("legend option: a colour bar under an annotated heatmap, or none under a large one", () => {
    expect(count(legendOf(heatmap(sobel, { legend: true })), "<rect")).toBe(64);
    expect(heatmap(sobel).split("<svg")).toHaveLength(2);
    expect(heatmap(tiny, { legend: false }).split("<svg")).toHaveLength(2);
    expectError(
      () => heatmap(sobel, { legend: "yes" as never }),
      OptionError,
      'heatmap: legend must be true or false, got "yes"',
    );
  });
  it("the caption wraps at the figure's width (heatmap or bar, whichever is wider)", () => {
    const html = heatmap(tiny, { cellSize: 2, title: "a long title ".repeat(10) });
    expect(html).toMatch(
      new RegExp(
        `<figcaption style="[^"]*max-width:${svgWidth(legendOf(html))}px;overflow-wrap:anywhere"`,
      ),
    );
  });
});

describe("fmtCompact (colour-bar labels)", () => {
  it("3 significant digits, exponent form below 1e-3 and from 1e5, a real minus sign", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [-0, "0"],
      [-0.006, "−0.006"],
      [0.0061234, "0.00612"],
      [0.5, "0.5"],
      [3.14259, "3.14"],
      [-2.6666, "−2.67"],
      [12345, "12300"],
      [99999, "1e5"],
      [250000, "2.5e5"],
      [1.234e-7, "1.23e-7"],
      [-0.00099, "−9.9e-4"],
      [5e-8, "5e-8"],
      [1e21, "1e21"],
      [Number.NaN, "NaN"],
      [-Infinity, "−Inf"],
    ];
    for (const [v, s] of cases) expect([v, fmtCompact(v)]).toEqual([v, s]);
    // Float32 data: -0.006 is stored as -0.006000000052154064 and still prints as −0.006.
    expect(fmtCompact(tensor([-0.006]).data[0]!)).toBe("−0.006");
  });
});

const x5 = tensor([
  [1, 2, 3, 0, 1],
  [0, 1, 2, 3, 1],
  [3, 1, 0, 2, 2],
  [1, 0, 2, 1, 0],
  [2, 1, 1, 0, 3],
]);

/** The engine's answer for the same window: valid cross-correlation via conv2d. */
function engine(x: typeof x5, k: typeof sobel, stride: number, row: number, col: number): number {
  const [h, w] = x.shape as [number, number];
  const [kh, kw] = k.shape as [number, number];
  return conv2d(x.reshape([1, h, w, 1]), k.reshape([kh, kw, 1, 1]), { strides: stride }).get(
    0,
    row,
    col,
    0,
  );
}

function captionOf(html: string): { text: string; value: number; attr: number } {
  const m = /<div class="sepconv-sum" data-value="([^"]+)"[^>]*>([^<]*)<\/div>/.exec(html)!;
  const text = m[2]!;
  return { text, value: Number(/= (-?[\d.]+)$/.exec(text)![1]), attr: Number(m[1]) };
}

describe("heatmap in Chinese", () => {
  it("writes its note and axis labels in the current language; English is unchanged", () => {
    const k = tensor([
      [-1, 0],
      [2, 1],
    ]);
    const en = heatmap(k, { domain: [-1, 1] });
    expect(en).toContain("[2,2], diverging colours, scale −1..1");
    setLanguage("zh");
    try {
      const zh = heatmap(k, { domain: [-1, 1] });
      expect(zh).toContain("[2,2]，发散色阶，范围 −1..1");
      expect(heatmap(tensor([[1, 2]]))).toContain("[1,2]，顺序色阶");
      expect(texts(markGroups(zh, "text")[0]!)).toEqual(texts(markGroups(en, "text")[0]!));
      expect(zh).toContain(">列</text>");
      expect(zh).toContain(">行</text>");
      expect(zh).not.toContain("colours");
    } finally {
      setLanguage("en");
    }
    expect(heatmap(k, { domain: [-1, 1] })).toBe(en);
  });
});

describe("slidingWindow", () => {
  it("5x5 input, Sobel 3x3, stride 1, window (1,2): caption lists 9 products and equals the real sum", () => {
    const html = slidingWindow(x5, sobel, { row: 1, col: 2 });
    let sum = 0;
    for (let u = 0; u < 3; u++)
      for (let v = 0; v < 3; v++) sum += x5.get(1 + u, 2 + v) * sobel.get(u, v);
    const cap = captionOf(html);
    expect(cap.text).toBe(
      "output[1, 2] = 2×(-1) + 3×0 + 1×1 + 0×(-2) + 2×0 + 2×2 + 2×(-1) + 1×0 + 0×1 = 1",
    );
    expect(cap.value).toBe(sum);
    expect(cap.attr).toBe(sum);
    expect(engine(x5, sobel, 1, 1, 2)).toBe(sum);
    expect(html).toContain("window at input rows 1..3, cols 2..4");
    expectSelfContained(html);
    expect(slidingWindow(x5, sobel, { row: 1, col: 2 })).toBe(html);
  });
  it("three panels; window outlined in the input and the current cell in the output; progress shows 6 of 9 outputs", () => {
    const html = slidingWindow(x5, sobel, { row: 1, col: 2 });
    const svgs = html.split("<svg").slice(1);
    expect(svgs).toHaveLength(3);
    expect(texts(markGroups(svgs[0]!, "text")[0]!)).toHaveLength(25);
    expect(texts(markGroups(svgs[1]!, "text")[0]!)).toEqual([
      "-1",
      "0",
      "1",
      "-2",
      "0",
      "2",
      "-1",
      "0",
      "1",
    ]);
    const outputs = texts(markGroups(svgs[2]!, "text")[0]!);
    const expected = [0, 1, 2, 3, 4, 5].map((i) => engine(x5, sobel, 1, Math.floor(i / 3), i % 3));
    expect(outputs.map(Number)).toEqual(expected);
    // The outline: a 3x3-cell rect (cells are 30 px) at input row 1, col 2 (3 px frame margin).
    expect(svgs[0]).toMatch(
      /stroke="#d62728"[^>]*aria-label="rect"><rect height="90" width="90" y="33" x="63" \/>/,
    );
    expect(svgs[2]).toMatch(
      /stroke="#d62728"[^>]*aria-label="rect"><rect height="30" width="30" y="33" x="63" \/>/,
    );
    const all = slidingWindow(x5, sobel, { row: 1, col: 2, show: "all" });
    expect(texts(markGroups(all.split("<svg")[3]!, "text")[0]!)).toHaveLength(9);
  });
  it("stride 2, float 2x2 kernel, window (1,0): value matches the sum of products and conv2d", () => {
    const k = tensor([
      [0.5, -0.25],
      [1, 0],
    ]);
    const cap = captionOf(slidingWindow(x5, k, { row: 1, col: 0, stride: 2 }));
    const sum = x5.get(2, 0) * 0.5 + x5.get(2, 1) * -0.25 + x5.get(3, 0) * 1 + x5.get(3, 1) * 0;
    expect(cap.text).toBe(
      "output[1, 0] = 3.00×0.50 + 1.00×(-0.25) + 1.00×1.00 + 0.00×0.00 = 2.250",
    );
    expect(cap.value).toBeCloseTo(sum, 10);
    expect(engine(x5, k, 2, 1, 0)).toBeCloseTo(sum, 6);
  });
  it("random 6x7 input, 3x2 kernel, every window: caption value = conv2d output", () => {
    const x = randomNormal([6, 7], { seed: 3 });
    const k = randomNormal([3, 2], { seed: 4 });
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 6; c++)
        expect(captionOf(slidingWindow(x, k, { row: r, col: c })).attr).toBeCloseTo(
          engine(x, k, 1, r, c),
          5,
        );
    }
  });
  it("6x6 kernel (36 taps): caption gives only the sum", () => {
    const cap = captionOf(slidingWindow(zeros([8, 8]), zeros([6, 6]), { row: 0, col: 0 }));
    expect(cap.text).toBe("output[0, 0] = sum of window × kernel = 0");
  });
  it("writes its labels in the current language: English by default, Chinese after setLanguage", () => {
    const en = slidingWindow(x5, sobel, { row: 1, col: 2 });
    for (const label of ["input 5×5", "kernel 3×3", "output 3×3", "Cross-correlation, one window"])
      expect(en).toContain(label);
    expect(en).toContain("stride 1, window at input rows 1..3, cols 2..4");
    setLanguage("zh");
    try {
      const zh = slidingWindow(x5, sobel, { row: 1, col: 2 });
      for (const label of ["输入 5×5", "卷积核 3×3", "输出 3×3", "互相关：一个窗口"])
        expect(zh).toContain(label);
      expect(zh).toContain("步幅 1，窗口位于输入的第 1..3 行、第 2..4 列");
      for (const label of ["input 5", "kernel 3", "output 3×3", "stride 1", "Cross-correlation"])
        expect(zh).not.toContain(label);
      // The numbers and the caption's sum are the same in both languages.
      expect(captionOf(zh)).toEqual(captionOf(en));
      const blank = captionOf(slidingWindow(zeros([8, 8]), zeros([6, 6]), { row: 0, col: 0 }));
      expect(blank.text).toBe("output[0, 0] = 窗口 × 卷积核之和 = 0");
    } finally {
      setLanguage("en");
    }
    expect(slidingWindow(x5, sobel, { row: 1, col: 2 })).toBe(en);
  });
  it("errors: window does not fit, kernel larger than input, missing options, bad stride, bad shapes", () => {
    expectError(
      () => slidingWindow(x5, sobel, { row: 3, col: 0 }),
      OptionError,
      "slidingWindow: the window at output row 3 (input rows 3..5) does not fit the 5-row input with stride 1; row must be an integer from 0 to 2",
    );
    expectError(
      () => slidingWindow(x5, sobel, { row: 0, col: 2, stride: 2 }),
      OptionError,
      "slidingWindow: the window at output col 2 (input cols 4..6) does not fit the 5-col input with stride 2; col must be an integer from 0 to 1",
    );
    expectError(
      () => slidingWindow(x5, zeros([6, 2]), { row: 0, col: 0 }),
      ShapeError,
      "slidingWindow: the kernel is larger than the input (input [5,5], kernel [6,2])",
    );
    expectError(
      () => slidingWindow(x5, sobel, undefined as never),
      OptionError,
      "slidingWindow: options { row, col } are required",
    );
    expectError(
      () => slidingWindow(x5, sobel, { row: 0 } as never),
      OptionError,
      /^slidingWindow: the window at output col undefined does not fit/,
    );
    expectError(
      () => slidingWindow(x5, sobel, { row: 0, col: 0, stride: 0 }),
      OptionError,
      "slidingWindow: stride must be an integer from 1 to 5, got 0",
    );
    expectError(
      () => slidingWindow(zeros([1, 5, 5, 1]), sobel, { row: 0, col: 0 }),
      ShapeError,
      "slidingWindow: input must be [H,W] or [H,W,1] (input [1,5,5,1])",
    );
  });
});
