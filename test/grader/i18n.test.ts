// The grader's feedback in Chinese: every catalogue message in both languages (none empty, none
// using a term the glossary rejects); the Markdown, HTML and Gradescope reports of a result in
// zh; scoring messages (hints, hidden cases, dependency notes) in zh with the English numbers;
// --lang checked by `sepconv grade` and `sepconv release`; make-autograder.sh --lang.
import { CJK, rejectedTerms } from "../glossary";
import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { exerciseMarkdown, submissionHtml } from "../../grader/grade/formats/feedback";
import { toGradescope } from "../../grader/grade/formats/gradescope";
import { GRADER_CATALOGUES } from "../../grader/grade/messages";
import { compareCase, failedExercise } from "../../grader/grade/steps/compare";
import { loadSubmission } from "../../grader/grade/steps/load";
import type { SubmissionResult } from "../../grader/grade/types";
import { Tensor, course } from "../../src/index";
import { ROOT, submission } from "./helpers";

// Same in both languages on purpose: the HTML lang attribute is a code, not a sentence.
const CODES = new Set(["REPORT.htmlLang"]);

describe("the grader's catalogues", () => {
  const rejected = rejectedTerms(ROOT);
  for (const [name, catalogue] of Object.entries(GRADER_CATALOGUES)) {
    for (const [key, m] of Object.entries(catalogue as Record<string, course.AnyMessage>)) {
      it(`${name}.${key}: both languages, not empty, Chinese in zh`, () => {
        // Placeholders of every kind the messages take (strings, numbers, a list of notes).
        const args = ["P", "Q", 3, 4, "R"] as unknown[];
        const call = (lang: "en" | "zh") =>
          (m[lang] as (...a: unknown[]) => string)(
            ...(key === "withNotes" ? ["M", ["a", "b"]] : args),
          );
        const en = call("en");
        const zh = call("zh");
        expect(en.trim()).not.toBe("");
        expect(zh.trim()).not.toBe("");
        if (CODES.has(`${name}.${key}`)) expect(zh).toBe("zh-CN");
        else {
          expect(zh).toMatch(CJK);
          expect(zh).not.toBe(en);
        }
        for (const t of rejected) expect(zh).not.toContain(t);
      });
    }
  }
});

function result(): SubmissionResult {
  return {
    submission: "/tmp/alice",
    name: "alice",
    problem: null,
    score: 1,
    maxScore: 4,
    exercises: [
      {
        id: "conv2d",
        title: "多通道标准卷积",
        score: 1,
        maxScore: 4,
        cases: [
          { name: "x=6x6x2", hidden: false, status: "passed", score: 1, maxScore: 1, message: "" },
          {
            name: "x=5x5x1 p=same",
            hidden: false,
            status: "failed",
            score: 0,
            maxScore: 1,
            message: "形状不对：你的形状是 [3,3,1]，应为 [5,5,1]",
          },
          {
            name: "隐藏用例 1",
            hidden: true,
            status: "timeout",
            score: 0,
            maxScore: 2,
            message: "隐藏用例：超时",
          },
        ],
      },
    ],
  };
}

describe("reports in Chinese", () => {
  it("Markdown: headers, marks and the exercise line in Chinese; names and messages as given", () => {
    const md = exerciseMarkdown(result().exercises[0]!, "zh");
    expect(md.split("\n")).toEqual([
      "### 多通道标准卷积（`conv2d`）：1 / 4",
      "",
      "| 结果 | 用例 | 得分 | 反馈 |",
      "|---|---|---|---|",
      "| 通过 | x=6x6x2 | 1 / 1 | 通过 |",
      "| **未通过** | x=5x5x1 p=same | 0 / 1 | 形状不对：你的形状是 [3,3,1]，应为 [5,5,1] |",
      "| **超时** | 隐藏用例 1 | 0 / 2 | 隐藏用例：超时 |",
    ]);
  });
  it("HTML: lang zh-CN, a Chinese title and total", () => {
    const html = submissionHtml(result(), "zh");
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("<title>反馈：alice</title>");
    expect(html).toContain("<strong>总分：1 / 4</strong>");
    expect(html).toContain("<th>结果</th>");
    // English stays the default, byte for byte.
    expect(submissionHtml(result())).toContain('<html lang="en">');
    expect(submissionHtml(result())).toContain("<strong>Total: 1 / 4</strong>");
  });
  it("Gradescope: the headline, the statuses and the tables in Chinese", () => {
    const gs = toGradescope(result(), "after_published", "zh");
    expect(gs.output.split("\n")[0]).toBe("公开用例：1 / 2。隐藏用例和总分将在成绩公布时显示。");
    expect(gs.output).toContain("| 结果 | 用例 | 得分 | 反馈 |");
    expect(gs.tests.map((t) => t.output)).toEqual([
      "",
      "未通过：形状不对：你的形状是 [3,3,1]，应为 [5,5,1]",
      "超时：隐藏用例：超时",
    ]);
    expect(toGradescope(result(), "after_due_date", "zh").output.split("\n")[0]).toBe(
      "公开用例：1 / 2。隐藏用例和总分将在截止日期之后显示。",
    );
    expect(toGradescope(result(), "visible", "zh").output.split("\n")[0]).toBe("总分：1 / 4");
  });
});

