// The Chinese edition's glossary (notebooks/zh/glossary.md), read by the tests that hold
// Chinese text to it, and the test for "this text is Chinese".
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
