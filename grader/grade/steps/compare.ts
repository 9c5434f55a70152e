// Steps 5 and 6, compare and score: each raw outcome against the grader's own fixture, in
// this process. Hidden cases say pass or fail with a generic message, never inputs or values.
import { type Language, course } from "sepconv";
import { SCORE, say } from "../messages";
import type { CaseResult, ExerciseResult, RawOutcome } from "../types";

const KB = 1024;

function publicMessage(
  raw: RawOutcome,
  c: course.FixtureCase,
  outputCap: number,
  entryFile: string,
  lang: Language,
): Omit<CaseResult, "name" | "hidden" | "score" | "maxScore"> {
  const verdict = judged(raw, c, outputCap, entryFile, lang);
  const changed = "changedArgs" in raw ? (raw.changedArgs ?? []) : [];
  if (changed.length === 0) return verdict;
  const note = say(
    course.CALL.modifiedInput,
    lang,
    changed.map((i) => i + 1),
  );
  return {
    status: verdict.status === "passed" ? "failed" : verdict.status,
    message:
      verdict.status === "passed"
        ? note
        : say(course.CALL.alsoModified, lang, verdict.message, note),
  };
}

/** Whether a case's message says "not implemented yet" (no hint or dependency note then). */
export function isNotImplemented(message: string, lang: Language): boolean {
  return message.startsWith(say(SCORE.notImplemented, lang));
}

function judged(
  raw: RawOutcome,
  c: course.FixtureCase,
  outputCap: number,
  entryFile: string,
  lang: Language,
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
            ? say(SCORE.notImplementedIn, lang, elsewhere, entryFile)
            : say(SCORE.notImplemented, lang),
        };
      const threw = say(course.CALL.threw, lang, raw.message);
      return {
        status: "error",
        message: elsewhere ? say(SCORE.threwIn, lang, threw, elsewhere, entryFile) : threw,
      };
    }
    case "invalid":
      return { status: "failed", message: raw.message };
    case "value": {
      if (raw.outputOverflow) {
        return {
          status: "failed",
          message: say(SCORE.outputOverflow, lang, Math.round(outputCap / KB)),
        };
      }
      let got: course.Value;
      try {
        got = course.decodeValue(raw.value);
      } catch (e) {
        return {
          status: "failed",
          message: say(course.CALL.notValidData, lang, (e as Error).message.split("\n")[0]!),
        };
      }
      const v = course.judgeCase(got, c, lang);
      return v.status === "passed"
        ? { status: "passed", message: "" }
        : { status: "failed", message: v.message };
    }
  }
}

function hiddenMessage(
  status: CaseResult["status"],
  notImplemented: boolean,
  lang: Language,
): string {
  if (status === "passed") return "";
  if (notImplemented) return say(SCORE.hiddenNotImplemented, lang);
  return say(
    { failed: SCORE.hiddenFailed, error: SCORE.hiddenError, timeout: SCORE.hiddenTimeout }[status],
    lang,
  );
}

export function compareCase(
  raw: RawOutcome,
  c: course.FixtureCase,
  hiddenIndex: number,
  outputCap: number,
  entryFile: string,
  lang: Language = "en",
): CaseResult {
  const r = publicMessage(raw, c, outputCap, entryFile, lang);
  const score = r.status === "passed" ? c.points : 0;
  if (!c.hidden) {
    const hint = course.caseText(c, lang).hint;
    return {
      name: course.caseName(c, lang),
      hidden: false,
      status: r.status,
      score,
      maxScore: c.points,
      message:
        r.status !== "passed" && hint && !isNotImplemented(r.message, lang)
          ? say(SCORE.withHint, lang, r.message, hint)
          : r.message,
    };
  }
  return {
    name: say(SCORE.hiddenName, lang, hiddenIndex),
    hidden: true,
    status: r.status,
    score,
    maxScore: c.points,
    message: hiddenMessage(r.status, raw.kind === "threw" && raw.notImplemented, lang),
  };
}

/** An exercise whose every case fails for one reason (missing file, compile error...). */
export function failedExercise(
  entry: course.ExerciseEntry,
  cases: course.FixtureCase[],
  reason: string,
  lang: Language = "en",
): ExerciseResult {
  let hidden = 0;
  return exerciseResult(
    entry,
    cases.map((c) =>
      c.hidden
        ? {
            name: say(SCORE.hiddenName, lang, ++hidden),
            hidden: true,
            status: "error",
            score: 0,
            maxScore: c.points,
            message: say(SCORE.hiddenNotRun, lang),
          }
        : {
            name: course.caseName(c, lang),
            hidden: false,
            status: "error",
            score: 0,
            maxScore: c.points,
            message: reason,
          },
    ),
    lang,
  );
}

export function exerciseResult(
  entry: course.ExerciseEntry,
  cases: CaseResult[],
  lang: Language = "en",
): ExerciseResult {
  return {
    id: entry.id,
    title: lang === "zh" ? entry.zh.title : entry.title,
    score: cases.reduce((t, c) => t + c.score, 0),
    maxScore: cases.reduce((t, c) => t + c.maxScore, 0),
    cases,
  };
}
