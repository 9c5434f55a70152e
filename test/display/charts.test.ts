import { describe, expect, it } from "vitest";
import { barChart, DataError, groupedBarChart, lineChart, OptionError } from "../../src/index";
import { count, expectError, expectSelfContained, markGroups, texts } from "./helpers";

const layers = [
  { layer: "standard", mults: 1228800, kind: "dense" },
  { layer: "depthwise", mults: 4800, kind: "separable" },
  { layer: "pointwise", mults: 49152, kind: "separable" },
];
const rectsIn = (html: string, label: string): number =>
  markGroups(html, label).reduce((n, g) => n + count(g, "<rect"), 0);

describe("barChart", () => {
  it("3 layers vertical: 3 bars in data order, value labels with separators, axis labels, title", () => {
    const html = barChart(layers, {
      x: "layer",
      y: "mults",
      title: "Multiplications",
      xLabel: "Layer",
      yLabel: "mults",
    });
    expect(html).toContain("<svg");
    expect(rectsIn(html, "bar")).toBe(3);
    expect(texts(markGroups(html, "text")[0]!)).toEqual(["1,228,800", "4,800", "49,152"]);
    const ticks = texts(markGroups(html, "x-axis tick label")[0]!);
    expect(ticks).toEqual(["standard", "depthwise", "pointwise"]);
    expect(html).toContain("<b>Multiplications</b>");
    expect(html).toContain(">Layer</text>");
    expectSelfContained(html);
    expect(
      barChart(layers, {
        x: "layer",
        y: "mults",
        title: "Multiplications",
        xLabel: "Layer",
        yLabel: "mults",
      }),
    ).toBe(html);
  });
  it("horizontal + logY: 3 bars, log ticks, categories on y", () => {
    const html = barChart(layers, { x: "layer", y: "mults", horizontal: true, logY: true });
    expect(rectsIn(html, "bar")).toBe(3);
    expect(texts(markGroups(html, "y-axis tick label")[0]!)).toEqual([
      "standard",
      "depthwise",
      "pointwise",
    ]);
    expect(texts(markGroups(html, "x-axis tick label")[0]!)).toContain("1e6");
  });
  it("fill by a field adds a swatch legend; labels: false drops value labels", () => {
    const html = barChart(layers, { x: "layer", y: "mults", fill: "kind", labels: false });
    expect(html).toContain("swatches");
    expect(html).toMatch(/<\/svg>dense<\/span>/);
    expect(rectsIn(html, "bar")).toBe(3);
    expect(markGroups(html, "text")).toHaveLength(0);
  });
  it("errors: missing field, non-numeric y, log of 0, empty data, missing options", () => {
    expectError(
      () => barChart(layers, { x: "layer", y: "mult" }),
      OptionError,
      'barChart: y field "mult" is missing from data[0] (its fields: layer, mults, kind)',
    );
    expectError(
      () => barChart(layers, { x: "layer", y: "mults", fill: "colour" }),
      OptionError,
      /^barChart: fill field "colour" is missing/,
    );
    expectError(
      () => barChart([{ a: "x", b: "12" }], { x: "a", y: "b" }),
      DataError,
      'barChart: data[0].b must be a finite number, got "12"',
    );
    expectError(
      () => barChart([{ a: "x", b: 0 }], { x: "a", y: "b", logY: true }),
      DataError,
      "barChart: data[0].b must be a number > 0 (log scale), got 0",
    );
    expectError(() => barChart([], { x: "a", y: "b" }), DataError, "barChart: data is empty");
    expectError(
      () => barChart([1, 2] as never, { x: "a", y: "b" }),
      DataError,
      "barChart: data[0] must be an object, got 1",
    );
    expectError(
      () => barChart(layers, undefined as never),
      OptionError,
      "barChart: options { x, y } are required",
    );
    expectError(
      () => barChart(layers, { x: "layer", y: "mults", colour: "red" } as never),
      OptionError,
      /^barChart: unknown option "colour"/,
    );
  });
});

