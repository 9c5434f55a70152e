// Every sentence the grader writes into a student's feedback, in each language (`sepconv grade
// --lang`), one entry per message; check()'s and the comparison's are in
// src/exercises/messages.ts. What a student's code threw, TypeScript's diagnostics and other
// engine or system texts stay as they are, inside these frames. Terms: notebooks/zh/glossary.md.
import { course } from "sepconv";
import { RUN } from "./child/messages";

export { RUN };
/** The message in `lang`: check()'s own function. */
export const say = course.say;

/** What every catalogue is; `satisfies` keeps each entry's own argument types. */
type Catalogue = Record<string, course.AnyMessage>;

/** Reading a submission's files (steps/load.ts). */
export const LOAD = {
  missing: course.FILES.missing,
  fileNotFolder: {
    en: (p: string) => `${p} is a file, not a folder`,
    zh: (p: string) => `${p} 是文件，不是文件夹`,
  },
  link: {
    en: (p: string) => `${p} is a symbolic link: submit regular files`,
    zh: (p: string) => `${p} 是符号链接：请提交普通文件`,
  },
  dir: {
    en: (p: string) => `${p} is a folder, not a file`,
    zh: (p: string) => `${p} 是文件夹，不是文件`,
  },
  fifo: {
    en: (p: string) => `${p} is a named pipe (FIFO): submit regular files`,
    zh: (p: string) => `${p} 是命名管道（FIFO）：请提交普通文件`,
  },
  device: {
    en: (p: string) => `${p} is a device: submit regular files`,
    zh: (p: string) => `${p} 是设备文件：请提交普通文件`,
  },
  socket: {
    en: (p: string) => `${p} is a socket: submit regular files`,
    zh: (p: string) => `${p} 是套接字：请提交普通文件`,
  },
  outside: {
    en: (p: string) => `${p} is outside the submission`,
    zh: (p: string) => `${p} 不在提交的文件夹里`,
  },
  totalTooLarge: {
    en: (p: string, mb: number) =>
      `${p} was not read: the submission's files exceed ${mb} MB in all (the limit for a submission)`,
    zh: (p: string, mb: number) => `没有读取 ${p}：提交的文件合计超过 ${mb} MB（一次提交的上限）`,
  },
  unreadable: {
    en: (p: string, why: string) => `${p} could not be read: ${why}`,
    zh: (p: string, why: string) => `${p} 无法读取：${why}`,
  },
  doesNotExist: {
    en: (p: string) => `${p} does not exist`,
    zh: (p: string) => `${p} 不存在`,
  },
  notZip: {
    en: (p: string) => `${p} is a file but not a zip archive`,
    zh: (p: string) => `${p} 是文件，但不是 zip 压缩包`,
  },
  neither: {
    en: (p: string) => `${p} is neither a folder nor a .zip file`,
    zh: (p: string) => `${p} 既不是文件夹也不是 .zip 文件`,
  },
  zipTooLarge: {
    en: (mb: number) => `it is larger than ${mb} MB`,
    zh: (mb: number) => `它超过了 ${mb} MB`,
  },
  zipUnreadable: {
    en: (p: string, why: string) => `${p} could not be read as a zip archive: ${why}`,
    zh: (p: string, why: string) => `${p} 无法作为 zip 压缩包读取：${why}`,
  },
  noExercises: {
    en: (files: string, p: string) => `no exercise files (${files}) found in ${p}`,
    zh: (files: string, p: string) => `在 ${p} 里没有找到任何练习文件（${files}）`,
  },
} as const satisfies Catalogue;

/** Type checking and loading (steps/compile.ts, compile/). */
export const COMPILE = {
  disallowedImport: {
    en: (detail: string) => `disallowed import: ${detail}`,
    zh: (detail: string) => `不允许的导入：${detail}`,
  },
  cannotLoad: {
    en: (detail: string) => `cannot load: ${detail}`,
    zh: (detail: string) => `无法加载：${detail}`,
  },
  noAnswer: {
    en: () => "the type checker did not answer for this exercise",
    zh: () => "类型检查器没有给出这道练习的结果",
  },
  notTypeChecked: {
    en: (detail: string) => `could not be type-checked: ${detail}`,
    zh: (detail: string) => `无法完成类型检查：${detail}`,
  },
  timeout: {
    en: (s: number) => `type check took longer than ${s} s`,
    zh: (s: number) => `类型检查超过了 ${s} 秒`,
  },
  unreadableAnswer: {
    en: () => "the type checker gave an unreadable answer",
    zh: () => "类型检查器的回答无法读取",
  },
  outOfMemory: {
    en: (mb: number) => `type check ran out of memory (more than ${mb} MB)`,
    zh: (mb: number) => `类型检查内存不足（超过 ${mb} MB）`,
  },
  crashed: { en: () => "the type checker crashed", zh: () => "类型检查器崩溃了" },
} as const satisfies Catalogue;

