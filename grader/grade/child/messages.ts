// What the isolated child writes into a student's feedback (runner.ts), and the grader's own
// messages about running an exercise (steps/run-isolated.ts). A file of its own with no runtime imports:
// the child loads it at start-up, before student code, and must not load the whole package.
import type { course } from "sepconv";

/** Running one exercise in its child process (steps/run-isolated.ts, child/runner.ts). */
export const RUN = {
  exerciseOutOfTime: {
    en: (s: number) => `the exercise ran out of time (${s} s for all its cases)`,
    zh: (s: number) => `这道练习超时了（所有用例共 ${s} 秒）`,
  },
  notRun: {
    en: (s: number) => `not run: the exercise ran out of time (${s} s for all its cases)`,
    zh: (s: number) => `没有运行：这道练习超时了（所有用例共 ${s} 秒）`,
  },
  memory: {
    en: (mb: number) => `memory limit exceeded (more than ${mb} MB)`,
    zh: (mb: number) => `超出内存上限（超过 ${mb} MB）`,
  },
  heap: {
    en: (mb: number) => `memory limit exceeded (the JavaScript heap is capped at ${mb} MB)`,
    zh: (mb: number) => `超出内存上限（JavaScript 堆的上限是 ${mb} MB）`,
  },
  caseTimeout: {
    en: (ms: number) => `time limit exceeded (${ms} ms for this case)`,
    zh: (ms: number) => `超时（这个用例限时 ${ms} 毫秒）`,
  },
  loadTimeout: {
    en: (ms: number) => `loading your file took longer than ${ms} ms`,
    zh: (ms: number) => `加载你的文件超过了 ${ms} 毫秒`,
  },
  brokenProtocol: {
    en: (why: string) => `the exercise's process ${why}, which breaks the grading protocol`,
    zh: (why: string) => `运行这道练习的进程违反了评分协议（${why}）`,
  },
  // What a child did that breaks the protocol (the `why` of brokenProtocol).
  notJson: { en: () => "sent a message that is not JSON", zh: () => "发来的消息不是 JSON" },
  tooLarge: {
    en: (mb: number) => `sent a result larger than ${mb} MB`,
    zh: (mb: number) => `发来的结果超过 ${mb} MB`,
  },
  malformed: { en: () => "sent a malformed message", zh: () => "发来的消息格式不对" },
  unexpected: {
    en: (type: string, state: string, index: number) =>
      `sent "${type}" when the grader expected ${state === "starting" ? "it to start" : state === "loading" ? "the load report" : `the result of case ${index}`}`,
    zh: (type: string, state: string, index: number) =>
      `在评分程序等待${state === "starting" ? "它启动" : state === "loading" ? "加载结果" : `第 ${index} 个用例的结果`}时发来了 "${type}"`,
  },
  cannotStart: {
    en: (why: string) => `the grader could not start the exercise's process: ${why}`,
    zh: (why: string) => `评分程序无法启动运行这道练习的进程：${why}`,
  },
  killed: {
    en: (signal: string) => `the process was killed by ${signal}`,
    zh: (signal: string) => `进程被信号 ${signal} 终止`,
  },
  exited: {
    en: (code: string) =>
      `the process exited with code ${code} (process.exit() or an uncaught error)`,
    zh: (code: string) => `进程以退出码 ${code} 结束（调用了 process.exit() 或有未捕获的错误）`,
  },
  didNotStart: {
    en: () => "the exercise's process did not start (the grading machine may be overloaded)",
    zh: () => "运行这道练习的进程没有启动（评分机器可能负载过高）",
  },
  loadFailed: {
    en: (error: string, where: string | null) =>
      `loading your file failed: ${error}${where ? ` (in ${where})` : ""}`,
    zh: (error: string, where: string | null) =>
      `加载你的文件失败：${error}${where ? `（在 ${where} 中）` : ""}`,
  },
  notExported: {
    en: (file: string, name: string) => `${file} does not export a function named ${name}`,
    zh: (file: string, name: string) => `${file} 没有导出名为 ${name} 的函数`,
  },
} as const satisfies Record<string, course.AnyMessage>;
