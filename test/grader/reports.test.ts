// The reports a batch produces: submissions named by folder or zip (never a temporary path),
// unique and independent of the batch order; CSV cells safe to open in a spreadsheet; HTML
// pages named and titled after the submission; marks without emoji; one stdout line per
// submission whatever its folder name holds.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gradebookCsv } from "../../grader/grade/formats/csv";
import { indexHtml, submissionHtml, submissionMarkdown } from "../../grader/grade/formats/feedback";
import { toGradescope } from "../../grader/grade/formats/gradescope";
import { pageSlugs, submissionName, submissionNames, visible } from "../../grader/grade/names";
import type { SubmissionResult } from "../../grader/grade/types";
import { ROOT } from "./helpers";

// Emoji and their modifiers: the pictographic property plus the blocks emoji live in.
const EMOJI =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: variation selectors and the keycap are matched alone on purpose
  /[\p{Extended_Pictographic}\p{Emoji_Presentation}\u{1F000}-\u{1FAFF}\u{2300}-\u{23FF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{FE00}-\u{FE0F}\u{20E3}]/u;

function result(
  name: string,
  statuses: SubmissionResult["exercises"][number]["cases"][number]["status"][] = ["passed"],
): SubmissionResult {
  const cases = statuses.map((status, i) => ({
    name: `case ${i + 1}`,
    hidden: false,
    status,
    score: status === "passed" ? 1 : 0,
    maxScore: 1,
    message: status === "passed" ? "" : `${status} here`,
  }));
  const score = cases.reduce((t, c) => t + c.score, 0);
  return {
    submission: `/tmp/sepconv-sub-x/${name}`,
    name,
    problem: null,
    score,
    maxScore: cases.length,
    exercises: [{ id: "conv2d", title: "conv2d", score, maxScore: cases.length, cases }],
  };
}

describe("names", () => {
  it("are the folder or zip basename with control characters written out", () => {
    expect(submissionName("/tmp/sepconv-sub-abc/alice/")).toBe("alice");
    expect(submissionName("submissions/Bob.ZIP")).toBe("Bob");
    expect(submissionName(".")).toBe(path.basename(process.cwd()));
    expect(submissionName("x/a\nb\tc\u001b\u202e")).toBe("a\\nb\\tc\\u001b\\u202e");
    expect(visible("plain name")).toBe("plain name");
  });
  it("are unique in a batch, the same whatever the order", () => {
    const labels = ["b/alice", "a/alice", "c/alice-2", "bob.zip", "d/bob"];
    const names = submissionNames(labels);
    expect(names).toEqual(["alice-3", "alice", "alice-2", "bob", "bob-2"]);
    const reversed = submissionNames([...labels].reverse());
    expect(new Map(labels.map((l, i) => [l, names[i]]))).toEqual(
      new Map([...labels].reverse().map((l, i) => [l, reversed[i]])),
    );
  });
  it("give page slugs that are file-safe, unique ignoring case, never index, and order-independent", () => {
    const names = ["Zoë", "zoe", "a\\nb\\tc", "index", "..", "=cmd", "x/y"];
    const slugs = pageSlugs(names);
    expect(slugs).toEqual(["Zoë", "zoe", "a_nb_tc", "index-2", "submission", "cmd", "x_y"]);
    for (const s of slugs) expect(s).toMatch(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]*$/u);
    const shuffled = [3, 0, 6, 2, 5, 1, 4].map((i) => names[i]!);
    const again = pageSlugs(shuffled);
    expect(new Map(shuffled.map((n, i) => [n, again[i]]))).toEqual(
      new Map(names.map((n, i) => [n, slugs[i]])),
    );
  });
});

