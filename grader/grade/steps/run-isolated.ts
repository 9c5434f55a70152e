// Step 4, run isolated: one fresh child process per exercise of a submission (and a new one
// after a case that had to be killed), under Node's permission model, with a kill timer per
// case and per exercise, a resident-memory watchdog (typed arrays live outside the V8 heap,
// so --max-old-space-size alone would not see them) and a clean environment. Expected outputs
// never leave this process.
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { RawOutcome } from "../types";

export interface Limits {
  caseTimeoutMs: number;
  exerciseTimeoutMs: number;
  memoryMb: number;
  outputBytes: number;
}

export const DEFAULT_LIMITS: Limits = { caseTimeoutMs: 10_000, exerciseTimeoutMs: 60_000, memoryMb: 512, outputBytes: 64 * 1024 };

const Outcome = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("value"), value: z.unknown(), output: z.string(), outputOverflow: z.boolean() }).strict(),
  z.object({ kind: z.literal("threw"), message: z.string(), notImplemented: z.boolean(), output: z.string(), outputOverflow: z.boolean() }).strict(),
  z.object({ kind: z.literal("crash"), message: z.string() }).strict(),
]);
const Message = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start"), index: z.number().int().min(0) }).strict(),
  z.object({ type: z.literal("result"), index: z.number().int().min(0), outcome: Outcome }).strict(),
  z.object({ type: z.literal("done") }).strict(),
]);

function permissionFlag(): string {
  // --permission on Node 22.13+/23+, --experimental-permission on Node 20.
  return process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
}

function rssBytes(pid: number): number {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
    return pages * 4096;
  } catch {
    return 0;
  }
}

export interface RunRequest {
  files: Record<string, string>;
  entry: string;
  exportName: string;
  allowed: string[];
  /** Encoded arguments of each case, in order. */
  args: unknown[][];
}

/** dist/ of the package: the child reads the engine and its runner from there, nothing else. */
function readablePaths(): string[] {
  return [path.resolve(__dirname, "../../..")];
}

const RUNNER = path.join(__dirname, "../child/runner.js");

/** The child's Node flags: permissions (read dist/ only), heap cap, no eval. */
export function childExecArgv(limits: Limits): string[] {
  return [
    permissionFlag(),
    ...readablePaths().map((p) => `--allow-fs-read=${p}${path.sep}`),
    `--max-old-space-size=${limits.memoryMb}`,
    "--disallow-code-generation-from-strings",
    "--no-warnings",
  ];
}

/** Runs cases [first..] in one child; resolves when it exits, reporting where it stopped. */
function runChild(req: RunRequest, first: number, limits: Limits, outcomes: (RawOutcome | undefined)[], deadline: number): Promise<{ next: number; stop: boolean }> {
  return new Promise((resolve) => {
    const child: ChildProcess = fork(RUNNER, [], {
      execArgv: childExecArgv(limits),
      env: {},
      cwd: path.parse(process.cwd()).root,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    let current = -1;
    let next = first;
    let killedFor: RawOutcome | null = null;
    let stderr = "";
    let caseTimer: NodeJS.Timeout | undefined;
    child.stderr?.on("data", (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString();
    });
    const kill = (why: RawOutcome) => {
      if (killedFor) return;
      killedFor = why;
      child.kill("SIGKILL");
    };
    const exerciseTimer = setTimeout(
      () => kill({ kind: "timeout", message: `the exercise ran out of time (${Math.round(limits.exerciseTimeoutMs / 1000)} s for all its cases)` }),
      Math.max(0, deadline - Date.now()),
    );
    const watchdog = setInterval(() => {
      const rss = child.pid ? rssBytes(child.pid) : 0;
      if (rss > limits.memoryMb * 1024 * 1024) kill({ kind: "crash", message: `memory limit exceeded (more than ${limits.memoryMb} MB)` });
    }, 20);
    child.on("message", (raw) => {
      const parsed = Message.safeParse(raw);
      if (!parsed.success) return kill({ kind: "crash", message: "the grading process sent a malformed message" });
      const msg = parsed.data;
      if (msg.type === "done") {
        child.kill("SIGKILL");
        return;
      }
      if (msg.type === "start") {
        current = msg.index;
        clearTimeout(caseTimer);
        caseTimer = setTimeout(() => kill({ kind: "timeout", message: `time limit exceeded (${limits.caseTimeoutMs} ms for this case)` }), limits.caseTimeoutMs);
      } else {
        clearTimeout(caseTimer);
        if (msg.index >= first && msg.index < outcomes.length && outcomes[msg.index] === undefined) outcomes[msg.index] = msg.outcome as RawOutcome;
        next = Math.max(next, msg.index + 1);
        current = -1;
      }
    });
    // "close", not "exit": it comes after the last IPC message has been delivered.
    child.on("close", (code, signal) => {
      clearTimeout(caseTimer);
      clearTimeout(exerciseTimer);
      clearInterval(watchdog);
      if (next >= outcomes.length) return resolve({ next, stop: true });
      // Messages must not depend on timing or addresses: grading is deterministic.
      const heap = /heap limit|heap out of memory|Allocation failed/i.test(stderr);
      const why: RawOutcome =
        killedFor ??
        {
          kind: "crash",
          message: heap
            ? `memory limit exceeded (the JavaScript heap is capped at ${limits.memoryMb} MB)`
            : signal !== null
              ? `the process was killed by ${signal}`
              : `the process exited with code ${code} (process.exit() or an uncaught error)`,
        };
      const exerciseOver = killedFor !== null && (killedFor as RawOutcome).kind === "timeout" && (killedFor as { message: string }).message.startsWith("the exercise");
      if (current >= 0) {
        outcomes[current] = why;
        resolve({ next: current + 1, stop: exerciseOver });
      } else {
        // Died outside a case (while loading): every remaining case gets the reason.
        for (let i = next; i < outcomes.length; i++) outcomes[i] = why;
        resolve({ next: outcomes.length, stop: true });
      }
    });
    child.send({ type: "init", files: req.files, entry: req.entry, exportName: req.exportName, allowed: req.allowed, cases: req.args.slice(first), firstCase: first, outputCap: limits.outputBytes });
  });
}

/** Every case's raw outcome, in order. */
export async function runIsolated(req: RunRequest, limits: Limits = DEFAULT_LIMITS): Promise<RawOutcome[]> {
  const outcomes: (RawOutcome | undefined)[] = new Array(req.args.length).fill(undefined);
  const deadline = Date.now() + limits.exerciseTimeoutMs;
  let next = 0;
  while (next < req.args.length) {
    const r = await runChild(req, next, limits, outcomes, deadline);
    next = r.next;
    if (r.stop || Date.now() >= deadline) break;
  }
  return outcomes.map((o) => o ?? { kind: "timeout", message: `not run: the exercise ran out of time (${Math.round(limits.exerciseTimeoutMs / 1000)} s for all its cases)` });
}
