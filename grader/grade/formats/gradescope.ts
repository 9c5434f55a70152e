// Gradescope's results.json (the autograder specification): one object per submission.
import { z } from "zod";
import type { SubmissionResult } from "../types";
import { exerciseMarkdown } from "./feedback";

export const GradescopeTest = z
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
    execution_time: z.number().min(0),
    output: z.string(),
    output_format: z.enum(["text", "html", "simple_format", "md", "ansi"]).optional(),
    visibility: z.enum(["visible", "hidden", "after_due_date", "after_published"]).optional(),
    stdout_visibility: z.enum(["visible", "hidden", "after_due_date", "after_published"]).optional(),
    tests: z.array(GradescopeTest),
  })
  .strict();
export type GradescopeResults = z.infer<typeof GradescopeResults>;

export type Visibility = "visible" | "hidden" | "after_due_date" | "after_published";

export function toGradescope(r: SubmissionResult, executionSeconds: number, hiddenVisibility: Visibility = "after_published"): GradescopeResults {
  return GradescopeResults.parse({
    score: r.score,
    execution_time: Math.round(executionSeconds * 100) / 100,
    output: `Total: ${r.score} / ${r.maxScore}\n\n` + r.exercises.map((e) => exerciseMarkdown({ ...e, cases: e.cases.filter((c) => !c.hidden) })).join("\n\n"),
    output_format: "md",
    tests: r.exercises.flatMap((e, i) =>
      e.cases.map((c, j) => ({
        name: `${e.id}: ${c.name}`,
        number: `${i + 1}.${j + 1}`,
        score: c.score,
        max_score: c.maxScore,
        status: c.status === "passed" ? ("passed" as const) : ("failed" as const),
        output: c.status === "passed" ? "" : `${c.status}: ${c.message}`,
        output_format: "text" as const,
        visibility: c.hidden ? hiddenVisibility : ("visible" as const),
        tags: [e.id],
      })),
    ),
  });
}
