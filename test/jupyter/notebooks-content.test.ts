// The committed notebooks: the seven lessons exist, are committed without outputs, use the tslab
// kernel and the built package, and their prose does not type in numbers the engine computes
// (results with thousands separators or decimals must come from a code cell's output).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const dir = path.resolve(__dirname, "../../notebooks");
const EXPECTED = [
  "01-spatial-separable.ipynb",
  "02-standard-convolution.ipynb",
  "03-depthwise-separable.ipynb",
  "04-depth-multiplier.ipynb",
  "05-one-by-one-kernels.ipynb",
  "06-mobilenet.ipynb",
  "07-training.ipynb",
];

const Source = z
  .union([z.string(), z.array(z.string())])
  .transform((s) => (Array.isArray(s) ? s.join("") : s));
const Cell = z.discriminatedUnion("cell_type", [
  z.object({
    cell_type: z.literal("markdown"),
    id: z.string(),
    source: Source,
    metadata: z.record(z.string(), z.unknown()),
  }),
  z.object({
    cell_type: z.literal("code"),
    id: z.string(),
    source: Source,
    metadata: z.record(z.string(), z.unknown()),
    outputs: z.array(z.unknown()),
    execution_count: z.number().nullable(),
  }),
]);
const Notebook = z.object({
  nbformat: z.literal(4),
  nbformat_minor: z.number().min(5),
  metadata: z
    .object({
      kernelspec: z
        .object({ name: z.literal("tslab"), language: z.literal("typescript") })
        .passthrough(),
    })
    .passthrough(),
  cells: z.array(Cell).min(8),
});

const manifest = JSON.parse(
  readFileSync(path.resolve(__dirname, "../../exercises/manifest.json"), "utf8"),
) as { exercises: { id: string; notebook: string }[] };

describe("course notebooks as committed", () => {
  it("each exercise has a 'Your turn' check cell in its notebook", () => {
    for (const e of manifest.exercises) {
      const nb = Notebook.parse(JSON.parse(readFileSync(path.join(dir, e.notebook), "utf8")));
      expect(
        nb.cells.some((c) => c.cell_type === "code" && c.source.includes(`check("${e.id}")`)),
        `${e.id} in ${e.notebook}`,
      ).toBe(true);
      expect(
        nb.cells.some((c) => c.cell_type === "markdown" && /^## Your turn/m.test(c.source)),
        e.notebook,
      ).toBe(true);
    }
  });
  it("all seven lessons are there", () => {
    const present = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));
    for (const name of EXPECTED) expect(present).toContain(name);
  });
  for (const name of EXPECTED) {
    it(`${name}: valid, tslab kernel, no outputs, imports sepconv, no typed-in results in prose`, () => {
      const nb = Notebook.parse(JSON.parse(readFileSync(path.join(dir, name), "utf8")));
      const code = nb.cells.flatMap((c) => (c.cell_type === "code" ? [c] : []));
      const markdown = nb.cells.filter((c) => c.cell_type === "markdown");
      for (const c of code) {
        expect(c.outputs, `cell ${c.id} has outputs`).toEqual([]);
        expect(c.execution_count, `cell ${c.id} has an execution count`).toBeNull();
      }
      expect(code.some((c) => /from "sepconv"/.test(c.source))).toBe(true);
      expect(markdown[0]!.source).toMatch(/^# /);
      expect(markdown.some((c) => /^#+ .*summary/im.test(c.source))).toBe(true);
      const ids = nb.cells.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const c of markdown) {
        // 1,228,800 or 22.8: results belong in computed output, not in prose.
        const typed = c.source.replace(/`[^`]*`/g, "").match(/\b\d{1,3}(,\d{3})+\b|\b\d+\.\d+\b/g);
        expect(typed, `markdown cell ${c.id} types in ${typed?.join(", ")}`).toBeNull();
      }
    });
  }
});
