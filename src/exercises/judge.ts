// Compares what a submission returned with the reference output of one case and says what
// differs: shape first, then values (first wrong index, expected vs got, max errors).
import { compareTensors } from "../compare";
import { fmtShape } from "../errors";
import { Tensor } from "../tensor";
import { outer } from "../tensor-tools";
import { type Language, language } from "../i18n";
import { DESCRIBE, JUDGE, say } from "./messages";
import type { CompareKind } from "./schema";
import type { Value } from "./values";

export type Verdict =
  | { readonly passed: true }
  | { readonly passed: false; readonly message: string };

export interface JudgeOptions {
  compare: CompareKind;
  rtol: number;
  atol: number;
}

function describe(v: Value, lang: Language): string {
  if (v instanceof Tensor) return say(DESCRIBE.tensor, lang, fmtShape(v.shape));
  if (v === null) return say(DESCRIBE.null, lang);
  if (Array.isArray(v)) return say(DESCRIBE.array, lang, v.length);
  if (typeof v === "object") return say(DESCRIBE.object, lang, Object.keys(v).join(", "));
  if (typeof v === "number") return say(DESCRIBE.number, lang, v);
  return say(DESCRIBE.other, lang, typeof v, JSON.stringify(v));
}

/** compareTensors' verdict on two tensors, in `lang` (its own message is English only). */
function tensorMismatch(got: Tensor, expected: Tensor, o: JudgeOptions, lang: Language) {
  const c = compareTensors(got, expected, { rtol: o.rtol, atol: o.atol });
  if (c.kind === "close") return null;
  if (c.kind === "shape")
    return say(JUDGE.wrongShape, lang, fmtShape(got.shape), fmtShape(expected.shape));
  return say(JUDGE.values, lang, {
    mismatches: c.mismatches,
    size: got.size,
    index: c.firstIndex.join(","),
    expected: c.expected,
    got: c.got,
    maxAbs: c.maxAbsError,
    maxRel: c.maxRelError,
    rtol: o.rtol,
    atol: o.atol,
  });
}

function numbersClose(got: number, expected: number, o: JudgeOptions): boolean {
  if (Number.isNaN(got) || Number.isNaN(expected)) return false;
  if (o.compare === "exact") return got === expected;
  return Math.abs(got - expected) <= o.atol + o.rtol * Math.abs(expected);
}

function judgeSeparable(got: Value, expected: Value, o: JudgeOptions, lang: Language): Verdict {
  if (expected === null) {
    return got === null
      ? { passed: true }
      : { passed: false, message: say(JUDGE.notRank1, lang, describe(got, lang)) };
  }
  const e = expected as { column: Tensor; row: Tensor };
  const kh = e.column.shape[0]!;
  const kw = e.row.shape[1]!;
  if (got === null) return { passed: false, message: say(JUDGE.rank1, lang) };
  if (
    typeof got !== "object" ||
    Array.isArray(got) ||
    got instanceof Tensor ||
    !(got.column instanceof Tensor) ||
    !(got.row instanceof Tensor)
  ) {
    return { passed: false, message: say(JUDGE.notColumnRow, lang, describe(got, lang)) };
  }
  const column = got.column;
  const row = got.row;
  if (column.rank !== 2 || column.shape[0] !== kh || column.shape[1] !== 1) {
    return { passed: false, message: say(JUDGE.columnShape, lang, kh, fmtShape(column.shape)) };
  }
  if (row.rank !== 2 || row.shape[0] !== 1 || row.shape[1] !== kw) {
    return { passed: false, message: say(JUDGE.rowShape, lang, kw, fmtShape(row.shape)) };
  }
  // The products are compared, not the factors: any scaling of column against row is right.
  const wrong = tensorMismatch(outer(column, row), outer(e.column, e.row), o, lang);
  return wrong === null
    ? { passed: true }
    : { passed: false, message: say(JUDGE.notReproduced, lang, wrong) };
}

/** Does `got` match `expected` under the case's comparison? Says what differs in `lang`. */
export function judge(
  got: Value,
  expected: Value,
  o: JudgeOptions,
  lang: Language = language(),
): Verdict {
  const expectedGot = (): Verdict => ({
    passed: false,
    message: say(JUDGE.expected, lang, describe(expected, lang), describe(got, lang)),
  });
  if (o.compare === "separable") return judgeSeparable(got, expected, o, lang);
  if (expected instanceof Tensor) {
    if (!(got instanceof Tensor))
      return {
        passed: false,
        message: say(JUDGE.expectedTensor, lang, fmtShape(expected.shape), describe(got, lang)),
      };
    const wrong = tensorMismatch(got, expected, o, lang);
    return wrong === null ? { passed: true } : { passed: false, message: wrong };
  }
  if (typeof expected === "number") {
    if (typeof got !== "number")
      return {
        passed: false,
        message: say(JUDGE.expectedNumber, lang, expected, describe(got, lang)),
      };
    return numbersClose(got, expected, o)
      ? { passed: true }
      : { passed: false, message: say(JUDGE.numberDiffers, lang, expected, got) };
  }
  if (expected === null || typeof expected !== "object") {
    return got === expected ? { passed: true } : expectedGot();
  }
  // Arrays and plain objects: element by element.
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) return expectedGot();
    for (let i = 0; i < expected.length; i++) {
      const v = judge(got[i]!, expected[i]!, o, lang);
      if (!v.passed) return { passed: false, message: `[${i}]: ${v.message}` };
    }
    return { passed: true };
  }
  if (typeof got !== "object" || got === null || Array.isArray(got) || got instanceof Tensor) {
    return expectedGot();
  }
  for (const key of Object.keys(expected)) {
    const v = judge(got[key] ?? null, expected[key]!, o, lang);
    if (!v.passed) return { passed: false, message: `.${key}: ${v.message}` };
  }
  return { passed: true };
}
