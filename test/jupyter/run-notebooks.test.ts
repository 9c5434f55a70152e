// The notebook runner against real Jupyter + tslab (CI installs them): it passes a good notebook
// and reports a failing cell with its source and the real message, which nbconvert hides; a
// Chinese copy (zh/good.ipynb, a slip: a 3x3 kernel for the English 5x5) that prints another
// number than its English twin fails the run.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { jupyterEnv, PYTHON } from "../../src/jupyter/jupyter";
import { listNotebooks, longestFirst, runNotebooks } from "../../src/jupyter/run-notebooks";

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

    const zh = by["zh/good.ipynb"]!;
    expect(zh.ok).toBe(false);
    expect(zh.message).toContain(
      "its printed numbers differ from the English good.ipynb's:\ncell c0: number 1 differs " +
        '(1 numbers in English, 1 in Chinese): English 53952 in "…53952…"; Chinese 79500 in ' +
        '"…乘法次数：79500…"',
    );
    expect(lines).toContain("FAIL zh/good.ipynb (numbers differ from good.ipynb)");

    const summary = JSON.parse(
      readFileSync(path.join(outDir, "test-results/notebooks.json"), "utf8"),
    );
    expect([summary.numPassedTests, summary.numFailedTests]).toEqual([1, 3]);
    expect(lines.at(-1)).toMatch(/^notebooks: 1 passed, 3 failed in /);
    // The seconds each took order the next run's queue.
    const seconds = JSON.parse(readFileSync(path.join(outDir, "notebooks/seconds.json"), "utf8"));
    expect(Object.keys(seconds).sort()).toEqual(Object.keys(by).sort());
  }, 120_000);

  it("queues the longest notebooks first: by earlier runs' seconds, else 07 first", () => {
    const names = ["01-a.ipynb", "07-t.ipynb", "zh/01-a.ipynb", "zh/07-t.ipynb"];
    expect(longestFirst(names, {})).toEqual([
      "07-t.ipynb",
      "zh/07-t.ipynb",
      "01-a.ipynb",
      "zh/01-a.ipynb",
    ]);
    // A Chinese notebook not yet timed here counts as long as its English twin.
    expect(
      longestFirst(names, { "01-a.ipynb": 300, "07-t.ipynb": 100, "zh/07-t.ipynb": 90 }),
    ).toEqual(["01-a.ipynb", "zh/01-a.ipynb", "07-t.ipynb", "zh/07-t.ipynb"]);
  });
});

describe("sepconv notebooks --lang", () => {
  it("in the course, top-level notebooks are English and zh/ holds the Chinese edition", () => {
    const dir = path.join(root, "notebooks");
    const zh = listNotebooks(dir, [], ["zh"]);
    expect(zh.length).toBeGreaterThan(0);
    expect(zh.every((f) => f.startsWith("zh/"))).toBe(true);
    expect(listNotebooks(dir, [], ["en"]).some((f) => f.startsWith("zh/"))).toBe(false);
  });
  it("in a Chinese student release, its top-level notebooks are the Chinese ones", () => {
    const release = mkdtempSync(path.join(os.tmpdir(), "sepconv-release-"));
    writeFileSync(path.join(release, "package.json"), JSON.stringify({ config: { lang: "zh" } }));
    mkdirSync(path.join(release, "notebooks"));
    writeFileSync(path.join(release, "notebooks/01-a.ipynb"), "{}");
    expect(listNotebooks(path.join(release, "notebooks"), [], ["zh"])).toEqual(["01-a.ipynb"]);
    expect(listNotebooks(path.join(release, "notebooks"), [], ["en"])).toEqual([]);
  });
});

describe("execute_notebook.py", () => {
  it("starts the kernel once more when the first never answered, and says so", () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "sepconv-nb-")), "good.ipynb");
    const r = spawnSync(
      PYTHON,
      [
        path.join(root, "src/jupyter/execute_notebook.py"),
        path.join(fixtures, "good.ipynb"),
        out,
        "60",
      ],
      // A startup limit no kernel meets: both starts fail, before any cell runs.
      { env: { ...jupyterEnv(root).env, SEPCONV_KERNEL_STARTUP_TIMEOUT: "0" }, encoding: "utf8" },
    );
    const summary = JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
    expect(summary.ok).toBe(false);
    expect(summary.restarted).toMatch(/Kernel didn't respond in 0 seconds/);
    expect(summary.error).toMatch(/Kernel didn't respond in 0 seconds/);
  }, 120_000);
});
