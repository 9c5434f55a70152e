// `sepconv grade` end to end, through the built command: instructor solutions get full marks,
// the fresh release gets 0 with "not implemented yet", every report format is written and
// valid, a .zip and a whole release are accepted, a missing path does not stop the batch, and
// grading is deterministic.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GradescopeResults } from "../../grader/grade/formats/gradescope";
import { release } from "../../grader/release";
import { hostile, ROOT, submission } from "./helpers";

const Results = z.array(
  z
    .object({
      submission: z.string(),
      name: z.string(),
      problem: z.string().nullable(),
      score: z.number(),
      maxScore: z.number(),
      exercises: z.array(
        z
          .object({
            id: z.string(),
            title: z.string(),
            score: z.number(),
            maxScore: z.number(),
            cases: z.array(
              z
                .object({
                  name: z.string(),
                  hidden: z.boolean(),
                  status: z.enum(["passed", "failed", "error", "timeout"]),
                  score: z.number(),
                  maxScore: z.number(),
                  message: z.string(),
                })
                .strict(),
            ),
          })
          .strict(),
      ),
    })
    .strict(),
);

const out = mkdtempSync(path.join(os.tmpdir(), "sepconv-grade-"));
const grade = (args: string[]) =>
  spawnSync(
    process.execPath,
    [path.join(ROOT, "dist/cli/main.js"), "grade", "--quiet", "--jobs", "2", ...args],
    { encoding: "utf8", cwd: ROOT },
  );
let rel = "";
let zip = "";
let results: z.infer<typeof Results> = [];
const wrongConv = submission({ "conv2d.ts": hostile("nan.ts") });

beforeAll(() => {
  rel = path.join(out, "release");
  release(ROOT, rel);
  // A zip of a student's exercises folder, wrapped in a top folder as zip tools do.
  const dir = submission();
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir)) files[`alice/exercises/${f}`] = readFileSync(path.join(dir, f));
  zip = path.join(out, "alice.zip");
  writeFileSync(zip, zipSync(files));
  const r = grade([
    "exercises",
    rel,
    zip,
    "no/such/folder",
    wrongConv,
    "--hidden",
    "--json",
    path.join(out, "all.json"),
    "--csv",
    path.join(out, "gradebook.csv"),
    "--html",
    path.join(out, "html"),
  ]);
  // The missing path is reported and makes the status 1; every report is still written.
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toContain("sepconv grade: no/such/folder does not exist");
  results = Results.parse(JSON.parse(readFileSync(path.join(out, "all.json"), "utf8")));
}, 240_000);

