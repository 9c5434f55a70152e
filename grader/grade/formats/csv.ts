// The gradebook: one row per submission (its display name), a column per exercise, the total.
import type { SubmissionResult } from "../types";

// A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection":
// https://owasp.org/www-community/attacks/CSV_Injection; ASVS 1.2.10 adds NUL), so such a
// cell gets a leading '. Names come from student folders.
const FORMULA_START = /^[=+\-@\t\r\0]/;

function field(v: string | number): string {
  // Only text is neutralised: a number the grader wrote (even a negative one) stays a number.
  const s = typeof v === "string" && FORMULA_START.test(v) ? `'${v}` : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface CsvOptions {
  /** Starts the file with a UTF-8 byte order mark, which Excel needs to read non-ASCII names. */
  bom?: boolean;
}

export function gradebookCsv(
  results: readonly SubmissionResult[],
  exerciseIds: readonly string[],
  o: CsvOptions = {},
): string {
  const header = ["submission", ...exerciseIds, "total", "max"];
  const rows = results.map((r) => [
    r.name,
    ...exerciseIds.map((id) => r.exercises.find((e) => e.id === id)?.score ?? 0),
    r.score,
    r.maxScore,
  ]);
  return (
    (o.bom ? "\uFEFF" : "") +
    [header, ...rows].map((row) => row.map(field).join(",")).join("\n") +
    "\n"
  );
}