describe("scoring messages in Chinese", () => {
  const c = course.readFixtures(ROOT, "conv2d", false).cases[2]!;
  const hidden = course.readFixtures(ROOT, "conv2d", true).cases[0]!;
  const printed = { output: "", outputOverflow: false };
  it("a wrong shape: the Chinese comparison and the case's Chinese hint", () => {
    const got = course.encodeValue(course.decodeValue({ $tensor: { shape: [1], data: [0] } }));
    const raw = { kind: "value" as const, value: got, ...printed };
    const zh = compareCase(raw, c, 0, 65536, "conv2d.ts", "zh");
    const en = compareCase(raw, c, 0, 65536, "conv2d.ts");
    expect(en.message).toBe(`wrong shape: shape [1] != expected [5,5,1]; hint: ${c.hint}`);
    expect(zh.message).toBe(`形状不对：你的形状是 [1]，应为 [5,5,1]；提示：${c.zh!.hint}`);
    expect(zh.name).toBe(en.name);
  });
  it("wrong values: tolerances in 3 digits, the hint after a separator, not in nested brackets", () => {
    // conv2d's "same" case: atol 1e-5 * sqrt(32) = 0.00005656854249492381, a hint with brackets.
    const same = course.readFixtures(ROOT, "conv2d", false).cases[3]!;
    const expected = course.decodeValue(same.expected) as Tensor;
    const wrong = course.encodeValue(
      new Tensor(
        expected.data.map((v) => v + 1),
        expected.shape,
      ),
    );
    const raw = { kind: "value" as const, value: wrong, ...printed };
    const zh = compareCase(raw, same, 0, 65536, "conv2d.ts", "zh").message;
    const en = compareCase(raw, same, 0, 65536, "conv2d.ts").message;
    expect(same.zh!.hint).toContain("（下边、右边）");
    expect(zh).toContain(`（rtol 1e-4，atol 5.66e-5）；提示：${same.zh!.hint}`);
    expect(en).toContain(`(rtol 1e-4, atol 5.66e-5); hint: ${same.hint}`);
    for (const m of [zh, en]) {
      expect(m).not.toMatch(/[)）]\s*[(（]/);
      expect(m).not.toMatch(/0\.0000/);
    }
  });
  it("an exercise that did not run: hidden cases say so and point at the public ones", () => {
    const entry = course.readManifest(ROOT).exercises.find((e) => e.id === "conv2d")!;
    const cases = [c, hidden];
    const en = failedExercise(entry, cases, "conv2d.ts is missing from the submission");
    const zh = failedExercise(entry, cases, "提交里缺少 conv2d.ts", "zh");
    expect(en.cases.map((x) => x.message)).toEqual([
      "conv2d.ts is missing from the submission",
      "hidden case: not run (see the public cases for why)",
    ]);
    expect(zh.cases.map((x) => x.message)).toEqual([
      "提交里缺少 conv2d.ts",
      "隐藏用例：未运行（原因见上面的公开用例）",
    ]);
  });
  it("a case named with English words reads its Chinese name in a Chinese report", () => {
    const named = course.readFixtures(ROOT, "separateKernel", false).cases[1]!;
    const raw = { kind: "value" as const, value: course.encodeValue(null), ...printed };
    expect(named.zh?.name).toBe("拉普拉斯 3x3（秩 2）");
    expect(compareCase(raw, named, 0, 65536, "separateKernel.ts", "zh").name).toBe(named.zh!.name);
    expect(compareCase(raw, named, 0, 65536, "separateKernel.ts").name).toBe(named.name);
  });
  it("a stub, an error elsewhere, a changed input, a hidden case", () => {
    const stub = {
      kind: "threw" as const,
      message: "Error: depthwiseConv2d: not implemented yet",
      notImplemented: true,
      thrownIn: "depthwiseConv2d.ts",
      ...printed,
    };
    expect(compareCase(stub, c, 0, 65536, "conv2d.ts", "zh").message).toBe(
      "还没有实现：conv2d.ts 调用了你的 depthwiseConv2d.ts，而它还没有实现，请先完成那道练习",
    );
    const threw = { ...stub, message: "RangeError: bad", notImplemented: false };
    expect(compareCase(threw, c, 0, 65536, "conv2d.ts", "zh").message).toBe(
      `你的代码抛出了错误 RangeError: bad（出错位置在你的 depthwiseConv2d.ts，conv2d.ts 调用了它）；提示：${c.zh!.hint}`,
    );
    const expected = course.encodeValue(course.decodeValue(c.expected));
    const changed = { kind: "value" as const, value: expected, changedArgs: [0, 2], ...printed };
    expect(compareCase(changed, c, 0, 65536, "conv2d.ts", "zh").message).toBe(
      `你的函数修改了输入（第 1、3 个参数）：不能改动输入，请在副本上计算；提示：${c.zh!.hint}`,
    );
    const h = compareCase({ kind: "timeout", message: "x" }, hidden, 2, 65536, "conv2d.ts", "zh");
    expect([h.name, h.message]).toEqual(["隐藏用例 2", "隐藏用例：超时"]);
  });
});

