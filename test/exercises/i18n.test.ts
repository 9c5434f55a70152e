// Student-facing text in both languages: every catalogue message and every public case has its
// Chinese, none empty, none using a variant the glossary rejects; check() and judge() in
// Chinese say exactly what the English says (same case names, indices and values).
import { CJK, rejectedTerms } from "../glossary";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AnyMessage,
  CALL,
  CHECK,
  DESCRIBE,
  ENCODE,
  FILES,
  IMPORTS,
  JUDGE,
} from "../../src/exercises/messages";
import { stubSolutions } from "../../grader/release/stub-solutions";
import { check, course, setLanguage, tensor } from "../../src/index";
import { courseCopy, ROOT, wrongSolution } from "./helpers";

/** Calls a message with placeholder arguments of the kinds the catalogues take. */
function sample(m: AnyMessage, lang: "en" | "zh"): string {
  const args = [
    "A",
    "B",
    "C",
    "D",
    7,
    {
      mismatches: 1,
      size: 2,
      index: "0",
      expected: 1,
      got: 2,
      maxAbs: 1,
      maxRel: 1,
      rtol: 0,
      atol: 0,
    },
  ];
  const f = m[lang] as (...a: unknown[]) => string;
  // Numbers where a function wants numbers: arity decides which placeholders it receives.
  return f(...(f.length === 1 && m === CALL.modifiedInput ? [[1, 3]] : args));
}

const CATALOGUES = { DESCRIBE, JUDGE, CALL, CHECK, IMPORTS, FILES, ENCODE };
// Texts that are the same in both languages on purpose: code (null) and marks (✓ name).
const SAME = new Set(["DESCRIBE.null", "CHECK.passed"]);

describe("the catalogues of check() and judge()", () => {
  const rejected = rejectedTerms(ROOT);
  it("the glossary lists rejected variants", () => {
    expect(rejected).toEqual(expect.arrayContaining(["信道", "步长", "逐深度卷积"]));
  });
  for (const [name, catalogue] of Object.entries(CATALOGUES)) {
    for (const [key, m] of Object.entries(catalogue as Record<string, AnyMessage>)) {
      it(`${name}.${key}: both languages, not empty, Chinese in zh`, () => {
        const en = sample(m, "en");
        const zh = sample(m, "zh");
        expect(en.trim()).not.toBe("");
        expect(zh.trim()).not.toBe("");
        if (SAME.has(`${name}.${key}`)) expect(zh).toBe(en);
        else expect(zh).toMatch(CJK);
        for (const t of rejected) expect(zh).not.toContain(t);
      });
    }
  }
});

/** Every number in a line, in order: what a translation must keep. */
const numbers = (s: string) => s.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? [];

/** English words in a case name: not a parameter (x=, act=), its value, or a name kept as is. */
const englishWords = (name: string) =>
  (name.replace(/\w+=\S*/g, "").match(/[A-Za-z]{3,}/g) ?? []).filter(
    (w) => !["Sobel", "logits", "softmax"].includes(w),
  );

describe("the exercises' Chinese texts", () => {
  const manifest = course.readManifest(ROOT);
  const rejected = rejectedTerms(ROOT);
  for (const e of manifest.exercises) {
    it(`${e.id}: title, summary and every public case's message and hint`, () => {
      expect(e.zh.title).toMatch(CJK);
      expect(e.zh.summary).toMatch(CJK);
      const texts = [e.zh.title, e.zh.summary];
      for (const c of course.readFixtures(ROOT, e.id, false).cases) {
        expect(c.zh, `${e.id} / ${c.name}`).toBeDefined();
        expect(c.zh!.message).toMatch(CJK);
        // A hint in Chinese exactly when there is one in English.
        expect(c.zh!.hint === "").toBe(c.hint === "");
        if (c.hint) expect(c.zh!.hint).toMatch(CJK);
        texts.push(c.zh!.message, c.zh!.hint);
        // A name with English words in it has a Chinese name (so may one with English
        // parameter names, image=5x5); a Chinese name keeps the numbers and drops the words.
        if (englishWords(c.name).length > 0)
          expect(c.zh!.name, `${e.id} / ${c.name}`).toBeDefined();
        if (c.zh!.name !== undefined) {
          expect(c.zh!.name).toMatch(CJK);
          expect(englishWords(c.zh!.name), c.zh!.name).toEqual([]);
          expect(numbers(c.zh!.name)).toEqual(numbers(c.name));
          texts.push(c.zh!.name);
        }
      }
      for (const t of rejected) for (const text of texts) expect(text).not.toContain(t);
    });
  }
});

