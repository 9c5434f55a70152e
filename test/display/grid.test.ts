import { describe, expect, it } from "vitest";
import { DataError, OptionError, imageGrid, tensor, zeros } from "../../src/index";
import { count, expectError, expectSelfContained } from "./helpers";

describe("imageGrid", () => {
  const items = [
    { title: "zeros", tensor: zeros([4, 4]) },
    { title: "ramp", tensor: tensor([[0, 1], [2, 3]]), options: { scale: 2 } },
    { title: "edges & more", tensor: tensor([[-1, 1]]), options: { colormap: "diverging" as const, width: 50 } },
  ];
  it("3 items, columns 2, width 120: three figures in a 2-column CSS grid", () => {
    const html = imageGrid(items, { columns: 2, width: 120, title: "Grid" });
    expect(count(html, "<figure")).toBe(3);
    expect(count(html, "data:image/png;base64,")).toBe(3);
    expect(html).toContain("grid-template-columns:repeat(2,max-content)");
    expect(html).toContain("<b>edges &amp; more</b>");
    expect(count(html, 'width="120"')).toBe(2); // the third item's own width wins
    expect(html).toContain('width="50"');
    expect(html).toContain(">Grid</div>");
    expectSelfContained(html);
    expect(imageGrid(items, { columns: 2, width: 120, title: "Grid" })).toBe(html);
  });
  it("default columns = min(items, 4)", () => {
    expect(imageGrid(items)).toContain("repeat(3,max-content)");
    expect(imageGrid([...items, ...items])).toContain("repeat(4,max-content)");
  });
  it("errors: empty list, item without title, unknown item key, bad columns", () => {
    expectError(() => imageGrid([]), DataError, "imageGrid: items must be a non-empty array of { title, tensor, options? }, got []");
    expectError(() => imageGrid([{ tensor: zeros([2, 2]) } as never]), DataError, "imageGrid: items[0].title must be a string, got undefined");
    expectError(() => imageGrid([{ title: "a", tensor: zeros([2, 2]), scale: 2 } as never]), DataError, 'imageGrid: items[0] has unknown key "scale"; use { title, tensor, options? }');
    expectError(() => imageGrid(items, { columns: 0 }), OptionError, "imageGrid: columns must be an integer from 1 to 64, got 0");
  });
});