describe("sepconv grade", () => {
  it("results come back in the order given, one per submission, paths as given, named by folder or zip", () => {
    expect(results.map((r) => r.submission)).toEqual([
      "exercises",
      rel,
      zip,
      "no/such/folder",
      wrongConv,
    ]);
    expect(results.map((r) => r.name)).toEqual([
      "exercises",
      "release",
      "alice",
      "folder",
      path.basename(wrongConv),
    ]);
  });
  it("the instructor's exercises/ get full marks on public and hidden cases", () => {
    expect(results[0]!.score).toBe(results[0]!.maxScore);
    expect(results[0]!.exercises.flatMap((e) => e.cases).some((c) => c.hidden)).toBe(true);
  });
  it("the fresh release (a whole release folder) gets 0, every case 'not implemented yet'", () => {
    const r = results[1]!;
    expect(r.score).toBe(0);
    for (const c of r.exercises.flatMap((e) => e.cases))
      expect(c.message).toMatch(/^(hidden case: )?not implemented yet$/);
  });
  it("a .zip submission is graded like its folder", () => {
    expect(results[2]!.score).toBe(results[2]!.maxScore);
  });
  it("a missing path is a complete row of zeros with the reason, and the batch goes on", () => {
    const r = results[3]!;
    expect(r.problem).toBe("no/such/folder does not exist");
    expect(results.filter((x) => x.problem !== null)).toHaveLength(1);
    expect(r.score).toBe(0);
    expect(r.exercises).toHaveLength(12);
    expect(r.exercises[0]!.cases[0]!.message).toBe("no/such/folder does not exist");
    // Nothing ran: the hidden cases say so rather than blame the student's code.
    const hidden = r.exercises.flatMap((e) => e.cases).filter((c) => c.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    for (const c of hidden)
      expect(c.message).toBe("hidden case: not run (see the public cases for why)");
  });
  it("the gradebook CSV has a row per submission, a column per exercise and the total", () => {
    const lines = readFileSync(path.join(out, "gradebook.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe(
      "submission,convolve2d,separateKernel,spatialSeparableConvolve,conv2d,depthwiseConv2d,pointwiseConv2d,separableConv2d,countMultiplications,oneByOneBlock,sparseSoftmaxCrossEntropyGrad,conv2DBackpropInput,depthwiseConv2dNativeBackpropFilter,total,max",
    );
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe("exercises,6,6,5,10,7,4,4,7,5,6,10,8,78,78");
    expect(lines[5]!.split(",")[4]).toBe("0");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(results.map((r) => r.name));
  });
  it("one HTML feedback page per submission, named after it, escaped, plus an index", () => {
    const pages = readdirSync(path.join(out, "html")).sort();
    expect(pages).toEqual(
      [
        "alice.html",
        "exercises.html",
        "folder.html",
        "index.html",
        "release.html",
        `${path.basename(wrongConv)}.html`,
      ].sort(),
    );
    const page = readFileSync(path.join(out, "html", `${path.basename(wrongConv)}.html`), "utf8");
    expect(page).toContain("<h1>Feedback:");
    expect(page).toContain("values differ; first at [0,0,0]");
    expect(page).toContain("<table>");
  });
  it("Gradescope results.json validates against the schema; hidden cases are after_published", () => {
    const file = path.join(out, "results.json");
    const r = grade([wrongConv, "--hidden", "--gradescope", file]);
    expect(r.status, r.stderr).toBe(0);
    const gs = GradescopeResults.parse(JSON.parse(readFileSync(file, "utf8")));
    expect(gs.score).toBe(68);
    expect(gs.tests.filter((t) => t.visibility === "after_published").length).toBeGreaterThan(10);
    expect(gs.tests.find((t) => t.name.startsWith("conv2d: x=6x6x2"))!.status).toBe("failed");
    expect(
      gs.tests.every((t) => t.visibility !== "after_published" || !/x=|f=/.test(t.name + t.output)),
    ).toBe(true);
  });
  it("grading the same submission twice gives identical results", () => {
    const a = path.join(out, "a.json");
    const b = path.join(out, "b.json");
    expect(grade([wrongConv, zip, "--hidden", "--json", a]).status).toBe(0);
    expect(grade([wrongConv, zip, "--hidden", "--json", b]).status).toBe(0);
    expect(readFileSync(a, "utf8")).toBe(readFileSync(b, "utf8"));
  }, 180_000); // two gradings with hidden cases: 20 s on a loaded machine
  it("a file that is not a zip and a folder that is not a submission are errors (exit 1), named on stderr", () => {
    const notZip = path.join(out, "notes.zip");
    writeFileSync(notZip, "these are my notes, not an archive\n");
    const empty = mkdtempSync(path.join(os.tmpdir(), "sepconv-empty-"));
    writeFileSync(path.join(empty, "README.md"), "nothing to grade\n");
    const r = grade([notZip, empty, "--json", path.join(out, "bad.json")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`sepconv grade: ${notZip} is a file but not a zip archive`);
    expect(r.stderr).toMatch(
      /sepconv grade: no exercise files \(convolve2d\.ts, .*\) found in .*sepconv-empty-/,
    );
    const rows = Results.parse(JSON.parse(readFileSync(path.join(out, "bad.json"), "utf8")));
    expect(rows.map((x) => x.score)).toEqual([0, 0]);
  });
  it("a Gradescope submission that holds only a .zip is graded as that zip", () => {
    const upload = mkdtempSync(path.join(os.tmpdir(), "sepconv-upload-"));
    writeFileSync(path.join(upload, "my-work.zip"), readFileSync(zip));
    const r = grade([upload, "--json", path.join(out, "upload.json")]);
    expect(r.status, r.stderr).toBe(0);
    const [row] = Results.parse(JSON.parse(readFileSync(path.join(out, "upload.json"), "utf8")));
    expect(row!.score).toBe(row!.maxScore);
  });
  it("bad options are usage errors with exit 2; --gradescope needs one submission", () => {
    const r = grade(["exercises", "--timeout", "fast"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^sepconv grade: invalid options\n✖ Invalid input: expected number, received NaN\n {2}→ at timeout\n\nusage: sepconv grade <submission\.\.\.> \[options\]\n/,
    );
    expect(r.stdout).toBe("");
    const g = grade(["exercises", "exercises", "--gradescope", path.join(out, "x.json")]);
    expect(g.status).toBe(2);
    expect(g.stderr).toContain(
      "--gradescope writes one results.json: give exactly one submission (got 2)",
    );
    const none = grade([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("no submission given");
    const unknown = grade(["exercises", "--bogus"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^sepconv grade: Unknown option '--bogus'/);
    expect(unknown.stderr).toContain("\n\nusage: sepconv grade <submission...> [options]\n");
  });
  it("grade --help and -h print the grade usage on stdout and exit 0, without grading", () => {
    for (const flag of ["--help", "-h"]) {
      const r = grade(["exercises", flag]);
      expect(r.status, flag).toBe(0);
      expect(r.stdout).toMatch(
        /^usage: sepconv grade <submission\.\.\.> \[options\]\n\ngrade folders/,
      );
      expect(r.stdout).toContain("--typecheck-timeout <ms>");
      expect(r.stdout).not.toContain("exercises:");
      expect(r.stderr).toBe("");
    }
    const all = spawnSync(process.execPath, [path.join(ROOT, "dist/cli/main.js"), "--help"], {
      encoding: "utf8",
      cwd: ROOT,
    });
    expect(all.status).toBe(0);
    expect(all.stdout).toContain("instructor commands:\n  fixtures");
  });
  it("release is a usage error without exactly one folder, and a refusal (exit 1) for a folder that is not empty", () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, "dist/cli/main.js"), ...args], {
        encoding: "utf8",
        cwd: ROOT,
      });
    const none = cli("release");
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      "sepconv release: give one folder to write the release to (got 0)\n\nusage: sepconv release <outDir> [options]\n\nwrite the student version of the course to a new folder\n" +
        "      --lang <en|zh>           the release's language: en (default) or zh (notebooks from notebooks/zh/,\n" +
        "                               Chinese README, exercise descriptions and check() output)\n",
    );
    expect(cli("release", "a", "b").status).toBe(2);
    const full = cli("release", rel);
    expect(full.status).toBe(1);
    expect(full.stderr).toBe(
      `sepconv release: ${rel} exists and is not empty: choose a new folder\n`,
    );
  });
});
