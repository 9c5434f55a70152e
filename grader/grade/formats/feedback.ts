// Feedback for a student, as Markdown (rendered to HTML with markdown-it for --html, used as
// the Gradescope "output"). Only what the results hold: hidden cases stay generic.
import MarkdownIt from "markdown-it";
import type { Language } from "sepconv";
import { REPORT, say } from "../messages";
import type { ExerciseResult, SubmissionResult } from "../types";

// Words, not emoji: a fresh Debian with Chromium has no emoji font and shows those as empty
// boxes. Bold marks the cases to look at.
const MARK = {
  passed: REPORT.markPassed,
  failed: REPORT.markFailed,
  error: REPORT.markError,
  timeout: REPORT.markTimeout,
} as const;

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
/** A submission name as literal Markdown text: every ASCII punctuation mark backslash-escaped. */
const literal = (s: string) => s.replace(/[!-/:-@[-`{-~]/g, "\\$&");

/** One exercise's table of cases, in `lang` (the results' messages are already in it). */
export function exerciseMarkdown(e: ExerciseResult, lang: Language = "en"): string {
  const lines = [
    say(REPORT.exerciseScore, lang, say(REPORT.exercise, lang, e.title, e.id), e.score, e.maxScore),
    "",
    say(REPORT.caseHeader, lang),
    "|---|---|---|---|",
  ];
  for (const c of e.cases)
    lines.push(
      `| ${say(MARK[c.status], lang)} | ${cell(c.name)} | ${c.score} / ${c.maxScore} | ${cell(c.message || say(REPORT.passed, lang))} |`,
    );
  return lines.join("\n");
}

export function submissionMarkdown(r: SubmissionResult, lang: Language = "en"): string {
  return [
    `# ${say(REPORT.feedbackTitle, lang, literal(r.name))}`,
    "",
    `**${say(REPORT.total, lang, r.score, r.maxScore)}**`,
    "",
    say(REPORT.exerciseHeader, lang),
    "|---|---|",
    ...r.exercises.map(
      (e) => `| ${say(REPORT.exercise, lang, e.title, e.id)} | ${e.score} / ${e.maxScore} |`,
    ),
    "",
    ...r.exercises.map((e) => exerciseMarkdown(e, lang)).flatMap((s) => [s, ""]),
  ].join("\n");
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2rem;border-radius:3px}h1{font-size:1.6rem}h3{margin-top:2rem}`;

/** A whole HTML page; markdown-it escapes everything the results hold (html: false). */
export function submissionHtml(r: SubmissionResult, lang: Language = "en"): string {
  const title = say(REPORT.feedbackTitle, lang, md.utils.escapeHtml(r.name));
  return `<!doctype html>\n<html lang="${say(REPORT.htmlLang, lang)}"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>\n<body>\n${md.render(submissionMarkdown(r, lang))}</body></html>\n`;
}

/** The index of a batch's pages, one link per submission, named after it. */
export function indexHtml(
  pages: readonly { file: string; result: SubmissionResult }[],
  lang: Language = "en",
): string {
  // Percent-encoded: a page named after a student called 张三 is a valid link in any browser.
  const links = pages.map(
    (p) =>
      `<li><a href="${md.utils.escapeHtml(encodeURIComponent(p.file))}">${md.utils.escapeHtml(p.result.name)}</a>: ${p.result.score} / ${p.result.maxScore}</li>`,
  );
  return `<!doctype html>\n<html lang="${say(REPORT.htmlLang, lang)}"><head><meta charset="utf-8"><title>${say(REPORT.indexTitle, lang)}</title></head>\n<body>\n<ul>\n${links.join("\n")}\n</ul>\n</body></html>\n`;
}
