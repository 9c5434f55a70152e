// Loads a submission's exercise file: checks its imports (and those of every submission file it
// imports), transpiles TypeScript to CommonJS and evaluates it with a require() that only knows
// the submission's own files and "sepconv". Used by check() in notebooks and, inside its
// isolated child process, by the grader.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ImportPolicyError, MissingFileError, evaluateModules } from "./evaluate";
import { type Language, language } from "../i18n";
import { FILES, say } from "./messages";

export { ImportPolicyError, MissingFileError };
import { type ImportViolation, scanImports } from "./imports";

export const TRANSPILE_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  sourceMap: false,
  inlineSourceMap: false,
};

/** Reads a submission file by absolute path; throws (MissingFileError or another Error with the reason) when it cannot be used. */
export type SourceReader = (file: string) => string;

/** A submission file that exists but cannot be used (too large, not UTF-8). */
export class UnusableFileError extends Error {
  override readonly name = "UnusableFileError";
}

/** The largest exercise file read (the grader's limit, which check() applies too). */
export const SUBMISSION_FILE_BYTES = 256 * 1024;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** A submission file's bytes as text, or why they cannot be used: the same rule for check() and
 *  the grader. A fatal decoder: a file may hold U+FFFD itself; bytes that are not UTF-8 (a
 *  Latin-1 or GBK comment) are refused rather than silently replaced. */
export function decodeSubmissionFile(
  bytes: Uint8Array,
  shown: string,
  lang: Language = language(),
): { ok: true; text: string } | { ok: false; problem: string } {
  if (bytes.length > SUBMISSION_FILE_BYTES)
    return { ok: false, problem: say(FILES.tooLarge, lang, shown, SUBMISSION_FILE_BYTES / 1024) };
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    return { ok: false, problem: say(FILES.notUtf8, lang, shown) };
  }
}

const readFromDisk =
  (root: string, lang: Language): SourceReader =>
  (file) => {
    const shown = path.relative(root, file);
    if (!existsSync(file)) throw new MissingFileError(say(FILES.missing, lang, shown));
    const r = decodeSubmissionFile(readFileSync(file), shown, lang);
    if (!r.ok) throw new UnusableFileError(r.problem);
    return r.text;
  };

/**
 * Scans `entryFile` and every submission file it imports; returns the sources by path.
 * Throws ImportPolicyError listing every violation. The grader passes its own bounded reader.
 */
export function collectSubmissionFiles(
  root: string,
  entryFile: string,
  allowed: Readonly<Record<string, readonly string[]>>,
  read?: SourceReader,
  lang: Language = language(),
): Map<string, string> {
  const readSource = read ?? readFromDisk(root, lang);
  const sources = new Map<string, string>();
  const violations: ImportViolation[] = [];
  const pending = [path.resolve(root, entryFile)];
  while (pending.length) {
    const file = pending.pop()!;
    if (sources.has(file)) continue;
    const source = readSource(file);
    sources.set(file, source);
    const scan = scanImports(root, file, source, allowed, lang);
    violations.push(...scan.violations);
    pending.push(...scan.relative.map((r) => r.resolved));
  }
  if (violations.length) throw new ImportPolicyError(violations);
  return sources;
}

/** TypeScript -> CommonJS JavaScript for every collected file (no type checking). */
export function transpileSubmission(sources: Map<string, string>): Map<string, string> {
  const js = new Map<string, string>();
  for (const [file, source] of sources)
    js.set(
      file,
      ts.transpileModule(source, { compilerOptions: TRANSPILE_OPTIONS, fileName: file }).outputText,
    );
  return js;
}

/** collect + evaluate: the module exports of a submission's exercise file. */
export function loadExerciseModule(
  root: string,
  file: string,
  allowed: Readonly<Record<string, readonly string[]>>,
  sepconv: unknown,
  lang: Language = language(),
): Record<string, unknown> {
  const entry = path.resolve(root, file);
  return evaluateModules(
    transpileSubmission(collectSubmissionFiles(root, entry, allowed, undefined, lang)),
    entry,
    sepconv,
  );
}
