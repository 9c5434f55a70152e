// The gradebook: one row per submission (its path as given), a column per exercise, the total.
import type { SubmissionResult } from "../types";

function field(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function gradebookCsv(results: readonly SubmissionResult[], exerciseIds: readonly string[]): string {
  const header = ["submission", ...exerciseIds, "total", "max"];
  const rows = results.map((r) => [r.submission, ...exerciseIds.map((id) => r.exercises.find((e) => e.id === id)?.score ?? 0), r.score, r.maxScore]);
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\n") + "\n";
}
