// check() on the instructor's solutions (all pass), on stubs (not implemented yet), on
// deliberately wrong solutions (the cases meant to catch each flaw fail) and on disallowed imports.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stubSolutions } from "../../grader/release/stub-solutions";
import { type CheckSummary, check, course } from "../../src/index";
import { EXERCISE_GLOBALS } from "../../src/exercises/type-check";
import { courseCopy, ROOT, wrongSolution } from "./helpers";

const manifest = course.readManifest(ROOT);

describe("check() on the instructor's reference solutions", () => {
  for (const e of manifest.exercises) {
    it(`${e.id}: every public case passes`, () => {
      const s = check(e.id, { root: ROOT, print: false });
      expect(s.lines.join("\n")).toContain(`${s.total}/${s.total} public cases passed`);
      expect(s.total).toBeGreaterThan(1);
      expect(s.points).toBe(s.maxPoints);
    });
  }
});

describe("check() on the released stubs", () => {
  const stubs = Object.fromEntries(
    manifest.exercises.map((e) => [
      e.file,
      stubSolutions(readFileSync(path.join(ROOT, "exercises", e.file), "utf8"), e.id, e.file),
    ]),
  );
  const dir = courseCopy(stubs);
  for (const e of manifest.exercises) {
    it(`${e.id}: reports "not implemented yet", scores 0, does not throw`, () => {
      const s = check(e.id, { root: dir, print: false });
      expect(s.lines[0]).toBe(
        `check("${e.id}"): not implemented yet — write your code in exercises/${e.id}.ts (0/${s.maxPoints} points)`,
      );
      expect(s.points).toBe(0);
      expect(s.cases.every((c) => c.status === "not-implemented")).toBe(true);
    });
  }
});

