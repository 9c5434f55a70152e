// Loads a submission's exercise file: checks its imports (and those of every submission file it
// imports), transpiles TypeScript to CommonJS and evaluates it with a require() that only knows
// the submission's own files and "sepconv". Used by check() in notebooks and, inside its
// isolated child process, by the grader.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import ts from "typescript";
import { type ImportViolation, scanImports } from "./imports";

export class ImportPolicyError extends Error {
  override readonly name = "ImportPolicyError";
  readonly violations: readonly ImportViolation[];
  constructor(violations: readonly ImportViolation[]) {
    super(violations.map((v) => `${v.file}:${v.line}: ${v.message}`).join("\n"));
    this.violations = violations;
  }
}

export class MissingFileError extends Error {
  override readonly name = "MissingFileError";
}

export const TRANSPILE_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  sourceMap: false,
  inlineSourceMap: false,
};

/**
 * Scans `entryFile` and every submission file it imports; returns the sources by path.
 * Throws ImportPolicyError listing every violation.
 */
export function collectSubmissionFiles(root: string, entryFile: string, allowed: Readonly<Record<string, readonly string[]>>): Map<string, string> {
  const sources = new Map<string, string>();
  const violations: ImportViolation[] = [];
  const pending = [path.resolve(root, entryFile)];
  while (pending.length) {
    const file = pending.pop()!;
    if (sources.has(file)) continue;
    if (!existsSync(file)) throw new MissingFileError(`${path.relative(root, file)} is missing from the submission`);
    const source = readFileSync(file, "utf8");
    sources.set(file, source);
    const scan = scanImports(root, file, source, allowed);
    violations.push(...scan.violations);
    pending.push(...scan.relative.map((r) => r.resolved));
  }
  if (violations.length) throw new ImportPolicyError(violations);
  return sources;
}

/** Evaluates the collected files as CommonJS modules; returns the entry file's exports. */
export function evaluateSubmission(sources: Map<string, string>, entryFile: string, sepconv: unknown): Record<string, unknown> {
  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const load = (file: string): Record<string, unknown> => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const source = sources.get(file);
    if (source === undefined) throw new MissingFileError(`${path.basename(file)} is not part of the submission`);
    const js = ts.transpileModule(source, { compilerOptions: TRANSPILE_OPTIONS, fileName: file }).outputText;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module);
    const localRequire = (specifier: string): unknown => {
      if (specifier === "sepconv") return sepconv;
      if (specifier.startsWith("./") || specifier.startsWith("../")) {
        const base = path.resolve(path.dirname(file), specifier);
        return load(base.endsWith(".ts") ? base : `${base}.ts`);
      }
      throw new ImportPolicyError([{ file: path.basename(file), line: 0, message: `disallowed import "${specifier}"` }]);
    };
    const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${js}\n})`, { filename: file });
    wrapper(module.exports, localRequire, module, file, path.dirname(file));
    return module.exports;
  };
  return load(entryFile);
}

/** collect + evaluate: the module exports of a submission's exercise file. */
export function loadExerciseModule(root: string, file: string, allowed: Readonly<Record<string, readonly string[]>>, sepconv: unknown): Record<string, unknown> {
  const entry = path.resolve(root, file);
  return evaluateSubmission(collectSubmissionFiles(root, entry, allowed), entry, sepconv);
}
