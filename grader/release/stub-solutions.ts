// An exercise file as students get it: every BEGIN/END SOLUTION block becomes a line that throws
// course.stubMessage(id), which check() and the grader recognise as "not implemented yet".
import { type Language, course } from "sepconv";
import { ReleaseError } from "./errors";

/** The line above each stub, in the release's language. */
const YOUR_CODE: Record<Language, string> = {
  en: "// Your code here: replace the next line with your implementation.",
  zh: "// 在这里写你的代码：把下一行换成你的实现。",
};

const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION\s*$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;

/** Replaces every BEGIN/END SOLUTION block of `source` (the exercise `id`, from `file`) by a throwing stub. */
export function stubSolutions(
  source: string,
  id: string,
  file: string,
  lang: Language = "en",
): string {
  const out: string[] = [];
  let inside: string | null = null;
  source.split("\n").forEach((line, i) => {
    const begin = BEGIN.exec(line);
    if (begin) {
      if (inside !== null)
        throw new ReleaseError(
          file,
          `${file}:${i + 1}: BEGIN SOLUTION inside another solution block`,
        );
      inside = begin[1]!;
      out.push(`${inside}${YOUR_CODE[lang]}`);
      out.push(`${inside}throw new Error(${JSON.stringify(course.stubMessage(id))});`);
      return;
    }
    if (END.test(line)) {
      if (inside === null)
        throw new ReleaseError(file, `${file}:${i + 1}: END SOLUTION without BEGIN SOLUTION`);
      inside = null;
      return;
    }
    if (inside === null) out.push(line);
  });
  if (inside !== null)
    throw new ReleaseError(file, `${file}: a BEGIN SOLUTION block is never closed`);
  return out.join("\n");
}
