// Grading real submissions from tests: the built grader (dist/grader) is what runs, since the
// isolated child processes load compiled JavaScript.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { course } from "../../src/index";

export const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist/grader/grade");

export type Pipeline = typeof import("../../grader/grade/pipeline");
export const pipeline = (): Pipeline => require(path.join(DIST, "pipeline.js")) as Pipeline;

/** A submission folder: the instructor's exercise files with some replaced. */
export function submission(
  replace: Record<string, string> = {},
  base = path.join(ROOT, "exercises"),
): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sepconv-sub-"));
  for (const e of course.readManifest(ROOT).exercises)
    cpSync(path.join(base, e.file), path.join(dir, e.file));
  for (const [file, source] of Object.entries(replace)) writeFileSync(path.join(dir, file), source);
  return dir;
}

export function hostile(name: string, substitutions: Record<string, string> = {}): string {
  let text = readFileSync(path.join(ROOT, "test/fixtures/hostile", name), "utf8");
  for (const [k, v] of Object.entries(substitutions)) text = text.split(k).join(v);
  return text;
}

export const FAST_LIMITS = {
  caseTimeoutMs: 3000,
  exerciseTimeoutMs: 12000,
  memoryMb: 256,
  outputBytes: 64 * 1024,
};
