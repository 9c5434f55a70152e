// Step 4, run isolated: one fresh child process per exercise of a submission (and a new one
// after a case that had to be killed), under Node's permission model and the operating
// system's layers (sandbox.ts: own PID/network namespace, own uid), with a clean environment.
// This process drives the child one question at a time over its own pipes (init -> loaded,
// case i -> result i) and keeps every timer: the load and per-case timers start when a
// question is sent and only its one expected answer ends them; the exercise's deadline never
// moves. Any other message, or one over the size cap, breaks the protocol and costs the whole
// exercise. A resident-memory watchdog covers typed arrays (outside the V8 heap, so
// --max-old-space-size alone would not see them). Expected outputs never leave this process.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import type { Language } from "sepconv";
import { RUN, say } from "../messages";
import type { RawOutcome } from "../types";
import { innerPid, sandboxCommand, sandboxLayers, uidPool } from "../sandbox";

export interface Limits {
  caseTimeoutMs: number;
  exerciseTimeoutMs: number;
  memoryMb: number;
  outputBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  caseTimeoutMs: 10_000,
  exerciseTimeoutMs: 60_000,
  memoryMb: 512,
  outputBytes: 64 * 1024,
};

/** One message from the child, at most: far above any exercise's result (the largest is a few hundred KB as JSON). */
const MAX_MESSAGE_BYTES = 32 << 20;

const Printed = { output: z.string(), outputOverflow: z.boolean() };
const Outcome = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("value"), value: z.unknown(), ...Printed }).strict(),
  z
    .object({
      kind: z.literal("threw"),
      message: z.string(),
      notImplemented: z.boolean(),
      thrownIn: z.string().nullable(),
      ...Printed,
    })
    .strict(),
  z.object({ kind: z.literal("invalid"), message: z.string(), ...Printed }).strict(),
]);
const Message = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }).strict(),
  z.object({ type: z.literal("loaded") }).strict(),
  z.object({ type: z.literal("load-failed"), message: z.string() }).strict(),
  z
    .object({
      type: z.literal("result"),
      index: z.number().int().min(0),
      token: z.string(),
      outcome: Outcome,
      changedArgs: z.array(z.number().int().min(0)),
    })
    .strict(),
]);
type Message = z.infer<typeof Message>;

function permissionFlag(): string {
  // --permission on Node 22.13+/23+, --experimental-permission on Node 20.
  return process.allowedNodeEnvironmentFlags.has("--permission")
    ? "--permission"
    : "--experimental-permission";
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
  /** The language of the messages (default "en"). */
  lang?: Language;
}

/** dist/ of the package: the child reads the engine and its runner from there, nothing else. */
function readablePaths(): string[] {
  return [path.resolve(__dirname, "../../..")];
}

const RUNNER = path.join(__dirname, "../child/runner.js");

/**
 * The child's Node flags: permissions (read dist/ only), heap cap, no eval.
 * @public required from dist/ by tests
 */
export function childExecArgv(limits: Limits): string[] {
  return [
    permissionFlag(),
    ...readablePaths().map((p) => `--allow-fs-read=${p}${path.sep}`),
    `--max-old-space-size=${limits.memoryMb}`,
    "--disallow-code-generation-from-strings",
    "--no-warnings",
  ];
}

/** Starts the runner, inside fresh namespaces where this machine allows them. */
function startChild(limits: Limits, runner: string): ChildProcess {
  // CPU time may exceed wall time (V8's helper threads): twice the exercise's time, then the kernel ends it.
  const [cmd, ...args] = sandboxCommand(
    [process.execPath, ...childExecArgv(limits), runner],
    Math.ceil((2 * limits.exerciseTimeoutMs) / 1000) + 10,
  );
  return spawn(cmd!, args, {
    env: {},
    cwd: path.parse(process.cwd()).root,
    stdio: ["pipe", "ignore", "pipe", "pipe"],
  });
}

