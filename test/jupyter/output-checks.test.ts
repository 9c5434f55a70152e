// The checks `sepconv notebooks` runs on every executed notebook's outputs.
import { describe, expect, it } from "vitest";
import { htmlTable } from "../../src/index";
import { checkOutputs } from "../../src/jupyter/output-checks";

const notebook = (...outputs: { id: string; html?: string; markdown?: string; text?: string }[]) =>
  JSON.stringify({
    cells: outputs.map((o) => ({
      cell_type: "code",
      id: o.id,
      outputs: [
        o.text !== undefined
          ? { output_type: "stream", name: "stdout", text: [o.text] }
          : {
              output_type: "display_data",
              data: {
                ...(o.html ? { "text/html": o.html } : {}),
                ...(o.markdown ? { "text/markdown": o.markdown } : {}),
              },
            },
      ],
    })),
  });

const rates = (peak: number, values: (number | string)[]) =>
  htmlTable(
    values.map((v, i) => ({ layer: `L${i}`, "GMAC/s pointwise": v })),
    { title: `rates (this machine's peak: ${peak} GMAC/s)` },
  );

describe("checks on executed notebooks' outputs", () => {
  it("passes rates below the stated peak, and text that is not a rate", () => {
    expect(
      checkOutputs(
        notebook({ id: "t", html: rates(23.5, [15.2, 3.1, "not shown: above the peak"]) }),
      ),
    ).toEqual([]);
  });
  it("fails a rate above the peak, or not positive, naming the cell and column", () => {
    expect(checkOutputs(notebook({ id: "t", html: rates(23.5, [15.2, 51380]) }))).toEqual([
      "cell t: GMAC/s pointwise 51380 is not in (0, 23.5], the peak this notebook measured",
    ]);
    expect(checkOutputs(notebook({ id: "t", html: rates(23.5, [0]) }))).toEqual([
      "cell t: GMAC/s pointwise 0 is not in (0, 23.5], the peak this notebook measured",
    ]);
  });
  it("fails a notebook that prints rates without stating a peak (the peak may come from another cell)", () => {
    const bare = htmlTable([{ layer: "L", "GMAC/s standard": 12 }]);
    expect(checkOutputs(notebook({ id: "t", html: bare }))).toEqual([
      'prints GMAC/s (cell t) without stating the machine\'s peak ("peak: N GMAC/s", "峰值：N GMAC/s")',
    ]);
    expect(
      checkOutputs(notebook({ id: "p", markdown: "peak: 20.0 GMAC/s" }, { id: "t", html: bare })),
    ).toEqual([]);
  });
  it("reads the peak as the Chinese edition states it, and holds rates to it", () => {
    const zh = (peak: number, v: number) =>
      htmlTable([{ 层: "L", "GMAC/s 逐点卷积": v }], { title: `速率（本机峰值：${peak} GMAC/s）` });
    expect(checkOutputs(notebook({ id: "t", html: zh(23.5, 15.2) }))).toEqual([]);
    expect(checkOutputs(notebook({ id: "t", html: zh(23.5, 51380) }))).toEqual([
      "cell t: GMAC/s 逐点卷积 51380 is not in (0, 23.5], the peak this notebook measured",
    ]);
  });
  it("fails any output that says mismatch, in markdown, HTML or text", () => {
    for (const o of [
      { markdown: "max abs difference **values mismatch**" },
      { html: "<b>Mismatch</b>" },
      { text: "shape mismatch\n" },
    ]) {
      expect(checkOutputs(notebook({ id: "eq", ...o }))).toEqual([
        'cell eq prints "mismatch": a check that fails must fail the cell',
      ]);
    }
  });
});
