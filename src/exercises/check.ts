// check("conv2d") in a notebook: loads the student's exercises/conv2d.ts (import policy and type
// check as the grader's), runs its public cases in this process and prints one line per case.
// Feedback only — marks come from the grader, which runs the same cases isolated. Never throws
// for a student's mistake: it prints it.
import path from "node:path";
import { booleanOption, checkOptions, choiceOption, failOption, stringOption } from "../options";
// What an exercise file's `import ... from "sepconv"` receives: the engine (core), as in the
// grader's child process, which hands exercise code the same module.
import * as core from "../core";
import {
  CourseFileError,
  exerciseEntry,
  findCourseRoot,
  readFixtures,
  readManifest,
  releaseLanguage,
} from "./course-files";
import { evaluateModules } from "./evaluate";
import {
  ImportPolicyError,
  MissingFileError,
  UnusableFileError,
  collectSubmissionFiles,
  loadExerciseModule,
} from "./loader";
import { typeCheckSubmission } from "./type-check";
import { type CaseStatus, callWithCase, describeThrown, judgeCase } from "./run-case";
import { stubOf } from "./call-case";
import type { ExerciseEntry } from "./schema";
import type { Value } from "./values";
import { LANGUAGES, type Language, language } from "../i18n";
import { CALL, CHECK, TYPES, caseName, caseText, say } from "./messages";

/** The export named after exercise `entry` from the course's exercises/ file, loaded under the
 *  manifest's import policy with the engine as "sepconv" (loadExercise uses it). */
export function loadExerciseExport(root: string, entry: ExerciseEntry, lang: Language): unknown {
  const dir = path.join(root, "exercises");
  return loadExerciseModule(dir, entry.file, entry.allowedImports, core, lang)[entry.id];
}

/** As the grader loads an exercise: its files under the import policy, type-checked (strict, as
 *  the grader's type check: code that fails it scores 0 there), then evaluated. */
function loadChecked(
  root: string,
  entry: ExerciseEntry,
  lang: Language,
): { ok: true; exported: unknown } | { ok: false; diagnostics: string } {
  const dir = path.join(root, "exercises");
  const entryFile = path.resolve(dir, entry.file);
  const files = collectSubmissionFiles(dir, entryFile, entry.allowedImports, undefined, lang);
  const rel = (f: string) => path.relative(dir, f).split(path.sep).join("/");
  const closure = [entry.file, ...[...files.keys()].map(rel).filter((f) => f !== entry.file)];
  const typed = typeCheckSubmission({
    // This package's declarations (dist/ or src/exercises/../..), which the code runs against.
    packageRoot: path.resolve(__dirname, "../.."),
    sources: Object.fromEntries([...files].map(([f, text]) => [rel(f), text])),
    closures: { [entry.id]: closure },
    lang,
  })[entry.id]!;
  if (!typed.ok) return { ok: false, diagnostics: typed.diagnostics };
  const js = new Map(Object.entries(typed.files).map(([f, code]) => [path.join(dir, f), code]));
  return { ok: true, exported: evaluateModules(js, entryFile, core)[entry.id] };
}

export interface CheckOptions {
  /** The course folder (default: found from the working directory upwards). */
  root?: string;
  /** Collect the lines instead of printing them. */
  print?: boolean;
  /**
   * The language of the lines. Default: the current setting (setLanguage), or, while that is
   * the default English, the language of the student release the course folder is.
   */
  lang?: Language;
}

/** What check() found, for code (`.passed`, `.points`, `.cases`). A notebook cell ending in
 *  check(...) shows the value after the printed feedback; once printed, the value shows as
 *  nothing, so the feedback appears once (collected with print: false, it shows the lines). */
export class CheckSummary {
  passed = 0;
  total = 0;
  points = 0;
  maxPoints = 0;
  readonly cases: { name: string; status: CaseStatus; points: number; message: string }[] = [];
  readonly lines: string[] = [];
  constructor(
    readonly exercise: string,
    readonly printed: boolean,
  ) {}
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.printed ? "" : this.lines.join("\n");
  }
}

