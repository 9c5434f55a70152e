import { describe, expect, it } from "vitest";
import { DataError, OptionError, htmlTable } from "../../src/index";
import { expectError } from "./helpers";

describe("htmlTable", () => {
  const rows = [
    { layer: '<conv> & "std"', mults: 1228800, ratio: 1, shape: [12, 12, 3] },
    { layer: "sep's", mults: 53952, ratio: 0.043906, shape: [8, 8, 256] },
  ];
  it("escapes strings, groups thousands (en-US), 3 decimals, right-aligns numeric columns, caption", () => {
    const html = htmlTable(rows, { title: "Cost <table>" });
    expect(html).toContain(">&lt;conv&gt; &amp; &quot;std&quot;</td>");
    expect(html).toContain(">sep&#39;s</td>");
    expect(html).toContain(">1,228,800</td>");
    expect(html).toContain(">53,952</td>");
    expect(html).toContain(">0.044</td>");
    expect(html).toContain(">[12,12,3]</td>");
    expect(html).toContain("<caption");
    expect(html).toContain(">Cost &lt;table&gt;</caption>");
    expect(html).toMatch(/<th style="[^"]*text-align:right;[^"]*">mults<\/th>/);
    expect(html).toMatch(/<th style="[^"]*text-align:left;[^"]*">layer<\/th>/);
    expect(html).not.toContain("<conv>");
  });
  it("columns option picks and orders; missing values are blank; digits 1", () => {
    const html = htmlTable([{ a: 1.25, b: "x" }, { b: "y" }], { columns: ["b", "a"], digits: 1 });
    expect(html.indexOf(">b</th>")).toBeLessThan(html.indexOf(">a</th>"));
    expect(html).toContain(">1.3</td>");
    expect((html.match(/<tr>/g) ?? []).length).toBe(3);
    expect(html).toMatch(/<td style="[^"]*"><\/td>/);
  });
  it("default columns: union of keys in order of first appearance; empty rows give a header-less body", () => {
    const html = htmlTable([{ a: 1 }, { b: 2, a: 3 }]);
    expect(html.indexOf(">a</th>")).toBeLessThan(html.indexOf(">b</th>"));
    expect(htmlTable([])).toContain("<tbody></tbody>");
  });
  it("errors: rows not an array of objects, bad columns, bad digits", () => {
    expectError(
      () => htmlTable("rows" as never),
      DataError,
      'htmlTable: data must be an array of objects, got "rows"',
    );
    expectError(
      () => htmlTable([null] as never),
      DataError,
      "htmlTable: data[0] must be an object, got null",
    );
    expectError(
      () => htmlTable(rows, { columns: "layer" as never }),
      OptionError,
      'htmlTable: columns must be an array of field names, got "layer"',
    );
    expectError(
      () => htmlTable(rows, { digits: 21 }),
      OptionError,
      "htmlTable: digits must be an integer from 0 to 20, got 21",
    );
  });
});
