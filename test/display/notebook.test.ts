// The notebooks' shared formatting and layout helpers: fmt, fmtDiff, dims, figureRow, robustRange.
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import {
  DataError,
  dims,
  figureRow,
  fmt,
  fmtDiff,
  OptionError,
  randomNormal,
  robustRange,
  Tensor,
  tensor,
  textFigure,
} from "../../src/index";

describe("fmt", () => {
  it("groups thousands and drops trailing zeros, at most 3 decimals by default", () => {
    expect(fmt(1228800)).toBe("1,228,800");
    expect(fmt(22.775800711)).toBe("22.776");
    expect(fmt(0.5)).toBe("0.5");
    expect(fmt(-0.0004)).toBe("-0");
  });
  it("takes the number of decimals as a number or as { digits }", () => {
    expect(fmt(22.7758, 1)).toBe("22.8");
    expect(fmt(22.7758, 0)).toBe("23");
    expect(fmt(1e-5, 6)).toBe("0.00001");
    expect(fmt(22.7758, { digits: 2 })).toBe("22.78");
  });
  it("prints exactly `digits` decimals with fixed: true", () => {
    expect(fmt(17, { digits: 1, fixed: true })).toBe("17.0");
    expect(fmt(18.75, { digits: 2, fixed: true })).toBe("18.75");
    expect(fmt(1234.5, { digits: 2, fixed: true })).toBe("1,234.50");
    expect(fmt(0.5, { fixed: true })).toBe("0.500");
  });
  it("rejects a non-number, bad digits and unknown options with typed errors", () => {
    expect(() => fmt("3" as unknown as number)).toThrow(DataError);
    expect(() => fmt(1, -1)).toThrow(/fmt: digits must be an integer from 0 to 20, got -1/);
    expect(() => fmt(1, { digits: 1.5 })).toThrow(OptionError);
    expect(() => fmt(1, { fixed: "yes" } as unknown as { fixed: boolean })).toThrow(
      /fmt: fixed must be true or false/,
    );
    expect(() => fmt(1, { digit: 2 } as unknown as { digits: number })).toThrow(
      /unknown option "digit" \(did you mean "digits"\?\)/,
    );
  });
});

describe("fmtDiff", () => {
  it('prints "0" for an exact match and exponent form otherwise', () => {
    expect(fmtDiff(0)).toBe("0");
    expect(fmtDiff(3.0517578125e-5)).toBe("3.05e-5");
    expect(fmtDiff(3.0517578125e-5, 1)).toBe("3.1e-5");
  });
  it("rejects bad input", () => {
    expect(() => fmtDiff(Number("x") as number, 1.5)).toThrow(OptionError);
    expect(() => fmtDiff(null as unknown as number)).toThrow(DataError);
  });
});

describe("dims", () => {
  it("writes a shape or a tensor's shape the lesson's way", () => {
    expect(dims([12, 12, 3])).toBe("12x12x3");
    expect(dims(randomNormal([1, 8, 8, 256], { seed: 1 }))).toBe("1x8x8x256");
    expect(() => dims("12x12" as unknown as number[])).toThrow(DataError);
  });
});

describe("figureRow", () => {
  const figures = ["<b>one</b>", "<b>two</b>", "<b>three</b>"];
  it("puts the figures side by side in a wrapping row, in order", () => {
    const { document } = parseHTML(
      `<!DOCTYPE html><html><body>${figureRow(figures)}</body></html>`,
    );
    const row = document.body.firstElementChild!;
    expect(row.getAttribute("style")).toContain("display:flex;flex-wrap:wrap");
    expect(Array.from(row.querySelectorAll("b"), (b) => b.textContent)).toEqual([
      "one",
      "two",
      "three",
    ]);
  });
  it("boxes each figure at `width` (never wider than the page) and escapes the title", () => {
    const html = figureRow(figures, { width: 150, title: "blue < 0 < red" });
    const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
    const [heading, row] = Array.from(document.body.children);
    expect(heading!.textContent).toBe("blue < 0 < red");
    expect(html).toContain("blue &lt; 0 &lt; red");
    const boxes = Array.from(row!.children);
    expect(boxes).toHaveLength(3);
    for (const box of boxes) expect(box.getAttribute("style")).toBe("width:150px;max-width:100%");
  });
  it("lays the figures on a grid with `columns`", () => {
    expect(figureRow(figures, { columns: 4, width: 230 })).toContain(
      "grid-template-columns:repeat(4,230px)",
    );
    expect(figureRow(figures, { columns: 2 })).toContain(
      "grid-template-columns:repeat(2,max-content)",
    );
  });
  it("rejects non-string figures and bad options", () => {
    expect(() => figureRow([1] as unknown as string[])).toThrow(DataError);
    expect(() => figureRow(figures, { width: 0 })).toThrow(
      /figureRow: width must be an integer from 1 to 4096/,
    );
    expect(() => figureRow(figures, { colums: 2 } as unknown as { columns: number })).toThrow(
      OptionError,
    );
    expect(() => figureRow(figures, { title: 3 } as unknown as { title: string })).toThrow(
      /title must be a string/,
    );
  });
});

describe("robustRange", () => {
  it("is symmetric and ends at the 99th percentile of |value|, ignoring a few extreme pixels", () => {
    const data = new Float32Array(1000).map((_, i) => (i % 2 ? 1 : -1) * (i / 1000));
    data[7] = 1e6;
    const [lo, hi] = robustRange(new Tensor(data, [1000]));
    expect(hi).toBe(-lo);
    expect(hi).toBeCloseTo(0.99, 6);
    expect(robustRange(tensor([-3, 1, 2]), 1)).toEqual([-3, 3]);
  });
  it("rejects a quantile outside [0, 1]", () => {
    expect(() => robustRange(tensor([1]), 1.5)).toThrow(OptionError);
  });
});

describe("textFigure", () => {
  it("keeps the text as is in a <pre> (escaped), under a bold caption", () => {
    const text = 'Model: "sequential"\n conv2d (Conv2D)   (None, 28, 28, 16)   144\n a < b & c';
    const html = textFigure(text, { title: "ours" });
    const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
    expect(document.querySelector("pre")!.textContent).toBe(text);
    expect(document.querySelector("figcaption b")!.textContent).toBe("ours");
    expect(html).toContain("a &lt; b &amp; c");
    expect(textFigure("x")).not.toContain("<figcaption");
  });
  it("rejects a non-string and unknown options", () => {
    expect(() => textFigure(3 as unknown as string)).toThrow(
      /textFigure: text must be a string, got 3/,
    );
    expect(() => textFigure("x", { tilte: "a" } as unknown as { title: string })).toThrow(
      OptionError,
    );
  });
});
