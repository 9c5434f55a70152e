#!/usr/bin/env node
// The `sepconv` command. Subcommands grow with the course (release, grade, fixtures).
import { SepconvError } from "../errors";
import { demoReport } from "./demo";

const USAGE = `usage: sepconv <command>

commands:
  demo    print the textbook comparison, computed by the engine`;

function main(argv: readonly string[]): number {
  const [command] = argv;
  if (command === "demo") {
    process.stdout.write(demoReport() + "\n");
    return 0;
  }
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(USAGE + "\n");
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`sepconv: unknown command "${command}"\n\n${USAGE}\n`);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // A user mistake gets its message; anything else is a bug and keeps its stack.
  if (e instanceof SepconvError) {
    process.stderr.write(`sepconv: ${e.message}\n`);
    process.exitCode = 1;
  } else {
    throw e;
  }
}
