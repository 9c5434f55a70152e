// Tried as a Chinese student: `sepconv release --lang zh`, then one wrong and one right conv2d in
// that release, check() and `sepconv grade --lang zh`. The feedback is Chinese and as precise as
// the English: the same cases, shapes, indices and values.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { clearNotebook } from "../../grader/release/clear-notebook";
import { studentExercises } from "../../grader/release/index";
import { studentPackageJson } from "../../grader/release/package-json";
import { STUDENT_README } from "../../grader/release/student-readme";
import { check, course } from "../../src/index";
import { ROOT } from "./helpers";

const CJK = /\p{Script=Han}/u;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, "dist/cli/main.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
  });
/** Every number in a text, in order. */
const numbers = (s: string) => s.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? [];

const manifest = course.readManifest(ROOT);
const WRONG = readFileSync(
  path.join(ROOT, "test/fixtures/wrong-solutions/conv2d.forgotten-padding.ts"),
  "utf8",
);

const Results = z.array(
  z.object({
    name: z.string(),
    exercises: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        score: z.number(),
        maxScore: z.number(),
        cases: z.array(z.object({ name: z.string(), status: z.string(), message: z.string() })),
      }),
    ),
  }),
);

describe("tried as a Chinese student", () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "sepconv-zh-student-"));
  const rel = path.join(out, "release");
  // The notebooks of exercises, which the Chinese release needs in notebooks/zh/.
  const needed = [...new Set(manifest.exercises.map((e) => e.notebook))];
  const missing = needed.filter((nb) => !existsSync(path.join(ROOT, "notebooks/zh", nb)));

  beforeAll(() => {
    const r = cli("release", rel, "--lang", "zh");
    if (missing.length === 0) {
      expect(r.status, r.stderr).toBe(0);
      return;
    }
    // A Chinese notebook an exercise needs is missing: the release refuses, naming it, and
    // writes nothing; the student's exercises part is then written as the release writes it.
    expect(r.status).toBe(1);
    for (const nb of missing) expect(r.stderr).toContain(`notebooks/zh/${nb}`);
    expect(existsSync(rel)).toBe(false);
    for (const [file, text] of studentExercises(ROOT, manifest, "zh")) {
      mkdirSync(path.dirname(path.join(rel, file)), { recursive: true });
      writeFileSync(path.join(rel, file), text);
    }
    writeFileSync(
      path.join(rel, "package.json"),
      studentPackageJson(
        readFileSync(path.join(ROOT, "package.json"), "utf8"),
        "package.json",
        "zh",
      ),
    );
    writeFileSync(path.join(rel, "README.md"), STUDENT_README.zh);
  }, 120_000);

  it("the release: Chinese README, descriptions and stubs; its language in package.json", () => {
    expect(readFileSync(path.join(rel, "README.md"), "utf8")).toBe(STUDENT_README.zh);
    const pkg = JSON.parse(readFileSync(path.join(rel, "package.json"), "utf8"));
    expect(pkg.config).toEqual({ lang: "zh" });
    expect(course.releaseLanguage(rel)).toBe("zh");
    for (const e of manifest.exercises) {
      const stub = readFileSync(path.join(rel, "exercises", e.file), "utf8");
      const doc = readFileSync(path.join(ROOT, "exercises/zh", `${e.id}.txt`), "utf8");
      expect(stub.startsWith(doc), e.id).toBe(true);
      expect(stub).toContain("// 在这里写你的代码：把下一行换成你的实现。");
      expect(stub).toContain(`throw new Error("${e.id}: not implemented yet");`);
      expect(stub).not.toContain("BEGIN SOLUTION");
    }
    expect(existsSync(path.join(rel, "exercises/zh"))).toBe(false);
    expect(existsSync(path.join(rel, "exercises/hidden"))).toBe(false);
  });

  it.skipIf(missing.length > 0)(
    "the release's notebooks are the Chinese ones, cleared (they set the language themselves)",
    () => {
      for (const nb of needed) {
        const source = readFileSync(path.join(ROOT, "notebooks/zh", nb), "utf8");
        const released = readFileSync(path.join(rel, "notebooks", nb), "utf8");
        expect(released).toBe(clearNotebook(source, nb, "zh"));
        expect(released).toContain('setLanguage(\\"zh\\")');
      }
    },
  );

  it("check() on a wrong conv2d answers in Chinese, with the English numbers; on a right one, full marks", () => {
    writeFileSync(path.join(rel, "exercises/conv2d.ts"), WRONG);
    // No setLanguage: the release's package.json decides (npm run check runs check() so too).
    const zh = check("conv2d", { root: rel, print: false });
    const en = check("conv2d", { root: rel, print: false, lang: "en" });
    expect(zh.lines[0]).toBe('check("conv2d")：公开用例通过 2/4，得分 2/5');
    expect(en.lines[0]).toBe('check("conv2d"): 2/4 public cases passed, 2/5 points');
    expect(zh.cases.map((c) => [c.name, c.status])).toEqual(
      en.cases.map((c) => [c.name, c.status]),
    );
    zh.cases.forEach((c, i) => {
      expect(numbers(c.message)).toEqual(numbers(en.cases[i]!.message));
      if (c.status !== "passed") expect(c.message).toMatch(CJK);
    });
    expect(zh.lines).toContain("      检查：'same' 填充保持 5x5：四周各补一行（列）零");

    cpSync(path.join(ROOT, "exercises/conv2d.ts"), path.join(rel, "exercises/conv2d.ts"));
    const right = check("conv2d", { root: rel, print: false });
    expect(right.lines[0]).toBe('check("conv2d")：公开用例通过 4/4，得分 5/5');
  });

  it("sepconv grade --lang zh: Chinese feedback, as precise as the English", () => {
    const wrong = path.join(out, "wrong");
    const right = path.join(out, "right");
    cpSync(rel, wrong, { recursive: true });
    cpSync(rel, right, { recursive: true });
    writeFileSync(path.join(wrong, "exercises/conv2d.ts"), WRONG);
    cpSync(path.join(ROOT, "exercises/conv2d.ts"), path.join(right, "exercises/conv2d.ts"));
    // A right separableConv2d on a wrong depthwiseConv2d: the feedback points at the latter.
    for (const f of ["separableConv2d.ts", "pointwiseConv2d.ts"])
      cpSync(path.join(ROOT, "exercises", f), path.join(wrong, "exercises", f));
    cpSync(
      path.join(ROOT, "test/fixtures/wrong-solutions/depthwiseConv2d.wrong-channel-order.ts"),
      path.join(wrong, "exercises/depthwiseConv2d.ts"),
    );
    const grade = (lang: string) => {
      const json = path.join(out, `${lang}.json`);
      const html = path.join(out, `html-${lang}`);
      const gs = path.join(out, `gs-${lang}.json`);
      const r = cli(
        "grade",
        wrong,
        right,
        "--quiet",
        "--lang",
        lang,
        "--json",
        json,
        "--html",
        html,
      );
      expect(r.status, r.stderr).toBe(0);
      const g = cli("grade", wrong, "--quiet", "--hidden", "--lang", lang, "--gradescope", gs);
      expect(g.status, g.stderr).toBe(0);
      return {
        results: Results.parse(JSON.parse(readFileSync(json, "utf8"))),
        html: readFileSync(path.join(html, "wrong.html"), "utf8"),
        gradescope: JSON.parse(readFileSync(gs, "utf8")) as { output: string },
      };
    };
    const zh = grade("zh");
    const en = grade("en");
    const conv = (r: typeof zh, i: number) =>
      r.results[i]!.exercises.find((e) => e.id === "conv2d")!;
    // The wrong one: the same cases fail, each message in Chinese with the English numbers.
    expect(conv(zh, 0).title).toBe("多通道标准卷积");
    expect(conv(zh, 0).score).toBe(conv(en, 0).score);
    expect(conv(zh, 0).score).toBeLessThan(conv(zh, 0).maxScore);
    conv(zh, 0).cases.forEach((c, i) => {
      const e = conv(en, 0).cases[i]!;
      expect([c.name, c.status]).toEqual([e.name, e.status]);
      if (c.status === "passed") return;
      const [zhWhat] = c.message.split("；提示：");
      const [enWhat] = e.message.split("; hint: ");
      expect(zhWhat).toMatch(/^形状不对：你的形状是 \[\d+,\d+,\d+\]，应为 \[\d+,\d+,\d+\]$/);
      expect(numbers(zhWhat!)).toEqual(numbers(enWhat!));
    });
    const sep = (r: typeof zh) => r.results[0]!.exercises.find((e) => e.id === "separableConv2d")!;
    const failing = sep(zh).cases.filter((c) => c.status !== "passed");
    expect(failing.length).toBeGreaterThan(0);
    for (const c of failing)
      expect(c.message).toMatch(
        /。注意：separableConv2d 用到了你的 depthwiseConv2d\.ts，而它自己的 3 个公开用例中有 \d 个没通过：请先改好 depthwiseConv2d$/,
      );
    expect(sep(en).cases.map((c) => c.status)).toEqual(sep(zh).cases.map((c) => c.status));
    // The right one: full marks for conv2d; the stubs say "not implemented yet" in Chinese.
    expect(conv(zh, 1).score).toBe(conv(zh, 1).maxScore);
    const stub = zh.results[1]!.exercises.find((e) => e.id === "depthwiseConv2d")!;
    expect(stub.cases[0]!.message).toBe("还没有实现");
    expect(zh.html).toContain('<html lang="zh-CN">');
    expect(zh.html).toContain("<th>结果</th>");
    expect(zh.html).toContain("<strong>未通过</strong>");
    expect(zh.gradescope.output).toMatch(
      /^公开用例：\d+ \/ \d+。隐藏用例和总分将在成绩公布时显示。/,
    );
    expect(en.gradescope.output).toMatch(/^Public cases: \d+ \/ \d+\. The hidden cases/);
  }, 600_000);
});
