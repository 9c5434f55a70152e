import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: ".",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // The JSON report is what .ci/run reads for its "N passed, M failed" line.
    reporters: ["default", "json"],
    outputFile: { json: "build/test-results/vitest.json" },
  },
});
