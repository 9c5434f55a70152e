// How the `sepconv` command describes its commands, and the one error for calling it wrongly.
// Every subcommand (the student's in main.ts, the instructor's in grader/) throws UsageError for
// a usage mistake; main.ts alone prints it, with the command's usage, and exits 2.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";

/** One command of the usage text. */
export interface CommandHelp {
  /** The command and its arguments, as typed: "grade <submission...>". */
  readonly synopsis: string;
  readonly summary: string;
  /** Option lines, flag then description: ["--jobs <n>", "parallel workers"]. */
  readonly options?: readonly (readonly [flag: string, description: string])[];
}

/** A mistake in how `sepconv` was called. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    /** The command called wrongly; null for `sepconv` itself (no command, or an unknown one). */
    readonly command: string | null,
    override readonly message: string,
  ) {
    super(message);
  }
}

/** Where descriptions start, so that the longest flag (--typecheck-timeout <ms>) fits. */
const COLUMN = 31;

function optionLines(c: CommandHelp): string[] {
  // A description's further lines continue under the description column.
  return (c.options ?? []).map(
    ([flag, description]) =>
      `      ${flag.padEnd(COLUMN - 7)} ${description.split("\n").join(`\n${" ".repeat(COLUMN)}`)}`,
  );
}

/** A command's lines in the list of commands: synopsis and summary, then its options indented. */
export function commandLines(c: CommandHelp): string {
  return [`  ${c.synopsis.padEnd(COLUMN - 3)} ${c.summary}`, ...optionLines(c)].join("\n");
}

/** `sepconv <command> --help`: the one command's usage. */
export function commandUsage(c: CommandHelp): string {
  return [
    `usage: sepconv ${c.synopsis}${c.options?.length ? " [options]" : ""}`,
    "",
    c.summary,
    ...optionLines(c),
  ].join("\n");
}

/** True when `args` ask for help: --help or -h before any "--". */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

export type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;
export type ParsedArgs<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>
>;

/** node:util parseArgs (strict, positionals allowed), its errors (unknown option, missing value) thrown as UsageErrors of `command`. */
export function parseCommandArgs<O extends OptionsConfig>(
  command: string,
  args: readonly string[],
  options: O,
): ParsedArgs<O> {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError(command, e instanceof Error ? e.message : String(e));
  }
}

/** A command's parsed option values checked with zod; what is wrong is a UsageError naming each option. */
export function parseCommandOptions<T>(command: string, schema: z.ZodType<T>, values: unknown): T {
  const parsed = schema.safeParse(values);
  if (!parsed.success)
    throw new UsageError(command, `invalid options\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
