// The Chinese edition computes what the English one computes: after a run that executed a
// notebook in both languages, `sepconv notebooks` compares them cell by cell (cells paired by
// id), and every number a code cell printed must equal the English cell's, in order. Only the
// words around the numbers are translated; a number that differs means the code, a seed or an
// interpolated value differs.
//
// Times are the exception, since no two runs measure the same. The rule is narrow (and unit
// tested in test/jupyter/compare-editions.test.ts):
//  1. Everywhere: a number followed by a time unit (ns, us, µs, ms, s, min; 纳秒, 微秒, 毫秒, 秒,
//     分钟) with the "(low-high)" spread formatTime writes after it, and a rate in GMAC/s.
//  2. A chart (<svg>) whose text names a time unit or "time" (时间, 用时, 耗时): all its numbers.
//  3. A table column whose header names a time unit, "time", a speedup or a rate (GMAC/s).
//  4. In a cell that states a measured speedup (describeSpeedup's sentence: "ran Nx as fast as",
//     "took about the same time"; 的速度是 … 倍, 用时相当): ratios ("7.45x", "7.16-7.99x",
//     "7.45 倍") and percentages, which are read from the measured speedups.
//  5. A cell whose code reads the machine's state (os.loadavg(), os.cpus()) or picks its words
//     by a time's spread (.q1Ms, .q3Ms): none of its numbers, as which sentence it prints, and so
//     which numbers, depends on the run.
// Numbers inside names ("float32", "conv_dw_3", "Conv2D") are part of the name, not numbers; a
// shape's "5x5x3" is three numbers.
import { z } from "zod";

const Output = z.looseObject({
  output_type: z.string(),
  text: z.union([z.string(), z.array(z.string())]).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const Cell = z.looseObject({
  cell_type: z.string(),
  id: z.string().optional(),
  source: z.union([z.string(), z.array(z.string())]).optional(),
  outputs: z.array(Output).optional(),
});
const Notebook = z.looseObject({ cells: z.array(Cell) });
type Cell = z.infer<typeof Cell>;

/** A number as printed, with a few characters either side for the report. */
export interface PrintedNumber {
  text: string;
  value: number;
  context: string;
}

const joined = (v: unknown): string =>
  typeof v === "string" ? v : Array.isArray(v) ? v.join("") : "";

const NUM = String.raw`\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][+-]?\d+)?`;
// A number starts where a name cannot continue it: not after a Latin letter, digit, "_" or "."
// ("float32", "v1.1.0"), except a shape's "x"/"×" after a digit ("5x5x3").
const NUMBER = new RegExp(String.raw`(?:(?<=\d[x×])|(?<![\p{L}\d_.]))([-−]?)(${NUM})`, "gu");
const TIME_UNIT = String.raw`(?:(?:ns|us|µs|μs|ms|s|sec|seconds?|min)(?![\p{L}\d])|纳秒|微秒|毫秒|秒|分钟)`;
const SPREAD = String.raw`(?:\s*[(（]\s*${NUM}\s*[-–]\s*${NUM}\s*[)）])?`;
const TIMES = new RegExp(
  String.raw`(?<![\p{L}\d_.])${NUM}\s*(?:${TIME_UNIT}${SPREAD}|GMAC\/s)`,
  "gu",
);
const TIME_LABEL =
  /(?<![\p{L}])(?:ns|us|µs|μs|ms|seconds|time)(?![\p{L}])|纳秒|微秒|毫秒|秒|时间|用时|耗时/iu;
const TIMING_HEADER = new RegExp(`${TIME_LABEL.source}|speed|GMAC\\/s|加速|提速|速度`, "iu");
const SPEEDUP_SENTENCE = /ran [\d.]+x as fast as|took about the same time|的速度是|用时相当/;
const READS_MEASUREMENTS = /\b(?:loadavg|cpus)\(\)|\.q[13]Ms\b/;
const RATIO = new RegExp(
  String.raw`(?<![\p{L}\d_.])${NUM}(?:\s*[-–]\s*${NUM})?(?:[x×](?![\p{L}\d])|\s*倍|\s*%)`,
  "gu",
);

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};
function decodeEntities(s: string): string {
  return s.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === "#")
      return String.fromCodePoint(
        e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : +e.slice(1),
      );
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** A table with its timing columns' cells emptied (rule 3). Columns are counted per row, so a
 *  table with colspan is left whole rather than emptied in the wrong place. */
function withoutTimingColumns(table: string): string {
  const rows = table.match(/<tr[\s\S]*?<\/tr>/g) ?? [];
  if (/colspan/i.test(table) || rows.length === 0) return table;
  const cellsOf = (row: string) => row.match(/<t[hd][^>]*>[\s\S]*?<\/t[hd]>/g) ?? [];
  const header = cellsOf(rows[0]!).map((c) => decodeEntities(c.replace(/<[^>]*>/g, "")));
  const skip = new Set(header.flatMap((h, i) => (TIMING_HEADER.test(h) ? [i] : [])));
  if (skip.size === 0) return table;
  let out = table;
  for (const row of rows.slice(1)) {
    const kept = cellsOf(row)
      .map((c, i) => (skip.has(i) ? "<td></td>" : c))
      .join("");
    out = out.replace(row, `<tr>${kept}</tr>`);
  }
  return out;
}

/** The text an HTML output shows, with rules 2 and 3 applied. */
function visibleText(html: string): string {
  const s = html
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<svg[\s\S]*?<\/svg>/gi, (svg) =>
      TIME_LABEL.test(decodeEntities(svg.replace(/<[^>]*>/g, " "))) ? " " : svg,
    )
    .replace(/<table[\s\S]*?<\/table>/gi, withoutTimingColumns)
    .replace(/<[^>]*>/g, " ");
  return decodeEntities(s);
}

