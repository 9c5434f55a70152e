// `sepconv notebooks`: executes every course notebook headlessly with the tslab kernel, writes
// executed copies and HTML exports under build/notebooks/, and reports a failing cell with its
// source and its real error message (tslab puts it on the cell's stderr), or outputs that fail
// the checks of output-checks.ts. A Chinese notebook executed in the same run as its English twin
// must print the same numbers (compare-editions.ts). The longest notebooks start first.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { UsageError } from "../cli/usage";
import type { Language } from "../i18n";
import { mapLimit } from "../concurrency";
import { jupyterEnv, PYTHON, type JupyterEnv } from "./jupyter";
import { compareEditions } from "./compare-editions";
import { releaseLanguage } from "../exercises/course-files";
import { checkOutputs } from "./output-checks";

/** Each edition's folder under notebooks/ (English at the top). */
const LANGUAGE_DIRS = { zh: "zh" } as const;

const Summary = z.object({
  ok: z.boolean(),
  seconds: z.number(),
  cells: z.number().int(),
  error: z.string().optional(),
  cellIndex: z.number().int().nullable().optional(),
  source: z.string().optional(),
  stderr: z.string().optional(),
  /** Why the first kernel was replaced before any cell ran (it never answered). */
  restarted: z.string().optional(),
});
type Summary = z.infer<typeof Summary>;

export interface NotebookResult {
  notebook: string;
  ok: boolean;
  seconds: number;
  message: string;
}

export interface RunOptions {
  root: string;
  /** Notebook file names (or prefixes like "03"); default every notebooks/*.ipynb. */
  only?: readonly string[];
  /** Only these editions ("en": notebooks/*.ipynb, "zh": notebooks/zh/); default both. */
  languages?: readonly Language[];
  jobs?: number;
  timeoutSeconds?: number;
  html?: boolean;
  /** Folder of the notebooks (default <root>/notebooks). */
  notebooksDir?: string;
  /** Where build/ output goes (default <root>/build). */
  outDir?: string;
  log?: (line: string) => void;
}

