// Hostile submissions, graded for real: each behaviour costs only the exercise it sits in,
// with a clear message, while the other eight exercises still score in full.
import { createServer } from "node:net";
import { existsSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SubmissionResult } from "../../grader/grade/types";
import { FAST_LIMITS, ROOT, hostile, pipeline, submission } from "./helpers";

let connections = 0;
let port = 0;
const HIDDEN = path.join(ROOT, "exercises/hidden/fixtures/conv2d.json");

const BEHAVIOURS: { file: string; expect: RegExp; status: RegExp }[] = [
  { file: "infinite-loop.ts", expect: /time limit exceeded \(3000 ms for this case\)|the exercise ran out of time/, status: /timeout/ },
  { file: "memory-bomb-typed.ts", expect: /memory limit exceeded/, status: /error/ },
  { file: "memory-bomb-heap.ts", expect: /memory limit exceeded/, status: /error/ },
  { file: "exit-in-call.ts", expect: /the process exited with code 0 \(process\.exit\(\) or an uncaught error\)/, status: /error/ },
  { file: "exit-at-import.ts", expect: /the process exited with code 3/, status: /error/ },
  { file: "throw-at-import.ts", expect: /loading your file failed: Error: boom at import/, status: /error/ },
  { file: "read-hidden.ts", expect: /your code threw Error: found no way to read files/, status: /error/ },
  { file: "write-file.ts", expect: /your code threw TypeError/, status: /error/ },
  { file: "spawn-process.ts", expect: /your code threw TypeError/, status: /error/ },
  { file: "network.ts", expect: /network attempts that did not throw: 0/, status: /error/ },
  { file: "patch-globals.ts", expect: /wrong shape: shape \[10\] != expected/, status: /failed/ },
  { file: "proxy-result.ts", expect: /the result is not plain data|expected a Tensor|not valid data/, status: /failed|error/ },
  { file: "wrong-shape.ts", expect: /wrong shape: shape \[2,2\] != expected \[4,4,4\]/, status: /failed/ },
  { file: "nan.ts", expect: /values differ; first at \[0,0,0\]: expected -?[\d.]+, got NaN; max abs error NaN/, status: /failed/ },
  { file: "syntax-error.ts", expect: /does not compile:\nconv2d\.ts:\d+:\d+: Expression expected/, status: /error/ },
  { file: "type-error.ts", expect: /does not compile:\nconv2d\.ts:\d+:\d+: Type 'string' is not assignable to type 'number'/, status: /error/ },
  { file: "console-flood.ts", expect: /printed more than 64 KB of console output \(cut off\)/, status: /failed/ },
];

let results: SubmissionResult[] = [];

beforeAll(async () => {
  const server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
  rmSync("/tmp/sepconv-hostile-write.txt", { force: true });
  rmSync("/tmp/sepconv-hostile-spawn.txt", { force: true });
  const subs = BEHAVIOURS.map((b) => submission({ "conv2d.ts": hostile(b.file, { PORT: String(port), HIDDEN_PATH: HIDDEN }) }));
  results = await pipeline().gradeAll(subs, { root: ROOT, hidden: true, jobs: 2, limits: FAST_LIMITS });
  server.close();
}, 300_000);

describe("hostile submissions cost only their own exercise", () => {
  BEHAVIOURS.forEach((b, i) => {
    it(`conv2d ${b.file}: conv2d scores 0 with a clear message, the other exercises full marks`, () => {
      const r = results[i]!;
      const conv = r.exercises.find((e) => e.id === "conv2d")!;
      expect(conv.score).toBe(0);
      const publicCase = conv.cases.find((c) => !c.hidden)!;
      expect(publicCase.status).toMatch(b.status);
      expect(publicCase.message).toMatch(b.expect);
      for (const e of r.exercises.filter((x) => x.id !== "conv2d")) expect(e.score, `${e.id} in ${b.file}`).toBe(e.maxScore);
      // Hidden cases stay generic.
      for (const c of conv.cases.filter((x) => x.hidden)) expect(c.message).toMatch(/^hidden case/);
    });
  });
  it("nothing was written, spawned or connected to", () => {
    expect(existsSync("/tmp/sepconv-hostile-write.txt")).toBe(false);
    expect(existsSync("/tmp/sepconv-hostile-spawn.txt")).toBe(false);
    expect(connections).toBe(0);
  });
});

describe("the permission layer on its own", () => {
  it("a child started with the grader's flags cannot read the fixtures, write, or spawn", async () => {
    const { childExecArgv } = require(path.join(ROOT, "dist/grader/grade/steps/run-isolated.js")) as typeof import("../../grader/grade/steps/run-isolated");
    const script = `
      const fs = require("fs"); const out = [];
      for (const [name, f] of [["read", () => fs.readFileSync(${JSON.stringify(HIDDEN)})], ["write", () => fs.writeFileSync("/tmp/sepconv-perm.txt", "x")], ["spawn", () => require("child_process").spawnSync("true")]]) {
        try { f(); out.push(name + ":allowed"); } catch (e) { out.push(name + ":" + e.code); }
      }
      console.log(out.join(" "));`;
    const r = spawnSync(process.execPath, [...childExecArgv(FAST_LIMITS).filter((a) => !a.startsWith("--disallow")), "-e", script], { encoding: "utf8", env: {} });
    expect(r.stdout.trim()).toBe("read:ERR_ACCESS_DENIED write:ERR_ACCESS_DENIED spawn:ERR_ACCESS_DENIED");
  });
});