/** What a code cell's outputs show, one string per output: stream text, else the richest of
 *  text/html, text/markdown and text/plain. Images' data are not text. */
function outputTexts(cell: Cell): string[] {
  const texts: string[] = [];
  for (const o of cell.outputs ?? []) {
    if (o.output_type === "stream") texts.push(joined(o.text));
    else if (o.data?.["text/html"] !== undefined)
      texts.push(visibleText(joined(o.data["text/html"])));
    else if (o.data?.["text/markdown"] !== undefined)
      texts.push(visibleText(joined(o.data["text/markdown"])));
    else if (o.data?.["text/plain"] !== undefined) texts.push(joined(o.data["text/plain"]));
  }
  return texts;
}

const blank = (s: string, re: RegExp) => s.replace(re, (m) => " ".repeat(m.length));

/** The numbers a code cell printed, in order, times and timing-derived numbers left out. */
export function printedNumbers(cell: Cell): PrintedNumber[] {
  if (READS_MEASUREMENTS.test(joined(cell.source))) return [];
  const texts = outputTexts(cell);
  const speedupCell = texts.some((t) => SPEEDUP_SENTENCE.test(t));
  const numbers: PrintedNumber[] = [];
  for (const text of texts) {
    let t = blank(text, TIMES);
    if (speedupCell) t = blank(t, RATIO);
    for (const m of t.matchAll(NUMBER)) {
      const at = m.index ?? 0;
      numbers.push({
        text: m[0],
        value: Number(`${m[1] ? "-" : ""}${m[2]!.replace(/,/g, "")}`),
        context: text
          .slice(Math.max(0, at - 40), at + m[0].length + 40)
          .replace(/\s+/g, " ")
          .trim(),
      });
    }
  }
  return numbers;
}

/** The first difference between two editions' cell lists (ids, types, order), or null. */
function structureDifference(en: Cell[], zh: Cell[]): string | null {
  const n = Math.max(en.length, zh.length);
  for (let i = 0; i < n; i++) {
    const [a, b] = [en[i], zh[i]];
    if (!a)
      return `cell ${i} (${b!.id}) is not in the English notebook, which has ${en.length} cells`;
    if (!b) return `cell ${i} (${a.id}) of the English notebook is missing (${zh.length} cells)`;
    if (a.id !== b.id) return `cell ${i} is ${b.id ?? "(no id)"}, in English ${a.id ?? "(no id)"}`;
    if (a.cell_type !== b.cell_type)
      return `cell ${i} (${a.id}) is ${b.cell_type}, in English ${a.cell_type}`;
  }
  return null;
}

/**
 * What differs between an executed English notebook and its executed Chinese copy: the first
 * structural difference (cell ids, types, order), else one line per code cell whose printed
 * numbers differ, naming the first differing number in both and its context. Empty: none.
 */
export function compareEditions(englishJson: string, chineseJson: string): string[] {
  const en = Notebook.parse(JSON.parse(englishJson)).cells;
  const zh = Notebook.parse(JSON.parse(chineseJson)).cells;
  const structure = structureDifference(en, zh);
  if (structure) return [`its cells differ from the English notebook's: ${structure}`];
  const problems: string[] = [];
  en.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const [a, b] = [printedNumbers(cell), printedNumbers(zh[i]!)];
    const k = a.findIndex((x, j) => !b[j] || b[j]!.value !== x.value);
    if (k < 0 && a.length === b.length) return;
    const at: number = k < 0 ? a.length : k;
    const show = (x: PrintedNumber | undefined, edition: string) =>
      x ? `${edition} ${x.text} in "…${x.context}…"` : `${edition}: no number`;
    problems.push(
      `cell ${cell.id ?? i}: number ${at + 1} differs (${a.length} numbers in English, ` +
        `${b.length} in Chinese): ${show(a[at], "English")}; ${show(b[at], "Chinese")}`,
    );
  });
  return problems;
}
