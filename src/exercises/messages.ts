// Every sentence check() and the comparison of results write for a student, in each language
// (src/i18n.ts picks one). One entry per message; the grader's own messages, built on these,
// are in grader/grade/messages.ts. Engine errors (ShapeError...) and a student's thrown
// messages stay as they are, inside these frames. Chinese terms: notebooks/zh/glossary.md.
import { type Language, language } from "../i18n";

/** One message in every language: a function of the same arguments for each. */
export type Message<A extends readonly unknown[]> = {
  readonly [L in Language]: (...args: A) => string;
};

/** Any message, whatever its arguments: what the catalogues are checked against. */
export type AnyMessage = { readonly [L in Language]: (...args: never) => string };

/** The message in the current language (or `lang`). */
export function say<A extends readonly unknown[]>(
  m: Message<A>,
  lang: Language = language(),
  ...args: A
): string {
  return m[lang](...args);
}

/** A space before Latin text that follows Chinese ("返回的是 null"), none before Chinese. */
function spaced(s: string): string {
  return /^[\x20-\x7e]/.test(s) ? ` ${s}` : s;
}

/** "argument 2" / "arguments 1 and 3" (1-based numbers). */
function argumentList(numbers: readonly number[], lang: Language): string {
  const n = numbers.map(String);
  if (lang === "zh") return `第 ${n.join("、")} 个参数`;
  return n.length === 1
    ? `argument ${n[0]}`
    : `arguments ${n.slice(0, -1).join(", ")} and ${n[n.length - 1]}`;
}

/**
 * A tolerance or an error with at most 3 significant digits, below 0.001 as a power of ten (1e-4,
 * 3e-5, 5.66e-5): computed values print float noise otherwise (0.000030000000000000004).
 */
function tolerance(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const [mantissa, exponent] = x.toExponential(2).split("e");
  const e = Number(exponent);
  return e < -3 ? `${Number(mantissa)}e${e}` : String(Number(x.toPrecision(3)));
}

/** How a value looks, for "expected ..., got ...". */
export const DESCRIBE = {
  tensor: {
    en: (shape: string) => `a Tensor ${shape}`,
    zh: (shape: string) => `形状为 ${shape} 的 Tensor`,
  },
  null: { en: () => "null", zh: () => "null" },
  array: { en: (n: number) => `an array of ${n}`, zh: (n: number) => `长度为 ${n} 的数组` },
  object: {
    en: (keys: string) => `an object with keys ${keys || "(none)"}`,
    zh: (keys: string) => `对象（键：${keys || "无"}）`,
  },
  number: { en: (v: number) => `the number ${v}`, zh: (v: number) => `数 ${v}` },
  other: {
    en: (type: string, json: string) => `${type} ${json}`,
    zh: (type: string, json: string) => `${type} 类型的值 ${json}`,
  },
} as const satisfies Record<string, AnyMessage>;