describe("check() in Chinese", () => {
  afterEach(() => {
    setLanguage("en");
  });

  it("a wrong conv2d: the same cases, shapes and points as in English, in Chinese", () => {
    const dir = courseCopy({ "conv2d.ts": wrongSolution("conv2d.forgotten-padding.ts") });
    const en = check("conv2d", { root: dir, print: false });
    setLanguage("zh");
    const zh = check("conv2d", { root: dir, print: false });
    expect(zh.lines[0]).toBe(`check("conv2d")：公开用例通过 2/4，得分 2/5`);
    expect(zh.lines).toHaveLength(en.lines.length);
    expect(zh.lines).toContain(
      "  ✗ x=5x5x1 f=3x3x1x1 s=1 p=same：形状不对：你的形状是 [3,3,1]，应为 [5,5,1]",
    );
    expect(zh.lines).toContain("      检查：'same' 填充保持 5x5：四周各补一行（列）零");
    zh.lines.forEach((line, i) => {
      // Same case names in the same places; the numbers of the English line are all there.
      if (en.lines[i]!.startsWith("  ✓")) expect(line).toBe(en.lines[i]);
      if (en.lines[i]!.startsWith("  ✗ "))
        expect(line.startsWith(en.lines[i]!.split(": ")[0]!)).toBe(true);
      if (!en.lines[i]!.startsWith("      ")) expect(numbers(line)).toEqual(numbers(en.lines[i]!));
      if (i > 0 && line.startsWith("      ")) expect(line).toMatch(CJK);
    });
  });

  it("values that differ: the same index, values and errors as the English message", () => {
    const dir = courseCopy({ "convolve2d.ts": wrongSolution("convolve2d.flipped-kernel.ts") });
    const en = check("convolve2d", { root: dir, print: false });
    setLanguage("zh");
    const zh = check("convolve2d", { root: dir, print: false });
    const failedEn = en.cases.find((c) => c.status === "failed")!;
    const failedZh = zh.cases.find((c) => c.name === failedEn.name)!;
    // The printed lines name the case in Chinese (its zh name), the summary by its id.
    const fixture = course
      .readFixtures(dir, "convolve2d", false)
      .cases.find((c) => c.name === failedEn.name)!;
    expect(zh.lines.join("\n")).toContain(fixture.zh!.name!);
    expect(en.lines.join("\n")).toContain(fixture.name);
    expect(failedEn.message).toMatch(/values differ; first at/);
    expect(failedZh.message).toMatch(/个值中有 \d+ 个不对；第一个在 \[/);
    expect(numbers(failedZh.message)).toEqual(numbers(failedEn.message));
  });

  it("a stub: not implemented yet, in Chinese; an unknown exercise: cannot check", () => {
    setLanguage("zh");
    const dir = courseCopy({
      "pointwiseConv2d.ts": wrongSolution("pointwiseConv2d.transposed-filter.ts"),
    });
    const stub = courseCopy({
      "conv2d.ts":
        'export function conv2d(): never {\n  throw new Error("conv2d: not implemented yet");\n}\n',
    });
    expect(check("conv2d", { root: stub, print: false }).lines[0]).toBe(
      `check("conv2d")：还没有实现——请在 exercises/conv2d.ts 里写你的代码（0/5 分）`,
    );
    const unknown = check("nope", { root: dir, print: false }).lines;
    expect(unknown[0]).toBe(`check("nope")：无法检查：`);
    expect(unknown[1]).toMatch(/^ {2}没有名为 "nope" 的练习；练习有 convolve2d, separateKernel, /);
  });
});

describe("loading in Chinese", () => {
  afterEach(() => {
    setLanguage("en");
  });
  it("a disallowed import and a missing file: the policy's messages in Chinese", () => {
    const dir = courseCopy({
      "conv2d.ts": 'import { conv2d as c } from "sepconv";\nexport const conv2d = c;\n',
    });
    const zh = check("conv2d", { root: dir, print: false, lang: "zh" }).lines;
    expect(zh[0]).toBe('check("conv2d")：不允许的导入：');
    expect(zh[1]).toBe(
      '  conv2d.ts:1: 不允许的导入 { conv2d } from "sepconv"：这道练习要你自己实现它（允许导入：Tensor, tensor, zeros, ones, fill）',
    );
    const missing = courseCopy();
    rmSync(path.join(missing, "exercises/pointwiseConv2d.ts"));
    expect(check("pointwiseConv2d", { root: missing, print: false, lang: "zh" }).lines).toEqual([
      'check("pointwiseConv2d")：无法检查：',
      "  提交里缺少 pointwiseConv2d.ts",
    ]);
  });
  it("an exercise that calls one not written yet: the dependency note in Chinese", () => {
    // The released stub: its signature kept, so separableConv2d still type-checks.
    const reference = readFileSync(path.join(ROOT, "exercises/depthwiseConv2d.ts"), "utf8");
    const dir = courseCopy({
      "depthwiseConv2d.ts": stubSolutions(reference, "depthwiseConv2d", "depthwiseConv2d.ts"),
    });
    expect(check("separableConv2d", { root: dir, print: false, lang: "zh" }).lines).toEqual([
      'check("separableConv2d")：你的 separableConv2d 调用了 depthwiseConv2d（exercises/depthwiseConv2d.ts，第 4 本笔记本 04-depth-multiplier），而它还没有实现：请先完成那道练习，再检查这一道（0/2 分）',
    ]);
  });
  it("a result that is not data (a Float32Array, a {shape, data} object), told in Chinese", () => {
    const dir = courseCopy({
      "pointwiseConv2d.ts":
        "export function pointwiseConv2d(x: { data: Float32Array }): Float32Array {\n  return x.data;\n}\n",
      "conv2d.ts":
        "export function conv2d(x: { shape: number[]; data: Float32Array }) {\n  return { shape: x.shape, data: x.data };\n}\n",
    });
    const array = check("pointwiseConv2d", { root: dir, print: false, lang: "zh" }).cases[0]!;
    expect(array.message).toBe(
      "返回值不是普通数据：TypeError: 返回值 是 [object Float32Array]，无法编码（只能用数、字符串、数组、普通对象和 Tensor）",
    );
    const en = check("pointwiseConv2d", { root: dir, print: false, lang: "en" }).cases[0]!;
    expect(en.message).toBe(
      "the result is not plain data: TypeError: the result is a [object Float32Array], which cannot be encoded (use numbers, strings, arrays, plain objects and Tensors)",
    );
    const plain = check("conv2d", { root: dir, print: false, lang: "zh" }).cases[0]!;
    expect(plain.message).toMatch(/^你的函数返回了一个带 shape 和 data 的普通对象，而不是 Tensor/);
  });
  it("a release's language: config.lang in its package.json, checked", () => {
    const dir = courseCopy();
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ config: { lang: "zh" } }));
    expect(course.releaseLanguage(dir)).toBe("zh");
    const stub = courseCopy();
    writeFileSync(path.join(stub, "package.json"), JSON.stringify({ config: { lang: "zh" } }));
    writeFileSync(
      path.join(stub, "exercises/conv2d.ts"),
      'export function conv2d(): never {\n  throw new Error("conv2d: not implemented yet");\n}\n',
    );
    // The course's language when the process has not chosen one; an explicit lang wins.
    expect(check("conv2d", { root: stub, print: false }).lines[0]).toMatch(
      /^check\("conv2d"\)：还没有实现/,
    );
    expect(check("conv2d", { root: stub, print: false, lang: "en" }).lines[0]).toMatch(
      /^check\("conv2d"\): not implemented yet/,
    );
    const bad = courseCopy();
    writeFileSync(path.join(bad, "package.json"), JSON.stringify({ config: { lang: "fr" } }));
    expect(() => course.releaseLanguage(bad)).toThrow(
      /config.lang must be one of en, zh, got "fr"/,
    );
    expect(() => check("conv2d", { root: bad, print: false, lang: "fr" as "en" })).toThrow(
      /lang must be one of "en", "zh"/,
    );
  });
});

