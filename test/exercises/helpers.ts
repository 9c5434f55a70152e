// A course folder in a temp dir: the instructor's manifest and fixtures, with exercise files
// of our choosing (reference, stub, wrong), so check() and the grader can be run on it.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
const WRONG = path.join(ROOT, "test/fixtures/wrong-solutions");

export function courseCopy(replace: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sepconv-course-"));
  cpSync(path.join(ROOT, "exercises"), path.join(dir, "exercises"), { recursive: true });
  for (const [file, source] of Object.entries(replace))
    writeFileSync(path.join(dir, "exercises", file), source);
  return dir;
}

export function wrongSolution(name: string): string {
  return readFileSync(path.join(WRONG, name), "utf8");
}
