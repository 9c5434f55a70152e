// Instructor commands of the `sepconv` CLI. They live in grader/, which the student release
// does not contain; src/cli/main.ts loads this file only when it exists, prints the usage of
// these commands with its own, and prints the UsageErrors they throw.
import path from "node:path";
import { LANGUAGES, course } from "sepconv";
import { z } from "zod";
import { generateFixtures } from "./fixtures";
import { GRADE_HELP, gradeCommand } from "./grade/command";
import { ReleaseError } from "./release/errors";
import { release } from "./release";

const ReleaseOptions = z.object({ lang: z.enum(LANGUAGES).default("en") }).strict();

export const INSTRUCTOR_COMMANDS: readonly course.CommandHelp[] = [
  {
    synopsis: "fixtures",
    summary: "run the reference solutions, write exercises/fixtures and exercises/hidden/fixtures",
  },
  {
    synopsis: "release <outDir>",
    summary: "write the student version of the course to a new folder",
    options: [
      [
        "--lang <en|zh>",
        "the release's language: en (default) or zh (notebooks from notebooks/zh/,\nChinese README, exercise descriptions and check() output)",
      ],
    ],
  },
  GRADE_HELP,
];

export async function runInstructorCommand(
  command: string,
  args: readonly string[],
  root: string,
): Promise<number | undefined> {
  switch (command) {
    case "fixtures": {
      course.parseCommandArgs(command, args, {});
      for (const r of generateFixtures(root)) {
        process.stdout.write(
          `${r.hidden ? "hidden" : "public"} ${r.exercise}: ${r.cases} cases, ${r.points} points -> ${r.file}\n`,
        );
      }
      return 0;
    }
    case "release": {
      const { positionals, values } = course.parseCommandArgs(command, args, {
        lang: { type: "string" },
      });
      const { lang } = course.parseCommandOptions(command, ReleaseOptions, values);
      if (positionals.length !== 1)
        throw new course.UsageError(
          command,
          `give one folder to write the release to (got ${positionals.length})`,
        );
      try {
        const report = release(root, path.resolve(positionals[0]!), lang);
        process.stdout.write(
          `student release written to ${report.outDir}: ${report.files} files (${report.exercises} exercises as stubs, ${report.notebooks} notebooks cleared)\n`,
        );
        for (const nb of report.untranslated)
          process.stderr.write(
            `sepconv release: note: no ${lang} edition of ${nb} yet (no exercise needs it): not in the release\n`,
          );
        return 0;
      } catch (e) {
        // A refusal (the folder is not empty, a solution marker would ship), not a bug: its message suffices.
        if (!(e instanceof ReleaseError)) throw e;
        process.stderr.write(`sepconv release: ${e.message}\n`);
        return 1;
      }
    }
    case "grade":
      return gradeCommand(args, root);
    default:
      return undefined;
  }
}
