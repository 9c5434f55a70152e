// The type-check pool's time limit covers the type check only: a process's start-up (loading
// TypeScript, parsing the declarations: over a second here, several on a busy machine) is never
// charged to a submission, and a process killed for a slow check is replaced before the next.
// Before this, a batch on a loaded machine gave an honest exercise 0 after a classmate's slow
// type check (its per-exercise retry ran on a cold process).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CompilePool as Pool } from "../../grader/grade/compile/pool";
import { ROOT } from "./helpers";

const { CompilePool } = require(path.join(ROOT, "dist/grader/grade/compile/pool.js")) as {
  CompilePool: typeof Pool;
};

const pools: Pool[] = [];
afterAll(() => {
  for (const p of pools) p.close();
});

/** A pool whose limit is far below a cold start but far above a small check (about 20-300 ms). */
function pool(): Pool {
  const p = new CompilePool(1, ROOT, { timeoutMs: 1000, memoryMb: 1536 });
  pools.push(p);
  return p;
}

const request = (source: string) => ({
  packageRoot: ROOT,
  sources: { "conv2d.ts": source },
  closures: { conv2d: ["conv2d.ts"] },
});
const small = 'import { Tensor } from "sepconv";\nexport const t: Tensor | null = null;\n';
const typeError = "export const n: number = 'one';\n";
const slow = readFileSync(path.join(ROOT, "test/fixtures/hostile/slow-type-check.ts"), "utf8");

describe("compile pool: the time limit", () => {
  it("does not count a cold process's start-up", async () => {
    const r = await pool().run(request(small));
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it("kills a slow type check and answers the next request on a fresh process", async () => {
    const p = pool();
    const first = await p.run(request(slow));
    expect(first).toEqual({ ok: false, why: "type check took longer than 1 s" });
    const next = await p.run(request(typeError));
    expect(next.ok, JSON.stringify(next)).toBe(true);
    if (!next.ok) return;
    expect(next.reply.results.conv2d).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^does not compile:\nconv2d\.ts:1:14: Type 'string' is not assignable to type 'number'/,
      ),
    });
  });
});
