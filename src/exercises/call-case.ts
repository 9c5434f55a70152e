// Calling an exercise function on one case: the one path both check() (in the notebook's
// process) and the grader's child process (isolated) take, so they classify alike. No zod here:
// the child loads this module and must start quickly; the caller validates what it keeps.
import type { Tensor } from "../tensor";
import { type Encoded, type Value, describeThrown, encodeValue } from "./encoding";
import { CALL, ENCODE, say } from "./messages";
import { type Language, language } from "../i18n";

/** A case's verdict, for check() and the grader alike ("timeout" only happens in the grader). */
export type CaseStatus = "passed" | "failed" | "error" | "timeout" | "not-implemented";

/** What a stub of the student release throws (the release writes it, check() and the grader
 *  read it back). */
export function stubMessage(id: string): string {
  return `${id}: not implemented yet`;
}

const STUB = /(?:(\w+): )?not implemented yet/i;

/** Whether a thrown message is a stub's, and if so whose (the exercise id, when it names one). */
export function stubOf(message: string): { id: string | null } | null {
  const m = STUB.exec(message);
  return m ? { id: m[1] ?? null } : null;
}

/** What one call did: returned plain data (encoded), returned something that is not a result
 *  (said why), or threw. */
export type CallOutcome =
  | { kind: "value"; value: Encoded }
  | { kind: "invalid"; message: string }
  | { kind: "threw"; message: string; notImplemented: boolean; error: unknown };

/**
 * describeThrown that cannot throw itself (a student can throw anything).
 * @public required from dist/ by the grader's child
 */
export function safeDescribe(e: unknown): string {
  try {
    return describeThrown(e);
  } catch {
    return "threw a value that cannot be described";
  }
}

/** `fn(...args)`, its result encoded. `tensorClass` is the Tensor the exercise imports, so a
 *  plain { shape, data } object is told apart from a Tensor and named. */
export function callCase(
  fn: (...args: Value[]) => unknown,
  args: Value[],
  tensorClass: typeof Tensor,
  lang: Language = language(),
): CallOutcome {
  let value: unknown;
  let plainTensor: boolean;
  try {
    value = fn(...args);
    // Inside the try: a Proxy's traps are student code too, and may throw here.
    plainTensor =
      typeof value === "object" &&
      value !== null &&
      !(value instanceof tensorClass) &&
      "shape" in value &&
      "data" in value;
  } catch (error) {
    const message = safeDescribe(error);
    return { kind: "threw", message, notImplemented: stubOf(message) !== null, error };
  }
  if (plainTensor) {
    return {
      kind: "invalid",
      message: say(CALL.plainTensor, lang),
    };
  }
  try {
    return { kind: "value", value: encodeValue(value, say(ENCODE.result, lang), lang) };
  } catch (e) {
    return { kind: "invalid", message: say(CALL.notPlainData, lang, safeDescribe(e)) };
  }
}