describe("judge() in Chinese", () => {
  it("prints tolerances with at most 3 significant digits, without float noise", () => {
    const got = tensor([1, 2, 3, 5], [2, 2]);
    const expected = tensor([1, 2, 3, 4], [2, 2]);
    // Tolerances as the case files compute them: 3 * 1e-5, 1e-5 * sqrt(32).
    const cases: [number, number, string, string][] = [
      [1e-4, 3 * 1e-5, "rtol 1e-4, atol 3e-5", "rtol 1e-4，atol 3e-5"],
      [1e-4, 1e-5 * Math.sqrt(32), "rtol 1e-4, atol 5.66e-5", "rtol 1e-4，atol 5.66e-5"],
      [0.001, 0, "rtol 0.001, atol 0", "rtol 0.001，atol 0"],
      [0.05, 0.123456, "rtol 0.05, atol 0.123", "rtol 0.05，atol 0.123"],
    ];
    for (const [rtol, atol, en, zh] of cases) {
      const opts = { compare: "allclose" as const, rtol, atol };
      const e = course.judge(got, expected, opts, "en");
      const z = course.judge(got, expected, opts, "zh");
      expect(e.passed ? "" : e.message).toMatch(new RegExp(`\\(${en}\\)$`));
      expect(z.passed ? "" : z.message).toMatch(new RegExp(`（${zh}）$`));
    }
  });
  const o = { compare: "allclose" as const, rtol: 1e-4, atol: 1e-5 };
  it("says what differs, with the English numbers", () => {
    const got = tensor([1, 2, 3, 5], [2, 2]);
    const expected = tensor([1, 2, 3, 4], [2, 2]);
    const en = course.judge(got, expected, o, "en");
    const zh = course.judge(got, expected, o, "zh");
    expect(en).toEqual({
      passed: false,
      message:
        "1 of 4 values differ; first at [1,1]: expected 4, got 5; max abs error 1, max rel error 0.25 (rtol 1e-4, atol 1e-5)",
    });
    expect(zh).toEqual({
      passed: false,
      message:
        "4 个值中有 1 个不对；第一个在 [1,1]：应为 4，你的是 5；最大绝对误差 1，最大相对误差 0.25（rtol 1e-4，atol 1e-5）",
    });
    expect(course.judge(3, 4, o, "zh")).toEqual({ passed: false, message: "应为 4，你的是 3" });
    expect(course.judge([1, "a"], [1, 2], o, "zh")).toEqual({
      passed: false,
      message: '[1]: 应返回数 2，你返回的是 string 类型的值 "a"',
    });
    expect(
      course.judge(null, { column: got, row: got }, { ...o, compare: "separable" }, "zh"),
    ).toEqual({ passed: false, message: "这个卷积核的秩为 1，可以拆分；你返回的是 null" });
  });
});
