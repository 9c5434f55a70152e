// Checks on what an executed notebook printed, run after every notebook by `sepconv notebooks`
// (so in `npm test`): a claim the course makes must be true in the run that makes it.
//  - No output says "mismatch": an equivalence check that fails must fail the cell, not print.
//  - Every rate in a "GMAC/s" column of a printed table is at most the machine's arithmetic peak
//    the notebook printed ("peak: N GMAC/s"; "峰值：N GMAC/s" in Chinese), and a notebook that
//    prints such a column states one.
import { z } from "zod";

const Output = z.looseObject({
  text: z.union([z.string(), z.array(z.string())]).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const Cell = z.looseObject({
  cell_type: z.string(),
  id: z.string().optional(),
  outputs: z.array(Output).optional(),
});
const Notebook = z.looseObject({ cells: z.array(Cell) });

const joined = (v: unknown): string =>
  typeof v === "string" ? v : Array.isArray(v) ? v.join("") : "";

/** Every text an output shows: plain text, markdown and HTML (tags left in). */
function outputTexts(o: z.infer<typeof Output>): string[] {
  const texts = [joined(o.text)];
  for (const key of ["text/plain", "text/markdown", "text/html"]) texts.push(joined(o.data?.[key]));
  return texts.filter((t) => t.length > 0);
}

const cellText = (html: string) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .trim();

/** The cells of each HTML table as rows of strings (header row first). */
function tables(html: string): string[][][] {
  const out: string[][][] = [];
  for (const t of html.match(/<table[\s\S]*?<\/table>/g) ?? []) {
    const rows = (t.match(/<tr[\s\S]*?<\/tr>/g) ?? []).map((r) =>
      (r.match(/<t[hd][^>]*>[\s\S]*?<\/t[hd]>/g) ?? []).map(cellText),
    );
    out.push(rows.filter((r) => r.length > 0));
  }
  return out;
}

/** What is wrong with an executed notebook's outputs (empty: nothing). */
export function checkOutputs(notebookJson: string): string[] {
  const nb = Notebook.parse(JSON.parse(notebookJson));
  const problems: string[] = [];
  const peaks: number[] = [];
  const rates: { cell: string; column: string; value: number }[] = [];
  for (const [i, cell] of nb.cells.entries()) {
    const name = cell.id ?? `#${i}`;
    for (const o of cell.outputs ?? []) {
      for (const text of outputTexts(o)) {
        if (/mismatch/i.test(text))
          problems.push(`cell ${name} prints "mismatch": a check that fails must fail the cell`);
        // The Chinese edition states it as "峰值：N GMAC/s".
        for (const m of text.matchAll(/(?:peak|峰值)\s*[:：]\s*([\d.]+)\s*GMAC\/s/g))
          peaks.push(Number(m[1]));
        for (const rows of tables(text)) {
          const header = rows[0] ?? [];
          header.forEach((h, col) => {
            if (!/GMAC\/s/.test(h)) return;
            for (const row of rows.slice(1)) {
              const value = Number((row[col] ?? "").replace(/,/g, ""));
              if (Number.isFinite(value) && (row[col] ?? "").trim() !== "")
                rates.push({ cell: name, column: h, value });
            }
          });
        }
      }
    }
  }
  if (rates.length > 0 && peaks.length === 0) {
    problems.push(
      `prints GMAC/s (cell ${rates[0]!.cell}) without stating the machine's peak ("peak: N GMAC/s", "峰值：N GMAC/s")`,
    );
    return problems;
  }
  const bound = Math.max(...peaks);
  for (const r of rates) {
    if (!(r.value > 0) || r.value > bound)
      problems.push(
        `cell ${r.cell}: ${r.column} ${r.value} is not in (0, ${bound}], the peak this notebook measured`,
      );
  }
  return [...new Set(problems)];
}