// Each wrong solution and the public cases that must catch it (the others may pass).
const WRONG: { file: string; exercise: string; mustFail: string[]; mayPass?: string[] }[] = [
  {
    file: "convolve2d.flipped-kernel.ts",
    exercise: "convolve2d",
    mustFail: ["image=4x4 kernel=2x2 asymmetric (no flip)", "image=5x5 kernel=3x3"],
  },
  {
    file: "separateKernel.never-null.ts",
    exercise: "separateKernel",
    mustFail: ["laplacian 3x3 (rank 2)"],
    mayPass: ["sobel-x 3x3 = [1,2,1] x [-1,0,1]"],
  },
  {
    file: "spatialSeparableConvolve.output-width-intermediate.ts",
    exercise: "spatialSeparableConvolve",
    mustFail: ["image=7x9 column=2x1 row=1x4"],
  },
  {
    file: "conv2d.off-by-one-stride.ts",
    exercise: "conv2d",
    mustFail: ["x=7x7x3 f=3x3x3x2 s=2 p=valid"],
    mayPass: ["x=6x6x2 f=3x3x2x4 s=1 p=valid"],
  },
  {
    file: "conv2d.forgotten-padding.ts",
    exercise: "conv2d",
    mustFail: ["x=5x5x1 f=3x3x1x1 s=1 p=same", "x=6x7x2 f=4x4x2x3 s=2 p=same"],
    mayPass: ["x=6x6x2 f=3x3x2x4 s=1 p=valid"],
  },
  {
    file: "conv2d.padding-on-top.ts",
    exercise: "conv2d",
    mustFail: ["x=6x7x2 f=4x4x2x3 s=2 p=same"],
    mayPass: ["x=5x5x1 f=3x3x1x1 s=1 p=same"],
  },
  {
    file: "depthwiseConv2d.wrong-channel-order.ts",
    exercise: "depthwiseConv2d",
    mustFail: ["x=5x5x2 f=3x3x2x3 s=1 p=valid (multiplier 3)"],
    mayPass: ["x=12x12x3 f=5x5x3x1 s=1 p=valid (textbook)"],
  },
  {
    file: "pointwiseConv2d.transposed-filter.ts",
    exercise: "pointwiseConv2d",
    mustFail: ["x=8x8x3 f=3x16", "x=4x5x6 f=6x2"],
  },
  {
    file: "separableConv2d.ignores-stride.ts",
    exercise: "separableConv2d",
    mustFail: ["x=7x7x2 dw=3x3x2x2 pw=4x3 s=2 p=same"],
    mayPass: ["x=12x12x3 dw=5x5x3x1 pw=3x16 s=1 p=valid (textbook, 16 filters)"],
  },
  {
    file: "countMultiplications.same-as-valid.ts",
    exercise: "countMultiplications",
    mustFail: ["depthwise in=8x8x4 k=3 m=2 s=2 p=same"],
    mayPass: ["standard in=12x12x3 k=5 f=256 p=valid (textbook)"],
  },
  {
    file: "oneByOneBlock.alpha-per-pixel.ts",
    exercise: "oneByOneBlock",
    mustFail: ["x=5x5x3 f=3x4 act=prelu alpha=[4]"],
    mayPass: ["x=6x6x4 f=4x8 act=relu"],
  },
  {
    file: "sparseSoftmaxCrossEntropyGrad.no-batch-mean.ts",
    exercise: "sparseSoftmaxCrossEntropyGrad",
    mustFail: ["N=5 K=4 (batch mean)"],
    mayPass: ["N=1 K=3", "N=1 K=10 logits near 1000 (stable softmax)"],
  },
  {
    file: "sparseSoftmaxCrossEntropyGrad.unstable-softmax.ts",
    exercise: "sparseSoftmaxCrossEntropyGrad",
    mustFail: ["N=1 K=10 logits near 1000 (stable softmax)"],
    mayPass: ["N=1 K=3", "N=5 K=4 (batch mean)"],
  },
  {
    file: "conv2DBackpropInput.no-column-bounds.ts",
    exercise: "conv2DBackpropInput",
    mustFail: ["in=1x5x5x2 f=3x3x2x3 s=1 p=same", "in=2x6x7x2 f=4x4x2x3 s=2 p=same"],
    mayPass: [
      "in=1x5x5x1 f=3x3x1x1 s=1 p=valid",
      "in=2x6x6x3 f=3x3x3x4 s=1 p=valid",
      "in=1x7x7x2 f=3x3x2x2 s=2 p=valid",
      "in=1x6x6x2 f=3x3x2x2 s=2 p=valid (last row and column unread)",
    ],
  },
  {
    file: "depthwiseConv2dNativeBackpropFilter.no-batch-sum.ts",
    exercise: "depthwiseConv2dNativeBackpropFilter",
    mustFail: ["x=3x5x5x2 f=3x3x2x1 s=1 p=valid (batch of 3)"],
    mayPass: [
      "x=1x5x5x2 f=3x3x2x1 s=1 p=valid",
      "x=1x5x4x2 f=3x3x2x3 s=1 p=valid (multiplier 3)",
      "x=1x7x6x2 f=3x3x2x1 s=2 p=same",
    ],
  },
  {
    file: "depthwiseConv2dNativeBackpropFilter.wrong-channel-order.ts",
    exercise: "depthwiseConv2dNativeBackpropFilter",
    mustFail: ["x=1x5x4x2 f=3x3x2x3 s=1 p=valid (multiplier 3)"],
    mayPass: ["x=1x5x5x2 f=3x3x2x1 s=1 p=valid", "x=3x5x5x2 f=3x3x2x1 s=1 p=valid (batch of 3)"],
  },
];