describe("page slugs of names in other scripts", () => {
  it("keep their letters and digits, never start with a dash or a dot, and fit a file name", () => {
    const long = "张".repeat(120);
    const names = [
      "张三",
      "李四",
      "学生-flip",
      "-rf",
      ".bashrc",
      "ｆｕｌｌ／ｗｉｄｔｈ",
      "Émile",
      "émile",
      "김민준",
      long,
    ];
    const slugs = pageSlugs(names);
    expect(slugs.slice(0, 9)).toEqual([
      "张三",
      "李四",
      "学生-flip",
      "rf",
      "bashrc",
      "full_width",
      "Émile",
      "émile-2",
      "김민준",
    ]);
    expect(slugs[9]).toBe("张".repeat(66));
    expect(Buffer.byteLength(`${slugs[9]}-99.html`)).toBeLessThanOrEqual(255);
    for (const s of slugs) expect(s).toMatch(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]*$/u);
    const order = [9, 3, 7, 0, 5, 1, 8, 2, 6, 4];
    const again = pageSlugs(order.map((i) => names[i]!));
    expect(again).toEqual(order.map((i) => slugs[i]!));
  });
  it("link from the index percent-encoded", () => {
    const html = indexHtml([{ file: "张三.html", result: result("张三") }]);
    expect(html).toContain(`<a href="${encodeURIComponent("张三")}.html">张三</a>`);
  });
});

describe("gradebook CSV", () => {
  it("neutralises text cells a spreadsheet would run as formulas, and leaves numbers as numbers", () => {
    const rows = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR", "plain"].map(
      (n) => result(n),
    );
    rows[2]!.exercises[0]!.score = -1;
    const lines = gradebookCsv(rows, ["conv2d"]).split("\n");
    expect(
      lines.slice(1, 8).map((l) => l.slice(0, l.lastIndexOf(",", l.lastIndexOf(",") - 1))),
    ).toEqual([
      `"'=HYPERLINK(""http://x"")",1`,
      "'+1,1",
      "'-2,-1",
      "'@SUM(A1),1",
      "'\tTAB,1",
      `"'\rCR",1`,
      "plain,1",
    ]);
  });
  it("starts with a UTF-8 byte order mark only when asked", () => {
    expect(
      gradebookCsv([result("Zoë")], ["conv2d"], { bom: true }).startsWith("\uFEFFsubmission,"),
    ).toBe(true);
    expect(gradebookCsv([result("Zoë")], ["conv2d"]).startsWith("submission,")).toBe(true);
  });
});

describe("feedback marks", () => {
  it("are words, with no emoji, in the Markdown, the HTML and the Gradescope output", () => {
    expect(
      EMOJI.test("\u2705") &&
        EMOJI.test("\u274C") &&
        EMOJI.test("\u26A0\uFE0F") &&
        EMOJI.test("\u23F1\uFE0F"),
    ).toBe(true);
    const r = result("mixed", ["passed", "failed", "error", "timeout"]);
    const md = submissionMarkdown(r);
    expect(md).toContain("| pass | case 1 |");
    expect(md).toContain("| **FAIL** | case 2 |");
    expect(md).toContain("| **error** | case 3 |");
    expect(md).toContain("| **timeout** | case 4 |");
    for (const text of [md, submissionHtml(r), toGradescope(r).output])
      expect(text).not.toMatch(EMOJI);
  });
  it("a submission name is literal text in the Markdown heading and escaped in the title", () => {
    const r = result("*a* [b](javascript:x) <i>");
    expect(submissionMarkdown(r).split("\n")[0]).toBe(
      "# Feedback: \\*a\\* \\[b\\]\\(javascript\\:x\\) \\<i\\>",
    );
    const html = submissionHtml(r);
    expect(html).toContain("<title>Feedback: *a* [b](javascript:x) &lt;i&gt;</title>");
    expect(html).toContain("<h1>Feedback: *a* [b](javascript:x) &lt;i&gt;</h1>");
  });
});

