#!/usr/bin/env node
// The `sepconv` command. Each subcommand parses its own options (zod-checked) and returns an
// exit status; user mistakes print a message, not a stack trace.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { SepconvError } from "../errors";
import { SetupError, packageRoot } from "../jupyter/jupyter";
import { openCourse } from "../jupyter/open";
import { runNotebooks } from "../jupyter/run-notebooks";
import { check } from "../exercises/check";
import { readManifest } from "../exercises/course-files";
import { demoReport } from "./demo";

/** grader/ holds the instructor commands; the student release does not have it. */
interface InstructorCli {
  INSTRUCTOR_USAGE: string;
  runInstructorCommand(command: string, args: readonly string[], root: string): Promise<number | undefined>;
}
function instructorCli(): InstructorCli | null {
  const file = path.join(__dirname, "../grader/cli.js");
  return existsSync(file) ? (require(file) as InstructorCli) : null;
}

const USAGE = `usage: sepconv <command> [options]

commands:
  demo                         print the textbook comparison, computed by the engine
  open [jupyter args...]       start Jupyter Notebook on the course notebooks (npm start)
  notebooks [names...]         execute notebooks headlessly (npm run notebooks)
      --jobs <n>               notebooks run at once (default 2)
      --timeout <seconds>      per cell (default 300)
      --no-html                skip the HTML export
  check [ids...]               run your exercises against their public cases (default: all)`;

class UsageError extends Error {
  override readonly name = "UsageError";
}

const NotebookOptions = z.object({
  jobs: z.coerce.number().int().min(1).max(64).optional(),
  timeout: z.coerce.number().int().min(1).optional(),
  "no-html": z.boolean().optional(),
});

/** node:util parseArgs, with its errors (unknown option, missing value) as usage errors. */
function parse(args: readonly string[], options: NonNullable<Parameters<typeof parseArgs>[0]>["options"]) {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, options: options ?? {} });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "demo":
      process.stdout.write(demoReport() + "\n");
      return 0;
    case "open":
      return openCourse(packageRoot(), rest);
    case "notebooks": {
      const { values, positionals } = parse(rest, { jobs: { type: "string" }, timeout: { type: "string" }, "no-html": { type: "boolean" } });
      const parsed = NotebookOptions.safeParse(values);
      if (!parsed.success) {
        throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
      }
      const o = parsed.data;
      const results = await runNotebooks({
        root: packageRoot(),
        only: positionals,
        ...(o.jobs !== undefined ? { jobs: o.jobs } : {}),
        ...(o.timeout !== undefined ? { timeoutSeconds: o.timeout } : {}),
        html: !o["no-html"],
      });
      return results.every((r) => r.ok) ? 0 : 1;
    }
    case "check": {
      const { positionals } = parse(rest, {});
      const root = packageRoot();
      const ids = positionals.length ? positionals : readManifest(root).exercises.map((e) => e.id);
      let allPassed = true;
      for (const id of ids) {
        const s = check(id, { root });
        allPassed &&= s.total > 0 && s.passed === s.total;
      }
      return allPassed ? 0 : 1;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE + "\n" + (instructorCli()?.INSTRUCTOR_USAGE ?? "") + "\n");
      return command === undefined ? 2 : 0;
    default: {
      const instructor = instructorCli();
      const code = instructor ? await instructor.runInstructorCommand(command, rest, packageRoot()) : undefined;
      if (code !== undefined) return code;
      const known = ["fixtures", "release", "grade"].includes(command) ? ` ("${command}" is an instructor command, not part of the student release)` : "";
      throw new UsageError(`unknown command "${command}"${known}\n\n${USAGE}`);
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // User mistakes and missing setup get their message; anything else is a bug and keeps its stack.
    if (e instanceof UsageError || (e instanceof Error && ["UsageError", "ReleaseError", "CourseFileError"].includes(e.name))) {
      process.stderr.write(`sepconv: ${e.message}\n`);
      process.exitCode = 2;
    } else if (e instanceof SepconvError || e instanceof SetupError) {
      process.stderr.write(`sepconv: ${e.message}\n`);
      process.exitCode = e instanceof SetupError ? 3 : 2;
    } else {
      throw e;
    }
  },
);
