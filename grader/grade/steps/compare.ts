// Steps 5 and 6, compare and score: each raw outcome against the grader's own fixture, in
// this process. Hidden cases say pass or fail with a generic message, never inputs or values.
import { course } from "sepconv";
import type { CaseResult, ExerciseResult, RawOutcome } from "../types";

const KB = 1024;

/** "argument 2" / "arguments 1 and 3". */
function argumentList(indices: readonly number[]): string {
  const n = indices.map((i) => String(i + 1));
  return n.length === 1
    ? `argument ${n[0]}`
    : `arguments ${n.slice(0, -1).join(", ")} and ${n[n.length - 1]}`;
}

function publicMessage(
  raw: RawOutcome,
  c: course.FixtureCase,
  outputCap: number,
  entryFile: string,
): Omit<CaseResult, "name" | "hidden" | "score" | "maxScore"> {
  const verdict = judged(raw, c, outputCap, entryFile);
  const changed = "changedArgs" in raw ? (raw.changedArgs ?? []) : [];
  if (changed.length === 0) return verdict;
  const note = `your function modified its input (${argumentList(changed)}): inputs must not be changed, work on a copy`;
  return {
    status: verdict.status === "passed" ? "failed" : verdict.status,
    message: verdict.status === "passed" ? note : `${verdict.message}; also, ${note}`,
  };
}

function judged(
  raw: RawOutcome,
  c: course.FixtureCase,
  outputCap: number,
  entryFile: string,
): Omit<CaseResult, "name" | "hidden" | "score" | "maxScore"> {
  switch (raw.kind) {
    case "timeout":
      return { status: "timeout", message: raw.message };
    case "crash":
      return { status: "error", message: raw.message };
    case "threw": {
      // An error raised in another of the student's files (separableConv2d -> their depthwiseConv2d) names that file.
      const elsewhere = raw.thrownIn !== null && raw.thrownIn !== entryFile ? raw.thrownIn : null;
      if (raw.notImplemented)
        return {
          status: "failed",
          message: elsewhere
            ? `not implemented yet in your ${elsewhere}, which ${entryFile} calls: write that exercise first`
            : "not implemented yet",
        };
      return {
        status: "error",
        message: `your code threw ${raw.message}${elsewhere ? ` (in your ${elsewhere}, which ${entryFile} calls)` : ""}`,
      };
    }
    case "invalid":
      return { status: "failed", message: raw.message };
    case "value": {
      if (raw.outputOverflow) {
        return {
          status: "failed",
          message: `your code printed more than ${Math.round(outputCap / KB)} KB of console output (cut off); remove the logging`,
        };
      }
      let got: course.Value;
      try {
        got = course.decodeValue(raw.value);
      } catch (e) {
        return {
          status: "failed",
          message: `the result is not valid data: ${(e as Error).message.split("\n")[0]}`,
        };
      }
      const v = course.judgeCase(got, c);
      return v.status === "passed"
        ? { status: "passed", message: "" }
        : { status: "failed", message: v.message };
    }
  }
}

function hiddenMessage(status: CaseResult["status"], notImplemented: boolean): string {
  if (status === "passed") return "";
  if (notImplemented) return "hidden case: not implemented yet";
  return {
    failed: "hidden case failed",
    error: "hidden case: your code failed with an error",
    timeout: "hidden case: time limit exceeded",
  }[status];
}

export function compareCase(
  raw: RawOutcome,
  c: course.FixtureCase,
  hiddenIndex: number,
  outputCap: number,
  entryFile: string,
): CaseResult {
  const r = publicMessage(raw, c, outputCap, entryFile);
  const score = r.status === "passed" ? c.points : 0;
  if (!c.hidden)
    return {
      name: c.name,
      hidden: false,
      status: r.status,
      score,
      maxScore: c.points,
      message:
        r.message +
        (r.status !== "passed" && c.hint && !r.message.startsWith("not implemented yet")
          ? ` (hint: ${c.hint})`
          : ""),
    };
  return {
    name: `hidden case ${hiddenIndex}`,
    hidden: true,
    status: r.status,
    score,
    maxScore: c.points,
    message: hiddenMessage(r.status, raw.kind === "threw" && raw.notImplemented),
  };
}

/** An exercise whose every case fails for one reason (missing file, compile error...). */
export function failedExercise(
  entry: course.ExerciseEntry,
  cases: course.FixtureCase[],
  reason: string,
): ExerciseResult {
  let hidden = 0;
  return exerciseResult(
    entry,
    cases.map((c) =>
      c.hidden
        ? {
            name: `hidden case ${++hidden}`,
            hidden: true,
            status: "error",
            score: 0,
            maxScore: c.points,
            message: "hidden case: your code failed with an error",
          }
        : {
            name: c.name,
            hidden: false,
            status: "error",
            score: 0,
            maxScore: c.points,
            message: reason,
          },
    ),
  );
}

export function exerciseResult(entry: course.ExerciseEntry, cases: CaseResult[]): ExerciseResult {
  return {
    id: entry.id,
    title: entry.title,
    score: cases.reduce((t, c) => t + c.score, 0),
    maxScore: cases.reduce((t, c) => t + c.maxScore, 0),
    cases,
  };
}
