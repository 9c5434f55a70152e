// Gradescope: run_autograder, run as Gradescope runs it (one container per submission, here a
// temporary /autograder), writes a results.json that validates against Gradescope's format;
// make-autograder.sh packs what setup.sh needs; before publication, nothing a student sees
// depends on the hidden cases. And the HTML feedback renders in Chromium.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { GradescopeResults } from "../../grader/grade/formats/gradescope";
import { hostile, ROOT, submission } from "./helpers";

function autograderRoot(files: string): string {
  const ag = mkdtempSync(path.join(os.tmpdir(), "sepconv-ag-"));
  symlinkSync(ROOT, path.join(ag, "source"));
  cpSync(files, path.join(ag, "submission"), { recursive: true });
  return ag;
}

describe("Gradescope", () => {
  it("run_autograder writes a valid results.json for a submission (one wrong exercise)", () => {
    const ag = autograderRoot(submission({ "conv2d.ts": hostile("wrong-shape.ts") }));
    const r = spawnSync("bash", [path.join(ROOT, "grader/gradescope/run_autograder")], {
      env: { ...process.env, AUTOGRADER_ROOT: ag },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const results = GradescopeResults.parse(
      JSON.parse(readFileSync(path.join(ag, "results/results.json"), "utf8")),
    );
    expect(results.score).toBe(68);
    expect(results.tests.length).toBeGreaterThan(40);
    const visible = results.tests.filter((t) => t.visibility === "visible");
    const hidden = results.tests.filter((t) => t.visibility === "after_published");
    expect(visible.length).toBeGreaterThan(0);
    expect(hidden.length).toBeGreaterThan(0);
    expect(
      visible.find((t) => t.name === "conv2d: x=6x6x2 f=3x3x2x4 s=1 p=valid")!.output,
    ).toContain("wrong shape: shape [2,2] != expected [4,4,4]");
    expect(results.stdout_visibility).toBe("hidden");
  }, 120_000);
  it("run_autograder still writes results.json when grading cannot run", () => {
    // A source folder without the built grader: node fails, the script still reports.
    const ag = mkdtempSync(path.join(os.tmpdir(), "sepconv-ag-"));
    mkdirSync(path.join(ag, "source"));
    cpSync(submission(), path.join(ag, "submission"), { recursive: true });
    const r = spawnSync("bash", [path.join(ROOT, "grader/gradescope/run_autograder")], {
      env: { ...process.env, AUTOGRADER_ROOT: ag },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    const results = GradescopeResults.parse(
      JSON.parse(readFileSync(path.join(ag, "results/results.json"), "utf8")),
    );
    expect(results.score).toBe(0);
    expect(results.output).toContain("The autograder failed to run");
  });
  it("make-autograder.sh packs setup.sh, run_autograder, the grader and the hidden fixtures", () => {
    const r = spawnSync("bash", [path.join(ROOT, "grader/gradescope/make-autograder.sh")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const listing = Object.keys(
      unzipSync(new Uint8Array(readFileSync(path.join(ROOT, "build/gradescope/autograder.zip")))),
    );
    for (const f of [
      "setup.sh",
      "run_autograder",
      "package.json",
      "package-lock.json",
      "grader/grade/pipeline.ts",
      "exercises/hidden/fixtures/conv2d.json",
    ])
      expect(listing, f).toContain(f);
    expect(listing.some((f) => f.startsWith("node_modules/"))).toBe(false);
  });
});

describe("HTML feedback in a browser", () => {
  it("renders the feedback page in headless Chromium (screenshot in build/artifacts)", async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "sepconv-html-"));
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "dist/cli/main.js"),
        "grade",
        "--quiet",
        submission({ "conv2d.ts": hostile("nan.ts") }),
        "--hidden",
        "--html",
        out,
      ],
      { encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    const page = path.join(out, `${r.stdout.split(":")[0]!}.html`);
    expect(existsSync(page), page).toBe(true);
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
      await tab.goto(`file://${page}`);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text a student reads
      expect(await tab.locator("h1").innerText()).toMatch(/^Feedback: /);
      expect(await tab.locator("table").count()).toBeGreaterThan(9);
      expect(await tab.locator("text=values differ").count()).toBeGreaterThan(0);
      // The pass/fail marks are words, which every font has (no emoji font on a fresh Debian).
      expect(await tab.locator("td strong", { hasText: /^FAIL$/ }).count()).toBeGreaterThan(0);
      expect(await tab.locator("td", { hasText: /^pass$/ }).count()).toBeGreaterThan(0);
      mkdirSync(path.join(ROOT, "build/artifacts"), { recursive: true });
      await tab.screenshot({
        path: path.join(ROOT, "build/artifacts/grader-feedback.png"),
        fullPage: false,
      });
    } finally {
      await browser.close();
    }
  }, 120_000);
});

// Gradescope's documented rules (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
// a test shows by its own visibility; while any test that is not "hidden" is still hidden, the
// student does not see the total score; stdout shows only by stdout_visibility.
function beforePublication(gs: GradescopeResults) {
  const scoreShown = gs.tests.every((t) => t.visibility === "visible" || t.visibility === "hidden");
  return {
    score: scoreShown ? gs.score : null,
    output: gs.output,
    stdout: gs.stdout_visibility === "visible" ? "the run's stdout" : null,
    tests: gs.tests.filter((t) => t.visibility === "visible"),
  };
}

describe("Gradescope before publication", () => {
  // Two countMultiplications that pass every public case (inputs 12, 8 and 7 high) and fail
  // different hidden ones: inputs 112 high, or inputs 10 and 13 high.
  const reference = readFileSync(path.join(ROOT, "exercises/countMultiplications.ts"), "utf8");
  const wrongWhen = (condition: string) => {
    const text = reference.replace(
      "const [h, w, c] = layer.inputShape;",
      `const [h, w, c] = layer.inputShape;\n  if (${condition}) return 0;`,
    );
    expect(text).not.toBe(reference);
    return submission({ "countMultiplications.ts": text });
  };
  const gradescope = (dir: string, extra: string[] = []) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sepconv-gs-")), "results.json");
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "dist/cli/main.js"),
        "grade",
        "--quiet",
        dir,
        "--hidden",
        "--gradescope",
        file,
        ...extra,
      ],
      { encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    return GradescopeResults.parse(JSON.parse(readFileSync(file, "utf8")));
  };

  it("shows nothing that depends on the hidden cases: same view for different hidden results", () => {
    const a = gradescope(wrongWhen("h >= 100"));
    const b = gradescope(wrongWhen("h === 10 || h === 13"));
    const hiddenOf = (gs: GradescopeResults) =>
      gs.tests.filter(
        (t) => t.visibility !== "visible" && t.name.startsWith("countMultiplications"),
      );
    // Each passes some hidden cases and fails others, and not the same ones.
    expect(hiddenOf(a).map((t) => t.status)).toEqual(["failed", "passed", "passed"]);
    expect(hiddenOf(b).map((t) => t.status)).toEqual(["passed", "failed", "failed"]);
    expect(a.score).toBe(77);
    expect(b.score).toBe(76);
    // What a student sees before publication is identical, and it is the public cases only.
    expect(beforePublication(a)).toEqual(beforePublication(b));
    const view = beforePublication(a);
    expect(view.score).toBeNull();
    expect(view.stdout).toBeNull();
    expect(a.execution_time).toBeUndefined();
    expect(view.tests.every((t) => !/hidden case/.test(t.name))).toBe(true);
    const publicMax = view.tests.reduce((t, x) => t + x.max_score, 0);
    expect(a.output.split("\n")[0]).toBe(
      `Public cases: ${publicMax} / ${publicMax}. The hidden cases and the total are shown when grades are published.`,
    );
    expect(a.output).not.toMatch(/\b77\b|\b78\b|hidden case \d/);
  }, 120_000);

  it("--hidden-visibility visible shows everything, total included; hidden (which would show the total) is refused", () => {
    const all = gradescope(wrongWhen("h >= 100"), ["--hidden-visibility", "visible"]);
    expect(all.tests.every((t) => t.visibility === "visible")).toBe(true);
    expect(beforePublication(all).score).toBe(77);
    expect(all.output.split("\n")[0]).toBe("Total: 77 / 78");
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "dist/cli/main.js"),
        "grade",
        "--quiet",
        "exercises",
        "--hidden",
        "--gradescope",
        "x.json",
        "--hidden-visibility",
        "hidden",
      ],
      { encoding: "utf8", cwd: ROOT },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "--hidden-visibility hidden: Gradescope would still show students the total score",
    );
  }, 120_000);
});