/** judge(): what differs between a result and the reference. */
export const JUDGE = {
  notRank1: {
    en: (got: string) => `this kernel is not rank 1, so the answer is null; got ${got}`,
    zh: (got: string) => `这个卷积核的秩不是 1，答案应为 null；你返回的是${spaced(got)}`,
  },
  rank1: {
    en: () => "this kernel is rank 1 and splits; got null",
    zh: () => "这个卷积核的秩为 1，可以拆分；你返回的是 null",
  },
  notColumnRow: {
    en: (got: string) => `expected { column, row } of Tensors, got ${got}`,
    zh: (got: string) => `应返回由两个 Tensor 组成的 { column, row }，你返回的是${spaced(got)}`,
  },
  columnShape: {
    en: (kh: number, got: string) => `column must be [${kh},1], got ${got}`,
    zh: (kh: number, got: string) => `column 的形状应为 [${kh},1]，你的是 ${got}`,
  },
  rowShape: {
    en: (kw: number, got: string) => `row must be [1,${kw}], got ${got}`,
    zh: (kw: number, got: string) => `row 的形状应为 [1,${kw}]，你的是 ${got}`,
  },
  notReproduced: {
    en: (detail: string) => `column x row does not reproduce the kernel: ${detail}`,
    zh: (detail: string) => `column x row 不等于原卷积核：${detail}`,
  },
  expectedTensor: {
    en: (shape: string, got: string) => `expected a Tensor ${shape}, got ${got}`,
    zh: (shape: string, got: string) => `应返回形状为 ${shape} 的 Tensor，你返回的是${spaced(got)}`,
  },
  wrongShape: {
    en: (got: string, expected: string) => `wrong shape: shape ${got} != expected ${expected}`,
    zh: (got: string, expected: string) => `形状不对：你的形状是 ${got}，应为 ${expected}`,
  },
  values: {
    en: (d: ValueDiff) =>
      `${d.mismatches} of ${d.size} values differ; first at [${d.index}]: ` +
      `expected ${d.expected}, got ${d.got}; max abs error ${tolerance(d.maxAbs)}, max rel error ${tolerance(d.maxRel)}` +
      ` (rtol ${tolerance(d.rtol)}, atol ${tolerance(d.atol)})`,
    zh: (d: ValueDiff) =>
      `${d.size} 个值中有 ${d.mismatches} 个不对；第一个在 [${d.index}]：` +
      `应为 ${d.expected}，你的是 ${d.got}；最大绝对误差 ${tolerance(d.maxAbs)}，最大相对误差 ${tolerance(d.maxRel)}` +
      `（rtol ${tolerance(d.rtol)}，atol ${tolerance(d.atol)}）`,
  },
  expectedNumber: {
    en: (expected: number, got: string) => `expected the number ${expected}, got ${got}`,
    zh: (expected: number, got: string) => `应返回数 ${expected}，你返回的是${spaced(got)}`,
  },
  numberDiffers: {
    en: (expected: number, got: number) => `expected ${expected}, got ${got}`,
    zh: (expected: number, got: number) => `应为 ${expected}，你的是 ${got}`,
  },
  expected: {
    en: (expected: string, got: string) => `expected ${expected}, got ${got}`,
    zh: (expected: string, got: string) => `应为${spaced(expected)}，你返回的是${spaced(got)}`,
  },
} as const satisfies Record<string, AnyMessage>;

/** The numbers of a values mismatch (compareTensors' "values" result and the tolerances). */
export interface ValueDiff {
  mismatches: number;
  size: number;
  index: string;
  expected: number;
  got: number;
  maxAbs: number;
  maxRel: number;
  rtol: number;
  atol: number;
}

/** Encoding a value for the grader (encoding.ts): what cannot cross, and where it is. */
export const ENCODE = {
  notEncodable: {
    en: (path: string, kind: string) =>
      `${path} is a ${kind}, which cannot be encoded (use numbers, strings, arrays, plain objects and Tensors)`,
    zh: (path: string, kind: string) =>
      `${path} 是 ${kind}，无法编码（只能用数、字符串、数组、普通对象和 Tensor）`,
  },
  result: { en: () => "the result", zh: () => "返回值" },
} as const satisfies Record<string, AnyMessage>;

/** One case's call: what a result that cannot be judged, or a thrown error, becomes. */
export const CALL = {
  plainTensor: {
    en: () =>
      'your function returned a plain object with shape and data, not a Tensor: return new Tensor(data, shape) (import { Tensor } from "sepconv")',
    zh: () =>
      '你的函数返回了一个带 shape 和 data 的普通对象，而不是 Tensor：请返回 new Tensor(data, shape)（import { Tensor } from "sepconv"）',
  },
  notPlainData: {
    en: (why: string) => `the result is not plain data: ${why}`,
    zh: (why: string) => `返回值不是普通数据：${why}`,
  },
  notValidData: {
    en: (why: string) => `the result is not valid data: ${why}`,
    zh: (why: string) => `返回值不是有效数据：${why}`,
  },
  threw: {
    en: (error: string) => `your code threw ${error}`,
    zh: (error: string) => `你的代码抛出了错误 ${error}`,
  },
  modifiedInput: {
    en: (args: readonly number[]) =>
      `your function modified its input (${argumentList(args, "en")}): inputs must not be changed, work on a copy`,
    zh: (args: readonly number[]) =>
      `你的函数修改了输入（${argumentList(args, "zh")}）：不能改动输入，请在副本上计算`,
  },
  alsoModified: {
    en: (message: string, note: string) => `${message}; also, ${note}`,
    zh: (message: string, note: string) => `${message}；另外，${note}`,
  },
} as const satisfies Record<string, AnyMessage>;

