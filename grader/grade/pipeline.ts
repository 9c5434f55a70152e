// The grading pipeline, as an array of small named steps that every command reuses:
// load -> validate -> compile -> run isolated -> compare -> score. Each step reads and extends
// one state object; a step that fails for a submission marks what it could not do and the
// next steps carry on with the rest, so one broken exercise costs only itself.
import { createHash } from "node:crypto";
import { type Language, course } from "sepconv";
import { SCORE, say } from "./messages";
import { CompilePool, type CompileLimits, DEFAULT_COMPILE_LIMITS } from "./compile/pool";
import { type Compiled, compileSubmission } from "./steps/compile";
import { compareCase, exerciseResult, failedExercise, isNotImplemented } from "./steps/compare";
import { type LoadedSubmission, loadSubmission } from "./steps/load";
import { type Limits, runIsolated } from "./steps/run-isolated";
import { validateSubmission } from "./steps/validate";
import { gradedPublicCases } from "./public-cases";
import type { ExerciseResult, RawOutcome, SubmissionResult } from "./types";
import { submissionName, submissionNames } from "./names";

export interface Course {
  root: string;
  manifest: course.Manifest;
  /** The grader's own cases at course load: exercise id -> cases (public, then hidden when requested). */
  cases: Map<string, course.FixtureCase[]>;
  /** The cases one submission's exercise is graded on: public inputs drawn for its files (`key`), then hidden. */
  casesFor(id: string, key: string): course.FixtureCase[];
}

/**
 * Public cases regenerated on the grader's secret seeds (public-cases.ts); hidden ones from their fixtures.
 * @public required from dist/ by tests
 */
export function loadCourse(root: string, hidden: boolean): Course {
  const manifest = course.readManifest(root);
  const publicCases = gradedPublicCases(root, manifest);
  const hiddenCases = new Map(
    manifest.exercises.map((e) => [
      e.id,
      hidden ? course.readFixtures(root, e.id, true).cases : [],
    ]),
  );
  const cases = new Map(
    manifest.exercises.map((e) => [
      e.id,
      [...publicCases.atLoad.get(e.id)!, ...hiddenCases.get(e.id)!],
    ]),
  );
  return {
    root,
    manifest,
    cases,
    casesFor: (id, key) => [...publicCases.forSubmission(id, key), ...hiddenCases.get(id)!],
  };
}

/** The key that picks a submission's public inputs: its exercise's files, as compiled. */
function submissionKey(compiled: Compiled | undefined): string {
  if (!compiled?.ok) return "";
  const hash = createHash("sha256");
  for (const f of Object.keys(compiled.files).sort()) hash.update(`${f}\0${compiled.files[f]}\0`);
  return hash.digest("hex");
}

interface State {
  label: string;
  loaded?: LoadedSubmission;
  problems?: Map<string, string | null>;
  compiled?: Map<string, Compiled>;
  raw?: Map<string, RawOutcome[]>;
  /** The cases each compiled exercise runs and is compared on. */
  cases?: Map<string, course.FixtureCase[]>;
  exercises?: ExerciseResult[];
}

interface PipelineContext {
  course: Course;
  limits: Limits;
  /** Bounds the child processes running at once, across submissions. */
  slots: course.Limiter;
  /** The type-check processes. */
  compiler: CompilePool;
  /** The language of the feedback. */
  lang: Language;
}

type Step = { name: string; run: (s: State, ctx: PipelineContext) => Promise<void> | void };

const STEPS: readonly Step[] = [
  {
    name: "load",
    run: async (s, ctx) => {
      s.loaded = await loadSubmission(s.label, ctx.course.manifest, ctx.lang);
    },
  },
  {
    name: "validate",
    run: (s, ctx) => {
      const sub = s.loaded!.submission;
      s.problems = sub
        ? validateSubmission(sub, ctx.course.manifest)
        : new Map(ctx.course.manifest.exercises.map((e) => [e.id, s.loaded!.problem]));
    },
  },
  {
    name: "compile",
    run: async (s, ctx) => {
      const sub = s.loaded!.submission;
      const usable = ctx.course.manifest.exercises.filter((e) => s.problems!.get(e.id) === null);
      s.compiled =
        sub && usable.length
          ? await compileSubmission(
              sub,
              { ...ctx.course.manifest, exercises: usable },
              ctx.course.root,
              ctx.compiler,
              ctx.lang,
            )
          : new Map();
    },
  },
  {
    name: "run isolated",
    run: async (s, ctx) => {
      s.raw = new Map();
      s.cases = new Map();
      await Promise.all(
        ctx.course.manifest.exercises.map(async (e) => {
          const compiled = s.compiled!.get(e.id);
          if (!compiled?.ok) return;
          const cases = ctx.course.casesFor(e.id, submissionKey(compiled));
          s.cases!.set(e.id, cases);
          const outcomes = await ctx.slots.run(() =>
            runIsolated(
              {
                files: compiled.files,
                entry: compiled.entry,
                exportName: e.id,
                allowed: e.allowedImports.sepconv ?? [],
                args: cases.map((c) => c.args),
                lang: ctx.lang,
              },
              ctx.limits,
            ),
          );
          s.raw!.set(e.id, outcomes);
        }),
      );
    },
  },
  {
    name: "compare and score",
    run: (s, ctx) => {
      s.exercises = ctx.course.manifest.exercises.map((e) => {
        const cases = s.cases?.get(e.id) ?? ctx.course.cases.get(e.id)!;
        const problem = s.problems!.get(e.id) ?? null;
        const compiled = s.compiled!.get(e.id);
        const lang = ctx.lang;
        if (problem !== null) return failedExercise(e, cases, problem, lang);
        if (!compiled) return failedExercise(e, cases, say(SCORE.notGraded, lang), lang);
        if (!compiled.ok) return failedExercise(e, cases, compiled.message, lang);
        const raw = s.raw!.get(e.id)!;
        let hidden = 0;
        return exerciseResult(
          e,
          cases.map((c, i) =>
            compareCase(raw[i]!, c, c.hidden ? ++hidden : 0, ctx.limits.outputBytes, e.file, lang),
          ),
          lang,
        );
      });
      noteFailingDependencies(s, ctx.course.manifest, ctx.lang);
    },
  },
];

