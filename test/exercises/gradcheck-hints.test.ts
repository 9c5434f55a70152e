// The gradient check each backward exercise's description tells students to paste into a notebook
// cell must run as written: on the reference solution it reports ok, and on a wrong solution it
// points at the error.
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as sepconv from "../../src/index";
import { courseCopy, ROOT, wrongSolution } from "./helpers";

/** The snippet in an exercise file's doc comment: from its import line to its console.log. */
function snippet(file: string): string {
  const lines = readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((l) => /^ \* {5}import \{.*\} from "sepconv";$/.test(l));
  const end = lines.findIndex((l, i) => i > start && l.includes("console.log(String(r))"));
  expect(start, `${file}: the gradCheck snippet's import`).toBeGreaterThan(0);
  expect(end, `${file}: the gradCheck snippet's console.log`).toBeGreaterThan(start);
  return lines
    .slice(start, end + 1)
    .map((l) => l.replace(/^ \* {5}/, ""))
    .join("\n");
}

/** Runs a snippet as a notebook cell in `cwd` would, returning what it logged. */
function runSnippet(code: string, cwd: string): string[] {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const logged: string[] = [];
  const fakeConsole = { log: (...a: unknown[]) => logged.push(a.map(String).join(" ")) };
  const requireSepconv = (name: string) => {
    if (name !== "sepconv") throw new Error(`the snippet imports ${name}`);
    return sepconv;
  };
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    new Function("require", "exports", "console", js)(requireSepconv, {}, fakeConsole);
  } finally {
    process.chdir(previous);
  }
  return logged;
}

const EXERCISES: [id: string, wrong: string][] = [
  ["sparseSoftmaxCrossEntropyGrad", "sparseSoftmaxCrossEntropyGrad.no-batch-mean.ts"],
  ["conv2DBackpropInput", "conv2DBackpropInput.no-column-bounds.ts"],
  ["depthwiseConv2dNativeBackpropFilter", "depthwiseConv2dNativeBackpropFilter.no-batch-sum.ts"],
];

describe("the gradient checks in the backward exercises' descriptions", () => {
  for (const [id, wrong] of EXERCISES) {
    for (const file of [`exercises/${id}.ts`, `exercises/zh/${id}.txt`]) {
      it(`${file}: passes on the reference solution, fails on ${wrong}`, () => {
        const code = snippet(path.join(ROOT, file));
        expect(code).toContain(`loadExercise("${id}")`);
        const ok = runSnippet(code, path.join(ROOT, "notebooks"));
        expect(ok).toHaveLength(1);
        expect(ok[0]).toMatch(/max relative error \S+ {2}ok$/);
        expect(ok[0]).not.toMatch(/FAILED/);
        const dir = courseCopy({ [`${id}.ts`]: wrongSolution(wrong) });
        const bad = runSnippet(code, path.join(dir, "exercises"));
        expect(bad).toHaveLength(1);
        expect(bad[0]).toMatch(/FAILED at \[[\d,]+\]: analytic \S+, numeric \S+$/);
      });
    }
  }
});
