// The grader's type-check processes (server.ts): at most `size` at once, reused from one
// submission to the next, each with a heap cap; one that takes longer than the time limit is
// killed and replaced, so a pathological file costs its own type check and nothing else.
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { course } from "sepconv";
import { CompileReply, type CompileRequest } from "./protocol";
import { COMPILE, say } from "../messages";

export interface CompileLimits {
  timeoutMs: number;
  memoryMb: number;
}

export const DEFAULT_COMPILE_LIMITS: CompileLimits = { timeoutMs: 20_000, memoryMb: 1536 };

const SERVER = path.join(__dirname, "server.js");

export type CompileRun = { ok: true; reply: CompileReply } | { ok: false; why: string };

export class CompilePool {
  private readonly idle: ChildProcess[] = [];
  private readonly slots: course.Limiter;
  private closed = false;

  constructor(
    private readonly size: number,
    readonly limits: CompileLimits = DEFAULT_COMPILE_LIMITS,
  ) {
    this.slots = new course.Limiter(size);
  }

  private spawn(): ChildProcess {
    const child = fork(SERVER, [], {
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    child.on("error", () => {}); // reported through "exit" to whoever is waiting
    return child;
  }

  /** An idle process that is still alive, or a new one. */
  private take(): ChildProcess {
    let child = this.idle.pop();
    while (child && !child.connected) child = this.idle.pop();
    return child ?? this.spawn();
  }

  /** Back to the idle list, unless it is to be dropped (timed out, crashed) or the pool is closed. */
  private giveBack(child: ChildProcess, keep: boolean): void {
    if (keep && !this.closed) this.idle.push(child);
    else child.kill("SIGKILL");
  }

  /**
   * Starts every process and has it load TypeScript and the library declarations (about 2 s of
   * CPU each) while the grader loads the course, instead of on the first submissions.
   */
  warm(packageRoot: string): void {
    for (let i = 0; i < this.size; i++) void this.run({ packageRoot, sources: {}, closures: {} });
  }

  /** Type-checks and transpiles one request in a pooled process, within the limits. */
  run(req: CompileRequest): Promise<CompileRun> {
    return this.slots.run(() => this.runIn(this.take(), req));
  }

  private async runIn(child: ChildProcess, req: CompileRequest): Promise<CompileRun> {
    let stderr = "";
    const lang = req.lang ?? "en";
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
