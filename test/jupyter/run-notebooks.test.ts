// The notebook runner against real Jupyter + tslab (CI installs them): it passes a good notebook
// and reports a failing cell with its source and the real message, which nbconvert hides.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runNotebooks } from "../../src/jupyter/run-notebooks";

const root = path.resolve(__dirname, "../..");
const fixtures = path.join(root, "test/fixtures/notebooks");

describe("sepconv notebooks (runner)", () => {
  it("executes good, runtime-error and type-error notebooks and reports each precisely", async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), "sepconv-nb-"));
    const lines: string[] = [];
    const results = await runNotebooks({
      root,
      notebooksDir: fixtures,
      outDir,
      jobs: 2,
      log: (l) => lines.push(l),
    });
    const by = Object.fromEntries(results.map((r) => [r.notebook, r]));
    expect(by["good.ipynb"]!.ok).toBe(true);
    // The executed copy holds the engine's count, computed in the notebook.
    const executed = readFileSync(path.join(outDir, "notebooks/executed/good.ipynb"), "utf8");
    expect(executed).toContain('<p id=\\"count\\">53952</p>');
    expect(readFileSync(path.join(outDir, "notebooks/html/good.html"), "utf8")).toContain("53952");

    const runtime = by["runtime-error.ipynb"]!;
    expect(runtime.ok).toBe(false);
    expect(runtime.message).toContain(
      "cell 1 failed: ShapeError: conv2d: filter depth 4 != input depth 3",
    );
    expect(runtime.message).toContain("conv2d(zeros([1, 12, 12, 3]), zeros([5, 5, 4, 8]));");
    expect(
      readFileSync(path.join(outDir, "notebooks/executed/runtime-error.ipynb"), "utf8"),
    ).not.toContain('never runs\\n"');

    const typeError = by["type-error.ipynb"]!;
    expect(typeError.ok).toBe(false);
    expect(typeError.message).toContain(
      "cell 0 failed: 1:7 - Type 'string' is not assignable to type 'number'.",
    );

    const summary = JSON.parse(
      readFileSync(path.join(outDir, "test-results/notebooks.json"), "utf8"),
    );
    expect([summary.numPassedTests, summary.numFailedTests]).toEqual([1, 2]);
    expect(lines.at(-1)).toMatch(/^notebooks: 1 passed, 2 failed in /);
  }, 120_000);
});
