// A class of 40 submissions (480 graded exercises), some hostile, graded in one run with two
// workers: 40 complete rows in order, nothing lost, every hostile or wrong exercise costing only
// itself. 40 hold 8 of the 16 hostile kinds (isolation.test.ts grades every kind in one batch
// with honest submissions); larger classes and throughput are the grader bench's job (npm run
// bench:grader), outside npm test's time budget.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { course } from "../../src/index";
import { type BatchEntry, makeBatch } from "./batch";
import { pipeline, ROOT } from "./helpers";

describe("a batch of 40 submissions", () => {
  it("grades to 40 complete rows, using both cores, with each problem confined to its exercise", async () => {
    const batch: BatchEntry[] = makeBatch(
      ROOT,
      mkdtempSync(path.join(os.tmpdir(), "sepconv-batch-")),
      40,
    );
    const kinds = new Set(batch.flatMap((b) => (b.hostile === undefined ? [] : [b.hostile])));
    expect(kinds.size).toBe(8);
    const stats = { children: 0, peakChildren: 0 };
    const results = await pipeline().gradeAll(
      batch.map((b) => b.dir),
      {
        root: ROOT,
        hidden: false,
        jobs: 2,
        stats,
        limits: {
          caseTimeoutMs: 1000,
          exerciseTimeoutMs: 6000,
          memoryMb: 256,
          outputBytes: 64 * 1024,
        },
      },
    );
    expect(results).toHaveLength(40);
    expect(stats.peakChildren).toBe(2);
    results.forEach((r, i) => {
      const b = batch[i]!;
      expect(r.submission).toBe(b.dir);
      expect(r.exercises).toHaveLength(course.readManifest(ROOT).exercises.length);
      for (const e of r.exercises) {
        expect(e.cases.length).toBeGreaterThan(0);
        const untouched = b.changed === null || `${e.id}.ts` !== b.changed;
        // separableConv2d and oneByOneBlock import the student's own depthwise/pointwise files.
        const dependsOnChanged =
          (e.id === "separableConv2d" &&
            (b.changed === "depthwiseConv2d.ts" || b.changed === "pointwiseConv2d.ts")) ||
          (e.id === "oneByOneBlock" && b.changed === "pointwiseConv2d.ts");
        if (untouched && !dependsOnChanged) expect(e.score, `${b.dir} ${e.id}`).toBe(e.maxScore);
        else expect(e.score, `${b.dir} ${e.id} (${b.kind})`).toBeLessThan(e.maxScore);
      }
    });
  }, 600_000);
});
