// Runs one fixture case against a loaded exercise function in this process (check()): fresh
// decoded arguments, the call through call-case.ts (the grader's child takes the same path), the
// result re-validated (so only plain data is judged), and a verdict.
import { Tensor } from "../tensor";
import type { FixtureCase } from "./schema";
import { judge } from "./judge";
import { describeThrown } from "./encoding";
import { type CaseStatus, callCase } from "./call-case";
import { decodeValue, type Value } from "./values";

export { describeThrown, type CaseStatus };

export interface CaseOutcome {
  status: CaseStatus;
  message: string;
}

/** Calls `fn` on the case's arguments and returns the result as plain, re-validated data. */
export function callWithCase(
  fn: (...args: Value[]) => unknown,
  c: Pick<FixtureCase, "args">,
): { ok: true; value: Value } | { ok: false; outcome: CaseOutcome } {
  const outcome = callCase(
    fn,
    c.args.map((a) => decodeValue(a)),
    Tensor,
  );
  switch (outcome.kind) {
    case "threw":
      return {
        ok: false,
        outcome: {
          status: outcome.notImplemented ? "not-implemented" : "error",
          message: outcome.message,
        },
      };
    case "invalid":
      return { ok: false, outcome: { status: "failed", message: outcome.message } };
    case "value":
      try {
        return { ok: true, value: decodeValue(outcome.value) };
      } catch (e) {
        return {
          ok: false,
          outcome: {
            status: "failed",
            message: `the result is not valid data: ${(e as Error).message.split("\n")[0]}`,
          },
        };
      }
  }
}

export function judgeCase(got: Value, c: FixtureCase): CaseOutcome {
  const verdict = judge(got, decodeValue(c.expected), c);
  return verdict.passed
    ? { status: "passed", message: "" }
    : { status: "failed", message: verdict.message };
}
