// The grader's type-check processes (server.ts): at most `size` at once, reused from one
// submission to the next, each with a heap cap; one that takes longer than the time limit is
// killed and replaced at once, so a pathological file costs its own type check and nothing else.
// The limit runs from the moment a process is ready (TypeScript and the declarations loaded), so
// the replacement's start-up, slow on a busy machine, is never charged to the next submission.
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { course } from "sepconv";
import { CompileReady, CompileReply, type CompileRequest } from "./protocol";
import { COMPILE, say } from "../messages";

export interface CompileLimits {
  timeoutMs: number;
  memoryMb: number;
}

export const DEFAULT_COMPILE_LIMITS: CompileLimits = { timeoutMs: 20_000, memoryMb: 1536 };

const SERVER = path.join(__dirname, "server.js");
/** A process that has not loaded TypeScript by then is broken, not slow. */
const START_LIMIT_MS = 120_000;

export type CompileRun = { ok: true; reply: CompileReply } | { ok: false; why: string };

export class CompilePool {
  private readonly idle: ChildProcess[] = [];
  /** Resolves true once the process has loaded TypeScript, false if it died or never did. */
  private readonly ready = new WeakMap<ChildProcess, Promise<boolean>>();
  private readonly slots: course.Limiter;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly packageRoot: string,
    readonly limits: CompileLimits = DEFAULT_COMPILE_LIMITS,
  ) {
    this.slots = new course.Limiter(size);
  }

  private spawn(): ChildProcess {
    const child = fork(SERVER, [this.packageRoot], {
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    child.on("error", () => {}); // reported through "exit" to whoever is waiting
    this.ready.set(
      child,
      new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          child.off("message", onMessage);
          child.off("exit", onExit);
          if (!ok) child.kill("SIGKILL");
          resolve(ok);
        };
        const timer = setTimeout(() => done(false), START_LIMIT_MS);
        const onMessage = (m: unknown) => done(CompileReady.safeParse(m).success);
        const onExit = () => done(false);
        child.on("message", onMessage);
        child.on("exit", onExit);
      }),
    );
    return child;
  }

  /** An idle process that is still alive, or a new one. */
  private take(): ChildProcess {
    let child = this.idle.pop();
    while (child && (child.exitCode !== null || child.signalCode !== null)) child = this.idle.pop();
    return child ?? this.spawn();
  }

  /** Back to the idle list; one to be dropped (timed out, crashed) is replaced straight away. */
  private giveBack(child: ChildProcess, keep: boolean): void {
    if (keep && !this.closed) return void this.idle.push(child);
    child.kill("SIGKILL");
    if (!this.closed) this.idle.push(this.spawn());
  }

  /** Starts every process now, so they load TypeScript while the grader loads the course. */
  warm(): void {
    while (this.idle.length < this.size) this.idle.push(this.spawn());
  }

  /** Type-checks and transpiles one request in a pooled process, within the limits. */
  run(req: CompileRequest): Promise<CompileRun> {
    return this.slots.run(() => this.runIn(this.take(), req));
  }

  private async runIn(child: ChildProcess, req: CompileRequest): Promise<CompileRun> {
    const lang = req.lang ?? "en";
    if (!(await this.ready.get(child))) {
      this.giveBack(child, false);
      return { ok: false, why: say(COMPILE.crashed, lang) };
    }
    let stderr = "";
    const onErr = (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString();
    };
    child.stderr?.on("data", onErr);
    const result = await new Promise<CompileRun & { keep: boolean }>((resolve) => {
      const done = (r: CompileRun & { keep: boolean }) => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        child.stderr?.off("data", onErr);
        resolve(r);
      };
      const seconds = Math.round(this.limits.timeoutMs / 1000);
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        done({ ok: false, why: say(COMPILE.timeout, lang, seconds), keep: false });
      }, this.limits.timeoutMs);
      const onMessage = (raw: unknown) => {
        const parsed = CompileReply.safeParse(raw);
        done(
          parsed.success
            ? { ok: true, reply: parsed.data, keep: true }
            : { ok: false, why: say(COMPILE.unreadableAnswer, lang), keep: false },
        );
      };
      const onExit = () => {
        const heap = /heap limit|heap out of memory|Allocation failed/i.test(stderr);
        done({
          ok: false,
          why: heap
            ? say(COMPILE.outOfMemory, lang, this.limits.memoryMb)
            : say(COMPILE.crashed, lang),
          keep: false,
        });
      };
      child.on("message", onMessage);
      child.on("exit", onExit);
      child.send(req);
    });
    this.giveBack(child, result.keep);
    return result.ok ? { ok: true, reply: result.reply } : { ok: false, why: result.why };
  }

  close(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.kill("SIGKILL");
  }
}
