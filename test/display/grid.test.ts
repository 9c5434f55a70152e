import { describe, expect, it } from "vitest";
import { DataError, OptionError, imageGrid, randomNormal, tensor, zeros } from "../../src/index";
import { count, expectError, expectSelfContained } from "./helpers";

describe("imageGrid", () => {
  const items = [
    { title: "zeros", tensor: zeros([4, 4]) },
    {
      title: "ramp",
      tensor: tensor([
        [0, 1],
        [2, 3],
      ]),
      options: { scale: 2 },
    },
    {
      title: "edges & more",
      tensor: tensor([[-1, 1]]),
      options: { colormap: "diverging" as const, width: 50 },
    },
  ];
  it("3 items, columns 2, width 120: three figures in a 2-column CSS grid", () => {
    const html = imageGrid(items, { columns: 2, width: 120, title: "Grid" });
    expect(count(html, "<figure")).toBe(3);
    expect(count(html, "data:image/png;base64,")).toBe(3);
    // Columns are the widest image (120 px) plus its 1 px border on each side, and may shrink.
    expect(html).toContain("grid-template-columns:repeat(2,minmax(0,122px))");
    expect(html).toContain("<b>edges &amp; more</b>");
    expect(count(html, 'width="120"')).toBe(2); // the third item's own width wins
    expect(html).toContain('width="50"');
    expect(html).toContain(">Grid</div>");
    expectSelfContained(html);
    expect(imageGrid(items, { columns: 2, width: 120, title: "Grid" })).toBe(html);
  });
  it("default columns = min(items, 4); default column width = the widest default image", () => {
    // zeros 4x4 and the scaled 2x2 default to 160 px; the third item asks for 50 px.
    expect(imageGrid(items)).toContain("repeat(3,minmax(0,162px))");
    expect(imageGrid([...items, ...items])).toContain("repeat(4,minmax(0,162px))");
    expect(imageGrid(items)).not.toContain("max-content");
  });
  it("four 220 px images with long automatic captions: the image width, not the caption, sets the columns", () => {
    const long = "feature map after the depthwise convolution with a long title".repeat(2);
    const four = [0, 1, 2, 3].map((i) => ({
      title: `${long} ${i}`,
      tensor: randomNormal([24, 24], { seed: i + 1 }),
      options: { colormap: "diverging" as const },
    }));
    const html = imageGrid(four, { width: 220 });
    expect(html).toContain("grid-template-columns:repeat(4,minmax(0,222px))");
    expect(
      imageGrid(
        four.map((it) => ({ ...it, title: "x" })),
        { width: 220 },
      ),
    ).toContain("repeat(4,minmax(0,222px))");
    // The grid can never be wider than the page, and its cells may shrink below their content.
    expect(html).toMatch(/^<div class="sepconv-grid" style="max-width:100%">/);
    expect(html).toMatch(/<div style="display:grid;[^"]*max-width:100%">/);
    expect(count(html, '<div style="min-width:0"><figure')).toBe(4);
    // Images scale down with their column (keeping their aspect ratio and 1 px border inside it).
    const imgStyles = [...html.matchAll(/<img [^>]*style="([^"]*)"/g)].map((m) => m[1]!);
    expect(imgStyles).toHaveLength(4);
    for (const style of imgStyles)
      expect(style).toContain("max-width:calc(100% - 2px);height:auto;border:1px solid #ddd");
    // Captions wrap within the figure: at most the column width, breaking long words if needed.
    const captions = [...html.matchAll(/<figcaption style="([^"]*)"/g)].map((m) => m[1]!);
    expect(captions).toHaveLength(4);
    for (const style of captions) expect(style).toContain("max-width:222px;overflow-wrap:anywhere");
    for (const figure of html.match(/<figure [^>]*>/g)!)
      expect(figure).toContain("max-width:100%;min-width:0");
  });
  it("an item's own larger width widens every column to fit it", () => {
    const html = imageGrid(
      [items[0]!, { title: "big", tensor: zeros([2, 4]), options: { width: 300 } }],
      { width: 100 },
    );
    expect(html).toContain("repeat(2,minmax(0,302px))");
    expect(html).toContain('width="300" height="150"');
    expect(html).toContain('width="100" height="100"');
  });
  it("errors: empty list, item without title, unknown item key, bad columns", () => {
    expectError(
      () => imageGrid([]),
      DataError,
      "imageGrid: items must be a non-empty array of { title, tensor, options? }, got []",
    );
    expectError(
      () => imageGrid([{ tensor: zeros([2, 2]) } as never]),
      DataError,
      "imageGrid: items[0].title must be a string, got undefined",
    );
    expectError(
      () => imageGrid([{ title: "a", tensor: zeros([2, 2]), scale: 2 } as never]),
      DataError,
      'imageGrid: items[0] has unknown key "scale"; use { title, tensor, options? }',
    );
    expectError(
      () => imageGrid(items, { columns: 0 }),
      OptionError,
      "imageGrid: columns must be an integer from 1 to 64, got 0",
    );
  });
});
