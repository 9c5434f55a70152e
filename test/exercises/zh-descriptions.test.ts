// The exercises' Chinese descriptions (exercises/zh/<id>.txt, the comment a Chinese release puts
// at the top of each exercise file) hold to the glossary like the notebooks and the case texts:
// none of its rejected variants ("抽头", "测试用例", "步长", ...) outside quotes.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rejectedTerms } from "../glossary";
import { ROOT } from "./helpers";

const dir = path.join(ROOT, "exercises/zh");
/** Quoted text is a mention, not a use. */
const withoutQuotes = (s: string) => s.replace(/“[^”]*”|「[^」]*」/g, " ");

/** "<file> uses <term>" for every rejected variant a description uses. */
function rejectedUses(rejected: string[], file: string, text: string): string[] {
  const plain = withoutQuotes(text);
  return rejected.filter((t) => plain.includes(t)).map((t) => `${file} uses "${t}"`);
}

describe("the exercises' Chinese descriptions (exercises/zh/*.txt)", () => {
  const rejected = rejectedTerms(ROOT);
  const files = readdirSync(dir).filter((f) => f.endsWith(".txt"));

  it("the glossary rejects 抽头 (a kernel tap is 卷积核位置) and 测试用例 (公开用例, 隐藏用例)", () => {
    expect(rejected).toEqual(expect.arrayContaining(["抽头", "测试用例"]));
  });

  it("none uses a variant the glossary rejects", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    const problems = files.flatMap((f) =>
      rejectedUses(rejected, f, readFileSync(path.join(dir, f), "utf8")),
    );
    expect(problems).toEqual([]);
  });

  it("finds a rejected variant outside quotes, not inside", () => {
    expect(rejectedUses(["抽头"], "x.txt", " * 落在填充区的抽头也算。")).toEqual([
      'x.txt uses "抽头"',
    ]);
    expect(
      rejectedUses(["抽头"], "x.txt", " * 卷积核位置（英文 tap，也有人译作“抽头”）。"),
    ).toEqual([]);
  });
});