describe("check() type-checks as the grader does", () => {
  const reference = readFileSync(path.join(ROOT, "exercises/conv2d.ts"), "utf8");
  const lines = reference.split("\n").length;
  // Runs correctly once the types are stripped, but the grader (strict type check) scores it 0.
  const dir = courseCopy({ "conv2d.ts": `${reference}\nexport const size: number = "four";\n` });
  it("reports the TypeScript error, scores 0 and runs nothing", () => {
    const s = check("conv2d", { root: dir, print: false });
    expect(s.lines).toEqual([
      `check("conv2d"): your code does not type-check, and the grader runs only code that does (0/${s.maxPoints} points):`,
      `  conv2d.ts:${lines + 1}:14: Type 'string' is not assignable to type 'number'.`,
    ]);
    expect(s.points).toBe(0);
    expect(s.total).toBeGreaterThan(1);
    expect(s.cases.map((c) => c.status)).toEqual(s.cases.map(() => "error"));
    expect(s.cases[0]!.message).toBe(`does not compile:\n${s.lines[1]!.trim()}`);
  });
  it("in Chinese too", () => {
    const s = check("conv2d", { root: dir, print: false, lang: "zh" });
    expect(s.lines[0]).toBe(
      `check("conv2d")：你的代码没有通过类型检查，而评分只运行通过类型检查的代码（0/${s.maxPoints} 分）：`,
    );
  });
  it("uses the course's globals, not a student's edited exercises/globals.d.ts (the grader's are the instructor's)", () => {
    const edited = courseCopy({
      "globals.d.ts": "declare const performance: { now(): number };\n",
      "conv2d.ts": `${reference}\nexport const started = performance.now();\n`,
    });
    const s = check("conv2d", { root: edited, print: false });
    expect(s.lines[1]).toBe(`  conv2d.ts:${lines + 1}:24: Cannot find name 'performance'.`);
  });
  it("exercises/globals.d.ts, which students' editors read, declares exactly what the type check uses", () => {
    const file = readFileSync(path.join(ROOT, "exercises/globals.d.ts"), "utf8");
    expect(file.replace(/^\/\/.*\n/gm, "")).toBe(EXERCISE_GLOBALS);
  });
  it("refuses a file the grader refuses: not UTF-8 (a Latin-1 comment), over 256 KB", () => {
    const latin1 = courseCopy();
    const file = path.join(latin1, "exercises/conv2d.ts");
    writeFileSync(file, Buffer.concat([Buffer.from("// caf\xe9\n", "latin1"), readFileSync(file)]));
    expect(check("conv2d", { root: latin1, print: false }).lines).toEqual([
      'check("conv2d"): cannot check:',
      "  conv2d.ts is not UTF-8 text",
    ]);
    const large = courseCopy({ "conv2d.ts": `${reference}\n// ${"x".repeat(300 * 1024)}\n` });
    expect(check("conv2d", { root: large, print: false }).lines).toEqual([
      'check("conv2d"): cannot check:',
      "  conv2d.ts is larger than 256 KB (the limit for one file)",
    ]);
  });
  it("an error in a file the exercise imports counts against it, as in the grader", () => {
    const dw = readFileSync(path.join(ROOT, "exercises/depthwiseConv2d.ts"), "utf8");
    const broken = courseCopy({ "depthwiseConv2d.ts": `${dw}\nconst n: number = null;\n` });
    const s = check("separableConv2d", { root: broken, print: false });
    expect(s.lines[0]).toMatch(/does not type-check/);
    expect(s.lines[1]).toMatch(/^ {2}depthwiseConv2d\.ts:\d+:7: Type 'null' is not assignable/);
  });
});

describe("check() catches deliberately wrong solutions", () => {
  it("every exercise has at least one wrong solution", () => {
    for (const e of manifest.exercises)
      expect(
        WRONG.some((w) => w.exercise === e.id),
        e.id,
      ).toBe(true);
  });
  for (const w of WRONG) {
    it(`${w.file}: fails ${w.mustFail.join("; ")}`, () => {
      const dir = courseCopy({ [`${w.exercise}.ts`]: wrongSolution(w.file) });
      const s = check(w.exercise, { root: dir, print: false });
      const status = Object.fromEntries(s.cases.map((c) => [c.name, c.status]));
      for (const name of w.mustFail)
        expect(status[name], `${name}: ${s.lines.join("\n")}`).toMatch(/failed|error/);
      for (const name of w.mayPass ?? []) expect(status[name], name).toBe("passed");
      expect(s.points).toBeLessThan(s.maxPoints);
      // The feedback says what differs and gives the case's hint.
      const text = s.lines.join("\n");
      expect(text).toMatch(/✗ /);
      expect(text).toMatch(/checks: /);
    });
  }
});

