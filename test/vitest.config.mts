import { defineConfig } from "vitest/config";

// The kernels come in two builds: relaxed SIMD (fused multiply-add), which the engine uses on
// every supported Node (Node 20 by V8's flag, src/kernels/wasm.ts), and plain SIMD
// (SEPCONV_NO_RELAXED_SIMD=1). The whole suite runs on the first; the op equivalence tests and
// the backward kernels' tests (test/grad/fast.test.ts) run a second time on the plain build, so
// both builds are held to the reference.
const other = {
  name: "plain-simd",
  env: { SEPCONV_NO_RELAXED_SIMD: "1", SEPCONV_EXPECT_VARIANT: "simd" },
};

/** Left out of a partial run (test/other-node-versions.mjs sets it): vitest's --exclude does not
 *  reach a project that sets its own exclude. */
const LEFT_OUT = (process.env.SEPCONV_TEST_EXCLUDE ?? "").split(",").filter((f) => f !== "");

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // The JSON report is what .ci/run reads for its "N passed, M failed" line.
    reporters: ["default", "json"],
    outputFile: { json: "build/test-results/vitest.json" },
    // Both cores, two files at a time, the suites that grade, install or run Jupyter/Chromium
    // through child processes among the others: they spend much of their time waiting on those
    // children (a run that gave them a lane of their own, one file at a time, kept 1.15 cores busy
    // and took longer: vitest runs a project with other worker settings after the rest).
    maxWorkers: 2,
    // The files of a worker share imported modules instead of importing the package, TensorFlow.js
    // and TypeScript afresh for each file (imports took a third of the workers' time);
    // test/setup.ts resets, before each file, the shared state a file may change.
    isolate: false,
    setupFiles: ["test/setup.ts"],
    projects: [
      {
        extends: true,
        test: { name: "default", root: ".", include: ["test/**/*.test.ts"], exclude: LEFT_OUT },
      },
      {
        extends: true,
        test: {
          name: other.name,
          root: ".",
          include: ["test/ops/equivalence.test.ts", "test/grad/fast.test.ts"],
          env: other.env,
        },
      },
    ],
  },
});
