// Instructor commands of the `sepconv` CLI. They live in grader/, which the student release
// does not contain; src/cli/main.ts loads this file only when it exists.
import path from "node:path";
import { generateFixtures } from "./fixtures";
import { GRADE_USAGE, gradeCommand } from "./grade/command";
import { release } from "./release";

export const INSTRUCTOR_USAGE = `instructor commands:
  fixtures                     run the reference solutions, write exercises/fixtures and exercises/hidden/fixtures
  release <outDir>             write the student version of the course to a new folder
${GRADE_USAGE}`;

export async function runInstructorCommand(command: string, args: readonly string[], root: string): Promise<number | undefined> {
  switch (command) {
    case "fixtures": {
      for (const r of generateFixtures(root)) {
        process.stdout.write(`${r.hidden ? "hidden" : "public"} ${r.exercise}: ${r.cases} cases, ${r.points} points -> ${r.file}\n`);
      }
      return 0;
    }
    case "release": {
      const [out, ...extra] = args;
      if (out === undefined || extra.length) throw new UsageError(`usage: sepconv release <outDir>`);
      const report = release(root, path.resolve(out));
      process.stdout.write(`student release written to ${report.outDir}: ${report.files} files (${report.exercises} exercises as stubs, ${report.notebooks} notebooks cleared)\n`);
      return 0;
    }
    case "grade":
      return gradeCommand(args, root);
    default:
      return undefined;
  }
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}
