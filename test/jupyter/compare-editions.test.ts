// The English/Chinese comparison `sepconv notebooks` runs after executing both editions of a
// notebook, on small made-up executed notebooks: equal numbers pass whatever the words, a changed
// or missing number fails naming the cell, both numbers and their context, and only times and
// numbers read from times are left out.
import { afterEach, describe, expect, it } from "vitest";
import { describeSpeedup, formatTime, htmlTable, setLanguage } from "../../src/index";
import { compareEditions, printedNumbers } from "../../src/jupyter/compare-editions";

type Out = { text?: string; html?: string; markdown?: string };
interface TestCell {
  id: string;
  type?: "code" | "markdown";
  source?: string;
  outputs?: Out[];
}

const notebook = (...cells: TestCell[]) =>
  JSON.stringify({
    cells: cells.map((c) => ({
      cell_type: c.type ?? "code",
      id: c.id,
      source: c.source ?? "",
      ...(c.type === "markdown"
        ? {}
        : {
            outputs: (c.outputs ?? []).map((o) =>
              o.text !== undefined
                ? { output_type: "stream", name: "stdout", text: [o.text] }
                : {
                    output_type: "display_data",
                    data: {
                      ...(o.html !== undefined ? { "text/html": o.html } : {}),
                      ...(o.markdown !== undefined ? { "text/markdown": o.markdown } : {}),
                    },
                  },
            ),
          }),
    })),
  });

/** compareEditions on one code cell "c" with these English and Chinese outputs. */
const compare = (en: Out[], zh: Out[], source = "") =>
  compareEditions(
    notebook({ id: "c", source, outputs: en }),
    notebook({ id: "c", source, outputs: zh }),
  );
const numbers = (o: Out, source = "") =>
  printedNumbers(JSON.parse(notebook({ id: "c", source, outputs: [o] })).cells[0]).map(
    (n) => n.value,
  );

afterEach(() => {
  setLanguage("en");
});