describe("lineChart", () => {
  const costs = [1, 3, 5, 7, 9].flatMap((k) => [
    { k, kind: "standard", mults: k * k * 3 * 256 },
    { k, kind: "separable", mults: k * k * 3 + 3 * 256 },
  ]);
  it("2 series x 5 points, line+dot, logY: 2 paths, 10 dots, legend in data order", () => {
    const html = lineChart(costs, {
      x: "k",
      y: "mults",
      z: "kind",
      logY: true,
      title: "Cost vs kernel size",
      xLabel: "kernel size",
    });
    expect(count(markGroups(html, "line")[0]!, "<path")).toBe(2);
    expect(count(markGroups(html, "dot")[0]!, "<circle")).toBe(10);
    expect(html.indexOf("</svg>standard</span>")).toBeLessThan(
      html.indexOf("</svg>separable</span>"),
    );
    expect(html).toContain(">kernel size →</text>");
    expect(html).toContain("<b>Cost vs kernel size</b>");
    expectSelfContained(html);
    expect(
      lineChart(costs, {
        x: "k",
        y: "mults",
        z: "kind",
        logY: true,
        title: "Cost vs kernel size",
        xLabel: "kernel size",
      }),
    ).toBe(html);
  });
  it("marks 'line', one series, categorical x keeps data order", () => {
    const html = lineChart(
      [
        { layer: "conv1", ms: 3 },
        { layer: "dw2", ms: 1 },
        { layer: "pw2", ms: 2 },
      ],
      { x: "layer", y: "ms", marks: "line" },
    );
    expect(count(markGroups(html, "line")[0]!, "<path")).toBe(1);
    expect(markGroups(html, "dot")).toHaveLength(0);
    expect(texts(markGroups(html, "x-axis tick label")[0]!)).toEqual(["conv1", "dw2", "pw2"]);
  });
  it("label: one text per point, beside its dot, on a log x axis", () => {
    const nets = [
      { mults: 150_000, acc: 0.76, net: "standard w=4" },
      { mults: 62_000, acc: 0.58, net: "separable w=4" },
      { mults: 1_960_000, acc: 0.91, net: "standard w=16" },
    ];
    const html = lineChart(nets, { x: "mults", y: "acc", label: "net", logX: true });
    expect(texts(markGroups(html, "text")[0]!)).toEqual([
      "standard w=4",
      "separable w=4",
      "standard w=16",
    ]);
    expect(count(markGroups(html, "dot")[0]!, "<circle")).toBe(3);
    expect(markGroups(lineChart(nets, { x: "mults", y: "acc" }), "text")).toHaveLength(0);
    expectError(
      () => lineChart(nets, { x: "mults", y: "acc", label: "name" }),
      OptionError,
      'lineChart: label field "name" is missing from data[0] (its fields: mults, acc, net)',
    );
  });
  it("yDomain sets the y axis' range (ticks inside it), labels get room on the right", () => {
    const rows = [
      { n: 1, acc: 71.7, net: "Conv MobileNet" },
      { n: 2, acc: 70.6, net: "MobileNet" },
    ];
    const html = lineChart(rows, { x: "n", y: "acc", label: "net", yDomain: [50, 100] });
    const ticks = texts(markGroups(html, "y-axis tick label")[0]!).map(Number);
    expect(Math.min(...ticks)).toBe(50);
    expect(Math.max(...ticks)).toBe(100);
    const plain = lineChart(rows, { x: "n", y: "acc" });
    expect(
      Math.min(...texts(markGroups(plain, "y-axis tick label")[0]!).map(Number)),
    ).toBeGreaterThan(70);
    expectError(
      () => lineChart(rows, { x: "n", y: "acc", yDomain: [100, 50] }),
      OptionError,
      "lineChart: yDomain must be a pair [min, max] of finite numbers with min < max, got [100,50]",
    );
  });
  it("errors: missing z field, logX with a non-positive x, bad marks", () => {
    expectError(
      () => lineChart(costs, { x: "k", y: "mults", z: "series" }),
      OptionError,
      'lineChart: z field "series" is missing from data[0] (its fields: k, kind, mults)',
    );
    expectError(
      () => lineChart([{ k: 0, m: 1 }], { x: "k", y: "m", logX: true }),
      DataError,
      "lineChart: data[0].k must be a number > 0 (log scale), got 0",
    );
    expectError(
      () => lineChart(costs, { x: "k", y: "mults", marks: "dots" as never }),
      OptionError,
      'lineChart: marks must be one of "line", "line+dot", got "dots"',
    );
  });
});

describe("groupedBarChart", () => {
  const rows = ["conv1", "dw2", "pw2", "dw3"].flatMap((layer, i) => [
    { layer, kind: "standard", mults: 1000 * (i + 1) },
    { layer, kind: "separable", mults: 100 * (i + 2) },
  ]);
  it("4 layers x 2 series: 8 bars, groups and legend in data order", () => {
    const html = groupedBarChart(rows, {
      x: "layer",
      y: "mults",
      series: "kind",
      title: "Per layer",
    });
    expect(rectsIn(html, "bar")).toBe(8);
    expect(texts(markGroups(html, "fx-axis tick label")[0]!)).toEqual([
      "conv1",
      "dw2",
      "pw2",
      "dw3",
    ]);
    expect(html.indexOf("</svg>standard</span>")).toBeLessThan(
      html.indexOf("</svg>separable</span>"),
    );
    expect(html).toContain("4,000");
    expectSelfContained(html);
  });
  it("logY keeps 8 bars; missing series field is an OptionError", () => {
    expect(
      rectsIn(groupedBarChart(rows, { x: "layer", y: "mults", series: "kind", logY: true }), "bar"),
    ).toBe(8);
    expectError(
      () => groupedBarChart(rows, { x: "layer", y: "mults", series: "type" }),
      OptionError,
      'groupedBarChart: series field "type" is missing from data[0] (its fields: layer, kind, mults)',
    );
  });
});

describe("number formats on charts", () => {
  it("log axes label ticks as plain numbers, not SI prefixes (lineChart logY, values 0.0001..0.4)", async () => {
    const { lineChart } = await import("../../src/index");
    const svg = lineChart(
      [
        { n: 1, t: 0.0001 },
        { n: 2, t: 0.004 },
        { n: 3, t: 0.4 },
      ],
      { x: "n", y: "t", logY: true },
    );
    expect(svg).not.toMatch(/>\d+m</);
    expect(svg).not.toMatch(/µ/);
    expect(svg).toMatch(/>0\.1</);
  });
  it("bar labels show tiny values in exponent form, never 0 (3.6e-8)", async () => {
    const { fmtNumber } = await import("../../src/display/charts");
    expect(fmtNumber(3.6e-8)).toBe("3.6e-8");
    expect(fmtNumber(1228800)).toBe("1,228,800");
    expect(fmtNumber(0)).toBe("0");
  });
});
