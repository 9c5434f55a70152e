// Step 2, validate: each exercise's own file is present, a regular file, within the size limit
// and UTF-8 text (load.ts's bounded reader checks all of that) before anything reads it as code.
import type { course } from "sepconv";
import type { Submission } from "./load";

/** exercise id -> null when its file is usable, or what is wrong with it. */
export function validateSubmission(
  submission: Submission,
  manifest: course.Manifest,
): Map<string, string | null> {
  const problems = new Map<string, string | null>();
  for (const e of manifest.exercises) {
    const r = submission.read(e.file);
    problems.set(e.id, r.ok ? null : r.problem);
  }
  return problems;
}