describe("check() feedback details", () => {
  it("a backward exercise's feedback names the mistake: the first wrong value of the batch case, and the check says a missing division by N shows as values N times too large", () => {
    const dir = courseCopy({
      "sparseSoftmaxCrossEntropyGrad.ts": wrongSolution(
        "sparseSoftmaxCrossEntropyGrad.no-batch-mean.ts",
      ),
    });
    const s = check("sparseSoftmaxCrossEntropyGrad", { root: dir, print: false });
    expect(s.cases.find((c) => c.name === "N=5 K=4 (batch mean)")!.message).toMatch(
      /^20 of 20 values differ; first at \[0,0\]: expected -?[\d.e-]+, got -?[\d.e-]+; .*max rel error 4 \(/,
    );
    expect(s.lines.join("\n")).toContain(
      "values 5 times the expected ones mean the division by the batch size is missing",
    );
  });
  it("an unstable softmax gets NaN on logits near 1000, and the check says why", () => {
    const dir = courseCopy({
      "sparseSoftmaxCrossEntropyGrad.ts": wrongSolution(
        "sparseSoftmaxCrossEntropyGrad.unstable-softmax.ts",
      ),
    });
    const s = check("sparseSoftmaxCrossEntropyGrad", { root: dir, print: false });
    expect(s.cases.find((c) => c.name.includes("near 1000"))!.message).toMatch(
      /^10 of 10 values differ; first at \[0,0\]: expected [\d.e-]+, got NaN/,
    );
    expect(s.lines.join("\n")).toContain(
      "exp(1000) is Infinity, so a softmax that does not subtract the row's maximum first gives NaN",
    );
  });
  it("a wrong value names the first wrong index, expected vs got and max errors (conv2d padding-on-top)", () => {
    const dir = courseCopy({ "conv2d.ts": wrongSolution("conv2d.padding-on-top.ts") });
    const line = check("conv2d", { root: dir, print: false }).lines.find((l) =>
      l.includes("s=2 p=same"),
    )!;
    expect(line).toMatch(
      /values differ; first at \[\d+,\d+,\d+\]: expected -?[\d.e-]+, got -?[\d.e-]+; max abs error [\d.e-]+, max rel error/,
    );
  });
  it("a wrong shape is reported as such (conv2d off-by-one)", () => {
    const dir = courseCopy({ "conv2d.ts": wrongSolution("conv2d.off-by-one-stride.ts") });
    const s = check("conv2d", { root: dir, print: false });
    expect(s.cases.find((c) => c.name === "x=7x7x3 f=3x3x3x2 s=2 p=valid")!.message).toBe(
      "wrong shape: shape [2,2,2] != expected [3,3,2]",
    );
  });
  it("importing the engine op that solves the exercise is a disallowed import", () => {
    const cheat = `import { Tensor, conv2d as engineConv } from "sepconv";\nexport function conv2d(x: Tensor, f: Tensor, s: number, p: "valid" | "same"): Tensor {\n  return engineConv(x, f, { strides: s, padding: p });\n}\n`;
    const dir = courseCopy({ "conv2d.ts": cheat });
    const s = check("conv2d", { root: dir, print: false });
    expect(s.lines[0]).toBe(`check("conv2d"): disallowed import:`);
    expect(s.lines[1]).toBe(
      `  conv2d.ts:1: disallowed import { conv2d } from "sepconv": this exercise asks you to implement it yourself (allowed: Tensor, tensor, zeros, ones, fill)`,
    );
    expect(s.points).toBe(0);
    // Scored as the grader scores it: every case an error, out of the exercise's points.
    expect(s.maxPoints).toBe(5);
    expect(s.cases.map((c) => c.status)).toEqual(s.cases.map(() => "error"));
    expect(s.cases.length).toBe(s.total);
  });
  it("require(), node: modules and files outside the submission are disallowed", () => {
    const cheat = `import { readFileSync, writeFileSync } from "node:fs";\nimport { x } from "../../secret";\nconst fs = require("fs");\nexport function conv2d(): number { return 0; }\n`;
    const s = check("conv2d", { root: courseCopy({ "conv2d.ts": cheat }), print: false });
    const text = s.lines.join("\n");
    expect(text).toContain(`conv2d.ts:1: disallowed import "node:fs"`);
    expect(text).toContain(
      `conv2d.ts:2: disallowed import "../../secret": only files inside the submission can be imported`,
    );
    expect(text).toContain(`conv2d.ts:3: disallowed require()`);
  });
  it("an unknown exercise id lists the real ones", () => {
    const s = check("conv3d", { root: ROOT, print: false });
    expect(s.lines.join("\n")).toContain(
      `unknown exercise "conv3d"; the exercises are convolve2d, separateKernel,`,
    );
  });
});

describe("check() in a notebook cell prints its feedback once", () => {
  it("printed: the returned summary shows as nothing (tslab console.logs a cell's last value); collected: as its lines", async () => {
    const { inspect } = await import("node:util");
    const logged: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) =>
      void logged.push(args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" "));
    let printed: CheckSummary;
    try {
      printed = check("conv2d", { root: ROOT });
      console.log(printed); // what tslab does with a cell's last expression
    } finally {
      console.log = original;
    }
    expect(logged).toEqual([printed.lines.join("\n"), ""]);
    expect(printed.lines[0]).toMatch(/^check\("conv2d"\): \d+\/\d+ public cases passed/);
    const collected = check("conv2d", { root: ROOT, print: false });
    expect(inspect(collected)).toBe(collected.lines.join("\n"));
    expect({ passed: collected.passed, total: collected.total }).toEqual({
      passed: printed.passed,
      total: printed.total,
    });
  });
});