/** Comparing and scoring (steps/compare.ts, pipeline.ts). */
export const SCORE = {
  notImplemented: { en: () => "not implemented yet", zh: () => "还没有实现" },
  notImplementedIn: {
    en: (file: string, entry: string) =>
      `not implemented yet in your ${file}, which ${entry} calls: write that exercise first`,
    zh: (file: string, entry: string) =>
      `还没有实现：${entry} 调用了你的 ${file}，而它还没有实现，请先完成那道练习`,
  },
  threwIn: {
    en: (message: string, file: string, entry: string) =>
      `${message} (in your ${file}, which ${entry} calls)`,
    zh: (message: string, file: string, entry: string) =>
      `${message}（出错位置在你的 ${file}，${entry} 调用了它）`,
  },
  outputOverflow: {
    en: (kb: number) =>
      `your code printed more than ${kb} KB of console output (cut off); remove the logging`,
    zh: (kb: number) => `你的代码在控制台输出了超过 ${kb} KB 的内容（已截断）；请删掉这些打印`,
  },
  // After a separator, not in brackets: messages and hints hold brackets of their own.
  withHint: {
    en: (message: string, hint: string) => `${message}; hint: ${hint}`,
    zh: (message: string, hint: string) => `${message}；提示：${hint}`,
  },
  hiddenName: {
    en: (i: number) => `hidden case ${i}`,
    zh: (i: number) => `隐藏用例 ${i}`,
  },
  hiddenNotImplemented: {
    en: () => "hidden case: not implemented yet",
    zh: () => "隐藏用例：还没有实现",
  },
  hiddenFailed: { en: () => "hidden case failed", zh: () => "隐藏用例未通过" },
  hiddenError: {
    en: () => "hidden case: your code failed with an error",
    zh: () => "隐藏用例：你的代码出错了",
  },
  // The whole exercise failed before running (missing file, compile error): the public cases say why.
  hiddenNotRun: {
    en: () => "hidden case: not run (see the public cases for why)",
    zh: () => "隐藏用例：未运行（原因见上面的公开用例）",
  },
  hiddenTimeout: {
    en: () => "hidden case: time limit exceeded",
    zh: () => "隐藏用例：超时",
  },
  notGraded: { en: () => "not graded", zh: () => "没有评分" },
  dependency: {
    en: (id: string, file: string, failing: number, total: number, dep: string) =>
      `${id} uses your ${file}, which fails ${failing} of its own ${total} public cases: fix ${dep} first`,
    zh: (id: string, file: string, failing: number, total: number, dep: string) =>
      `${id} 用到了你的 ${file}，而它自己的 ${total} 个公开用例中有 ${failing} 个没通过：请先改好 ${dep}`,
  },
  // A sentence of its own after the message (and its hint, which it would seem part of in brackets).
  withNotes: {
    en: (message: string, notes: readonly string[]) =>
      `${message.replace(/[.。]$/, "")}. Note: ${notes.join("; ")}`,
    zh: (message: string, notes: readonly string[]) =>
      `${message.replace(/[.。]$/, "")}。注意：${notes.join("；")}`,
  },
  graderFailed: {
    en: (why: string) => `the grader failed while grading this submission: ${why}`,
    zh: (why: string) => `评分程序在给这份提交评分时出错：${why}`,
  },
} as const satisfies Catalogue;

/** The reports a student reads (formats/feedback.ts, formats/gradescope.ts). */
export const REPORT = {
  // Words, not emoji (see formats/feedback.ts); bold marks the cases to look at.
  markPassed: { en: () => "pass", zh: () => "通过" },
  markFailed: { en: () => "**FAIL**", zh: () => "**未通过**" },
  markError: { en: () => "**error**", zh: () => "**出错**" },
  markTimeout: { en: () => "**timeout**", zh: () => "**超时**" },
  // A Gradescope test's output: its status, then its message.
  statusFailed: { en: (m: string) => `failed: ${m}`, zh: (m: string) => `未通过：${m}` },
  statusError: { en: (m: string) => `error: ${m}`, zh: (m: string) => `出错：${m}` },
  statusTimeout: { en: (m: string) => `timeout: ${m}`, zh: (m: string) => `超时：${m}` },
  passed: { en: () => "passed", zh: () => "通过" },
  caseHeader: {
    en: () => "| result | case | points | feedback |",
    zh: () => "| 结果 | 用例 | 得分 | 反馈 |",
  },
  exerciseHeader: { en: () => "| exercise | score |", zh: () => "| 练习 | 得分 |" },
  exercise: {
    en: (title: string, id: string) => `${title} (\`${id}\`)`,
    zh: (title: string, id: string) => `${title}（\`${id}\`）`,
  },
  exerciseScore: {
    en: (exercise: string, score: number, max: number) => `### ${exercise}: ${score} / ${max}`,
    zh: (exercise: string, score: number, max: number) => `### ${exercise}：${score} / ${max}`,
  },
  feedbackTitle: {
    en: (name: string) => `Feedback: ${name}`,
    zh: (name: string) => `反馈：${name}`,
  },
  indexTitle: { en: () => "Feedback", zh: () => "反馈" },
  total: {
    en: (score: number, max: number) => `Total: ${score} / ${max}`,
    zh: (score: number, max: number) => `总分：${score} / ${max}`,
  },
  publicOnly: {
    en: (score: number, max: number, when: string) =>
      `Public cases: ${score} / ${max}. The hidden cases and the total are shown ${when}.`,
    zh: (score: number, max: number, when: string) =>
      `公开用例：${score} / ${max}。隐藏用例和总分将在${when}显示。`,
  },
  afterDueDate: { en: () => "after the due date", zh: () => "截止日期之后" },
  afterPublished: { en: () => "when grades are published", zh: () => "成绩公布时" },
  htmlLang: { en: () => "en", zh: () => "zh-CN" },
} as const satisfies Catalogue;

/** All of them, for the test that every message has both languages. */
export const GRADER_CATALOGUES = { LOAD, COMPILE, RUN, SCORE, REPORT } as const;