/**
 * An exercise that uses another exercise's file (separableConv2d -> the student's
 * depthwiseConv2d.ts) and fails, while that exercise fails its own cases too, says so: the
 * fault may be in the other file.
 */
function noteFailingDependencies(s: State, manifest: course.Manifest, lang: Language): void {
  const byFile = new Map(manifest.exercises.map((e) => [e.file, e.id]));
  const results = new Map(s.exercises!.map((r) => [r.id, r]));
  for (const r of s.exercises!) {
    const compiled = s.compiled!.get(r.id);
    if (!compiled?.ok || r.score === r.maxScore) continue;
    const notes = Object.keys(compiled.files)
      .map((f) => ({ file: f, dep: results.get(byFile.get(f) ?? "") }))
      // Public cases only: these notes are visible before hidden results are published.
      .map(({ file, dep }) => ({
        file,
        dep,
        failing: dep ? dep.cases.filter((c) => !c.hidden && c.status !== "passed").length : 0,
      }))
      .filter(({ file, failing }) => file !== compiled.entry && failing > 0)
      .map(({ file, dep, failing }) =>
        say(
          SCORE.dependency,
          lang,
          r.id,
          file,
          failing,
          dep!.cases.filter((c) => !c.hidden).length,
          dep!.id,
        ),
      );
    if (!notes.length) continue;
    for (const c of r.cases)
      if (!c.hidden && c.status !== "passed" && !isNotImplemented(c.message, lang))
        c.message = say(SCORE.withNotes, lang, c.message, notes);
  }
}

/** Runs every step for one submission; the result is complete even when steps fail. */
async function gradeSubmission(label: string, ctx: PipelineContext): Promise<SubmissionResult> {
  const state: State = { label };
  try {
    for (const step of STEPS) await step.run(state, ctx);
  } catch (e) {
    // A bug in the grader must not lose the submission: report it as the row's problem. Whatever
    // was thrown, reading its message must not throw in turn: mapLimit would stop the batch.
    const reason = say(SCORE.graderFailed, ctx.lang, e instanceof Error ? e.message : String(e));
    state.exercises = ctx.course.manifest.exercises.map((ex) =>
      failedExercise(ex, ctx.course.cases.get(ex.id)!, reason, ctx.lang),
    );
  }
  const exercises = state.exercises!;
  return {
    submission: label,
    name: submissionName(label),
    problem: state.loaded && !state.loaded.submission ? state.loaded.problem : null,
    score: exercises.reduce((t, e) => t + e.score, 0),
    maxScore: exercises.reduce((t, e) => t + e.maxScore, 0),
    exercises,
  };
}

export interface GradeOptions {
  root: string;
  hidden: boolean;
  limits: Limits;
  /** Type-check time and memory (default DEFAULT_COMPILE_LIMITS). */
  compileLimits?: CompileLimits;
  jobs: number;
  onProgress?: (done: number, total: number) => void;
  /** Filled in when given: child processes run in all and at most at once. */
  stats?: { children: number; peakChildren: number };
  /** The language of the feedback (default "en"). */
  lang?: Language;
}

/** Grades every submission; results come back in the order given. */
export async function gradeAll(
  labels: readonly string[],
  o: GradeOptions,
): Promise<SubmissionResult[]> {
  // No more type-check processes than submissions: each costs ~2 s of CPU to start.
  const compiler = new CompilePool(
    Math.max(1, Math.min(o.jobs, labels.length)),
    o.root,
    o.compileLimits ?? DEFAULT_COMPILE_LIMITS,
  );
  compiler.warm();
  const slots = new course.Limiter(o.jobs);
  let done = 0;
  let results: SubmissionResult[];
  try {
    // Inside the try: a course that does not load must still close the warming type checkers,
    // whose IPC channels would otherwise keep the grader alive.
    const ctx: PipelineContext = {
      course: loadCourse(o.root, o.hidden),
      limits: o.limits,
      slots,
      compiler,
      lang: o.lang ?? "en",
    };
    // A few submissions in flight per slot keep the children busy while this process compiles.
    results = await course.mapLimit(labels, Math.max(1, o.jobs * 2), async (label) => {
      const result = await gradeSubmission(label, ctx);
      o.onProgress?.(++done, labels.length);
      return result;
    });
  } finally {
    compiler.close();
  }
  // Names unique across the batch need every label: two folders called alice become alice, alice-2.
  submissionNames(labels).forEach((name, i) => {
    results[i]!.name = name;
  });
  if (o.stats) {
    o.stats.children = slots.total;
    o.stats.peakChildren = slots.peak;
  }
  return results;
}
