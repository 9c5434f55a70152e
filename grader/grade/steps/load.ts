// Step 1, load: a submission is a folder laid out like the release's exercises/, a whole
// student release (exercises/ inside), or a .zip of either. Finds the folder that holds the
// exercise files; a .zip is extracted to a temporary folder first.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { course } from "sepconv";
import { extractZip } from "../zip";

export interface LoadedSubmission {
  label: string;
  /** The folder holding the exercise .ts files, or null when none was found. */
  dir: string | null;
  problem: string | null;
  cleanup: () => void;
}

function holdsExercises(dir: string, manifest: course.Manifest): boolean {
  return manifest.exercises.some((e) => existsSync(path.join(dir, e.file)));
}

/** The exercises folder inside `dir`: itself, dir/exercises, or the single folder a zip wraps it in. */
function locate(dir: string, manifest: course.Manifest, depth = 0): string | null {
  if (holdsExercises(dir, manifest)) return dir;
  if (existsSync(path.join(dir, "exercises")) && holdsExercises(path.join(dir, "exercises"), manifest)) return path.join(dir, "exercises");
  if (depth > 0) return null;
  const subdirs = readdirSync(dir).filter((n) => !n.startsWith(".") && n !== "__MACOSX" && statSync(path.join(dir, n)).isDirectory());
  return subdirs.length === 1 ? locate(path.join(dir, subdirs[0]!), manifest, depth + 1) : null;
}

export async function loadSubmission(label: string, manifest: course.Manifest): Promise<LoadedSubmission> {
  const none = { label, dir: null, cleanup: () => {} };
  const full = path.resolve(label);
  if (!existsSync(full)) return { ...none, problem: `${label} does not exist` };
  let dir = full;
  let cleanup = () => {};
  if (statSync(full).isFile()) {
    if (!full.toLowerCase().endsWith(".zip")) return { ...none, problem: `${label} is a file but not a .zip archive` };
    const tmp = mkdtempSync(path.join(os.tmpdir(), "sepconv-zip-"));
    cleanup = () => rmSync(tmp, { recursive: true, force: true });
    try {
      await extractZip(full, tmp);
    } catch (e) {
      cleanup();
      return { ...none, problem: `${label} could not be extracted: ${(e as Error).message}` };
    }
    dir = tmp;
  }
  const found = locate(dir, manifest);
  if (found === null) {
    return { label, dir: null, cleanup, problem: `no exercise files (${manifest.exercises.map((e) => e.file).join(", ")}) found in ${label}` };
  }
  return { label, dir: found, problem: null, cleanup };
}
