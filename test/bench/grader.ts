// `npm run bench:grader`: grading throughput on this machine. Grades a synthetic class
// (test/grader/batch.ts: references, wrong solutions, stubs, hostile code) with every core, then
// one full submission alone, and prints submissions per minute, seconds per submission and the
// grader's peak resident memory. Results also go to build/bench/grader.json.
//
// A benchmark script, not part of the grader: it compiles with test/bench/tsconfig.json to
// build/bench-js/ and runs the built grader in dist/grader, whose child processes load compiled
// JavaScript from there.
//
//   npm run bench:grader -- [submissions (default 200)]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeBatch } from "../grader/batch";

type Pipeline = typeof import("../../grader/grade/pipeline");
type RunIsolated = typeof import("../../grader/grade/steps/run-isolated");

async function main(): Promise<void> {
  const root = path.dirname(require.resolve("sepconv/package.json"));
  const { gradeAll } = require(path.join(root, "dist/grader/grade/pipeline.js")) as Pipeline;
  const { DEFAULT_LIMITS } = require(
    path.join(root, "dist/grader/grade/steps/run-isolated.js"),
  ) as RunIsolated;
  const n = Number(process.argv[2] ?? 200);
  const jobs = os.availableParallelism();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "sepconv-bench-"));
  const batch = makeBatch(root, tmp, n);
  const limits = { ...DEFAULT_LIMITS, caseTimeoutMs: 2000, exerciseTimeoutMs: 20_000 };

  // One full submission alone (hidden cases included), three times: the median.
  const single: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await gradeAll([path.join(root, "exercises")], { root, hidden: true, jobs, limits });
    single.push((performance.now() - t0) / 1000);
  }
  single.sort((a, b) => a - b);

  const stats = { children: 0, peakChildren: 0 };
  const t0 = performance.now();
  const results = await gradeAll(
    batch.map((b) => b.dir),
    {
      root,
      hidden: true,
      jobs,
      limits,
      stats,
      onProgress: (d, t) => d % 20 === 0 && process.stderr.write(`  ${d}/${t}\n`),
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const complete = results.filter((r) => r.exercises.length === 9).length;
  const report = {
    submissions: n,
    jobs,
    completeRows: complete,
    childProcesses: stats.children,
    peakConcurrentChildren: stats.peakChildren,
    batchSeconds: +seconds.toFixed(2),
    submissionsPerMinute: +((n / seconds) * 60).toFixed(1),
    singleSubmissionSeconds: +single[1]!.toFixed(2),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    mix: Object.fromEntries(
      ["reference", "wrong", "stub", "hostile"].map((k) => [
        k,
        batch.filter((b) => b.kind === k).length,
      ]),
    ),
  };
  console.log(`grader benchmark (${os.cpus()[0]?.model ?? "cpu"}, ${jobs} jobs)`);
  console.log(
    `  batch: ${n} submissions (${JSON.stringify(report.mix)}) in ${report.batchSeconds} s = ${report.submissionsPerMinute} submissions/minute`,
  );
  console.log(
    `  rows complete: ${complete}/${n}; child processes: ${stats.children}, at most ${stats.peakChildren} at once`,
  );
  console.log(
    `  one full submission alone (public + hidden): ${report.singleSubmissionSeconds} s (median of 3)`,
  );
  console.log(`  grader peak RSS: ${report.peakRssMb} MB`);
  mkdirSync(path.join(root, "build/bench"), { recursive: true });
  writeFileSync(path.join(root, "build/bench/grader.json"), `${JSON.stringify(report, null, 2)}\n`);
  rmSync(tmp, { recursive: true, force: true });
}

void main();
