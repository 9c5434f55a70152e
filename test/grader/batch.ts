// A synthetic class for the grader's batch test and benchmark: copies of the reference
// solutions, the deliberately wrong solutions, released stubs and hostile submissions, mixed
// deterministically. Each folder is laid out like the release's exercises/.
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { course } from "sepconv";
import { stubSolutions } from "../../grader/release/stub-solutions";

export interface BatchEntry {
  dir: string;
  kind: "reference" | "wrong" | "stub" | "hostile";
  /** The exercise file replaced (none for reference). */
  changed: string | null;
  /** The hostile fixture written in its place (hostile entries only). */
  hostile?: string;
}

/** Hostile behaviours cheap enough for a batch (the slow ones: infinite loop, memory bombs). */
const HOSTILE = [
  "exit-in-call.ts",
  "exit-at-import.ts",
  "throw-at-import.ts",
  "read-hidden.ts",
  "write-file.ts",
  "spawn-process.ts",
  "network.ts",
  "patch-globals.ts",
  "proxy-result.ts",
  "wrong-shape.ts",
  "nan.ts",
  "syntax-error.ts",
  "type-error.ts",
  "console-flood.ts",
  "infinite-loop.ts",
  "memory-bomb-typed.ts",
];

export function makeBatch(root: string, outDir: string, n: number): BatchEntry[] {
  const manifest = course.readManifest(root);
  const wrongDir = path.join(root, "test/fixtures/wrong-solutions");
  const hostileDir = path.join(root, "test/fixtures/hostile");
  const wrong = readdirSync(wrongDir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const entries: BatchEntry[] = [];
  for (let i = 0; i < n; i++) {
    const dir = path.join(outDir, `student-${String(i + 1).padStart(3, "0")}`);
    mkdirSync(dir, { recursive: true });
    for (const e of manifest.exercises)
      cpSync(path.join(root, "exercises", e.file), path.join(dir, e.file));
    let entry: BatchEntry = { dir, kind: "reference", changed: null };
    const pick = i % 10;
    if (pick < 4) {
      // reference solution
    } else if (pick < 7) {
      const file = wrong[i % wrong.length]!;
      const target = `${file.split(".")[0]}.ts`;
      writeFileSync(path.join(dir, target), readFileSync(path.join(wrongDir, file), "utf8"));
      entry = { dir, kind: "wrong", changed: target };
    } else if (pick < 8) {
      const e = manifest.exercises[i % manifest.exercises.length]!;
      writeFileSync(
        path.join(dir, e.file),
        stubSolutions(readFileSync(path.join(root, "exercises", e.file), "utf8"), e.id, e.file),
      );
      entry = { dir, kind: "stub", changed: e.file };
    } else {
      const file = HOSTILE[i % HOSTILE.length]!;
      const text = readFileSync(path.join(hostileDir, file), "utf8")
        .split("PORT")
        .join("9")
        .split("HIDDEN_PATH")
        .join(path.join(root, "exercises/hidden/fixtures/conv2d.json"));
      writeFileSync(path.join(dir, "conv2d.ts"), text);
      entry = { dir, kind: "hostile", changed: "conv2d.ts", hostile: file };
    }
    entries.push(entry);
  }
  return entries;
}
