// Runs one fixture case against a loaded exercise function, in whatever process calls it:
// fresh decoded arguments, the call, the result normalised through the value encoding (so only
// plain data is judged), and a verdict.
import type { FixtureCase } from "./schema";
import { judge } from "./judge";
import { describeThrown } from "./encoding";
import { decodeValue, encodeValue, type Value } from "./values";

export { describeThrown };

export type CaseStatus = "passed" | "failed" | "error" | "not-implemented";

export interface CaseOutcome {
  status: CaseStatus;
  message: string;
}

const NOT_IMPLEMENTED = /not implemented yet/i;

/** Calls `fn` on the case's arguments and returns the result as plain, re-validated data. */
export function callWithCase(fn: (...args: Value[]) => unknown, c: Pick<FixtureCase, "args">): { ok: true; value: Value } | { ok: false; outcome: CaseOutcome } {
  const args = c.args.map((a) => decodeValue(a));
  let result: unknown;
  try {
    result = fn(...args);
  } catch (e) {
    const text = describeThrown(e);
    return { ok: false, outcome: { status: NOT_IMPLEMENTED.test(text) ? "not-implemented" : "error", message: text } };
  }
  try {
    return { ok: true, value: decodeValue(encodeValue(result, "the result")) };
  } catch (e) {
    return { ok: false, outcome: { status: "failed", message: `the result is not plain data: ${(e as Error).message}` } };
  }
}

export function judgeCase(got: Value, c: FixtureCase): CaseOutcome {
  const verdict = judge(got, decodeValue(c.expected), c);
  return verdict.passed ? { status: "passed", message: "" } : { status: "failed", message: verdict.message };
}
