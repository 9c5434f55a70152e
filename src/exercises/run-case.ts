// Runs one fixture case against a loaded exercise function in this process (check()): fresh
// decoded arguments, the call through call-case.ts (the grader's child takes the same path), the
// result re-validated (so only plain data is judged), and a verdict.
import { Tensor } from "../tensor";
import type { FixtureCase } from "./schema";
import { judge } from "./judge";
import { describeThrown } from "./encoding";
import { type CaseStatus, callCase } from "./call-case";
import { decodeValue, type Value } from "./values";
import { type Language, language } from "../i18n";
import { CALL, say } from "./messages";

export { describeThrown, type CaseStatus };

export interface CaseOutcome {
  status: CaseStatus;
  message: string;
}

/** Calls `fn` on the case's arguments and returns the result as plain, re-validated data. */
export function callWithCase(
  fn: (...args: Value[]) => unknown,
  c: Pick<FixtureCase, "args">,
  lang: Language = language(),
): { ok: true; value: Value } | { ok: false; outcome: CaseOutcome } {
  const outcome = callCase(
    fn,
    c.args.map((a) => decodeValue(a)),
    Tensor,
    lang,
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
            message: say(CALL.notValidData, lang, (e as Error).message.split("\n")[0]!),
          },
        };
      }
  }
}

/** The verdict on one case, its message in `lang`. */
export function judgeCase(got: Value, c: FixtureCase, lang: Language = language()): CaseOutcome {
  const verdict = judge(got, decodeValue(c.expected), c, lang);
  return verdict.passed
    ? { status: "passed", message: "" }
    : { status: "failed", message: verdict.message };
}