describe("check() names the exercise a solution depends on", () => {
  const stub = (file: string, id: string) =>
    stubSolutions(readFileSync(path.join(ROOT, "exercises", file), "utf8"), id, file);
  it("a correct separableConv2d over a stubbed depthwiseConv2d: write depthwiseConv2d (notebook 04) first", () => {
    const dir = courseCopy({ "depthwiseConv2d.ts": stub("depthwiseConv2d.ts", "depthwiseConv2d") });
    const s = check("separableConv2d", { root: dir, print: false });
    expect(s.lines[0]).toBe(
      `check("separableConv2d"): your separableConv2d calls depthwiseConv2d (exercises/depthwiseConv2d.ts, notebook 04-depth-multiplier), ` +
        `which is not implemented yet: write that exercise first, then check this one again (0/${s.maxPoints} points)`,
    );
    expect(s.points).toBe(0);
  });
  it("with both of its exercises written, it passes", () => {
    const s = check("separableConv2d", { root: courseCopy(), print: false });
    expect(s.passed).toBe(s.total);
  });
});

describe("check() and the grader's child call a case the same way (exercises/call-case.ts)", () => {
  it("a plain { shape, data } result is named as such, as the grader names it", () => {
    const plain = [
      'import { Tensor } from "sepconv";',
      "export function conv2d(x: Tensor, f: Tensor, stride: number, padding: string): unknown {",
      "  return { shape: [1], data: [0] };",
      "}",
    ].join("\n");
    const s = check("conv2d", { root: courseCopy({ "conv2d.ts": plain }), print: false });
    expect(s.cases.every((c) => c.status === "failed")).toBe(true);
    expect(s.cases[0]!.message).toBe(
      'your function returned a plain object with shape and data, not a Tensor: return new Tensor(data, shape) (import { Tensor } from "sepconv")',
    );
  });
});

describe("check() survives a result whose Proxy traps throw", () => {
  it("a trap that throws while the result is inspected is the student's code throwing, as in the grader", () => {
    const trap = [
      'import { Tensor } from "sepconv";',
      "export function conv2d(x: Tensor, f: Tensor, stride: number, padding: string): unknown {",
      '  return new Proxy({}, { has() { throw new Error("has trap"); }, getPrototypeOf() { throw new Error("proto trap"); } });',
      "}",
    ].join("\n");
    const s = check("conv2d", { root: courseCopy({ "conv2d.ts": trap }), print: false });
    expect(s.cases.every((c) => c.status === "error")).toBe(true);
    expect(s.cases[0]!.message).toMatch(/trap/);
  });
});
