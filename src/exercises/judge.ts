// Compares what a submission returned with the reference output of one case and says what
// differs: shape first, then values (first wrong index, expected vs got, max errors).
import { compareTensors } from "../compare";
import { fmtShape } from "../errors";
import { Tensor } from "../tensor";
import { outer } from "../tensor-tools";
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

function describe(v: Value): string {
  if (v instanceof Tensor) return `a Tensor ${fmtShape(v.shape)}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "object") return `an object with keys ${Object.keys(v).join(", ") || "(none)"}`;
  if (typeof v === "number") return `the number ${v}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function numbersClose(got: number, expected: number, o: JudgeOptions): boolean {
  if (Number.isNaN(got) || Number.isNaN(expected)) return false;
  if (o.compare === "exact") return got === expected;
  return Math.abs(got - expected) <= o.atol + o.rtol * Math.abs(expected);
}

function judgeSeparable(got: Value, expected: Value, o: JudgeOptions): Verdict {
  if (expected === null) {
    return got === null
      ? { passed: true }
      : {
          passed: false,
          message: `this kernel is not rank 1, so the answer is null; got ${describe(got)}`,
        };
  }
  const e = expected as { column: Tensor; row: Tensor };
  const kh = e.column.shape[0]!;
  const kw = e.row.shape[1]!;
  if (got === null) return { passed: false, message: `this kernel is rank 1 and splits; got null` };
  if (
    typeof got !== "object" ||
    Array.isArray(got) ||
    got instanceof Tensor ||
    !(got.column instanceof Tensor) ||
    !(got.row instanceof Tensor)
  ) {
    return { passed: false, message: `expected { column, row } of Tensors, got ${describe(got)}` };
  }
  const column = got.column;
  const row = got.row;
  if (column.rank !== 2 || column.shape[0] !== kh || column.shape[1] !== 1) {
    return { passed: false, message: `column must be [${kh},1], got ${fmtShape(column.shape)}` };
  }
  if (row.rank !== 2 || row.shape[0] !== 1 || row.shape[1] !== kw) {
    return { passed: false, message: `row must be [1,${kw}], got ${fmtShape(row.shape)}` };
  }
  const c = compareTensors(outer(column, row), outer(e.column, e.row), {
    rtol: o.rtol,
    atol: o.atol,
  });
  return c.kind === "close"
    ? { passed: true }
    : { passed: false, message: `column x row does not reproduce the kernel: ${c.message}` };
}

/** Does `got` match `expected` under the case's comparison? */
export function judge(got: Value, expected: Value, o: JudgeOptions): Verdict {
  if (o.compare === "separable") return judgeSeparable(got, expected, o);
  if (expected instanceof Tensor) {
    if (!(got instanceof Tensor))
      return {
        passed: false,
        message: `expected a Tensor ${fmtShape(expected.shape)}, got ${describe(got)}`,
      };
    const c = compareTensors(got, expected, { rtol: o.rtol, atol: o.atol });
    if (c.kind === "close") return { passed: true };
    return { passed: false, message: c.kind === "shape" ? `wrong shape: ${c.message}` : c.message };
  }
  if (typeof expected === "number") {
    if (typeof got !== "number")
      return { passed: false, message: `expected the number ${expected}, got ${describe(got)}` };
    return numbersClose(got, expected, o)
      ? { passed: true }
      : { passed: false, message: `expected ${expected}, got ${got}` };
  }
  if (expected === null || typeof expected !== "object") {
    return got === expected
      ? { passed: true }
      : { passed: false, message: `expected ${describe(expected)}, got ${describe(got)}` };
  }
  // Arrays and plain objects: element by element.
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length)
      return { passed: false, message: `expected ${describe(expected)}, got ${describe(got)}` };
    for (let i = 0; i < expected.length; i++) {
      const v = judge(got[i]!, expected[i]!, o);
      if (!v.passed) return { passed: false, message: `[${i}]: ${v.message}` };
    }
    return { passed: true };
  }
  if (typeof got !== "object" || got === null || Array.isArray(got) || got instanceof Tensor) {
    return { passed: false, message: `expected ${describe(expected)}, got ${describe(got)}` };
  }
  for (const key of Object.keys(expected)) {
    const v = judge(got[key] ?? null, expected[key]!, o);
    if (!v.passed) return { passed: false, message: `.${key}: ${v.message}` };
  }
  return { passed: true };
}
