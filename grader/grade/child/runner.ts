// The isolated child process that runs one exercise of one submission. The grader drives it:
// "init" (the exercise's JavaScript) -> "loaded" | "load-failed", then one "case" at a time ->
// "result". It never receives expected outputs. Before any student code runs it gives up root
// (when it has it), hides the real `process` object behind a small facade (no kill, no IPC, no
// bindings, no way back to require()), closes the network and caps console output. The
// grader's own timers, permissions, namespaces and memory watchdog do the rest; it trusts
// nothing this process sends beyond the shape of one reply to its one question.
import path from "node:path";
import { RUN } from "./messages";

interface Init {
  type: "init";
  files: Record<string, string>;
  entry: string;
  exportName: string;
  allowed: string[];
  outputCap: number;
  /** The unprivileged uid/gid to switch to before loading student code, or null to keep ours. */
  uid: number | null;
  /** The language of the messages this process writes. */
  lang: "en" | "zh";
}

interface Case {
  type: "case";
  index: number;
  token: string;
  args: unknown[];
}

const real = process;
// The answers go out on fd 3, a pipe only this module holds (stdout is not the grader's channel:
// student code can reach the console's stream).
const net = require("node:net") as typeof import("node:net");
const channel = new net.Socket({ fd: 3, readable: false, writable: true });
// Captured before student code could replace them.
const { stringify, parse } = { stringify: JSON.stringify, parse: JSON.parse };
const send = (msg: object) => channel.write(`${stringify(msg)}\n`);
const VIRTUAL_ROOT = "/submission";

// Everything this process will ever read is loaded now, before it gives up its uid.
const distRoot = path.resolve(__dirname, "../../..");
// The light engine entry (no compiler, no DOM) and the value encoding without zod: the inputs
// come from the grader's validated fixtures.
const core = require(path.join(distRoot, "core.js")) as Record<string, unknown>;
const { evaluateModules } = require(
  path.join(distRoot, "exercises/evaluate.js"),
) as typeof import("sepconv/dist/exercises/evaluate");
const { decodeTrusted, encodeValue } = require(
  path.join(distRoot, "exercises/encoding.js"),
) as typeof import("sepconv/dist/exercises/encoding");
const { say } = require(
  path.join(distRoot, "exercises/messages.js"),
) as typeof import("sepconv/dist/exercises/messages");
// The call itself: the same path check() takes in a notebook (sepconv/dist/exercises/call-case).
const { callCase, safeDescribe } = require(
  path.join(distRoot, "exercises/call-case.js"),
) as typeof import("sepconv/dist/exercises/call-case");

function dropPrivileges(uid: number): void {
  real.setgroups!([]);
  real.setgid!(uid);
  real.setuid!(uid);
  if (real.getuid!() !== uid || real.getgid!() !== uid)
    throw new Error(`could not switch to uid ${uid}`);
}

/** What student code sees as `process`: enough to print, time and exit itself, nothing that reaches other processes. */
function processFacade(write: (chunk: unknown) => boolean): object {
  const hrtime = Object.assign((t?: [number, number]) => real.hrtime(t), {
    bigint: () => real.hrtime.bigint(),
  });
  return Object.freeze({
    env: Object.freeze({}),
    argv: Object.freeze([]),
    platform: real.platform,
    arch: real.arch,
    version: real.version,
    versions: Object.freeze({ ...real.versions }),
    hrtime,
    nextTick: (fn: (...a: unknown[]) => void, ...a: unknown[]) => real.nextTick(fn, ...a),
    memoryUsage: () => real.memoryUsage(),
    cwd: () => VIRTUAL_ROOT,
    // Ending itself is allowed: the grader reports the exit for the case that was running.
    exit: (code?: number) => real.exit(code),
    stdout: Object.freeze({ write }),
    stderr: Object.freeze({ write }),
  });
}

function lockDown(write: (chunk: unknown) => boolean): void {
  // Without a network namespace, Node 20's permission model leaves the network open: make every socket refuse.
  const refuse = (what: string) =>
    function refused(): never {
      throw new Error(`network access is not allowed while grading (${what})`);
    };
  net.Socket.prototype.connect = refuse("net.Socket.connect") as never;
  net.Server.prototype.listen = refuse("net.Server.listen") as never;
  const dgram = require("node:dgram") as typeof import("node:dgram");
  dgram.Socket.prototype.bind = refuse("dgram.bind") as never;
  dgram.Socket.prototype.send = refuse("dgram.send") as never;
  dgram.Socket.prototype.connect = refuse("dgram.connect") as never;
  const dns = require("node:dns") as typeof import("node:dns");
  for (const k of ["lookup", "resolve", "resolve4", "resolve6", "resolveAny", "reverse"] as const)
    (dns as Record<string, unknown>)[k] = refuse(`dns.${k}`);
  for (const k of ["fetch", "WebSocket", "EventSource", "XMLHttpRequest"]) {
    Object.defineProperty(globalThis, k, {
      value: refuse(k),
      writable: false,
      configurable: false,
    });
  }
  // Node's own modules keep their reference to the real object; student code gets the facade.
  Object.defineProperty(globalThis, "process", {
    value: processFacade(write),
    writable: false,
    configurable: false,
    enumerable: false,
  });
}

