// gradeAll when the course itself does not load: it rejects with the course file's error, and
// the type-check processes it started warming are closed, so the grader exits instead of hanging
// on their IPC channels.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers";

describe("gradeAll", () => {
  it("rejects when a course file is broken, and the grader's process exits", () => {
    const course = mkdtempSync(path.join(os.tmpdir(), "sepconv-broken-course-"));
    cpSync(path.join(ROOT, "exercises"), path.join(course, "exercises"), { recursive: true });
    symlinkSync(path.join(ROOT, "dist"), path.join(course, "dist"));
    symlinkSync(path.join(ROOT, "node_modules"), path.join(course, "node_modules"));
    writeFileSync(path.join(course, "exercises/fixtures/conv2d.json"), "{}");
    const script = `
      const { gradeAll } = require(${JSON.stringify(path.join(ROOT, "dist/grader/grade/pipeline.js"))});
      const { DEFAULT_LIMITS } = require(${JSON.stringify(path.join(ROOT, "dist/grader/grade/steps/run-isolated.js"))});
      gradeAll([${JSON.stringify(path.join(ROOT, "exercises"))}], { root: ${JSON.stringify(course)}, hidden: false, jobs: 2, limits: DEFAULT_LIMITS })
        .then(() => console.log("graded"), (e) => console.log("rejected: " + e.message));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 50_000 });
    expect(r.signal, "the grader did not exit").toBeNull();
    expect(r.stdout).toContain(
      `rejected: ${path.join(course, "exercises/fixtures/conv2d.json")} does not match its schema`,
    );
    expect(r.stdout).toContain("→ at schemaVersion");
  });
});
