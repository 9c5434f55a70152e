// The Chinese edition's glossary (notebooks/zh/glossary.md), read by the tests that hold
// Chinese text to it, the test for "this text is Chinese", and the rule that a Chinese paragraph
// is written on one line (notebooks, their READMEs, the student README).
import { readFileSync } from "node:fs";
import path from "node:path";

/** Han characters or full-width punctuation (a frame such as "  ✗ 名字：消息" has only the latter). */
export const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

export interface GlossaryRow {
  english: string[];
  chinese: string[];
  rejected: string[];
}

/** The glossary's tables: English term(s), the Chinese term(s), the rejected variants. "a, b"
 *  and "a / b" list several terms; brackets hold a gloss, not the term. */
export function parseGlossary(markdown: string): GlossaryRow[] {
  const split = (cell: string) =>
    cell
      .replace(/[（(][^）)]*[）)]/g, "")
      .split(/\s*[,，/、]\s*/)
      .map((t) => t.replace(/'/g, "").trim())
      .filter((t) => t.length > 0);
  return markdown
    .split("\n")
    .filter((l) => /^\|.*\|.*\|.*\|\s*$/.test(l) && !/^\|\s*-/.test(l) && !l.includes("不用"))
    .map((l) => {
      const [, en = "", zh = "", rejected = ""] = l.split("|");
      return { english: split(en), chinese: split(zh), rejected: split(rejected) };
    });
}

/** The glossary's rejected variants (its "不用" column), which no Chinese text may use. */
export function rejectedTerms(root: string): string[] {
  const markdown = readFileSync(path.join(root, "notebooks/zh/glossary.md"), "utf8");
  return parseGlossary(markdown).flatMap((r) => r.rejected);
}

/** A character Chromium sets as CJK: Han, kana, Hangul, CJK and fullwidth punctuation. */
const CJK_TEXT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/** Lines that are not part of a paragraph or list item: headings, table rows, HTML, math. */
const NOT_PROSE = /^\s*(?:#{1,6}(?:\s|$)|\||<|\$\$)/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s/;
const QUOTE = /^\s{0,3}>\s?/;

/** Soft line breaks with a CJK character on either side, in markdown outside code blocks and
 *  tables. Jupyter and nbconvert keep a soft break as a newline, and Chromium shows a newline
 *  between CJK characters as a space (it does not remove segment breaks between East Asian
 *  characters, CSS Text 3), so each Chinese paragraph and list item is written on one line. The
 *  characters compared are the visible ones: emphasis markers and a link's target are skipped. */
export function cjkSoftBreaks(where: string, markdown: string): string[] {
  const lines = markdown.split("\n");
  const problems: string[] = [];
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    const next = lines[i + 1];
    if (fenced || next === undefined || /^\s*(?:```|~~~)/.test(line)) return;
    const body = line.replace(QUOTE, "");
    const nextBody = next.replace(QUOTE, "");
    const softBreak =
      body.trim() !== "" &&
      nextBody.trim() !== "" &&
      QUOTE.test(line) === QUOTE.test(next) &&
      !NOT_PROSE.test(body) &&
      !NOT_PROSE.test(nextBody) &&
      !LIST_ITEM.test(nextBody) &&
      !/(?: {2}|\\)$/.test(body) &&
      !/^\s*(?:```|~~~)/.test(next);
    if (!softBreak) return;
    const before = body
      .trimEnd()
      .replace(/\]\([^()\s]*\)$/, "")
      .replace(/[*_]+$/, "")
      .slice(-1);
    const after = nextBody
      .trimStart()
      .replace(/^[*_[]+/, "")
      .charAt(0);
    if (CJK_TEXT.test(before) || CJK_TEXT.test(after))
      problems.push(
        `${where} line ${i + 1}: a line break between "${before}" and "${after}" shows as a ` +
          "space in Chromium; write the paragraph on one line",
      );
  });
  return problems;
}