function run(
  cmd: string,
  args: string[],
  env: JupyterEnv["env"],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e) => resolve({ code: 127, stdout, stderr: stderr + String(e) }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function describeFailure(s: Summary): string {
  // tslab's reply says only "<Error>:"; the first "SomethingError: ..." line of stderr is the real one.
  // A compile error is printed as "line:col - message".
  const stderr = (s.stderr ?? "").split("\n").map((l) => l.trim());
  const headline =
    stderr.find((l) => /^\w*(Error|Exception)\b.*:/.test(l)) ??
    stderr.find((l) => /^\d+:\d+ - /.test(l)) ??
    s.error ??
    "unknown error";
  const lines = [`cell ${s.cellIndex ?? "?"} failed: ${headline}`];
  if (s.source) lines.push("--- cell source ---", s.source.trimEnd());
  if (s.stderr)
    lines.push(
      "--- error (the cell's stderr) ---",
      s.stderr.trimEnd().split("\n").slice(0, 30).join("\n"),
    );
  return lines.join("\n");
}

/** Notebook paths relative to `dir`: the English ones, then the Chinese edition's (zh/...). */
function allNotebooks(dir: string): string[] {
  const ipynb = (d: string) =>
    existsSync(d)
      ? readdirSync(d)
          .filter((f) => f.endsWith(".ipynb"))
          .sort()
      : [];
  return [
    ...ipynb(dir),
    ...ipynb(path.join(dir, LANGUAGE_DIRS.zh)).map((f) => `${LANGUAGE_DIRS.zh}/${f}`),
  ];
}

/** Whether a name given on the command line picks notebook `f`: "03" picks 03 in every
 *  language, "zh/03" (or "zh") only the Chinese one. */
function picks(o: string, f: string): boolean {
  const bare = f.replace(/^zh\//, "");
  return f === o || f.startsWith(o) || (!o.startsWith("zh") && bare.startsWith(o));
}

export function listNotebooks(
  dir: string,
  only: readonly string[] = [],
  languages?: readonly Language[],
): string[] {
  // Top-level notebooks are English in the course; a student release holds one language there.
  const topLevel = releaseLanguage(path.dirname(dir)) ?? "en";
  const all = allNotebooks(dir).filter(
    (f) => !languages || languages.includes(englishTwin(f) === null ? topLevel : "zh"),
  );
  if (only.length === 0) return all;
  const picked = all.filter((f) => only.some((o) => picks(o, f)));
  const missing = only.filter((o) => !all.some((f) => picks(o, f)));
  if (missing.length) {
    throw new UsageError(
      "notebooks",
      `no notebook matches ${missing.join(", ")} (have: ${all.join(", ")})`,
    );
  }
  return picked;
}

/** The English twin of a Chinese notebook ("zh/03-x.ipynb" -> "03-x.ipynb"), else null. */
const englishTwin = (name: string) =>
  name.startsWith(`${LANGUAGE_DIRS.zh}/`) ? name.slice(LANGUAGE_DIRS.zh.length + 1) : null;

/** Known to take longest when no run has been timed here yet: 07 trains ten networks
 *  (about 200 s of the run's 260 s on 2 cores, 2026-12-05; the next longest take 40 s). */
const LONGEST_FIRST = ["07-"];

/**
 * The queue, longest first, so that with 2 jobs the long notebooks (07, zh/07) do not start last
 * and leave one core idle at the end: by the seconds each took in earlier runs (a Chinese
 * notebook never run here counts as long as its English twin), else LONGEST_FIRST first.
 */
export function longestFirst(names: readonly string[], seconds: Record<string, number>): string[] {
  const estimate = (n: string) => {
    const bare = englishTwin(n) ?? n;
    const known = seconds[n] ?? seconds[bare];
    if (known !== undefined) return known;
    return LONGEST_FIRST.some((p) => bare.startsWith(p)) ? Number.POSITIVE_INFINITY : -1;
  };
  // sort is stable: equal estimates keep the listing's order.
  return [...names].sort((a, b) => estimate(b) - estimate(a));
}

/** Seconds per notebook from earlier runs (build/notebooks/seconds.json), empty if none. */
function readSeconds(file: string): Record<string, number> {
  try {
    return z.record(z.string(), z.number()).parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return {};
  }
}

/** The Chinese notebooks of this run whose numbers differ from their English twin's, failed. */
function compareLanguages(
  results: NotebookResult[],
  outDir: string,
  log: (line: string) => void,
): NotebookResult[] {
  const ok = new Set(results.filter((r) => r.ok).map((r) => r.notebook));
  return results.map((r) => {
    const en = englishTwin(r.notebook);
    if (!r.ok || en === null || !ok.has(en)) return r;
    const read = (n: string) => readFileSync(path.join(outDir, "notebooks/executed", n), "utf8");
    const problems = compareEditions(read(en), read(r.notebook));
    if (problems.length === 0) return r;
    const failed = {
      ...r,
      ok: false,
      message: `its printed numbers differ from the English ${en}'s:\n${problems.join("\n")}`,
    };
    log(`FAIL ${r.notebook} (numbers differ from ${en})`);
    log(failed.message.replace(/^/gm, "     "));
    return failed;
  });
}

async function executeOne(
  name: string,
  je: JupyterEnv,
  opts: Required<Omit<RunOptions, "only" | "log" | "languages">>,
): Promise<NotebookResult> {
  const src = path.join(opts.notebooksDir, name);
  const executed = path.join(opts.outDir, "notebooks/executed", name);
  mkdirSync(path.dirname(executed), { recursive: true });
  const r = await run(
    PYTHON,
    [
      path.join(opts.root, "src/jupyter/execute_notebook.py"),
      src,
      executed,
      String(opts.timeoutSeconds),
    ],
    je.env,
    opts.root,
  );
  const lastLine = r.stdout.trim().split("\n").pop() ?? "";
  let parsed: Summary;
  try {
    parsed = Summary.parse(JSON.parse(lastLine));
  } catch {
    return {
      notebook: name,
      ok: false,
      seconds: 0,
      message: `the notebook runner failed (exit ${r.code}):\n${r.stderr.trim()}`,
    };
  }
  if (!parsed.ok)
    return { notebook: name, ok: false, seconds: parsed.seconds, message: describeFailure(parsed) };
  const problems = checkOutputs(readFileSync(executed, "utf8"));
  if (problems.length > 0)
    return {
      notebook: name,
      ok: false,
      seconds: parsed.seconds,
      message: `its outputs fail the course's checks:\n${problems.join("\n")}`,
    };
  if (opts.html) {
    const h = await run(
      "jupyter",
      [
        "nbconvert",
        "--to",
        "html",
        "--output-dir",
        path.join(opts.outDir, "notebooks/html", path.dirname(name)),
        executed,
      ],
      je.env,
      opts.root,
    );
    if (h.code !== 0)
      return {
        notebook: name,
        ok: false,
        seconds: parsed.seconds,
        message: `HTML export failed:\n${h.stderr.trim()}`,
      };
  }
  const restarted = parsed.restarted ? ` (kernel restarted once: ${parsed.restarted})` : "";
  return {
    notebook: name,
    ok: true,
    seconds: parsed.seconds,
    message: `${parsed.cells} cells${restarted}`,
  };
}

/** Executes the notebooks, `jobs` at a time; writes build/test-results/notebooks.json. */
export async function runNotebooks(options: RunOptions): Promise<NotebookResult[]> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const je = jupyterEnv(options.root);
  const notebooksDir = options.notebooksDir ?? path.join(options.root, "notebooks");
  const outDir = options.outDir ?? path.join(options.root, "build");
  const secondsFile = path.join(outDir, "notebooks/seconds.json");
  const names = longestFirst(
    listNotebooks(notebooksDir, options.only, options.languages),
    readSeconds(secondsFile),
  );
  const opts = {
    root: options.root,
    notebooksDir,
    jobs: Math.max(1, options.jobs ?? Math.min(2, os.availableParallelism())),
    timeoutSeconds: options.timeoutSeconds ?? 300,
    html: options.html ?? true,
    outDir,
  };
  // Only this run's notebooks are replaced, so runs of different notebooks can share build/.
  for (const name of names) {
    rmSync(path.join(opts.outDir, "notebooks/executed", name), { force: true });
    rmSync(path.join(opts.outDir, "notebooks/html", name.replace(/\.ipynb$/, ".html")), {
      force: true,
    });
  }
  mkdirSync(path.join(opts.outDir, "notebooks/executed"), { recursive: true });
  const started = Date.now();
  const executed = await mapLimit(names, opts.jobs, async (name) => {
    const result = await executeOne(name, je, opts);
    log(
      `${result.ok ? "ok  " : "FAIL"} ${result.notebook} (${result.seconds.toFixed(1)} s) ${result.ok ? result.message : ""}`,
    );
    if (!result.ok) log(result.message.replace(/^/gm, "     "));
    return result;
  });
  const results = compareLanguages(executed, opts.outDir, log);
  const seconds = readSeconds(secondsFile);
  for (const r of executed) if (r.seconds > 0) seconds[r.notebook] = r.seconds;
  writeFileSync(secondsFile, `${JSON.stringify(seconds, null, 1)}\n`);
  const failed = results.filter((r) => !r.ok).length;
  log(
    `notebooks: ${results.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s; executed copies and HTML in ${path.relative(options.root, path.join(opts.outDir, "notebooks")) || "."}`,
  );
  mkdirSync(path.join(opts.outDir, "test-results"), { recursive: true });
  writeFileSync(
    path.join(opts.outDir, "test-results/notebooks.json"),
    JSON.stringify(
      { numPassedTests: results.length - failed, numFailedTests: failed, results },
      null,
      2,
    ),
  );
  return results;
}
