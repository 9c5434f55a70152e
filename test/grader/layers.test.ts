// Each layer of the grader's isolation on its own, on every Node version: Node's permission
// flags, the PID namespace and the per-child uid (grader/grade/sandbox.ts). Signal 0 asks the
// kernel whether a signal would be delivered, without sending one.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FAST_LIMITS, ROOT } from "./helpers";

const HIDDEN = path.join(ROOT, "exercises/hidden/fixtures/conv2d.json");

describe("each layer on its own", () => {
  it("Node's permissions: a child started with the grader's flags cannot read the fixtures, write, or spawn", () => {
    const { childExecArgv } = require(
      path.join(ROOT, "dist/grader/grade/steps/run-isolated.js"),
    ) as typeof import("../../grader/grade/steps/run-isolated");
    const script = `
      const fs = require("fs"); const out = [];
      for (const [name, f] of [["read", () => fs.readFileSync(${JSON.stringify(HIDDEN)})], ["write", () => fs.writeFileSync("/tmp/sepconv-perm.txt", "x")], ["spawn", () => require("child_process").spawnSync("true")]]) {
        try { f(); out.push(name + ":allowed"); } catch (e) { out.push(name + ":" + e.code); }
      }
      console.log(out.join(" "));`;
    const r = spawnSync(
      process.execPath,
      [...childExecArgv(FAST_LIMITS).filter((a) => !a.startsWith("--disallow")), "-e", script],
      { encoding: "utf8", env: {} },
    );
    expect(r.stdout.trim()).toBe(
      "read:ERR_ACCESS_DENIED write:ERR_ACCESS_DENIED spawn:ERR_ACCESS_DENIED",
    );
  });

  const sandbox = require(
    path.join(ROOT, "dist/grader/grade/sandbox.js"),
  ) as typeof import("../../grader/grade/sandbox");
  const layers = sandbox.sandboxLayers();
  const probe = (uid: number | null) => `
    ${uid === null ? "" : `process.setgroups([]); process.setgid(${uid}); process.setuid(${uid});`}
    const out = [];
    for (const pid of [${process.pid}, ${process.ppid}, 1]) { try { process.kill(pid, 0); out.push("reachable"); } catch (e) { out.push(e.code); } }
    console.log(out.join(" "));`;
  const run = (uid: number | null) => {
    const [cmd, ...args] = sandbox.sandboxCommand([process.execPath, "-e", probe(uid)], 10);
    return spawnSync(cmd!, args, { encoding: "utf8" });
  };

  it.skipIf(!layers.namespaces)(
    `PID namespace (${sandbox.sandboxReport()}): the grader and this test are not there to signal; PID 1 is the child itself`,
    () => {
      // Checked with the uid unchanged, so only the namespace stands in the way.
      expect(run(null).stdout.trim()).toBe("ESRCH ESRCH reachable");
    },
  );
  it.skipIf(!layers.ownUid)(
    "own uid: outside a namespace, the test process refuses the child's signals",
    () => {
      const pool = new sandbox.UidPool(0);
      const uid = pool.take();
      const r = spawnSync(process.execPath, ["-e", probe(uid)], { encoding: "utf8" });
      expect(r.stdout.trim()).toBe("EPERM EPERM EPERM");
    },
  );
  it("this machine runs the grader's children with at least one operating-system layer, or says why not", () => {
    // Root on Linux (CI, Gradescope): both layers. Elsewhere the report names what is missing.
    if (process.getuid?.() === 0 && process.platform === "linux")
      expect(layers.namespaces !== null && layers.ownUid).toBe(true);
    expect(sandbox.sandboxReport()).toMatch(/namespace|uid/);
  });
});
