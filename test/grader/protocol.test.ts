// The grader's side of the protocol with its child, tested with children that misbehave on
// purpose (student code cannot reach the channel; these stand in for one that somehow did):
// the timers are the grader's, any message it did not ask for breaks the protocol and costs
// the whole exercise, and an honest child's answers come through.
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RawOutcome } from "../../grader/grade/types";
import { FAST_LIMITS, ROOT } from "./helpers";

type RunIsolated = typeof import("../../grader/grade/steps/run-isolated").runIsolated;
const { runIsolated } = require(path.join(ROOT, "dist/grader/grade/steps/run-isolated.js")) as {
  runIsolated: RunIsolated;
};

// The child may read only dist/: fake runners are written there for the test and removed after.
const written: string[] = [];
function fakeRunner(name: string, onCase: string, onInit = `send({ type: "loaded" });`): string {
  const file = path.join(ROOT, "dist", `test-fake-runner-${name}-${process.pid}.js`);
  writeFileSync(
    file,
    `const out = new (require("net").Socket)({ fd: 3, readable: false, writable: true });
const send = (m) => out.write(JSON.stringify(m) + "\\n");
let buf = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => { buf += c; let nl; while ((nl = buf.indexOf("\\n")) !== -1) { const msg = JSON.parse(buf.slice(0, nl)); buf = buf.slice(nl + 1);
  if (msg.type === "init") { ${onInit} } else { const c = msg; ${onCase} } } });
send({ type: "ready" });
`,
  );
  written.push(file);
  return file;
}
afterAll(() => {
  for (const f of written) rmSync(f, { force: true });
});

const value = (v: number) => `{ kind: "value", value: ${v}, output: "", outputOverflow: false }`;
const req = { files: {}, entry: "a.ts", exportName: "f", allowed: [], args: [[1], [2], [3]] };
const run = (runner: string, limits = FAST_LIMITS): Promise<RawOutcome[]> =>
  runIsolated(req, limits, runner);

describe("the grader drives its child", () => {
  it("an honest child's answers come through, one case at a time", async () => {
    const r = await run(
      fakeRunner(
        "honest",
        `send({ type: "result", index: c.index, token: c.token, outcome: ${value(0)}, changedArgs: [] });`,
      ),
    );
    expect(r.map((o) => o.kind)).toEqual(["value", "value", "value"]);
  }, 30_000);
  it("a result for a case it was not asked breaks the protocol: every case of the exercise is lost, earlier ones too", async () => {
    const r = await run(
      fakeRunner(
        "ahead",
        `send({ type: "result", index: c.index, token: c.token, outcome: ${value(0)}, changedArgs: [] }); if (c.index === 1) send({ type: "result", index: 2, token: c.token, outcome: ${value(0)}, changedArgs: [] });`,
      ),
    );
    for (const o of r)
      expect(o).toEqual({
        kind: "crash",
        message: expect.stringMatching(
          /sent "result" when the grader expected the result of case 2, which breaks the grading protocol/,
        ),
      });
  }, 30_000);
  it("a forged 'loaded' while a case runs does not restart its timer: it breaks the protocol", async () => {
    const r = await run(fakeRunner("restart", `send({ type: "loaded" });`));
    expect(r[0]).toMatchObject({
      kind: "crash",
      message: expect.stringMatching(/sent "loaded" when the grader expected the result of case 0/),
    });
  }, 30_000);
  it("a child that never answers runs into the grader's per-case timer, whatever else it sends", async () => {
    const r = await run(fakeRunner("silent", `setInterval(() => out.write("\\n"), 100);`), {
      ...FAST_LIMITS,
      caseTimeoutMs: 500,
    });
    // An empty line is not JSON: the first one breaks the protocol before the timer fires.
    expect(r[0]).toMatchObject({ kind: "crash", message: expect.stringMatching(/not JSON/) });
    const quiet = await run(fakeRunner("quiet", ``), { ...FAST_LIMITS, caseTimeoutMs: 500 });
    expect(quiet.map((o) => o.kind)).toEqual(["timeout", "timeout", "timeout"]);
    expect(quiet[0]).toMatchObject({ message: "time limit exceeded (500 ms for this case)" });
  }, 30_000);
  it("a malformed or oversized message breaks the protocol", async () => {
    const bad = await run(
      fakeRunner(
        "malformed",
        `send({ type: "result", index: c.index, token: c.token, outcome: { kind: "value" }, changedArgs: [] });`,
      ),
    );
    expect(bad[0]).toMatchObject({
      kind: "crash",
      message: expect.stringMatching(/sent a malformed message/),
    });
    const big = await run(fakeRunner("big", `out.write("x".repeat(40 << 20));`));
    expect(big[0]).toMatchObject({
      kind: "crash",
      message: expect.stringMatching(/sent a result larger than 32 MB/),
    });
  }, 60_000);
  it("a child that claims a changed argument that does not exist breaks the protocol", async () => {
    const r = await run(
      fakeRunner(
        "args",
        `send({ type: "result", index: c.index, token: c.token, outcome: ${value(0)}, changedArgs: [5] });`,
      ),
    );
    expect(r[0]).toMatchObject({ kind: "crash" });
  }, 30_000);
});