describe("numbers in the English and Chinese editions", () => {
  it("passes the same numbers in other words, and fails a changed, missing or extra one", () => {
    const en = { markdown: "Counted total: **53,952**, the standard layer needs **1,228,800**." };
    expect(
      compare([en], [{ markdown: "计数总和：**53,952**；标准卷积需要 **1,228,800** 次。" }]),
    ).toEqual([]);
    expect(
      compare([en], [{ markdown: "计数总和：**52,952**；标准卷积需要 **1,228,800** 次。" }]),
    ).toEqual([
      'cell c: number 1 differs (2 numbers in English, 2 in Chinese): English 53,952 in "…Counted total: **53,952**, the standard layer needs **1,228,800…"; Chinese 52,952 in "…计数总和：**52,952**；标准卷积需要 **1,228,800** 次。…"',
    ]);
    expect(compare([en], [{ markdown: "标准卷积需要 **1,228,800** 次。" }])[0]).toMatch(
      /^cell c: number 1 differs \(2 numbers in English, 1 in Chinese\): English 53,952 .*; Chinese 1,228,800/,
    );
    expect(compare([en], [{ markdown: `${en.markdown} 第 3 节。` }])[0]).toMatch(
      /^cell c: number 3 differs \(2 numbers in English, 3 in Chinese\): English: no number; Chinese 3 in/,
    );
  });

  it("reads numbers as values in stream, HTML and markdown text, not in names, styles or tags", () => {
    expect(numbers({ text: "shape 1x12x12x3, 5×5 taps, −0.5 and -2, 1.4e-17, 0.0e+0\n" })).toEqual([
      1, 12, 12, 3, 5, 5, -0.5, -2, 1.4e-17, 0,
    ]);
    expect(
      numbers({ text: "float32 conv_dw_3 Conv2D mnist 1.1.0 L0 [3000,28,28,1] 1,228,800" }),
    ).toEqual([1.1, 3000, 28, 28, 1, 1228800]);
    const html =
      '<style>.plot-d6a7b5 { font-size: 10px }</style><figure class="plot-d6a7b5" width="640">' +
      '<img src="data:image/png;base64,iVBOR0w0KGgo1234"><figcaption>x &#91;8,8&#93; &lt; 3</figcaption></figure>';
    expect(numbers({ html })).toEqual([8, 8, 3]);
  });

  it("fails a Chinese notebook whose cells differ in id, type or order, naming the first difference", () => {
    const en = notebook({ id: "a", type: "markdown" }, { id: "b" }, { id: "c" });
    expect(
      compareEditions(en, notebook({ id: "a", type: "markdown" }, { id: "c" }, { id: "b" })),
    ).toEqual(["its cells differ from the English notebook's: cell 1 is c, in English b"]);
    expect(compareEditions(en, notebook({ id: "a" }, { id: "b" }, { id: "c" }))).toEqual([
      "its cells differ from the English notebook's: cell 0 (a) is code, in English markdown",
    ]);
    expect(compareEditions(en, notebook({ id: "a", type: "markdown" }, { id: "b" }))).toEqual([
      "its cells differ from the English notebook's: cell 2 (c) of the English notebook is missing (2 cells)",
    ]);
    expect(
      compareEditions(
        en,
        notebook({ id: "a", type: "markdown" }, { id: "b" }, { id: "c" }, { id: "d" }),
      ),
    ).toEqual([
      "its cells differ from the English notebook's: cell 3 (d) is not in the English notebook, which has 3 cells",
    ]);
  });

  it("leaves out times with their spread and GMAC/s rates, but still compares the counts beside them", () => {
    const t = (median: number) =>
      formatTime({
        medianMs: median,
        q1Ms: median * 0.9,
        q3Ms: median * 1.2,
        minMs: median * 0.8,
        maxMs: median * 1.5,
        samplesMs: [median],
        callsPerSample: 1,
      });
    expect(
      compare(
        [{ text: `11 rounds: ${t(30.6)}, ${t(0.109)}; 40.7 s in all (peak: 22.2 GMAC/s)` }],
        [{ text: `11 轮：${t(31.9)}，${t(0.2)}；共 41.3 秒（峰值：19.8 GMAC/s）` }],
      ),
    ).toEqual([]);
    expect(
      compare([{ text: `11 rounds: ${t(30.6)}` }], [{ text: `12 轮：${t(30.6)}` }])[0],
    ).toMatch(/^cell c: number 1 differs .*English 11 .*Chinese 12/);
    // "3 seeds" is not a time in seconds.
    expect(compare([{ text: "3 seeds" }], [{ text: "4 个种子" }])).toHaveLength(1);
  });

  it("leaves out a chart of times, but not a chart of anything else", () => {
    const chart = (label: string, ticks: number[]) =>
      `<figure><h2>chart</h2><svg><g>${ticks.map((v) => `<text>${v}</text>`).join("")}</g><text>${label}</text></svg></figure>`;
    expect(
      compare(
        [{ html: chart("↑ median of 11 rounds (ms)", [0.2, 0.4]) }],
        [{ html: chart("↑ 中位数（毫秒）", [0.5, 1]) }],
      ),
    ).toEqual([]);
    expect(
      compare([{ html: chart("↑ loss", [0.2, 0.4]) }], [{ html: chart("↑ 损失", [0.5, 1]) }]),
    ).toHaveLength(1);
    // "second" as an ordinal is not a time unit; "seconds" is.
    const second = chart("σ₂ / σ₁ (the second singular value over the first)", [0.2, 0.4]);
    expect(compare([{ html: second }], [{ html: chart("σ₂ / σ₁", [0.5, 1]) }])).toHaveLength(1);
    expect(
      compare([{ html: chart("↑ seconds", [0.2, 0.4]) }], [{ html: chart("↑ 秒", [0.5, 1]) }]),
    ).toEqual([]);
  });

  it("leaves out table columns of times, speedups and rates, and compares the others", () => {
    const table = (speedup: number, ratio: number, zh: boolean) =>
      htmlTable([
        zh
          ? {
              层: "56x56x128",
              "实测加速比（配对）": speedup,
              "GMAC/s 逐点": speedup * 2,
              乘法次数之比: ratio,
            }
          : {
              layer: "56x56x128",
              "measured speedup (paired)": speedup,
              "GMAC/s pointwise": speedup * 2,
              "multiplication ratio": ratio,
            },
      ]);
    expect(compare([{ html: table(7.5, 8.4, false) }], [{ html: table(6.1, 8.4, true) }])).toEqual(
      [],
    );
    expect(
      compare([{ html: table(7.5, 8.4, false) }], [{ html: table(7.5, 8.7, true) }])[0],
    ).toMatch(/^cell c: number 4 differs .*English 8\.4 .*Chinese 8\.7/);
  });

  it("in a cell that states a measured speedup, leaves out its ratios and percentages", () => {
    const said = (median: number, lang: "en" | "zh") => {
      setLanguage(lang);
      const s = describeSpeedup(
        { median, q1: median * 0.9, q3: median * 1.1, faster: "a" },
        "sep",
        "std",
      );
      setLanguage("en");
      return s;
    };
    const en = `- 12x12x3: ${said(0.134, "en")}: less than the 22.8x the multiplications predict (33 % of it).`;
    const zh = `- 12x12x3：${said(0.15, "zh")}，低于乘法次数预测的 22.8 倍（为其 30 %）。`;
    expect(compare([{ markdown: en }], [{ markdown: zh }])).toEqual([]);
    // The shape is still compared, and so are ratios in a cell with no speedup sentence.
    expect(
      compare([{ markdown: en }], [{ markdown: zh.replace("12x12x3", "12x12x4") }]),
    ).toHaveLength(1);
    expect(compare([{ markdown: "22.8x fewer" }], [{ markdown: "少 22.9 倍" }])).toHaveLength(1);
  });

  it("leaves out a cell whose code picks its sentence by a time's spread or reads the machine's load", () => {
    const src = "const v = two.q3Ms < oneLo ? fast(gain) : overlap; loadavg();";
    expect(
      compare([{ markdown: "ran 1.8x as fast; load 11.7" }], [{ markdown: "重叠；负载 3.2" }], src),
    ).toEqual([]);
    expect(
      compare([{ markdown: "load 11.7" }], [{ markdown: "负载 3.2" }], "const two = 2;"),
    ).toHaveLength(1);
  });
});
