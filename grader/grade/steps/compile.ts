// Step 3, compile: each exercise's files (its own and the submission files it imports, read
// through load.ts's bounded reader) are checked against the import policy here, then
// type-checked as a whole submission and transpiled in a separate process with time and memory
// limits (compile/pool.ts). If that fails (a pathological file), each exercise is tried on its
// own, so the file costs only the exercises that import it.
import path from "node:path";
import { type Language, course } from "sepconv";
import type { CompilePool } from "../compile/pool";
import { COMPILE, say } from "../messages";
import type { Submission } from "./load";

export type Compiled =
  | { ok: true; files: Record<string, string>; entry: string }
  | { ok: false; message: string };

/** Where the import scan sees the submission; it only ever reads through the Submission. */
const ROOT = "/__submission__";

class SubmissionFileError extends Error {
  override readonly name = "SubmissionFileError";
}

/** The files each exercise needs (relative paths, its own first), or why it cannot be compiled. */
function closures(
  sub: Submission,
  manifest: course.Manifest,
  lang: Language,
): { needs: Map<string, string[]>; failed: Map<string, string>; sources: Map<string, string> } {
  const needs = new Map<string, string[]>();
  const failed = new Map<string, string>();
  const sources = new Map<string, string>();
  const read = (abs: string) => {
    const r = sub.read(path.posix.relative(ROOT, abs));
    if (!r.ok) throw new SubmissionFileError(r.problem);
    return r.text;
  };
  for (const e of manifest.exercises) {
    try {
      const files = course.collectSubmissionFiles(
        ROOT,
        path.posix.join(ROOT, e.file),
        e.allowedImports,
        read,
        lang,
      );
      const rels = [...files.keys()].map((f) => path.posix.relative(ROOT, f));
      for (const [f, text] of files) sources.set(path.posix.relative(ROOT, f), text);
      needs.set(e.id, [e.file, ...rels.filter((r) => r !== e.file)]);
    } catch (err) {
      const message =
        err instanceof course.ImportPolicyError
          ? say(COMPILE.disallowedImport, lang, err.message)
          : err instanceof SubmissionFileError
            ? err.message
            : say(COMPILE.cannotLoad, lang, (err as Error).message);
      failed.set(e.id, message);
    }
  }
  return { needs, failed, sources };
}

/** Compiles every exercise of the manifest given (the usable ones). */
export async function compileSubmission(
  sub: Submission,
  manifest: course.Manifest,
  packageRoot: string,
  pool: CompilePool,
  lang: Language = "en",
): Promise<Map<string, Compiled>> {
  const result = new Map<string, Compiled>();
  const { needs, failed, sources } = closures(sub, manifest, lang);
  for (const [id, message] of failed) result.set(id, { ok: false, message });
  if (needs.size === 0) return result;
  const request = (ids: string[]) => {
    const files = new Set(ids.flatMap((id) => needs.get(id)!));
    return {
      packageRoot,
      sources: Object.fromEntries([...files].map((f) => [f, sources.get(f)!])),
      closures: Object.fromEntries(ids.map((id) => [id, needs.get(id)!])),
      lang,
    };
  };
  const take = (
    id: string,
    c: { ok: true; files: Record<string, string> } | { ok: false; message: string } | undefined,
  ) => {
    const entry = manifest.exercises.find((e) => e.id === id)!.file;
    result.set(
      id,
      c === undefined
        ? { ok: false, message: say(COMPILE.noAnswer, lang) }
        : c.ok
          ? { ok: true, files: c.files, entry }
          : c,
    );
  };
  const ids = [...needs.keys()];
  const whole = await pool.run(request(ids));
  // A compiler crash (one file's expression nested too deep) retries like a timeout.
  if (whole.ok && (whole.reply.crashed !== true || ids.length === 1)) {
    for (const id of ids) take(id, whole.reply.results[id]);
    return result;
  }
  // One exercise at a time: only those whose files defeat the type checker lose.
  for (const id of ids) {
    const one = await pool.run(request([id]));
    take(id, one.ok ? one.reply.results[id] : { ok: false, message: one.why });
  }
  return result;
}
