#!/usr/bin/env node
// The `sepconv` command. Each subcommand parses its own options (zod-checked) and returns an
// exit status. A usage mistake, in any command, is a UsageError: printed here, with that
// command's usage, exit 2; `--help` or `-h` prints the usage and exits 0. Other mistakes (a
// course file, missing setup) print their message, not a stack trace.
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { SepconvError } from "../errors";
import { LANGUAGES } from "../i18n";
import { SetupError, packageRoot } from "../jupyter/jupyter";
import { openCourse } from "../jupyter/open";
import { runNotebooks } from "../jupyter/run-notebooks";
import { check } from "../exercises/check";
import { CourseFileError, readManifest } from "../exercises/course-files";
import { demoReport } from "./demo";
import {
  type CommandHelp,
  UsageError,
  commandLines,
  commandUsage,
  parseCommandArgs,
  parseCommandOptions,
  wantsHelp,
} from "./usage";

/** grader/ holds the instructor commands; the student release does not have it. */
interface InstructorCli {
  INSTRUCTOR_COMMANDS: readonly CommandHelp[];
  runInstructorCommand(
    command: string,
    args: readonly string[],
    root: string,
  ): Promise<number | undefined>;
}
function instructorCli(): InstructorCli | null {
  const file = path.join(__dirname, "../grader/cli.js");
  return existsSync(file) ? (require(file) as InstructorCli) : null;
}
const INSTRUCTOR_NAMES = ["fixtures", "release", "grade"];

const COMMANDS: readonly CommandHelp[] = [
  { synopsis: "demo", summary: "print the textbook comparison, computed by the engine" },
  {
    synopsis: "open [jupyter args...]",
    summary:
      "start Jupyter Notebook on notebooks/ (npm start); in the course repo the Chinese edition " +
      "is its zh/ folder, a student release holds one language",
  },
  {
    synopsis: "notebooks [names...]",
    summary:
      "execute notebooks headlessly (npm run notebooks): those in notebooks/ and, in the course " +
      "repo, the Chinese edition in notebooks/zh/; 03 picks every 03, zh/03 only the Chinese",
    options: [
      ["--lang <en|zh>", "only that language's notebooks (default both)"],
      ["--jobs <n>", "notebooks run at once (default 2)"],
      ["--timeout <seconds>", "per cell (default 300)"],
      ["--no-html", "skip the HTML export"],
    ],
  },
  {
    synopsis: "check [ids...]",
    summary: "run your exercises against their public cases (default: all)",
  },
];

const nameOf = (c: CommandHelp) => c.synopsis.split(" ")[0]!;

/** The usage of one command, or of them all (with the instructor's when grader/ is there). */
function usage(command: string | null): string {
  const instructor = instructorCli()?.INSTRUCTOR_COMMANDS ?? [];
  const one = [...COMMANDS, ...instructor].find((c) => nameOf(c) === command);
  if (one) return commandUsage(one);
  const lines = [
    "usage: sepconv <command> [options]",
    "",
    "commands:",
    ...COMMANDS.map(commandLines),
  ];
  if (instructor.length) lines.push("instructor commands:", ...instructor.map(commandLines));
  lines.push("", "sepconv <command> --help: that command's usage");
  return lines.join("\n");
}

const NotebookOptions = z.object({
  jobs: z.coerce.number().int().min(1).max(64).optional(),
  timeout: z.coerce.number().int().min(1).optional(),
  "no-html": z.boolean().optional(),
  lang: z.enum(LANGUAGES).optional(),
});

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError(null, "no command given");
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${usage(rest[0] ?? null)}\n`);
    return 0;
  }
  const instructor = INSTRUCTOR_NAMES.includes(command) ? instructorCli() : null;
  if (!COMMANDS.some((c) => nameOf(c) === command) && !instructor) {
    const known = INSTRUCTOR_NAMES.includes(command)
      ? ` ("${command}" is an instructor command, not part of the student release)`
      : "";
    throw new UsageError(null, `unknown command "${command}"${known}`);
  }
  if (wantsHelp(rest)) {
    process.stdout.write(`${usage(command)}\n`);
    return 0;
  }
  switch (command) {
    case "demo":
      parseCommandArgs(command, rest, {});
      process.stdout.write(`${demoReport()}\n`);
      return 0;
    case "open":
      return openCourse(packageRoot(), rest);
    case "notebooks": {
      const { values, positionals } = parseCommandArgs(command, rest, {
        jobs: { type: "string" },
        timeout: { type: "string" },
        "no-html": { type: "boolean" },
        lang: { type: "string" },
      });
      const o = parseCommandOptions(command, NotebookOptions, values);
      const results = await runNotebooks({
        root: packageRoot(),
        only: positionals,
        ...(o.jobs !== undefined ? { jobs: o.jobs } : {}),
        ...(o.timeout !== undefined ? { timeoutSeconds: o.timeout } : {}),
        html: !o["no-html"],
        ...(o.lang !== undefined ? { languages: [o.lang] } : {}),
      });
      return results.every((r) => r.ok) ? 0 : 1;
    }
    case "check": {
      const { positionals } = parseCommandArgs(command, rest, {});
      const root = packageRoot();
      const ids = positionals.length ? positionals : readManifest(root).exercises.map((e) => e.id);
      let allPassed = true;
      for (const id of ids) {
        const s = check(id, { root });
        allPassed &&= s.total > 0 && s.passed === s.total;
      }
      return allPassed ? 0 : 1;
    }
    default: {
      const code = await instructor!.runInstructorCommand(command, rest, packageRoot());
      if (code === undefined) throw new UsageError(null, `unknown command "${command}"`);
      return code;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // The one place a usage mistake is printed: what was wrong, then how to call that command.
    if (e instanceof UsageError) {
      process.stderr.write(
        `sepconv${e.command === null ? "" : ` ${e.command}`}: ${e.message}\n\n${usage(e.command)}\n`,
      );
      process.exitCode = 2;
    } else if (e instanceof CourseFileError || e instanceof SepconvError) {
      process.stderr.write(`sepconv: ${e.message}\n`);
      process.exitCode = 2;
    } else if (e instanceof SetupError) {
      process.stderr.write(`sepconv: ${e.message}\n`);
      process.exitCode = 3;
    } else {
      // Anything else is a bug: it keeps its stack.
      throw e;
    }
  },
);
