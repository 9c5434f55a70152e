// `sepconv grade <submission...>`: options checked with zod, a progress bar on stderr for
// batches, and the requested reports. Exit status 0 when every path was a submission and
// grading worked, 1 when some path was not a submission (reported on stderr, graded as zeros);
// bad options are UsageErrors, which the sepconv command prints with this usage (exit 2).
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LANGUAGES, course } from "sepconv";
import { z } from "zod";
import { gradebookCsv } from "./formats/csv";
import { indexHtml, submissionHtml } from "./formats/feedback";
import { toGradescope } from "./formats/gradescope";
import { visible, pageSlugs } from "./names";
import { gradeAll } from "./pipeline";
import { DEFAULT_LIMITS } from "./steps/run-isolated";
import { DEFAULT_COMPILE_LIMITS } from "./compile/pool";

export const GRADE_HELP: course.CommandHelp = {
  synopsis: "grade <submission...>",
  summary: "grade folders (exercises/ layout or a whole release) or .zip files",
  options: [
    ["--hidden", "include the instructor's hidden cases"],
    ["--json <file>", "all results as JSON (one entry per submission, in order)"],
    ["--gradescope <file>", "Gradescope results.json (exactly one submission)"],
    [
      "--hidden-visibility <v>",
      "Gradescope visibility of hidden cases: after_published (default),\nafter_due_date or visible (not hidden: students would see the total)",
    ],
    ["--html <dir>", "one feedback page per submission (<name>.html) and index.html"],
    ["--csv <file>", "gradebook: a row per submission, a column per exercise"],
    ["--csv-bom", "start the CSV with a UTF-8 byte order mark (for Excel)"],
    ["--timeout <ms>", `per case (default ${DEFAULT_LIMITS.caseTimeoutMs})`],
    ["--memory <MB>", `per exercise process (default ${DEFAULT_LIMITS.memoryMb})`],
    [
      "--typecheck-timeout <ms>",
      `type checking one submission (default ${DEFAULT_COMPILE_LIMITS.timeoutMs})`,
    ],
    ["--jobs <n>", "parallel workers (default: the number of cores)"],
    ["--quiet", "no progress bar"],
    [
      "--lang <en|zh>",
      "the language of the feedback (messages, HTML, Markdown, Gradescope;\nCSV and JSON keep English keys): en (default) or zh",
    ],
  ],
};

const Options = z
  .object({
    hidden: z.boolean().default(false),
    json: z.string().min(1).optional(),
    gradescope: z.string().min(1).optional(),
    "hidden-visibility": z
      .enum(["visible", "hidden", "after_due_date", "after_published"])
      .default("after_published"),
    html: z.string().min(1).optional(),
    csv: z.string().min(1).optional(),
    "csv-bom": z.boolean().default(false),
    timeout: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_LIMITS.caseTimeoutMs),
    memory: z.coerce.number().int().min(64).max(16_384).default(DEFAULT_LIMITS.memoryMb),
    "typecheck-timeout": z.coerce
      .number()
      .int()
      .min(1000)
      .max(600_000)
      .default(DEFAULT_COMPILE_LIMITS.timeoutMs),
    jobs: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
    quiet: z.boolean().default(false),
    lang: z.enum(LANGUAGES).default("en"),
  })
  .strict();

function progress(quiet: boolean) {
  const tty = process.stderr.isTTY === true;
  let lastShown = -1;
  return (done: number, total: number) => {
    if (quiet || total < 2) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} submissions`;
    if (tty) process.stderr.write(`\r${bar}${done === total ? "\n" : ""}`);
    else if (Math.floor((done / total) * 10) !== lastShown || done === total) {
      lastShown = Math.floor((done / total) * 10);
      process.stderr.write(`${bar}\n`);
    }
  };
}

export async function gradeCommand(args: readonly string[], root: string): Promise<number> {
  const parsed = course.parseCommandArgs("grade", args, {
    hidden: { type: "boolean" },
    json: { type: "string" },
    gradescope: { type: "string" },
    "hidden-visibility": { type: "string" },
    html: { type: "string" },
    csv: { type: "string" },
    "csv-bom": { type: "boolean" },
    timeout: { type: "string" },
    memory: { type: "string" },
    "typecheck-timeout": { type: "string" },
    jobs: { type: "string" },
    quiet: { type: "boolean" },
    lang: { type: "string" },
  });
  const opts = course.parseCommandOptions("grade", Options, parsed.values);
  const labels = parsed.positionals;
  if (labels.length === 0) throw new course.UsageError("grade", "no submission given");
  if (opts.gradescope && labels.length !== 1)
    throw new course.UsageError(
      "grade",
      `--gradescope writes one results.json: give exactly one submission (got ${labels.length})`,
    );
  if (opts.gradescope && opts.hidden && opts["hidden-visibility"] === "hidden") {
    // Gradescope hides the total score only for tests that are not "hidden" (see formats/gradescope.ts).
    throw new course.UsageError(
      "grade",
      `--hidden-visibility hidden: Gradescope would still show students the total score, hidden cases included; use after_published or after_due_date`,
    );
  }

  const started = Date.now();
  const results = await gradeAll(labels, {
    root,
    hidden: opts.hidden,
    jobs: opts.jobs,
    limits: {
      ...DEFAULT_LIMITS,
      caseTimeoutMs: opts.timeout,
      exerciseTimeoutMs: Math.max(DEFAULT_LIMITS.exerciseTimeoutMs, opts.timeout * 3),
      memoryMb: opts.memory,
    },
    compileLimits: { ...DEFAULT_COMPILE_LIMITS, timeoutMs: opts["typecheck-timeout"] },
    onProgress: progress(opts.quiet),
    lang: opts.lang,
  });
  const seconds = (Date.now() - started) / 1000;

  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, text);
  };
  if (opts.json) write(opts.json, `${JSON.stringify(results, null, 2)}\n`);
  if (opts.csv)
    write(
      opts.csv,
      gradebookCsv(results, results[0]?.exercises.map((e) => e.id) ?? [], { bom: opts["csv-bom"] }),
    );
  if (opts.gradescope)
    write(
      opts.gradescope,
      `${JSON.stringify(toGradescope(results[0]!, opts["hidden-visibility"], opts.lang), null, 2)}\n`,
    );
  if (opts.html) {
    mkdirSync(opts.html, { recursive: true });
    // Pages are named after the submission, not its position, so links stay valid across runs.
    const slugs = pageSlugs(results.map((r) => r.name));
    const pages = results.map((r, i) => ({ file: `${slugs[i]}.html`, result: r }));
    for (const p of pages) write(path.join(opts.html, p.file), submissionHtml(p.result, opts.lang));
    write(path.join(opts.html, "index.html"), indexHtml(pages, opts.lang));
  }
  // One line per submission whatever the folder name holds: names have their control characters escaped.
  for (const r of results) process.stdout.write(`${visible(r.name)}: ${r.score} / ${r.maxScore}\n`);
  if (!opts.quiet && labels.length > 1) {
    process.stderr.write(
      `graded ${results.length} submissions in ${seconds.toFixed(1)} s (${((results.length / seconds) * 60).toFixed(1)} per minute) with ${opts.jobs} jobs\n`,
    );
  }
  // Paths that were no submission at all are the instructor's to fix: say so and exit non-zero.
  const notSubmissions = results.filter((r) => r.problem !== null);
  for (const r of notSubmissions) process.stderr.write(`sepconv grade: ${visible(r.problem!)}\n`);
  return notSubmissions.length ? 1 : 0;
}
