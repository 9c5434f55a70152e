// check("conv2d") in a notebook: loads the student's exercises/conv2d.ts, runs its public cases
// in this process and prints one line per case. Feedback only — marks come from the grader,
// which runs the same cases isolated. Never throws for a student's mistake: it prints it.
import path from "node:path";
import { OptionError, fmtValue } from "../errors";
import { checkOptions } from "../options";
// A circular import on purpose: exercise files import "sepconv", which is this package. The
// namespace object is live (CommonJS exports object / ES module namespace), so by the time
// check() runs it holds every export.
import * as sepconv from "../index";
import { CourseFileError, exerciseEntry, findCourseRoot, readFixtures, readManifest } from "./course-files";
import { ImportPolicyError, MissingFileError, loadExerciseModule } from "./loader";
import { type CaseStatus, callWithCase, describeThrown, judgeCase } from "./run-case";
import type { Value } from "./values";

export interface CheckOptions {
  /** The course folder (default: found from the working directory upwards). */
  root?: string;
  /** Collect the lines instead of printing them. */
  print?: boolean;
}

export interface CheckSummary {
  exercise: string;
  passed: number;
  total: number;
  points: number;
  maxPoints: number;
  cases: { name: string; status: CaseStatus; points: number; message: string }[];
  lines: string[];
}

export function check(id: string, options: CheckOptions = {}): CheckSummary {
  checkOptions("check", options, ["root", "print"]);
  if (typeof id !== "string") throw new OptionError("check", "id", id, `expects an exercise id such as "conv2d", got ${fmtValue(id)}`);
  const lines: string[] = [];
  const summary: CheckSummary = { exercise: id, passed: 0, total: 0, points: 0, maxPoints: 0, cases: [], lines };
  const emit = () => {
    if (options.print !== false) console.log(lines.join("\n"));
    return summary;
  };
  let fixtures;
  let exported: unknown;
  try {
    const root = options.root ?? findCourseRoot();
    const entry = exerciseEntry(readManifest(root), id);
    fixtures = readFixtures(root, id, false);
    exported = loadExerciseModule(path.join(root, "exercises"), entry.file, entry.allowedImports, sepconv)[id];
  } catch (e) {
    const kind = e instanceof ImportPolicyError ? "disallowed import" : e instanceof MissingFileError || e instanceof CourseFileError ? "cannot check" : "your file failed to load";
    lines.push(`check("${id}"): ${kind}:`, ...describeThrown(e).replace(/^\w+: /, "").split("\n").map((l) => `  ${l}`));
    return emit();
  }
  summary.total = fixtures.cases.length;
  summary.maxPoints = fixtures.cases.reduce((t, c) => t + c.points, 0);
  if (typeof exported !== "function") {
    lines.push(`check("${id}"): exercises/${id}.ts must export a function named ${id}`);
    return emit();
  }
  for (const c of fixtures.cases) {
    const call = callWithCase(exported as (...args: Value[]) => unknown, c);
    const outcome = call.ok ? judgeCase(call.value, c) : call.outcome;
    const points = outcome.status === "passed" ? c.points : 0;
    summary.cases.push({ name: c.name, status: outcome.status, points, message: outcome.message });
    if (outcome.status === "passed") {
      summary.passed++;
      summary.points += points;
    }
  }
  const notImplemented = summary.cases.every((c) => c.status === "not-implemented");
  lines.push(
    notImplemented
      ? `check("${id}"): not implemented yet — write your code in exercises/${id}.ts (0/${summary.maxPoints} points)`
      : `check("${id}"): ${summary.passed}/${summary.total} public cases passed, ${summary.points}/${summary.maxPoints} points`,
  );
  if (notImplemented) return emit();
  fixtures.cases.forEach((c, i) => {
    const r = summary.cases[i]!;
    if (r.status === "passed") {
      lines.push(`  ✓ ${c.name}`);
      return;
    }
    lines.push(`  ✗ ${c.name}: ${r.status === "error" ? `your code threw ${r.message}` : r.message}`);
    lines.push(`      checks: ${c.message}`);
    if (c.hint) lines.push(`      hint: ${c.hint}`);
  });
  return emit();
}
