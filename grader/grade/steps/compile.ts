// Step 3, compile: each exercise's files (its own and the submission files it imports) are
// checked against the import policy, type-checked as a whole submission, and transpiled to
// JavaScript for the isolated run. A problem in one exercise's files costs that exercise only.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { course } from "sepconv";

export type Compiled =
  | { ok: true; files: Record<string, string>; entry: string }
  | { ok: false; message: string };

const MAX_DIAGNOSTICS = 5;

/** Library and sepconv declaration files are parsed once and shared by every submission. */
const sharedSourceFiles = new Map<string, ts.SourceFile>();

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

/** The grader's own copy of exercises/globals.d.ts (console), never the submission's. */
const GLOBALS_FILE = "/__sepconv__/globals.d.ts";
let globalsSource: ts.SourceFile | undefined;

function host(options: ts.CompilerOptions, submissionDir: string, packageRoot: string): ts.CompilerHost {
  const base = ts.createCompilerHost(options, true);
  const inside = (f: string) => !path.relative(submissionDir, f).startsWith("..");
  return {
    ...base,
    fileExists: (f) => f === GLOBALS_FILE || base.fileExists(f),
    getSourceFile(fileName, languageVersion, onError, shouldCreate) {
      if (fileName === GLOBALS_FILE) {
        globalsSource ??= ts.createSourceFile(GLOBALS_FILE, readFileSync(path.join(packageRoot, "exercises/globals.d.ts"), "utf8"), languageVersion);
        return globalsSource;
      }
      if (inside(fileName)) return base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
      let sf = sharedSourceFiles.get(fileName);
      if (!sf) {
        sf = base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
        if (sf) sharedSourceFiles.set(fileName, sf);
      }
      return sf;
    },
  };
}

function formatDiagnostic(d: ts.Diagnostic, dir: string): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return text;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${path.relative(dir, d.file.fileName)}:${line + 1}:${character + 1}: ${text}`;
}

/** Compiles every exercise of a submission found in `dir`. */
export function compileSubmission(dir: string, manifest: course.Manifest, packageRoot: string): Map<string, Compiled> {
  const result = new Map<string, Compiled>();
  const closures = new Map<string, Map<string, string>>();
  for (const e of manifest.exercises) {
    const entry = path.join(dir, e.file);
    if (!existsSync(entry)) {
      result.set(e.id, { ok: false, message: `${e.file} is missing from the submission` });
      continue;
    }
    try {
      closures.set(e.id, course.collectSubmissionFiles(dir, entry, e.allowedImports));
    } catch (err) {
      const policy = err instanceof course.ImportPolicyError;
      result.set(e.id, { ok: false, message: `${policy ? "disallowed import" : "cannot load"}: ${(err as Error).message}` });
    }
  }
  // One program for the whole submission: type errors are then attributed to files.
  const roots = [...new Set([...closures.values()].flatMap((m) => [...m.keys()]))];
  const byFile = new Map<string, string[]>();
  if (roots.length) {
    const options = compilerOptions(packageRoot);
    const program = ts.createProgram({ rootNames: [...roots, GLOBALS_FILE], options, host: host(options, dir, packageRoot) });
    const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
    for (const d of diagnostics) {
      const file = d.file?.fileName ?? "";
      byFile.set(file, [...(byFile.get(file) ?? []), formatDiagnostic(d, dir)]);
    }
  }
  for (const [id, sources] of closures) {
    const errors = [...sources.keys()].flatMap((f) => byFile.get(path.resolve(f)) ?? byFile.get(f) ?? []);
    if (errors.length) {
      const shown = errors.slice(0, MAX_DIAGNOSTICS).join("\n");
      const more = errors.length > MAX_DIAGNOSTICS ? `\n(${errors.length - MAX_DIAGNOSTICS} more)` : "";
      result.set(id, { ok: false, message: `does not compile:\n${shown}${more}` });
      continue;
    }
    const js = course.transpileSubmission(sources);
    const files: Record<string, string> = {};
    // The child sees paths relative to the submission only.
    for (const [file, code] of js) files[path.relative(dir, file)] = code;
    result.set(id, { ok: true, files, entry: path.relative(dir, path.join(dir, manifest.exercises.find((e) => e.id === id)!.file)) });
  }
  return result;
}
