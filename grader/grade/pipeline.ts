// The grading pipeline, as an array of small named steps that every command reuses:
// load -> validate -> compile -> run isolated -> compare -> score. Each step reads and extends
// one state object; a step that fails for a submission marks what it could not do and the
// next steps carry on with the rest, so one broken exercise costs only itself.
import { course } from "sepconv";
import { type Compiled, compileSubmission } from "./steps/compile";
import { compareCase, exerciseResult, failedExercise } from "./steps/compare";
import { type LoadedSubmission, loadSubmission } from "./steps/load";
import { type Limits, runIsolated } from "./steps/run-isolated";
import { validateSubmission } from "./steps/validate";
import type { ExerciseResult, RawOutcome, SubmissionResult } from "./types";
import { Semaphore } from "./semaphore";
import { submissionName, submissionNames } from "./names";

export interface Course {
  root: string;
  manifest: course.Manifest;
  /** The grader's own fixtures: exercise id -> cases (public, then hidden when requested). */
  cases: Map<string, course.FixtureCase[]>;
}

export function loadCourse(root: string, hidden: boolean): Course {
  const manifest = course.readManifest(root);
  const cases = new Map<string, course.FixtureCase[]>();
  for (const e of manifest.exercises) {
    const all = course.readFixtures(root, e.id, false).cases;
    cases.set(e.id, hidden ? [...all, ...course.readFixtures(root, e.id, true).cases] : all);
  }
  return { root, manifest, cases };
}

interface State {
  label: string;
  loaded?: LoadedSubmission;
  problems?: Map<string, string | null>;
  compiled?: Map<string, Compiled>;
  raw?: Map<string, RawOutcome[]>;
  exercises?: ExerciseResult[];
}

export interface PipelineContext {
  course: Course;
  limits: Limits;
  /** Bounds the child processes running at once, across submissions. */
  slots: Semaphore;
}

type Step = { name: string; run: (s: State, ctx: PipelineContext) => Promise<void> | void };

export const STEPS: readonly Step[] = [
  {
    name: "load",
    run: async (s, ctx) => {
      s.loaded = await loadSubmission(s.label, ctx.course.manifest);
    },
  },
  {
    name: "validate",
    run: (s, ctx) => {
      const dir = s.loaded!.dir;
      s.problems = dir ? validateSubmission(dir, ctx.course.manifest) : new Map(ctx.course.manifest.exercises.map((e) => [e.id, s.loaded!.problem]));
    },
  },
  {
    name: "compile",
    run: (s, ctx) => {
      const dir = s.loaded!.dir;
      const usable = ctx.course.manifest.exercises.filter((e) => s.problems!.get(e.id) === null);
      s.compiled = dir && usable.length ? compileSubmission(dir, { ...ctx.course.manifest, exercises: usable }, ctx.course.root) : new Map();
    },
  },
  {
    name: "run isolated",
    run: async (s, ctx) => {
      s.raw = new Map();
      await Promise.all(
        ctx.course.manifest.exercises.map(async (e) => {
          const compiled = s.compiled!.get(e.id);
          if (!compiled?.ok) return;
          const cases = ctx.course.cases.get(e.id)!;
          const outcomes = await ctx.slots.use(() =>
            runIsolated({ files: compiled.files, entry: compiled.entry, exportName: e.id, allowed: e.allowedImports["sepconv"] ?? [], args: cases.map((c) => c.args) }, ctx.limits),
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
        const cases = ctx.course.cases.get(e.id)!;
        const problem = s.problems!.get(e.id) ?? null;
        const compiled = s.compiled!.get(e.id);
        if (problem !== null) return failedExercise(e, cases, problem);
        if (!compiled) return failedExercise(e, cases, "not graded");
        if (!compiled.ok) return failedExercise(e, cases, compiled.message);
        const raw = s.raw!.get(e.id)!;
        let hidden = 0;
        return exerciseResult(e, cases.map((c, i) => compareCase(raw[i]!, c, c.hidden ? ++hidden : 0, ctx.limits.outputBytes)));
      });
    },
  },
];

/** Runs every step for one submission; the result is complete even when steps fail. */
export async function gradeSubmission(label: string, ctx: PipelineContext): Promise<SubmissionResult> {
  const state: State = { label };
  try {
    for (const step of STEPS) await step.run(state, ctx);
  } catch (e) {
    // A bug in the grader must not lose the submission: report it as the row's problem.
    const reason = `the grader failed while grading this submission: ${(e as Error).message}`;
    state.exercises = ctx.course.manifest.exercises.map((ex) => failedExercise(ex, ctx.course.cases.get(ex.id)!, reason));
  } finally {
    state.loaded?.cleanup();
  }
  const exercises = state.exercises!;
  return {
    submission: label,
    name: submissionName(label),
    score: exercises.reduce((t, e) => t + e.score, 0),
    maxScore: exercises.reduce((t, e) => t + e.maxScore, 0),
    exercises,
  };
}

export interface GradeOptions {
  root: string;
  hidden: boolean;
  limits: Limits;
  jobs: number;
  onProgress?: (done: number, total: number) => void;
  /** Filled in when given: child processes run in all and at most at once. */
  stats?: { children: number; peakChildren: number };
}

/** Grades every submission; results come back in the order given. */
export async function gradeAll(labels: readonly string[], o: GradeOptions): Promise<SubmissionResult[]> {
  const ctx: PipelineContext = { course: loadCourse(o.root, o.hidden), limits: o.limits, slots: new Semaphore(o.jobs) };
  const results: SubmissionResult[] = new Array(labels.length);
  let next = 0;
  let done = 0;
  // A few submissions in flight per slot keep the children busy while this process compiles.
  const inFlight = Math.max(1, o.jobs * 2);
  const worker = async () => {
    while (next < labels.length) {
      const i = next++;
      results[i] = await gradeSubmission(labels[i]!, ctx);
      o.onProgress?.(++done, labels.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, labels.length) }, worker));
  // Names unique across the batch need every label: two folders called alice become alice, alice-2.
  submissionNames(labels).forEach((name, i) => (results[i]!.name = name));
  if (o.stats) {
    o.stats.children = ctx.slots.total;
    o.stats.peakChildren = ctx.slots.peak;
  }
  return results;
}