/** The import policy (imports.ts): what an exercise file may not import. */
export const IMPORTS = {
  outside: {
    en: (spec: string) =>
      `disallowed import "${spec}": only files inside the submission can be imported`,
    zh: (spec: string) => `不允许的导入 "${spec}"：只能导入提交里的文件`,
  },
  module: {
    en: (spec: string, modules: string) =>
      `disallowed import "${spec}": exercise files may import only ${modules} and files of the submission`,
    zh: (spec: string, modules: string) =>
      `不允许的导入 "${spec}"：练习文件只能导入 ${modules} 和提交里的文件`,
  },
  wholeModule: {
    en: (spec: string, names: string) =>
      `disallowed import from "${spec}": import the allowed names one by one (${names})`,
    zh: (spec: string, names: string) =>
      `不允许从 "${spec}" 整体导入：请逐个导入允许的名字（${names}）`,
  },
  name: {
    en: (name: string, spec: string, names: string) =>
      `disallowed import { ${name} } from "${spec}": this exercise asks you to implement it yourself (allowed: ${names})`,
    zh: (name: string, spec: string, names: string) =>
      `不允许的导入 { ${name} } from "${spec}"：这道练习要你自己实现它（允许导入：${names}）`,
  },
  importEquals: {
    en: () => `disallowed "import = require(...)": use import { ... } from "sepconv"`,
    zh: () => `不允许使用 "import = require(...)"：请用 import { ... } from "sepconv"`,
  },
  dynamicImport: {
    en: () => "disallowed dynamic import()",
    zh: () => "不允许使用动态 import()",
  },
  require: {
    en: () => 'disallowed require(): use import { ... } from "sepconv"',
    zh: () => '不允许使用 require()：请用 import { ... } from "sepconv"',
  },
  tripleSlash: {
    en: () =>
      "disallowed /// <reference ...> directive: exercise files use the course's types only",
    zh: () => "不允许使用 /// <reference ...> 指令：练习文件只能使用课程提供的类型",
  },
  augmentation: {
    en: () =>
      'disallowed "declare global" / "declare module": an exercise file may not change the types other files see',
    zh: () => '不允许使用 "declare global" 或 "declare module"：练习文件不能改变其他文件看到的类型',
  },
} as const satisfies Record<string, AnyMessage>;

/** Loading an exercise's files (loader.ts, evaluate.ts). */
export const FILES = {
  missing: {
    en: (p: string) => `${p} is missing from the submission`,
    zh: (p: string) => `提交里缺少 ${p}`,
  },
  unknownExercise: {
    en: (id: string, ids: string) => `unknown exercise "${id}"; the exercises are ${ids}`,
    zh: (id: string, ids: string) => `没有名为 "${id}" 的练习；练习有 ${ids}`,
  },
  noCourse: {
    en: (from: string) => `no exercises/manifest.json found in ${from} or any folder above it`,
    zh: (from: string) => `在 ${from} 及其上级文件夹里都没有找到 exercises/manifest.json`,
  },
  tooLarge: {
    en: (p: string, kb: number) => `${p} is larger than ${kb} KB (the limit for one file)`,
    zh: (p: string, kb: number) => `${p} 超过 ${kb} KB（单个文件的上限）`,
  },
  notUtf8: {
    en: (p: string) => `${p} is not UTF-8 text`,
    zh: (p: string) => `${p} 不是 UTF-8 文本`,
  },
  notPart: {
    en: (p: string) => `${p} is not part of the submission`,
    zh: (p: string) => `${p} 不在提交的文件里`,
  },
  notExported: {
    en: (id: string) => `exercises/${id}.ts does not export a function named ${id}`,
    zh: (id: string) => `exercises/${id}.ts 没有导出名为 ${id} 的函数`,
  },
} as const satisfies Record<string, AnyMessage>;

