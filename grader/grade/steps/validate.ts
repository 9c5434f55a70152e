// Step 2, validate: the submission's exercise files, checked with zod before anything reads
// them as code — present, a sane size, UTF-8 text.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { course } from "sepconv";

export const MAX_SOURCE_BYTES = 256 * 1024;

const SourceFile = z.object({
  file: z.string(),
  bytes: z.number().int().max(MAX_SOURCE_BYTES, `is larger than ${MAX_SOURCE_BYTES / 1024} KB`),
  text: z.string().refine((t) => !t.includes("\uFFFD"), "is not UTF-8 text"),
});

/** exercise id -> null when its file is usable, or what is wrong with it. */
export function validateSubmission(dir: string, manifest: course.Manifest): Map<string, string | null> {
  const problems = new Map<string, string | null>();
  for (const e of manifest.exercises) {
    const file = path.join(dir, e.file);
    if (!existsSync(file)) {
      problems.set(e.id, `${e.file} is missing from the submission`);
      continue;
    }
    const bytes = statSync(file).size;
    const parsed = SourceFile.safeParse({ file: e.file, bytes, text: bytes <= MAX_SOURCE_BYTES ? readFileSync(file, "utf8") : "" });
    problems.set(e.id, parsed.success ? null : `${e.file} ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  return problems;
}
