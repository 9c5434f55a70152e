// The type-check process: the grader sends it a submission's sources (already read, bounded)
// and which files each exercise needs; it answers with each exercise's diagnostics or its
// transpiled JavaScript. It runs student TypeScript through the compiler only, never executes
// it, but a pathological file can make the checker run for minutes or exhaust memory, so it
// lives in its own process with a heap cap, and the grader kills it when it takes too long
// (compile/pool.ts). Long-lived: TypeScript and the library declarations load once, before it
// reports ready.
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { course } from "sepconv";
import type { CompileReply, CompileRequest, CompiledExercise } from "./protocol";
import { COMPILE, say } from "../messages";

const MAX_DIAGNOSTICS = 5;
/** Submission files live under this virtual folder; nothing there is read from disk. */
export const VIRTUAL_ROOT = "/__submission__";
const GLOBALS_FILE = "/__sepconv__/globals.d.ts";

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

/** Library and sepconv declaration files are parsed once and shared by every submission. */
const shared = new Map<string, ts.SourceFile | undefined>();

function host(
  options: ts.CompilerOptions,
  sources: Map<string, string>,
  packageRoot: string,
): ts.CompilerHost {
  const base = ts.createCompilerHost(options, true);
  // Outside the submission only the compiler's own libraries and the package's declarations
  // may be read: a triple-slash reference to /dev/zero finds nothing.
  const libDir = path.dirname(ts.getDefaultLibFilePath(options));
  const dist = path.join(packageRoot, "dist");
  const inside = (f: string) => f.startsWith(`${VIRTUAL_ROOT}/`);
  const readable = (f: string) =>
    (f.startsWith(libDir + path.sep) || (f.startsWith(dist + path.sep) && f.endsWith(".d.ts"))) &&
    base.fileExists(f);
  const globals = () => readFileSync(path.join(packageRoot, "exercises/globals.d.ts"), "utf8");
  return {
    ...base,
    fileExists: (f) => f === GLOBALS_FILE || (inside(f) ? sources.has(f) : readable(f)),
    readFile: (f) =>
      f === GLOBALS_FILE
        ? globals()
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
      if (!shared.has(fileName)) {
        const text =
          fileName === GLOBALS_FILE
            ? globals()
            : readable(fileName)
              ? base.readFile(fileName)
              : undefined;
        shared.set(
          fileName,
          text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion),
        );
      }
      return shared.get(fileName);
    },
  };
}

function formatDiagnostic(d: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return text;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${path.posix.relative(VIRTUAL_ROOT, d.file.fileName)}:${line + 1}:${character + 1}: ${text}`;
}

/** One program for the exercises asked (type errors attributed to files), then each exercise's JavaScript. */
export function compile(req: CompileRequest): CompileReply {
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
  const results: Record<string, CompiledExercise> = {};
  const lang = req.lang ?? "en";
  for (const [id, files] of Object.entries(req.closures)) {
    const errors = files.flatMap((f) => byFile.get(f) ?? []).concat(byFile.get("") ?? []);
    if (errors.length) {
      const shown = errors.slice(0, MAX_DIAGNOSTICS).join("\n");
      const more =
        errors.length > MAX_DIAGNOSTICS
          ? `\n${say(COMPILE.moreDiagnostics, lang, errors.length - MAX_DIAGNOSTICS)}`
          : "";
      results[id] = { ok: false, message: say(COMPILE.doesNotCompile, lang, `${shown}${more}`) };
      continue;
    }
    results[id] = {
      ok: true,
      files: Object.fromEntries(
        course.transpileSubmission(new Map(files.map((f) => [f, req.sources[f]!]))),
      ),
    };
  }
  return { results };
}

if (require.main === module) {
  // Load TypeScript and parse the library declarations before saying ready: the grader starts a
  // submission's time limit only then, so a cold start on a busy machine costs no one marks.
  const warmUp = 'import { Tensor } from "sepconv";\nexport const t: Tensor | null = null;\n';
  compile({
    packageRoot: process.argv[2]!,
    sources: { "warm-up.ts": warmUp },
    closures: { warmUp: ["warm-up.ts"] },
  });
  process.send!({ ready: true });
  process.on("message", (req: CompileRequest) => {
    let reply: CompileReply;
    try {
      reply = compile(req);
    } catch (e) {
      // The compiler itself failed (deep recursion in a pathological file): every exercise asked.
      const message = say(
        COMPILE.notTypeChecked,
        req.lang ?? "en",
        (e as Error).message.split("\n")[0]!,
      );
      reply = {
        results: Object.fromEntries(
          Object.keys(req.closures).map((id) => [id, { ok: false, message }]),
        ),
      };
    }
    process.send!(reply);
  });
}
