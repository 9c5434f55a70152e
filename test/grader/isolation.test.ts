// Hostile submissions, graded for real through `sepconv grade` in one batch with honest ones:
// the grader exits 0, every honest submission keeps its exact score, and every attack (on the
// grader, on classmates, on the files, on the type checker, on the protocol, on the public
// fixtures) costs only the exercise it sits in and earns nothing it did not compute. The grader
// runs detached, in a process group of its own, so an attack that got through could reach
// nothing outside the test's own process tree.
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { SubmissionResult } from "../../grader/grade/types";
import { course } from "../../src/index";
import { ROOT, hostile, submission } from "./helpers";

const HIDDEN = path.join(ROOT, "exercises/hidden/fixtures/conv2d.json");
const work = mkdtempSync(path.join(os.tmpdir(), "sepconv-attacks-"));
let port = 0;
let connections = 0;

interface Attack {
  name: string;
  /** Builds the submission; returns its path. */
  make: () => string;
  exercise: string;
  message: RegExp;
  status: RegExp;
}

const content = (
  file: string,
  expectMessage: RegExp,
  status: RegExp,
  extra: Record<string, string> = {},
): Attack => ({
  name: file.replace(/\.ts$/, "") + (extra.SIGNAL ? ` ${extra.SIGNAL}` : ""),
  make: () =>
    submission({
      "conv2d.ts": hostile(file, { PORT: String(port), HIDDEN_PATH: HIDDEN, ...extra }),
    }),
  exercise: "conv2d",
  message: expectMessage,
  status,
});

/** A submission whose conv2d.ts (or another path) is replaced by what `build` puts there. */
const onDisk = (name: string, build: (dir: string) => void, message: RegExp): Attack => ({
  name,
  make: () => {
    const dir = submission();
    rmSync(path.join(dir, "conv2d.ts"));
    build(dir);
    return dir;
  },
  exercise: "conv2d",
  message,
  status: /error/,
});

