// The student release's README: each paragraph of the Chinese one on one line, since Chromium and
// GitHub's markdown show a line break between two Chinese characters as a space.
import { describe, expect, it } from "vitest";
import { STUDENT_README } from "../../grader/release/student-readme";

// The same rule as test/jupyter/zh-notebooks.test.ts's cjkSoftBreaks (for the notebooks), cut
// down to what a README holds: headings, code blocks and paragraphs (no quotes or tables).
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const NOT_PROSE = /^\s*(?:#{1,6}(?:\s|$)|\||<|\$\$)/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s/;
const FENCE = /^\s*(?:```|~~~)/;

/** Soft line breaks (outside code blocks) with a CJK character on either side. */
function cjkSoftBreaks(markdown: string): string[] {
  const lines = markdown.split("\n");
  const problems: string[] = [];
  let fenced = false;
  lines.forEach((line, i) => {
    if (FENCE.test(line)) fenced = !fenced;
    const next = lines[i + 1];
    if (fenced || next === undefined || FENCE.test(line) || FENCE.test(next)) return;
    const softBreak =
      line.trim() !== "" &&
      next.trim() !== "" &&
      !NOT_PROSE.test(line) &&
      !NOT_PROSE.test(next) &&
      !LIST_ITEM.test(next) &&
      !/(?: {2}|\\)$/.test(line);
    if (!softBreak) return;
    const before = line
      .trimEnd()
      .replace(/[*_`]+$/, "")
      .slice(-1);
    const after = next
      .trimStart()
      .replace(/^[*_[`]+/, "")
      .charAt(0);
    if (CJK.test(before) || CJK.test(after))
      problems.push(`line ${i + 1}: a line break between "${before}" and "${after}"`);
  });
  return problems;
}

describe("the student README", () => {
  it("the check finds a break between Chinese characters, not in code or between paragraphs", () => {
    expect(cjkSoftBreaks("# 标题\n\n第一行，\n第二行\n")).toEqual([
      'line 3: a line break between "，" and "第"',
    ]);
    expect(cjkSoftBreaks("段落一\n\n段落二\n```sh\n# 注释\n# 注释\n```\n")).toEqual([]);
  });
  it("in Chinese: each paragraph on one line", () => {
    expect(STUDENT_README.zh).toMatch(CJK);
    expect(cjkSoftBreaks(STUDENT_README.zh)).toEqual([]);
  });
});
