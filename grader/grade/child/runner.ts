// The isolated child process that runs one exercise of one submission. It receives the
// exercise's JavaScript and the cases' inputs over IPC, never the expected outputs, and sends
// back each case's output as plain encoded data. Before any student code runs it closes what
// Node's permission model leaves open (the network, the IPC channel, builtin-module access),
// and it caps console output. The parent adds the real limits: permissions, kill timers, memory.
import path from "node:path";

interface Init {
  type: "init";
  files: Record<string, string>;
  entry: string;
  exportName: string;
  allowed: string[];
  cases: unknown[][];
  firstCase: number;
  outputCap: number;
}

const send = process.send!.bind(process);
const VIRTUAL_ROOT = "/submission";

function lockDown(): void {
  // Node 20's permission model does not cover the network: make every socket refuse.
  const refuse = (what: string) =>
    function refused(): never {
      throw new Error(`network access is not allowed while grading (${what})`);
    };
  const net = require("node:net") as typeof import("node:net");
  net.Socket.prototype.connect = refuse("net.Socket.connect") as never;
  net.Server.prototype.listen = refuse("net.Server.listen") as never;
  const dgram = require("node:dgram") as typeof import("node:dgram");
  dgram.Socket.prototype.bind = refuse("dgram.bind") as never;
  dgram.Socket.prototype.send = refuse("dgram.send") as never;
  dgram.Socket.prototype.connect = refuse("dgram.connect") as never;
  const dns = require("node:dns") as typeof import("node:dns");
  for (const k of ["lookup", "resolve", "resolve4", "resolve6", "resolveAny", "reverse"] as const) (dns as Record<string, unknown>)[k] = refuse(`dns.${k}`);
  for (const k of ["fetch", "WebSocket", "EventSource", "XMLHttpRequest"]) {
    Object.defineProperty(globalThis, k, { value: refuse(k), writable: false, configurable: false });
  }
  // No way back to require() or to the IPC channel from student code.
  const proc = process as unknown as Record<string, unknown>;
  // (process.channel and process.connected stay: the IPC machinery reads them on every send.)
  for (const k of ["getBuiltinModule", "mainModule", "send", "disconnect", "dlopen", "binding", "_linkedBinding"]) {
    try {
      Object.defineProperty(proc, k, { value: undefined, writable: false, configurable: false });
    } catch {
      // already locked by Node: fine
    }
  }
}

/** Console output is counted per case and cut at the cap; past it the case fails. */
function capOutput(cap: number) {
  let used = 0;
  let overflow = false;
  let captured = "";
  const writer = (chunk: unknown): boolean => {
    const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk);
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
  process.stdout.write = writer as typeof process.stdout.write;
  process.stderr.write = writer as typeof process.stderr.write;
  return {
    take(): { output: string; outputOverflow: boolean } {
      const r = { output: captured, outputOverflow: overflow };
      used = 0;
      overflow = false;
      captured = "";
      return r;
    },
  };
}

function run(init: Init): void {
  const distRoot = path.resolve(__dirname, "../../..");
  // The light engine entry (no compiler, no DOM) and the value encoding.
  const core = require(path.join(distRoot, "core.js")) as Record<string, unknown>;
  const { evaluateModules } = require(path.join(distRoot, "exercises/evaluate.js")) as typeof import("sepconv/dist/exercises/evaluate");
  // The encoding without zod: the inputs come from the grader's validated fixtures.
  const { encodeValue, decodeTrusted, describeThrown } = require(path.join(distRoot, "exercises/encoding.js")) as typeof import("sepconv/dist/exercises/encoding");
  // Student code sees only the names the manifest allows.
  const sepconv: Record<string, unknown> = {};
  for (const name of init.allowed) if (name in core) sepconv[name] = core[name];

  const sources = new Map(Object.entries(init.files).map(([rel, js]) => [path.join(VIRTUAL_ROOT, rel), js]));
  const inputs = init.cases.map((args) => args.map((a) => decodeTrusted(a as never)));
  lockDown();
  const output = capOutput(init.outputCap);

  let fn: unknown;
  try {
    fn = evaluateModules(sources, path.join(VIRTUAL_ROOT, init.entry), sepconv)[init.exportName];
  } catch (e) {
    const msg = `loading your file failed: ${describeThrown(e)}`;
    init.cases.forEach((_, i) => send({ type: "result", index: init.firstCase + i, outcome: { kind: "crash", message: msg } }));
    return;
  }
  if (typeof fn !== "function") {
    const msg = `${init.entry} does not export a function named ${init.exportName}`;
    init.cases.forEach((_, i) => send({ type: "result", index: init.firstCase + i, outcome: { kind: "crash", message: msg } }));
    return;
  }
  inputs.forEach((args, i) => {
    const index = init.firstCase + i;
    send({ type: "start", index });
    let outcome: unknown;
    try {
      const value = (fn as (...a: unknown[]) => unknown)(...args);
      let encoded: unknown;
      try {
        encoded = encodeValue(value, "the result");
      } catch (e) {
        encoded = undefined;
        outcome = { kind: "threw", message: `the result is not plain data: ${describeThrown(e)}`, notImplemented: false, ...output.take() };
      }
      if (outcome === undefined) outcome = { kind: "value", value: encoded, ...output.take() };
    } catch (e) {
      const message = describeThrown(e);
      outcome = { kind: "threw", message, notImplemented: /not implemented yet/i.test(message), ...output.take() };
    }
    send({ type: "result", index, outcome });
  });
}

process.once("message", (msg: Init) => {
  try {
    run(msg);
  } finally {
    // "done" goes out after every result; the parent then ends this process (student code may
    // have left timers running). No process.exit() here: it could cut off queued messages.
    send({ type: "done" });
  }
});