const ATTACKS: Attack[] = [
  content(
    "infinite-loop.ts",
    /time limit exceeded \(2000 ms for this case\)|the exercise ran out of time/,
    /timeout/,
  ),
  content("memory-bomb-typed.ts", /memory limit exceeded/, /error/),
  content("memory-bomb-heap.ts", /memory limit exceeded/, /error/),
  content(
    "exit-in-call.ts",
    /the process exited with code 0 \(process\.exit\(\) or an uncaught error\)/,
    /error/,
  ),
  content("exit-at-import.ts", /the process exited with code 3/, /error/),
  content("throw-at-import.ts", /loading your file failed: Error: boom at import/, /error/),
  content("read-hidden.ts", /your code threw Error: found no way to read files/, /error/),
  content("write-file.ts", /your code threw TypeError/, /error/),
  content("spawn-process.ts", /your code threw TypeError/, /error/),
  content("network.ts", /network attempts that did not throw: 0/, /error/),
  content("patch-globals.ts", /wrong shape: shape \[10\] != expected/, /failed/),
  content(
    "proxy-result.ts",
    /the result is not plain data|expected a Tensor|not valid data/,
    /failed|error/,
  ),
  content("proxy-traps-throw.ts", /your code threw Error: (proto|has) trap/, /error/),
  content("wrong-shape.ts", /wrong shape: shape \[2,2\] != expected \[4,4,4\]/, /failed/),
  content(
    "nan.ts",
    /values differ; first at \[0,0,0\]: expected -?[\d.]+, got NaN; max abs error NaN/,
    /failed/,
  ),
  content("syntax-error.ts", /does not compile:\nconv2d\.ts:\d+:\d+: Expression expected/, /error/),
  content(
    "type-error.ts",
    /does not compile:\nconv2d\.ts:\d+:\d+: Type 'string' is not assignable to type 'number'/,
    /error/,
  ),
  content("console-flood.ts", /printed more than 64 KB of console output \(cut off\)/, /failed/),
  // Signals: to the grader (its parent) and to the grader's whole process group (its classmates).
  content("signal-parent.ts", /signals sent: 0/, /error/, { SIGNAL: "SIGKILL" }),
  content("signal-parent.ts", /signals sent: 0/, /error/, { SIGNAL: "SIGSTOP" }),
  content("signal-parent.ts", /signals sent: 0/, /error/, { SIGNAL: "SIGUSR1" }),
  // A correct but slow solution that forges protocol messages to reset or stop its timers.
  content("forged-ipc.ts", /time limit exceeded \(2000 ms for this case\)/, /timeout/),
  content(
    "deep-nesting.ts",
    /could not be type-checked: Maximum call stack size exceeded/,
    /error/,
  ),
  content(
    "slow-type-check.ts",
    /type check took longer than 8 s|type check ran out of memory/,
    /error/,
  ),
  content(
    "fixture-lookup.ts",
    /your code threw Error: this input is not in the shipped fixtures/,
    /error/,
    { FIXTURES_JSON: readFileSync(path.join(ROOT, "exercises/fixtures/conv2d.json"), "utf8") },
  ),
  content(
    "mutate-input.ts",
    /your function modified its input \(argument 1\): inputs must not be changed/,
    /failed/,
  ),
  content("plain-object.ts", /returned a plain object with shape and data, not a Tensor/, /failed/),
  onDisk(
    "symlinked file",
    (d) => symlinkSync(path.join(ROOT, "exercises/conv2d.ts"), path.join(d, "conv2d.ts")),
    /^conv2d\.ts is a symbolic link: submit regular files$/,
  ),
  onDisk(
    "symlinked folder",
    (d) => {
      symlinkSync(path.join(ROOT, "exercises"), path.join(d, "lib"));
      writeFileSync(
        path.join(d, "conv2d.ts"),
        `export { conv2d, type Padding } from "./lib/conv2d";\n`,
      );
    },
    /^lib is a symbolic link: submit regular files$/,
  ),
  onDisk(
    "FIFO",
    (d) => execFileSync("mkfifo", [path.join(d, "conv2d.ts")]),
    /^conv2d\.ts is a named pipe \(FIFO\): submit regular files$/,
  ),
  onDisk(
    "link to /dev/zero",
    (d) => symlinkSync("/dev/zero", path.join(d, "conv2d.ts")),
    /^conv2d\.ts is a symbolic link: submit regular files$/,
  ),
  onDisk(
    "oversized import",
    (d) => {
      writeFileSync(path.join(d, "big.ts"), `export const big = "${"x".repeat(50 << 20)}";\n`);
      writeFileSync(path.join(d, "conv2d.ts"), `import { big } from "./big";\nexport { big };\n`);
    },
    /^big\.ts is larger than 256 KB \(the limit for one file\)$/,
  ),
  {
    name: "zip with a symbolic link entry",
    make: () => {
      const dir = submission();
      const files: Record<string, Uint8Array | [Uint8Array, { os: number; attrs: number }]> = {};
      for (const e of course.readManifest(ROOT).exercises.filter((x) => x.id !== "conv2d")) {
        files[`exercises/${e.file}`] = readFileSync(path.join(dir, e.file));
      }
      // Unix mode 0120777 (a link) in the high half of the external attributes, as `zip --symlinks` writes it.
      files["exercises/conv2d.ts"] = [
        Buffer.from("../../../work/main/exercises/conv2d.ts"),
        { os: 3, attrs: (0o120777 << 16) >>> 0 },
      ];
      const zip = path.join(work, "linked.zip");
      writeFileSync(zip, zipSync(files as never));
      return zip;
    },
    exercise: "conv2d",
    message: /^exercises\/conv2d\.ts is a symbolic link: submit regular files$/,
    status: /error/,
  },
];

/** Honest submissions: their scores alone and in the hostile batch must be identical. */
const HONEST: { name: string; make: () => string }[] = [
  { name: "reference", make: () => submission() },
  { name: "reference again", make: () => submission() },
  {
    name: "wrong conv2d",
    make: () =>
      submission({
        "conv2d.ts": readFileSync(
          path.join(ROOT, "test/fixtures/wrong-solutions/conv2d.forgotten-padding.ts"),
          "utf8",
        ),
      }),
  },
  {
    name: "wrong depthwise",
    make: () =>
      submission({
        "depthwiseConv2d.ts": readFileSync(
          path.join(ROOT, "test/fixtures/wrong-solutions/depthwiseConv2d.wrong-channel-order.ts"),
          "utf8",
        ),
      }),
  },
  {
    name: "depthwise not written yet",
    make: () => {
      const { stubSolutions } = require(
        path.join(ROOT, "dist/grader/release/stub-solutions.js"),
      ) as typeof import("../../grader/release/stub-solutions");
      return submission({
        "depthwiseConv2d.ts": stubSolutions(
          readFileSync(path.join(ROOT, "exercises/depthwiseConv2d.ts"), "utf8"),
          "depthwiseConv2d",
          "depthwiseConv2d.ts",
        ),
      });
    },
  },
];

