// Layout on narrow pages (Jupyter's output area is ~900 px, less beside a sidebar): every figure
// must scale down to its container instead of overflowing it and giving the page (or the
// nbconvert HTML export) a horizontal scrollbar. These tests check the CSS that guarantees it.
import { describe, expect, it } from "vitest";
import {
  barChart,
  groupedBarChart,
  heatmap,
  imageGrid,
  imageHtml,
  lineChart,
  randomNormal,
  slidingWindow,
  tensor,
} from "../../src/index";
import { parseHTML } from "linkedom";
import { markGroups } from "./helpers";

const layers = Array.from({ length: 14 }, (_, i) => [
  { layer: `block_${i}_depthwise`, kind: "standard", mults: 100000 * (i + 1) },
  { layer: `block_${i}_depthwise`, kind: "separable", mults: 9000 * (i + 2) },
]).flat();
const standard = layers.filter((r) => r.kind === "standard");
const sobel = tensor([
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
]);

/** Every figure the display module makes, including ones far wider than a notebook page. */
const figures: Record<string, string> = {
  imageHtml: imageHtml(randomNormal([24, 24], { seed: 1 }), { width: 1200, title: "wide" }),
  imageGrid: imageGrid(
    [0, 1, 2, 3].map((i) => ({ title: `map ${i}`, tensor: randomNormal([8, 8], { seed: i }) })),
    { width: 400 },
  ),
  "heatmap annotated": heatmap(randomNormal([10, 10], { seed: 2 }), { cellSize: 120 }),
  "heatmap with colour bar": heatmap(randomNormal([40, 40], { seed: 3 }), { cellSize: 30 }),
  "slidingWindow 20x20 floats": slidingWindow(randomNormal([20, 20], { seed: 4 }), sobel, {
    row: 2,
    col: 3,
  }),
  "barChart width 1200": barChart(standard, { x: "layer", y: "mults", width: 1200 }),
  "barChart with fill legend": barChart(layers, {
    x: "layer",
    y: "mults",
    fill: "kind",
    labels: false,
  }),
  "lineChart width 1000": lineChart(layers, { x: "layer", y: "mults", z: "kind", width: 1000 }),
  groupedBarChart: groupedBarChart(layers, { x: "layer", y: "mults", series: "kind" }),
};

/** Each element matching `selector`, with its inline style as property -> value. */
function styled(
  html: string,
  selector: string,
): { tag: string; className: string; style: Map<string, string> }[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return Array.from(document.querySelectorAll(selector) as ArrayLike<Element>).map((el) => {
    const style = String(el.getAttribute("style") ?? "");
    const declarations = style
      .split(";")
      .map((d: string) => d.split(":").map((x: string) => x.trim()));
    return {
      tag: String(el.tagName).toLowerCase(),
      className: String(el.getAttribute("class") ?? ""),
      style: new Map(
        declarations
          .filter((d: string[]) => d.length >= 2 && d[0] !== "")
          .map((d: string[]) => [d[0]!.toLowerCase(), d.slice(1).join(":")] as [string, string]),
      ),
    };
  });
}

describe("figures scale down instead of overflowing", () => {
  for (const [name, html] of Object.entries(figures)) {
    it(`${name}: every <figure>, Plot <svg> and <img> is capped at its container's width`, () => {
      const figureEls = styled(html, "figure");
      expect(figureEls.length).toBeGreaterThan(0);
      // Ours (margin 8px 0) and Plot's legend wrapper (no UA 40 px side margins, no max-width:initial).
      for (const f of figureEls) expect(f.style.get("max-width")).toBe("100%");
      for (const f of figureEls.filter((e) => e.className.includes("plot-"))) {
        expect([f.style.get("margin"), f.style.get("height")]).toEqual(["0", "auto"]);
      }
      for (const el of styled(html, "[style]"))
        expect(el.style.get("max-width")).not.toBe("initial");
      // Plot SVGs carry the cap inline, so no notebook stylesheet can undo it (swatch icons excepted).
      for (const svg of styled(html, "svg").filter((e) => /(^|\s)plot-/.test(e.className))) {
        expect([svg.style.get("max-width"), svg.style.get("height")]).toEqual(["100%", "auto"]);
      }
      for (const img of styled(html, "img"))
        expect([img.style.get("max-width"), img.style.get("height")]).toEqual([
          "calc(100% - 2px)",
          "auto",
        ]);
      // Captions wrap (long words included) rather than widen the figure.
      for (const cap of styled(html, "figcaption"))
        expect(cap.style.get("overflow-wrap")).toBe("anywhere");
    });
  }

  it("slidingWindow: panels may shrink below their natural width and each operator wraps with its operand", () => {
    const html = figures["slidingWindow 20x20 floats"]!;
    const naturalWidths = [...html.matchAll(/<svg [^>]*?width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...naturalWidths)).toBeGreaterThan(900); // 20 columns of "-1.23": wider than the page
    expect(
      (html.match(/<div style="min-width:0;max-width:100%"><div style="font:12px/g) ?? []).length,
    ).toBe(3);
    expect(html).toMatch(
      /<div style="display:flex;align-items:center;gap:8px;min-width:0;max-width:100%"><div style="font:24px[^"]*">⋆<\/div><div style="min-width:0;max-width:100%"><div[^>]*>kernel 3×3/,
    );
    expect(html).toMatch(
      /<div style="display:flex;align-items:center;gap:8px;min-width:0;max-width:100%"><div style="font:24px[^"]*">=<\/div><div style="min-width:0;max-width:100%"><div[^>]*>output 18×18/,
    );
    expect(html).toMatch(/class="sepconv-sum"[^>]*style="[^"]*overflow-wrap:anywhere"/);
  });

  it("lineChart: categorical x labels that would collide are rotated (as in the bar charts)", () => {
    const rotated = markGroups(figures["lineChart width 1000"]!, "x-axis tick label")[0]!;
    expect(rotated).toContain("rotate(-40)");
    const short = lineChart(
      [
        { l: "a", y: 1 },
        { l: "b", y: 2 },
      ],
      { x: "l", y: "y" },
    );
    expect(markGroups(short, "x-axis tick label")[0]).not.toContain("rotate(");
  });
});
