// Options and arguments at the public boundary, checked in one place so every message reads the
// same: "op: name must be <requirement>, got <value>". An options object must be a plain object
// with known keys, so a typo such as { stride: 2 } is reported instead of silently ignored.
//
// The xxxOption validators take an optional value: undefined passes through as undefined (write
// `?? default` after them); anything else must meet the requirement. checkInt and checkNumber are
// the same checks for a required argument, where undefined is as wrong as any other bad value.
import { OptionError, fmtValue } from "./errors";

/** Throws the package's one message for a bad option: `name must be <requirement>, got <value>`
 *  (`hint`, when given, follows the value). */
export function failOption(
  op: string,
  name: string,
  value: unknown,
  requirement: string,
  hint = "",
): never {
  throw new OptionError(
    op,
    name,
    value,
    `${name} must be ${requirement}, got ${fmtValue(value)}${hint}`,
  );
}

/** Rejects anything but a plain object (options objects; no keys are checked). */
export function checkOptionsObject(op: string, options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options))
    failOption(op, "options", options, "an object");
}

/** Rejects anything but a plain options object with known keys (a typo is not ignored). */
export function checkOptions(op: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  checkOptionsObject(op, options);
  for (const key of Object.keys(options as object)) {
    if (!allowed.includes(key)) {
      const near = allowed.find((k) => k.startsWith(key.slice(0, 4)));
      throw new OptionError(
        op,
        key,
        (options as Record<string, unknown>)[key],
        `unknown option "${key}"${near ? ` (did you mean "${near}"?)` : ""}; known options: ${allowed.join(", ")}`,
      );
    }
  }
}

/** An integer in [min, max]. */
export function isInteger(value: unknown, min = -Infinity, max = Infinity): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** "a positive integer", "an integer >= 3", "an integer from 1 to 64". */
function integerRequirement(min: number, max: number): string {
  if (max !== Infinity) return `an integer from ${min} to ${max}`;
  return min === 1 ? "a positive integer" : `an integer >= ${min}`;
}

/** A required integer argument in [min, max] (`hint` follows the value in the message). */
export function checkInt(
  op: string,
  name: string,
  value: unknown,
  min: number,
  max = Infinity,
  hint = "",
): number {
  if (!isInteger(value, min, max)) failOption(op, name, value, integerRequirement(min, max), hint);
  return value;
}

/** An optional integer option in [min, max]. */
export function intOption(
  op: string,
  name: string,
  value: unknown,
  min: number,
  max = Infinity,
): number | undefined {
  return value === undefined ? undefined : checkInt(op, name, value, min, max);
}

/** Bounds of a number: `min`/`max` inclusive, `above`/`below` exclusive; `finite: false` also
 *  accepts the infinities (and, without bounds, NaN). `note` follows the requirement. */
export interface NumberBounds {
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  finite?: boolean;
  note?: string;
}

function meets(v: number, b: NumberBounds): boolean {
  if (b.finite !== false && !Number.isFinite(v)) return false;
  if (b.min !== undefined && !(v >= b.min)) return false;
  if (b.above !== undefined && !(v > b.above)) return false;
  if (b.max !== undefined && !(v <= b.max)) return false;
  if (b.below !== undefined && !(v < b.below)) return false;
  return true;
}

/** "a finite number >= 0", "a finite number in [0, 1)", "a number > 0". */
function numberRequirement(b: NumberBounds): string {
  const lo = b.min ?? b.above;
  const hi = b.max ?? b.below;
  let range = "";
  if (lo !== undefined && hi !== undefined)
    range = ` in ${b.min !== undefined ? "[" : "("}${lo}, ${hi}${b.max !== undefined ? "]" : ")"}`;
  else if (lo !== undefined) range = ` ${b.min !== undefined ? ">=" : ">"} ${lo}`;
  else if (hi !== undefined) range = ` ${b.max !== undefined ? "<=" : "<"} ${hi}`;
  return `${b.finite === false ? "a number" : "a finite number"}${range}${b.note ? ` ${b.note}` : ""}`;
}

/** A required number argument within `bounds` (finite unless bounds.finite is false). */
export function checkNumber(
  op: string,
  name: string,
  value: unknown,
  bounds: NumberBounds = {},
): number {
  if (typeof value !== "number" || !meets(value, bounds))
    failOption(op, name, value, numberRequirement(bounds));
  return value;
}

/** An optional number option within `bounds`. */
export function numberOption(
  op: string,
  name: string,
  value: unknown,
  bounds: NumberBounds = {},
): number | undefined {
  return value === undefined ? undefined : checkNumber(op, name, value, bounds);
}

/** A finite, non-negative number option (tolerances), `fallback` when absent. */
export function nonNegativeOption(
  op: string,
  name: string,
  value: unknown,
  fallback: number,
): number {
  return numberOption(op, name, value, { min: 0 }) ?? fallback;
}

export function booleanOption(op: string, name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean")
    failOption(op, name, value, "true or false");
  return value;
}

export function stringOption(op: string, name: string, value: unknown): string | undefined {
  if (value !== undefined && typeof value !== "string") failOption(op, name, value, "a string");
  return value;
}

/** One of a list of strings: `name must be one of "a", "b", got "c"`. */
export function choiceOption<T extends string>(
  op: string,
  name: string,
  value: unknown,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    failOption(op, name, value, `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
  }
  return value as T;
}

/** [min, max] of finite numbers with min < max (a colour domain, an image's value range). */
export function isInterval(value: unknown): value is readonly [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === "number" &&
    typeof value[1] === "number" &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1]) &&
    value[0] < value[1]
  );
}