describe("sepconv grade reports, end to end", () => {
  const work = mkdtempSync(path.join(os.tmpdir(), "sepconv-reports-"));
  // Folder names a class can produce: a newline and a tab, formula starts, two students both
  // called alice, one called index.
  const folders = [
    "odd/a\nb\tc",
    "odd/=cmd",
    "odd/@sum",
    "one/alice",
    "two/alice",
    "odd/index",
  ].map((f) => path.join(work, f));
  const expectedNames = ["a\\nb\\tc", "=cmd", "@sum", "alice", "alice-2", "index"];
  const grade = (labels: string[], out: string) =>
    spawnSync(
      process.execPath,
      [
        path.join(ROOT, "dist/cli/main.js"),
        "grade",
        "--quiet",
        "--jobs",
        "2",
        ...labels,
        "--json",
        path.join(out, "r.json"),
        "--csv",
        path.join(out, "g.csv"),
        "--csv-bom",
        "--html",
        path.join(out, "html"),
      ],
      { encoding: "utf8", cwd: ROOT },
    );
  let first: ReturnType<typeof grade>;
  let second: ReturnType<typeof grade>;
  const outA = path.join(work, "out-a");
  const outB = path.join(work, "out-b");

  beforeAll(() => {
    for (const f of folders) {
      mkdirSync(f, { recursive: true });
      for (const file of readdirSync(path.join(ROOT, "exercises")).filter((n) => n.endsWith(".ts")))
        cpSync(path.join(ROOT, "exercises", file), path.join(f, file));
    }
    first = grade(folders, outA);
    second = grade([...folders].reverse(), outB);
  }, 240_000);

  it("prints one summary line per submission, a newline or tab in a folder name escaped", () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.split("\n")).toEqual([...expectedNames.map((n) => `${n}: 46 / 46`), ""]);
    expect(second.stdout.split("\n")).toEqual([
      ...[...expectedNames].reverse().map((n) => `${n}: 46 / 46`),
      "",
    ]);
  });
  it("the JSON keeps each label as given and adds its display name", () => {
    const results = JSON.parse(
      readFileSync(path.join(outA, "r.json"), "utf8"),
    ) as SubmissionResult[];
    expect(results.map((r) => r.submission)).toEqual(folders);
    expect(results.map((r) => r.name)).toEqual(expectedNames);
  });
  it("the CSV starts with a BOM, names submissions by folder (no temporary or absolute path) and neutralises formula starts", () => {
    const csv = readFileSync(path.join(outA, "g.csv"), "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const firstCells = csv
      .slice(1)
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[0]!);
    expect(firstCells).toEqual(["a\\nb\\tc", "'=cmd", "'@sum", "alice", "alice-2", "index"]);
    for (const c of firstCells) {
      expect(c).not.toContain(work);
      expect(c).not.toContain(os.tmpdir());
      expect(path.isAbsolute(c)).toBe(false);
    }
  });
  it("HTML pages are named after the submission, the same files whatever the batch order, each titled with its name", () => {
    const pagesA = readdirSync(path.join(outA, "html")).sort();
    // index.html is the batch's index; the submission called index gets index-2.html.
    expect(pagesA).toEqual(
      ["a_nb_tc", "cmd", "sum", "alice", "alice-2", "index-2", "index"]
        .map((s) => `${s}.html`)
        .sort(),
    );
    expect(readdirSync(path.join(outB, "html")).sort()).toEqual(pagesA);
    for (const page of pagesA.filter((p) => p !== "index.html"))
      expect(readFileSync(path.join(outB, "html", page), "utf8")).toBe(
        readFileSync(path.join(outA, "html", page), "utf8"),
      );
    const slugOf: Record<string, string> = {
      "a\\nb\\tc": "a_nb_tc",
      "=cmd": "cmd",
      "@sum": "sum",
      alice: "alice",
      "alice-2": "alice-2",
      index: "index-2",
    };
    for (const [name, slug] of Object.entries(slugOf)) {
      const html = readFileSync(path.join(outA, "html", `${slug}.html`), "utf8");
      expect(html).toContain(`<title>Feedback: ${name}</title>`);
    }
    const index = readFileSync(path.join(outA, "html", "index.html"), "utf8");
    for (const [name, slug] of Object.entries(slugOf))
      expect(index).toContain(`<a href="${slug}.html">${name}</a>: 46 / 46`);
  });
  it("no page holds an emoji", () => {
    for (const page of readdirSync(path.join(outA, "html")))
      expect(readFileSync(path.join(outA, "html", page), "utf8")).not.toMatch(EMOJI);
  });
});
