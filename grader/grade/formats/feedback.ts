// Feedback for a student, as Markdown (rendered to HTML with markdown-it for --html, used as
// the Gradescope "output"). Only what the results hold: hidden cases stay generic.
import MarkdownIt from "markdown-it";
import type { ExerciseResult, SubmissionResult } from "../types";

// Words, not emoji: a fresh Debian with Chromium has no emoji font and shows those as empty
// boxes. Bold marks the cases to look at.
const MARK = {
  passed: "pass",
  failed: "**FAIL**",
  error: "**error**",
  timeout: "**timeout**",
} as const;

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
/** A submission name as literal Markdown text: every ASCII punctuation mark backslash-escaped. */
const literal = (s: string) => s.replace(/[!-/:-@[-`{-~]/g, "\\$&");

export function exerciseMarkdown(e: ExerciseResult): string {
  const lines = [
    `### ${e.title} (\`${e.id}\`): ${e.score} / ${e.maxScore}`,
    "",
    "| result | case | points | feedback |",
    "|---|---|---|---|",
  ];
  for (const c of e.cases)
    lines.push(
      `| ${MARK[c.status]} | ${cell(c.name)} | ${c.score} / ${c.maxScore} | ${cell(c.message || "passed")} |`,
    );
  return lines.join("\n");
}

export function submissionMarkdown(r: SubmissionResult): string {
  return [
    `# Feedback: ${literal(r.name)}`,
    "",
    `**Total: ${r.score} / ${r.maxScore}**`,
    "",
    "| exercise | score |",
    "|---|---|",
    ...r.exercises.map((e) => `| ${e.title} (\`${e.id}\`) | ${e.score} / ${e.maxScore} |`),
    "",
    ...r.exercises.map(exerciseMarkdown).flatMap((s) => [s, ""]),
  ].join("\n");
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2rem;border-radius:3px}h1{font-size:1.6rem}h3{margin-top:2rem}`;

/** A whole HTML page; markdown-it escapes everything the results hold (html: false). */
export function submissionHtml(r: SubmissionResult): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Feedback: ${md.utils.escapeHtml(r.name)}</title><style>${STYLE}</style></head>\n<body>\n${md.render(submissionMarkdown(r))}</body></html>\n`;
}

/** The index of a batch's pages, one link per submission, named after it. */
export function indexHtml(pages: readonly { file: string; result: SubmissionResult }[]): string {
  const links = pages.map(
    (p) =>
      `<li><a href="${md.utils.escapeHtml(p.file)}">${md.utils.escapeHtml(p.result.name)}</a>: ${p.result.score} / ${p.result.maxScore}</li>`,
  );
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Feedback</title></head>\n<body>\n<ul>\n${links.join("\n")}\n</ul>\n</body></html>\n`;
}
