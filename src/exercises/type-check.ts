// The type check of a submission's exercise files, the same for check() and the grader (whose
// type-check process runs it with time and memory limits): strict TypeScript against the
// engine's declarations, errors attributed to the exercises whose files hold them, and each
// exercise that passes transpiled. Only the submission's own sources (given as text), the
// compiler's libraries and the package's declarations can be read: a triple-slash reference to
// /dev/zero finds nothing.
import path from "node:path";
import ts from "typescript";
import type { Language } from "../i18n";
import { transpileSubmission } from "./loader";
import { TYPES, say } from "./messages";

const MAX_DIAGNOSTICS = 5;
/** Submission files live under this virtual folder; nothing there is read from disk. */
const VIRTUAL_ROOT = "/__submission__";
const GLOBALS_FILE = "/__sepconv__/globals.d.ts";

/** The globals an exercise file may use besides "sepconv" (the runtime gives it console only:
 *  evaluate.ts). Kept here, not read from a course folder, so that a student who edits their
 *  exercises/globals.d.ts (the copy their editor reads, equal to this: tested) gets from check()
 *  the type check the grader gives. */
export const EXERCISE_GLOBALS = `declare const console: {
  log(...values: unknown[]): void;
  error(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  info(...values: unknown[]): void;
  table(data: unknown): void;
};
`;

export interface TypeCheckRequest {
  /** The package whose dist/index.d.ts is "sepconv". */
  packageRoot: string;
  /** Path relative to the exercises folder -> source, for every file any exercise asked needs. */
  sources: Record<string, string>;
  /** Exercise id -> the files it needs (its own first). */
  closures: Record<string, string[]>;
  /** The language of the messages (default "en"). */
  lang?: Language;
}

export type TypeChecked =
  | { ok: true; files: Record<string, string> }
  /** `message`: "does not compile:" and `diagnostics`, the first few TypeScript errors. */
  | { ok: false; message: string; diagnostics: string };

function compilerOptions(packageRoot: string): ts.CompilerOptions {
  return {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ["lib.es2022.d.ts"],
    types: [],
    skipLibCheck: true,
    noImplicitReturns: true,
    // Unfinished work still compiles: unused parameters and locals are not errors.
    noUnusedLocals: false,
    noUnusedParameters: false,
    baseUrl: packageRoot,
    paths: { sepconv: [path.join(packageRoot, "dist/index.d.ts")] },
  };
}

/** Library and sepconv declaration files are parsed once per process and shared by every check. */
const shared = new Map<string, ts.SourceFile | undefined>();

function host(
  options: ts.CompilerOptions,
  sources: Map<string, string>,
  packageRoot: string,
): ts.CompilerHost {
  const base = ts.createCompilerHost(options, true);
  const libDir = path.dirname(ts.getDefaultLibFilePath(options));
  const dist = path.join(packageRoot, "dist");
  const inside = (f: string) => f.startsWith(`${VIRTUAL_ROOT}/`);
  const readable = (f: string) =>
    (f.startsWith(libDir + path.sep) || (f.startsWith(dist + path.sep) && f.endsWith(".d.ts"))) &&
    base.fileExists(f);
  return {
    ...base,
    fileExists: (f) => f === GLOBALS_FILE || (inside(f) ? sources.has(f) : readable(f)),
    readFile: (f) =>
      f === GLOBALS_FILE
        ? EXERCISE_GLOBALS
        : inside(f)
          ? sources.get(f)
          : readable(f)
            ? base.readFile(f)
            : undefined,
    directoryExists: (d) =>
      d === VIRTUAL_ROOT ||
      d.startsWith(`${VIRTUAL_ROOT}/`) ||
      d.startsWith(libDir) ||
      d.startsWith(dist),
    getDirectories: () => [],
    realpath: (f) => f,
    getSourceFile(fileName, languageVersion) {
      if (inside(fileName)) {
        const text = sources.get(fileName);
        return text === undefined
          ? undefined
          : ts.createSourceFile(fileName, text, languageVersion);
      }
      const key = `${packageRoot}\0${fileName}`;
      if (!shared.has(key)) {
        const text =
          fileName === GLOBALS_FILE
            ? EXERCISE_GLOBALS
            : readable(fileName)
              ? base.readFile(fileName)
              : undefined;
        shared.set(
          key,
          text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion),
        );
      }
      return shared.get(key);
    },
  };
}

function formatDiagnostic(d: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return text;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${path.posix.relative(VIRTUAL_ROOT, d.file.fileName)}:${line + 1}:${character + 1}: ${text}`;
}

/** One program for the exercises asked (type errors attributed to files), then each exercise's
 *  JavaScript, or its first diagnostics. Throws only if the compiler itself fails. */
export function typeCheckSubmission(req: TypeCheckRequest): Record<string, TypeChecked> {
  const sources = new Map(
    Object.entries(req.sources).map(([rel, text]) => [path.posix.join(VIRTUAL_ROOT, rel), text]),
  );
  const options = compilerOptions(req.packageRoot);
  const roots = [...new Set(Object.values(req.closures).flat())].map((rel) =>
    path.posix.join(VIRTUAL_ROOT, rel),
  );
  const program = ts.createProgram({
    rootNames: [...roots, GLOBALS_FILE],
    options,
    host: host(options, sources, req.packageRoot),
  });
  const byFile = new Map<string, string[]>();
  for (const d of [
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ]) {
    const file = d.file ? path.posix.relative(VIRTUAL_ROOT, d.file.fileName) : "";
    byFile.set(file, [...(byFile.get(file) ?? []), formatDiagnostic(d)]);
  }
  const results: Record<string, TypeChecked> = {};
  const lang = req.lang ?? "en";
  for (const [id, files] of Object.entries(req.closures)) {
    const errors = files.flatMap((f) => byFile.get(f) ?? []).concat(byFile.get("") ?? []);
    if (errors.length) {
      const shown = errors.slice(0, MAX_DIAGNOSTICS).join("\n");
      const more =
        errors.length > MAX_DIAGNOSTICS
          ? `\n${say(TYPES.moreDiagnostics, lang, errors.length - MAX_DIAGNOSTICS)}`
          : "";
      const diagnostics = `${shown}${more}`;
      results[id] = {
        ok: false,
        message: say(TYPES.doesNotCompile, lang, diagnostics),
        diagnostics,
      };
      continue;
    }
    results[id] = {
      ok: true,
      files: Object.fromEntries(
        transpileSubmission(new Map(files.map((f) => [f, req.sources[f]!]))),
      ),
    };
  }
  return results;
}
