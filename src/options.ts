// Options objects at the public boundary: a plain object with known keys, so a typo such as
// { stride: 2 } is reported instead of silently ignored.
import { OptionError, fmtValue } from "./errors";

/** Rejects anything but a plain options object with known keys (a typo is not ignored). */
export function checkOptions(op: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new OptionError(op, "options", options, `options must be an object, got ${fmtValue(options)}`);
  }
  // for-in with an own-property check, not Object.keys: no array per call.
  for (const key in options) {
    if (!Object.prototype.hasOwnProperty.call(options, key)) continue;
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

/** A finite, non-negative number option (tolerances). */
export function nonNegativeOption(op: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new OptionError(op, name, value, `${name} must be a finite number >= 0, got ${fmtValue(value)}`);
  }
  return value;
}
