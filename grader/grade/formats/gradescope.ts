// Gradescope's results.json (the autograder specification): one object per submission.
//
// What a student sees before grades are published must not depend on the hidden cases, or
// resubmitting would tell which of them pass. Gradescope's rules
// (https://gradescope-autograders.readthedocs.io/en/latest/specs/, "Controlling Test Case
// Visibility" and "Controlling standard output visibility"; source: gradescope/autograder_samples,
// docs/specs.md):
// - a test shows according to its "visibility"; "after_published" waits for publication;
// - "If test cases are hidden, students will not be able to see their total score", and tests
//   set to "hidden" do not count for this, as they "should only be used for tests which don't
//   contribute points to the total": so the top-level score (which overrides the tests' total)
//   can be the full score only while hidden cases are after_due_date or after_published, and
//   "hidden" is refused for hidden cases, which carry points;
// - the top-level "output" has no visibility of its own: it only states what visible tests show;
// - stdout is shown to instructors only by default; "stdout_visibility": "hidden" says so
//   explicitly, since the run prints full scores.
// execution_time is left out: the docs do not say who sees it, and a hidden case that times
// out would lengthen it.
import type { Language } from "sepconv";
import { z } from "zod";
import { REPORT, say } from "../messages";
import type { CaseResult, SubmissionResult } from "../types";
import { exerciseMarkdown } from "./feedback";

const GradescopeTest = z
  .object({
    name: z.string(),
    score: z.number(),
    max_score: z.number(),
    status: z.enum(["passed", "failed"]),
    output: z.string(),
    output_format: z.enum(["text", "html", "simple_format", "md", "ansi"]).optional(),
    visibility: z.enum(["visible", "hidden", "after_due_date", "after_published"]),
    tags: z.array(z.string()).optional(),
    number: z.string().optional(),
  })
  .strict();

export const GradescopeResults = z
  .object({
    score: z.number(),
    execution_time: z.number().min(0).optional(),
    output: z.string(),
    output_format: z.enum(["text", "html", "simple_format", "md", "ansi"]).optional(),
    visibility: z.enum(["visible", "hidden", "after_due_date", "after_published"]).optional(),
    stdout_visibility: z
      .enum(["visible", "hidden", "after_due_date", "after_published"])
      .optional(),
    tests: z.array(GradescopeTest),
  })
  .strict();
export type GradescopeResults = z.infer<typeof GradescopeResults>;

export type Visibility = "visible" | "hidden" | "after_due_date" | "after_published";

const WHEN = {
  after_due_date: REPORT.afterDueDate,
  after_published: REPORT.afterPublished,
} as const;

const STATUS = {
  failed: REPORT.statusFailed,
  error: REPORT.statusError,
  timeout: REPORT.statusTimeout,
} as const;

export function toGradescope(
  r: SubmissionResult,
  hiddenVisibility: Visibility = "after_published",
  lang: Language = "en",
): GradescopeResults {
  const visibility = (c: CaseResult): Visibility => (c.hidden ? hiddenVisibility : "visible");
  if (
    hiddenVisibility === "hidden" &&
    r.exercises.some((e) => e.cases.some((c) => c.hidden && c.maxScore > 0))
  ) {
    throw new Error(
      `hidden visibility "hidden" would leave students the total score, hidden cases included: use after_published or after_due_date`,
    );
  }
  // The top-level output covers exactly the cases that are always visible.
  const shown = r.exercises
    .map((e) => {
      const cases = e.cases.filter((c) => visibility(c) === "visible");
      return {
        ...e,
        cases,
        score: cases.reduce((t, c) => t + c.score, 0),
        maxScore: cases.reduce((t, c) => t + c.maxScore, 0),
      };
    })
    .filter((e) => e.cases.length > 0);
  const score = shown.reduce((t, e) => t + e.score, 0);
  const max = shown.reduce((t, e) => t + e.maxScore, 0);
  const headline =
    hiddenVisibility === "visible" ||
    hiddenVisibility === "hidden" ||
    !r.exercises.some((e) => e.cases.some((c) => c.hidden))
      ? say(REPORT.total, lang, score, max)
      : say(REPORT.publicOnly, lang, score, max, say(WHEN[hiddenVisibility], lang));
  return GradescopeResults.parse({
    score: r.score,
    output: `${headline}\n\n${shown.map((e) => exerciseMarkdown(e, lang)).join("\n\n")}`,
    output_format: "md",
    stdout_visibility: "hidden",
    tests: r.exercises.flatMap((e, i) =>
      e.cases.map((c, j) => ({
        name: `${e.id}: ${c.name}`,
        number: `${i + 1}.${j + 1}`,
        score: c.score,
        max_score: c.maxScore,
        status: c.status === "passed" ? ("passed" as const) : ("failed" as const),
        output: c.status === "passed" ? "" : say(STATUS[c.status], lang, c.message),
        output_format: "text" as const,
        visibility: visibility(c),
        tags: [e.id],
      })),
    ),
  });
}