/** The type check of a submission's files (type-check.ts): check() and the grader. */
export const TYPES = {
  doesNotCompile: {
    en: (diagnostics: string) => `does not compile:\n${diagnostics}`,
    zh: (diagnostics: string) => `编译不通过：\n${diagnostics}`,
  },
  moreDiagnostics: {
    en: (n: number) => `(${n} more)`,
    zh: (n: number) => `（另有 ${n} 条）`,
  },
} as const satisfies Record<string, AnyMessage>;

/** check()'s lines. */
export const CHECK = {
  disallowedImport: { en: () => "disallowed import", zh: () => "不允许的导入" },
  cannotCheck: { en: () => "cannot check", zh: () => "无法检查" },
  failedToLoad: { en: () => "your file failed to load", zh: () => "你的文件加载失败" },
  problem: {
    en: (id: string, kind: string) => `check("${id}"): ${kind}:`,
    zh: (id: string, kind: string) => `check("${id}")：${kind}：`,
  },
  doesNotTypeCheck: {
    en: (id: string, max: number) =>
      `check("${id}"): your code does not type-check, and the grader runs only code that does (0/${max} points):`,
    zh: (id: string, max: number) =>
      `check("${id}")：你的代码没有通过类型检查，而评分只运行通过类型检查的代码（0/${max} 分）：`,
  },
  mustExport: {
    en: (id: string) => `check("${id}"): exercises/${id}.ts must export a function named ${id}`,
    zh: (id: string) => `check("${id}")：exercises/${id}.ts 必须导出名为 ${id} 的函数`,
  },
  dependencyMissing: {
    en: (id: string, dep: string, file: string, notebook: string, max: number) =>
      `check("${id}"): your ${id} calls ${dep} (exercises/${file}, notebook ${notebook}), ` +
      `which is not implemented yet: write that exercise first, then check this one again (0/${max} points)`,
    zh: (id: string, dep: string, file: string, notebook: string, max: number) =>
      `check("${id}")：你的 ${id} 调用了 ${dep}（exercises/${file}，第 ${Number.parseInt(notebook, 10)} 本笔记本 ${notebook}），` +
      `而它还没有实现：请先完成那道练习，再检查这一道（0/${max} 分）`,
  },
  notImplemented: {
    en: (id: string, max: number) =>
      `check("${id}"): not implemented yet — write your code in exercises/${id}.ts (0/${max} points)`,
    zh: (id: string, max: number) =>
      `check("${id}")：还没有实现——请在 exercises/${id}.ts 里写你的代码（0/${max} 分）`,
  },
  summary: {
    en: (id: string, passed: number, total: number, points: number, max: number) =>
      `check("${id}"): ${passed}/${total} public cases passed, ${points}/${max} points`,
    zh: (id: string, passed: number, total: number, points: number, max: number) =>
      `check("${id}")：公开用例通过 ${passed}/${total}，得分 ${points}/${max}`,
  },
  passed: { en: (name: string) => `  ✓ ${name}`, zh: (name: string) => `  ✓ ${name}` },
  failed: {
    en: (name: string, message: string) => `  ✗ ${name}: ${message}`,
    zh: (name: string, message: string) => `  ✗ ${name}：${message}`,
  },
  checks: {
    en: (what: string) => `      checks: ${what}`,
    zh: (what: string) => `      检查：${what}`,
  },
  hint: {
    en: (hint: string) => `      hint: ${hint}`,
    zh: (hint: string) => `      提示：${hint}`,
  },
} as const satisfies Record<string, AnyMessage>;

/** A case's text in one language: the English of its spec, or its `zh` translation. */
/** A case's name as a student reads it: its Chinese name in zh where it has one. */
export function caseName(
  c: { name: string; zh?: { name?: string | undefined } | undefined },
  lang: Language = language(),
): string {
  return (lang === "zh" && c.zh?.name) || c.name;
}

export function caseText(
  c: {
    message: string;
    hint: string;
    zh?: { message: string; hint: string } | undefined;
  },
  lang: Language = language(),
): { message: string; hint: string } {
  return lang === "zh" && c.zh
    ? { message: c.zh.message, hint: c.zh.hint }
    : { message: c.message, hint: c.hint };
}