/** Newline-delimited JSON from the child, with a size cap per message. */
function readMessages(
  stream: Readable,
  onMessage: (raw: unknown) => void,
  onBroken: (why: string) => void,
  lang: Language,
): void {
  let pending: Buffer[] = [];
  let size = 0;
  stream.on("data", (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, nl));
      const line = Buffer.concat(pending).toString("utf8");
      pending = [];
      size = 0;
      start = nl + 1;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        return onBroken(say(RUN.notJson, lang));
      }
      onMessage(raw);
    }
    size += chunk.length - start;
    if (size > MAX_MESSAGE_BYTES) return onBroken(say(RUN.tooLarge, lang, MAX_MESSAGE_BYTES >> 20));
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
}

interface ChildRun {
  /** The first case not settled yet. */
  next: number;
  /** Nothing more to run: every case settled, the exercise's time is up, or the protocol was broken. */
  stop: boolean;
}

/** Runs cases [first..] in one child, one at a time; resolves when it has exited. */
function runChild(
  req: RunRequest,
  first: number,
  limits: Limits,
  outcomes: (RawOutcome | undefined)[],
  deadline: number,
  runner: string,
): Promise<ChildRun> {
  const lang = req.lang ?? "en";
  return new Promise((resolve) => {
    const layers = sandboxLayers();
    const uid = layers.ownUid ? uidPool.take() : null;
    const child = startChild(limits, runner);
    const toChild = child.stdio[0] as Writable;
    toChild.on("error", () => {}); // the child may be gone already; its exit is handled below
    const ask = (msg: object) => toChild.write(`${JSON.stringify(msg)}\n`);

    // starting: Node and the engine load (no student code yet); loading: the student's files run.
    let state: "starting" | "loading" | "running" | "finished" = "starting";
    let current = first;
    let killedFor: RawOutcome | null = null;
    let brokenProtocol: string | null = null;
    let exerciseOver = false;
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stderr?.on("data", (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString();
    });
    // Under unshare the Node process must be killed itself: switching uid clears the
    // parent-death signal that unshare --kill-child would send.
    let inner: number | null = null;
    const innerOf = () => (inner ??= child.pid ? innerPid(child.pid, layers) : null);
    const end = () => {
      const pid = innerOf();
      if (pid !== null && pid !== child.pid) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      child.kill("SIGKILL");
    };
    const kill = (why: RawOutcome) => {
      if (killedFor) return;
      killedFor = why;
      end();
    };
    const seconds = Math.round(limits.exerciseTimeoutMs / 1000);
    const exerciseTimer = setTimeout(
      () => {
        exerciseOver = true;
        kill({
          kind: "timeout",
          message: say(RUN.exerciseOutOfTime, lang, seconds),
        });
      },
      Math.max(0, deadline - Date.now()),
    );
    const startTimer = (why: RawOutcome) => {
      clearTimeout(timer);
      timer = setTimeout(() => kill(why), limits.caseTimeoutMs);
    };
    const watchdog = setInterval(() => {
      const pid = innerOf();
      if (pid !== null && rssBytes(pid) > limits.memoryMb * 1024 * 1024)
        kill({ kind: "crash", message: say(RUN.memory, lang, limits.memoryMb) });
    }, 20);
    // Each question carries a fresh token its answer must echo: an answer sent ahead of its question cannot.
    let token = "";
    const askCase = (i: number) => {
      current = i;
      token = randomBytes(12).toString("hex");
      startTimer({
        kind: "timeout",
        message: say(RUN.caseTimeout, lang, limits.caseTimeoutMs),
      });
      ask({ type: "case", index: i, token, args: req.args[i] });
    };
    const finish = () => {
      state = "finished";
      clearTimeout(timer);
      end(); // student code may have left timers running
    };
    const breakProtocol = (why: string) => {
      if (brokenProtocol === null) brokenProtocol = why;
      kill({ kind: "crash", message: say(RUN.brokenProtocol, lang, why) });
    };
    const onMessage = (raw: unknown) => {
      if (killedFor || state === "finished") return;
      const parsed = Message.safeParse(raw);
      if (!parsed.success) return breakProtocol(say(RUN.malformed, lang));
      const msg: Message = parsed.data;
      if (state === "starting" && msg.type === "ready") {
        state = "loading";
        startTimer({
          kind: "timeout",
          message: say(RUN.loadTimeout, lang, limits.caseTimeoutMs),
        });
        return ask({
          type: "init",
          files: req.files,
          entry: req.entry,
          exportName: req.exportName,
          allowed: req.allowed,
          outputCap: limits.outputBytes,
          uid,
          lang,
        });
      }
      if (state === "loading" && msg.type === "loaded") {
        state = "running";
        return askCase(first);
      }
      if (state === "loading" && msg.type === "load-failed") {
        for (let i = first; i < outcomes.length; i++)
          outcomes[i] = { kind: "crash", message: msg.message };
        current = outcomes.length;
        return finish();
      }
      if (
        state === "running" &&
        msg.type === "result" &&
        msg.index === current &&
        msg.token === token &&
        msg.changedArgs.every((a) => a < req.args[current]!.length)
      ) {
        clearTimeout(timer);
        outcomes[current] = { ...msg.outcome, changedArgs: msg.changedArgs } as RawOutcome;
        if (current + 1 < outcomes.length) return askCase(current + 1);
        current = outcomes.length;
        return finish();
      }
      breakProtocol(say(RUN.unexpected, lang, msg.type, state, current));
    };
    readMessages(child.stdio[3] as Readable, onMessage, breakProtocol, lang);

    child.on("error", (e) =>
      kill({
        kind: "crash",
        message: say(RUN.cannotStart, lang, e.message),
      }),
    );
    // "close", not "exit": it comes after the last message has been read.
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      clearTimeout(exerciseTimer);
      clearInterval(watchdog);
      if (uid !== null) uidPool.give(uid);
      if (brokenProtocol !== null) {
        // Nothing this child said can be trusted: the whole exercise, earlier cases included.
        const why: RawOutcome = {
          kind: "crash",
          message: say(RUN.brokenProtocol, lang, brokenProtocol),
        };
        for (let i = 0; i < outcomes.length; i++) outcomes[i] = why;
        return resolve({ next: outcomes.length, stop: true });
      }
      if (current >= outcomes.length) return resolve({ next: current, stop: true });
      // Messages must not depend on timing or addresses: grading is deterministic.
      const heap = /heap limit|heap out of memory|Allocation failed/i.test(stderr);
      const why: RawOutcome = killedFor ?? {
        kind: "crash",
        message: heap
          ? say(RUN.heap, lang, limits.memoryMb)
          : signal !== null
            ? say(RUN.killed, lang, signal)
            : say(RUN.exited, lang, String(code)),
      };
      if (state === "running") {
        outcomes[current] = why;
        return resolve({ next: current + 1, stop: exerciseOver });
      }
      // Died or timed out while starting or loading: every remaining case gets the reason.
      for (let i = first; i < outcomes.length; i++) outcomes[i] = why;
      resolve({ next: outcomes.length, stop: true });
    });
    // Starting Node is the grader's cost, not the student's: a generous limit of its own.
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        kill({
          kind: "crash",
          message: say(RUN.didNotStart, lang),
        }),
      Math.max(30_000, limits.caseTimeoutMs),
    );
  });
}

/** Every case's raw outcome, in order. `runner` is replaced only by tests of the protocol (a child that misbehaves on purpose). */
export async function runIsolated(
  req: RunRequest,
  limits: Limits = DEFAULT_LIMITS,
  runner = RUNNER,
): Promise<RawOutcome[]> {
  const outcomes: (RawOutcome | undefined)[] = new Array(req.args.length).fill(undefined);
  const deadline = Date.now() + limits.exerciseTimeoutMs;
  let next = 0;
  while (next < req.args.length) {
    const r = await runChild(req, next, limits, outcomes, deadline, runner);
    next = r.next;
    if (r.stop || Date.now() >= deadline) break;
  }
  return outcomes.map(
    (o) =>
      o ?? {
        kind: "timeout",
        message: say(RUN.notRun, req.lang ?? "en", Math.round(limits.exerciseTimeoutMs / 1000)),
      },
  );
}
