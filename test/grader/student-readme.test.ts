// The student release's README: each paragraph of the Chinese one on one line, since Chromium and
// GitHub's markdown show a line break between two Chinese characters as a space.
import { describe, expect, it } from "vitest";
import { STUDENT_README } from "../../grader/release/student-readme";
import { CJK, cjkSoftBreaks } from "../glossary";

describe("the student README", () => {
  it("the check finds a break between Chinese characters, not in code or between paragraphs", () => {
    expect(cjkSoftBreaks("README", "# 标题\n\n第一行，\n第二行\n")).toEqual([
      'README line 3: a line break between "，" and "第" shows as a space in Chromium; write the paragraph on one line',
    ]);
    expect(cjkSoftBreaks("README", "段落一\n\n段落二\n```sh\n# 注释\n# 注释\n```\n")).toEqual([]);
  });
  it("in Chinese: each paragraph on one line", () => {
    expect(STUDENT_README.zh).toMatch(CJK);
    expect(cjkSoftBreaks("README", STUDENT_README.zh)).toEqual([]);
  });
});