export function check(id: string, options: CheckOptions = {}): CheckSummary {
  checkOptions("check", options, ["root", "print", "lang"]);
  if (typeof id !== "string") failOption("check", "id", id, 'an exercise id such as "conv2d"');
  const print = booleanOption("check", "print", options.print) ?? true;
  const rootOption = stringOption("check", "root", options.root);
  const summary = new CheckSummary(id, print);
  const langOption = choiceOption("check", "lang", options.lang, LANGUAGES);
  // Decided once, before student code runs (which could change the setting).
  let lang: Language = langOption ?? language();
  const lines = summary.lines;
  const emit = () => {
    if (summary.printed) console.log(lines.join("\n"));
    return summary;
  };
  let fixtures: ReturnType<typeof readFixtures> | undefined;
  let exported: unknown;
  let manifest: ReturnType<typeof readManifest>;
  /** Every case failed with one message (the code did not load or type-check): as the grader scores it. */
  const failAll = (cases: NonNullable<typeof fixtures>["cases"], message: string) => {
    for (const c of cases)
      summary.cases.push({ name: c.name, status: "error", points: 0, message });
    summary.total = cases.length;
    summary.maxPoints = cases.reduce((t, c) => t + c.points, 0);
  };
  try {
    const root = rootOption ?? findCourseRoot(undefined, lang);
    if (langOption === undefined && lang === "en") lang = releaseLanguage(root) ?? lang;
    manifest = readManifest(root);
    const entry = exerciseEntry(manifest, id, lang);
    fixtures = readFixtures(root, id, false);
    const loaded = loadChecked(root, entry, lang);
    if (!loaded.ok) {
      failAll(fixtures.cases, say(TYPES.doesNotCompile, lang, loaded.diagnostics));
      lines.push(
        say(CHECK.doesNotTypeCheck, lang, id, summary.maxPoints),
        ...loaded.diagnostics.split("\n").map((l) => `  ${l}`),
      );
      return emit();
    }
    exported = loaded.exported;
  } catch (e) {
    const kind =
      e instanceof ImportPolicyError
        ? CHECK.disallowedImport
        : e instanceof MissingFileError ||
            e instanceof UnusableFileError ||
            e instanceof CourseFileError
          ? CHECK.cannotCheck
          : CHECK.failedToLoad;
    const detail = describeThrown(e).replace(/^\w+: /, "");
    if (fixtures) failAll(fixtures.cases, detail);
    lines.push(
      say(CHECK.problem, lang, id, say(kind, lang)),
      ...detail.split("\n").map((l) => `  ${l}`),
    );
    return emit();
  }
  summary.total = fixtures.cases.length;
  summary.maxPoints = fixtures.cases.reduce((t, c) => t + c.points, 0);
  if (typeof exported !== "function") {
    lines.push(say(CHECK.mustExport, lang, id));
    return emit();
  }
  for (const c of fixtures.cases) {
    const call = callWithCase(exported as (...args: Value[]) => unknown, c, lang);
    const outcome = call.ok ? judgeCase(call.value, c, lang) : call.outcome;
    const points = outcome.status === "passed" ? c.points : 0;
    summary.cases.push({ name: c.name, status: outcome.status, points, message: outcome.message });
    if (outcome.status === "passed") {
      summary.passed++;
      summary.points += points;
    }
  }
  const notImplemented = summary.cases.every((c) => c.status === "not-implemented");
  // The stubs throw "<id>: not implemented yet": another exercise's id there means this one's
  // code ran and called an exercise the student has not written yet.
  const other = summary.cases.map((c) => stubOf(c.message)?.id).find((n) => n != null && n !== id);
  const dependency =
    other === undefined ? undefined : manifest.exercises.find((e) => e.id === other);
  lines.push(
    notImplemented && dependency
      ? say(
          CHECK.dependencyMissing,
          lang,
          id,
          dependency.id,
          dependency.file,
          dependency.notebook.replace(/\.ipynb$/, ""),
          summary.maxPoints,
        )
      : notImplemented
        ? say(CHECK.notImplemented, lang, id, summary.maxPoints)
        : say(
            CHECK.summary,
            lang,
            id,
            summary.passed,
            summary.total,
            summary.points,
            summary.maxPoints,
          ),
  );
  if (notImplemented) return emit();
  fixtures.cases.forEach((c, i) => {
    const r = summary.cases[i]!;
    if (r.status === "passed") {
      lines.push(say(CHECK.passed, lang, caseName(c, lang)));
      return;
    }
    const text = caseText(c, lang);
    const message = r.status === "error" ? say(CALL.threw, lang, r.message) : r.message;
    lines.push(say(CHECK.failed, lang, caseName(c, lang), message));
    lines.push(say(CHECK.checks, lang, text.message));
    if (text.hint) lines.push(say(CHECK.hint, lang, text.hint));
  });
  return emit();
}