/** Console output is counted per case and cut at the cap; past it the case fails. */
function capOutput(cap: number) {
  let used = 0;
  let overflow = false;
  let captured = "";
  const writer = (chunk: unknown): boolean => {
    let text: string;
    try {
      text =
        typeof chunk === "string"
          ? chunk
          : Buffer.isBuffer(chunk)
            ? chunk.toString("utf8")
            : String(chunk);
    } catch {
      text = "[unprintable]";
    }
    if (used + text.length > cap) {
      captured += text.slice(0, Math.max(0, cap - used));
      used = cap;
      overflow = true;
    } else {
      used += text.length;
      captured += text;
    }
    return true;
  };
  real.stdout.write = writer as typeof real.stdout.write;
  real.stderr.write = writer as typeof real.stderr.write;
  return {
    writer,
    take(): { output: string; outputOverflow: boolean } {
      const r = { output: captured, outputOverflow: overflow };
      used = 0;
      overflow = false;
      captured = "";
      return r;
    },
  };
}

function thrownIn(e: unknown): string | null {
  try {
    const stack = e instanceof Error ? String(e.stack) : "";
    const m = new RegExp(`${VIRTUAL_ROOT}/([^\\s:()]+\\.ts)`).exec(stack);
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

/** Each argument's encoding (null when it no longer encodes), to tell which ones a call changed. */
function encodings(args: unknown[]): (string | null)[] {
  return args.map((a, i) => {
    try {
      return stringify(encodeValue(a, `argument ${i + 1}`));
    } catch {
      return null;
    }
  });
}

let fn: ((...a: unknown[]) => unknown) | undefined;
let output: ReturnType<typeof capOutput> | undefined;

function load(init: Init): void {
  if (init.uid !== null) dropPrivileges(init.uid);
  // callCase's messages (a {shape, data} result...) follow the engine's language setting.
  (core.setLanguage as (lang: "en" | "zh") => unknown)(init.lang);
  // Student code sees only the names the manifest allows.
  const sepconv: Record<string, unknown> = {};
  for (const name of init.allowed) if (name in core) sepconv[name] = core[name];
  const sources = new Map(
    Object.entries(init.files).map(([rel, js]) => [path.join(VIRTUAL_ROOT, rel), js]),
  );
  output = capOutput(init.outputCap);
  lockDown(output.writer);
  let exported: unknown;
  try {
    exported = evaluateModules(sources, path.join(VIRTUAL_ROOT, init.entry), sepconv)[
      init.exportName
    ];
  } catch (e) {
    const where = thrownIn(e);
    send({
      type: "load-failed",
      message: say(
        RUN.loadFailed,
        init.lang,
        safeDescribe(e),
        where && where !== init.entry ? where : null,
      ),
    });
    return;
  }
  if (typeof exported !== "function") {
    send({
      type: "load-failed",
      message: say(RUN.notExported, init.lang, init.entry, init.exportName),
    });
    return;
  }
  fn = exported as (...a: unknown[]) => unknown;
  send({ type: "loaded" });
}

function runCase(c: Case): void {
  const args = c.args.map((a) => decodeTrusted(a as never));
  const before = encodings(args);
  const call = callCase(fn!, args, core.Tensor as typeof import("sepconv").Tensor);
  const outcome =
    call.kind === "threw"
      ? {
          kind: "threw",
          message: call.message,
          notImplemented: call.notImplemented,
          thrownIn: thrownIn(call.error),
          ...output!.take(),
        }
      : { ...call, ...output!.take() };
  const after = encodings(args);
  const changed = after.flatMap((enc, i) => (enc === before[i] && enc !== null ? [] : [i]));
  send({ type: "result", index: c.index, token: c.token, outcome, changedArgs: changed });
}

// Questions come in on stdin, one JSON line each, only from the grader.
let buffered = "";
real.stdin.setEncoding("utf8");
// The grader gone (its end of the pipe closed): nothing left to answer.
real.stdin.on("end", () => real.exit(0));
send({ type: "ready" });
real.stdin.on("data", (chunk: string) => {
  buffered += chunk;
  for (let nl = buffered.indexOf("\n"); nl !== -1; nl = buffered.indexOf("\n")) {
    const msg = parse(buffered.slice(0, nl)) as Init | Case;
    buffered = buffered.slice(nl + 1);
    if (msg.type === "init") load(msg);
    else if (msg.type === "case" && fn) runCase(msg);
  }
});