describe("reading a submission in Chinese", () => {
  it("a missing file, a folder in a file's place, a path that does not exist", async () => {
    const manifest = course.readManifest(ROOT);
    const dir = submission();
    rmSync(path.join(dir, "conv2d.ts"));
    rmSync(path.join(dir, "pointwiseConv2d.ts"));
    mkdirSync(path.join(dir, "pointwiseConv2d.ts"));
    const loaded = await loadSubmission(dir, manifest, "zh");
    expect(loaded.submission!.read("conv2d.ts")).toEqual({
      ok: false,
      problem: "提交里缺少 conv2d.ts",
    });
    expect(loaded.submission!.read("pointwiseConv2d.ts")).toEqual({
      ok: false,
      problem: "pointwiseConv2d.ts 是文件夹，不是文件",
    });
    const none = await loadSubmission(path.join(dir, "nope"), manifest, "zh");
    expect(none.problem).toBe(`${path.join(dir, "nope")} 不存在`);
    // English by default, as before.
    const en = await loadSubmission(dir, manifest);
    expect(en.submission!.read("conv2d.ts")).toEqual({
      ok: false,
      problem: "conv2d.ts is missing from the submission",
    });
  });
});

describe("--lang on the command line", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "dist/cli/main.js"), ...args], {
      encoding: "utf8",
    });
  it("grade --lang fr and release --lang fr are usage errors naming the choices", () => {
    for (const command of ["grade", "release"]) {
      const r = cli(command, "/nonexistent", "--lang", "fr");
      expect(r.status, command).toBe(2);
      expect(r.stderr).toContain(`sepconv ${command}: invalid options`);
      expect(r.stderr).toContain('expected one of "en"|"zh"');
      expect(r.stderr).toContain("--lang <en|zh>");
    }
  });
  it("--help documents --lang for grade and release", () => {
    for (const command of ["grade", "release"]) {
      const r = cli(command, "--help");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/--lang <en\|zh>\s+the (release's )?language/);
    }
  });
});

describe("make-autograder.sh --lang", () => {
  const run = (...args: string[]) =>
    spawnSync("bash", [path.join(ROOT, "grader/gradescope/make-autograder.sh"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });
  it("stores the language in the zip, where run_autograder reads it; refuses another", () => {
    const bad = run("--lang", "fr");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--lang must be one of en, zh (got 'fr')");
    const r = run("--lang", "zh");
    expect(r.status, r.stderr).toBe(0);
    const zip = unzipSync(
      new Uint8Array(readFileSync(path.join(ROOT, "build/gradescope/autograder.zip"))),
    );
    expect(new TextDecoder().decode(zip["feedback-language"])).toBe("zh\n");
    expect(new TextDecoder().decode(zip.run_autograder)).toContain('--lang "$lang"');
  });
  it("run_autograder with feedback-language zh writes Chinese results.json", () => {
    // Gradescope's layout: the unpacked zip in source/ (here the course's dist/ and files,
    // linked, and the language file), the upload in submission/.
    const ag = mkdtempSync(path.join(os.tmpdir(), "sepconv-ag-zh-"));
    mkdirSync(path.join(ag, "source"));
    for (const f of ["dist", "exercises", "package.json", "node_modules"])
      symlinkSync(path.join(ROOT, f), path.join(ag, "source", f));
    writeFileSync(path.join(ag, "source/feedback-language"), "zh\n");
    cpSync(
      submission({
        "conv2d.ts": readFileSync(
          path.join(ROOT, "test/fixtures/wrong-solutions/conv2d.forgotten-padding.ts"),
          "utf8",
        ),
      }),
      path.join(ag, "submission"),
      { recursive: true },
    );
    const r = spawnSync("bash", [path.join(ROOT, "grader/gradescope/run_autograder")], {
      env: { ...process.env, AUTOGRADER_ROOT: ag },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(path.join(ag, "results/results.json"), "utf8")) as {
      output: string;
      tests: { name: string; output: string }[];
    };
    expect(results.output).toMatch(/^公开用例：\d+ \/ \d+。隐藏用例和总分将在成绩公布时显示。/);
    expect(
      results.tests.find((t) => t.name === "conv2d: x=5x5x1 f=3x3x1x1 s=1 p=same")!.output,
    ).toMatch(/^未通过：形状不对：你的形状是 \[3,3,1\]，应为 \[5,5,1\]；提示：/);
    expect(results.tests.find((t) => t.name === "conv2d: 隐藏用例 1")).toBeDefined();
  }, 300_000);
});
