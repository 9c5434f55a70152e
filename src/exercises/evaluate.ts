// Evaluates a submission's already-transpiled JavaScript files as CommonJS modules, with a
// require() that knows only the submission's own files and "sepconv". No TypeScript compiler
// here: the grader's isolated child process loads this file and nothing heavier.
import path from "node:path";
import vm from "node:vm";
import type { ImportViolation } from "./imports";
import { language } from "../i18n";
import { FILES, say } from "./messages";

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

/** Evaluates transpiled files as CommonJS modules; returns the entry file's exports. */
export function evaluateModules(
  sources: Map<string, string>,
  entryFile: string,
  sepconv: unknown,
): Record<string, unknown> {
  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const load = (file: string): Record<string, unknown> => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const source = sources.get(file);
    if (source === undefined)
      throw new MissingFileError(say(FILES.notPart, language(), path.basename(file)));
    const js = source;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module);
    const localRequire = (specifier: string): unknown => {
      if (specifier === "sepconv") return sepconv;
      if (specifier.startsWith("./") || specifier.startsWith("../")) {
        const base = path.resolve(path.dirname(file), specifier);
        return load(base.endsWith(".ts") ? base : `${base}.ts`);
      }
      throw new ImportPolicyError([
        { file: path.basename(file), line: 0, message: `disallowed import "${specifier}"` },
      ]);
    };
    const wrapper = vm.runInThisContext(
      `(function (exports, require, module, __filename, __dirname) {${js}\n})`,
      { filename: file },
    );
    wrapper(module.exports, localRequire, module, file, path.dirname(file));
    return module.exports;
  };
  return load(entryFile);
}