/** `sepconv grade` in its own process group; killed with its whole group if it outlives `ms`. */
function gradeDetached(
  paths: string[],
  json: string,
  ms: number,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const args = [
      path.join(ROOT, "dist/cli/main.js"),
      "grade",
      "--quiet",
      "--hidden",
      "--jobs",
      "2",
      "--timeout",
      "2000",
      "--memory",
      "256",
      "--typecheck-timeout",
      "8000",
      "--json",
      json,
      ...paths,
    ];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), ms);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

let batch: SubmissionResult[] = [];
let alone: SubmissionResult[] = [];
let exit: { code: number | null; signal: string | null; stderr: string } = {
  code: null,
  signal: null,
  stderr: "",
};

beforeAll(async () => {
  const server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
  rmSync("/tmp/sepconv-hostile-write.txt", { force: true });
  rmSync("/tmp/sepconv-hostile-spawn.txt", { force: true });
  const honest = HONEST.map((h) => h.make());
  const attacks = ATTACKS.map((a) => a.make());
  // Honest submissions spread through the batch, between the attacks.
  const order = [...attacks];
  honest.forEach((h, i) => {
    order.splice(Math.round(((i + 1) * attacks.length) / (honest.length + 1)) + i, 0, h);
  });
  const [a, b] = [path.join(work, "alone.json"), path.join(work, "batch.json")];
  const first = await gradeDetached(honest, a, 120_000);
  expect(first.code, first.stderr).toBe(0);
  alone = JSON.parse(readFileSync(a, "utf8")) as SubmissionResult[];
  exit = await gradeDetached(order, b, 540_000);
  server.close();
  if (existsSync(b)) {
    const all = JSON.parse(readFileSync(b, "utf8")) as SubmissionResult[];
    const byPath = new Map(all.map((r) => [r.submission, r]));
    batch = [...honest, ...attacks].map((p) => byPath.get(p)!);
  }
}, 700_000);

describe("one batch: attacks and honest submissions together", () => {
  it("the grader exits 0 with a complete JSON report", () => {
    expect(exit.signal).toBeNull();
    expect(exit.code, exit.stderr).toBe(0);
    expect(batch).toHaveLength(HONEST.length + ATTACKS.length);
  });
  HONEST.forEach((h, i) => {
    it(`honest "${h.name}" keeps its exact score (${"per exercise"})`, () => {
      expect(batch[i]!.exercises.map((e) => [e.id, e.score])).toEqual(
        alone[i]!.exercises.map((e) => [e.id, e.score]),
      );
    });
  });
  it("the references score full marks; wrong or unwritten dependencies are named in the feedback", () => {
    for (const i of [0, 1]) expect(batch[i]!.score).toBe(batch[i]!.maxScore);
    const wrongDw = batch[3]!.exercises.find((e) => e.id === "separableConv2d")!;
    expect(wrongDw.score).toBeLessThan(wrongDw.maxScore);
    expect(wrongDw.cases.find((c) => !c.hidden && c.status !== "passed")!.message).toMatch(
      /[^.]\. Note: separableConv2d uses your depthwiseConv2d\.ts, which fails \d+ of its own \d+ public cases: fix depthwiseConv2d first$/,
    );
    const stubDw = batch[4]!.exercises.find((e) => e.id === "separableConv2d")!;
    expect(stubDw.cases.find((c) => !c.hidden)!.message).toBe(
      "not implemented yet in your depthwiseConv2d.ts, which separableConv2d.ts calls: write that exercise first",
    );
  });
  ATTACKS.forEach((a, j) => {
    it(`${a.name}: ${a.exercise} scores 0 with a clear message, every other exercise full marks`, () => {
      const r = batch[HONEST.length + j]!;
      const target = r.exercises.find((e) => e.id === a.exercise)!;
      expect(target.score).toBe(0);
      const publicCase = target.cases.find((c) => !c.hidden)!;
      expect(publicCase.status).toMatch(a.status);
      expect(publicCase.message).toMatch(a.message);
      for (const e of r.exercises.filter((x) => x.id !== a.exercise))
        expect(e.score, `${e.id} in ${a.name}`).toBe(e.maxScore);
      for (const c of target.cases.filter((x) => x.hidden))
        expect(c.message).toMatch(/^hidden case/);
    });
  });
  it("nothing was written, spawned or connected to", () => {
    expect(existsSync("/tmp/sepconv-hostile-write.txt")).toBe(false);
    expect(existsSync("/tmp/sepconv-hostile-spawn.txt")).toBe(false);
    expect(connections).toBe(0);
  });
});
