// The grader grades public cases on inputs of its own (the case generators with secret seeds),
// not on the shipped fixtures: the reference solutions still score full marks, a submission
// that looks its answers up in the shipped fixtures scores nothing on them (while check(),
// which keeps the shipped fixtures, passes it), the regenerated cases are deterministic and
// differ from the shipped ones everywhere, and a generator that ignores its seed stops the
// grader at course load.
import { appendFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { check, course } from "../../src/index";
import type { Course } from "../../grader/grade/pipeline";
import type { SubmissionResult } from "../../grader/grade/types";
import { courseCopy } from "../exercises/helpers";
import { FAST_LIMITS, ROOT, hostile, pipeline, submission } from "./helpers";

const manifest = course.readManifest(ROOT);
const lookup = hostile("fixture-lookup.ts", {
  FIXTURES_JSON: readFileSync(path.join(ROOT, "exercises/fixtures/conv2d.json"), "utf8"),
});
const publicArgs = (c: Course, id: string) =>
  c.cases
    .get(id)!
    .filter((x) => !x.hidden)
    .map((x) => JSON.stringify(x.args));

let reference: SubmissionResult;
let lookedUp: SubmissionResult;

beforeAll(async () => {
  [reference, lookedUp] = await pipeline().gradeAll(
    [submission(), submission({ "conv2d.ts": lookup })],
    { root: ROOT, hidden: true, jobs: 2, limits: FAST_LIMITS },
  );
}, 240_000);

describe("public cases graded on regenerated inputs", () => {
  it("the reference solutions score full marks, public and hidden cases", () => {
    expect(reference.score).toBe(reference.maxScore);
    for (const e of reference.exercises) expect(e.score, e.id).toBe(e.maxScore);
  });

  it("a submission that looks up the shipped public fixtures scores 0 public points on conv2d, and check() passes it", () => {
    const conv = lookedUp.exercises.find((e) => e.id === "conv2d")!;
    const publicCases = conv.cases.filter((c) => !c.hidden);
    expect(publicCases).toHaveLength(4);
    for (const c of publicCases) {
      expect(c.score, c.name).toBe(0);
      expect(c.message).toMatch(
        /^your code threw Error: this input is not in the shipped fixtures/,
      );
    }
    for (const e of lookedUp.exercises.filter((x) => x.id !== "conv2d"))
      expect(e.score, e.id).toBe(e.maxScore);
    // The same file against the shipped fixtures, as students check it: every public case passes.
    const s = check("conv2d", { root: courseCopy({ "conv2d.ts": lookup }), print: false });
    expect(s.passed).toBe(4);
    expect(s.points).toBe(s.maxPoints);
  });

  it("a submission's public inputs depend on its files: the same files meet the same inputs, changed files other ones", () => {
    const c = pipeline().loadCourse(ROOT, true);
    for (const e of manifest.exercises) {
      const a = c.casesFor(e.id, "files-a");
      expect(JSON.stringify(c.casesFor(e.id, "files-a"))).toBe(JSON.stringify(a));
      const b = c.casesFor(e.id, "files-b");
      a.filter((x) => !x.hidden).forEach((x, i) => {
        expect(JSON.stringify(x.args), `${e.id} / ${x.name}`).not.toBe(JSON.stringify(b[i]!.args));
        expect(JSON.stringify(x.args), `${e.id} / ${x.name} vs course draw`).not.toBe(
          JSON.stringify(c.cases.get(e.id)![i]!.args),
        );
      });
      // Hidden cases are the same for everyone.
      expect(JSON.stringify(a.filter((x) => x.hidden))).toBe(
        JSON.stringify(b.filter((x) => x.hidden)),
      );
    }
  });

  it("two course loads regenerate identical cases", () => {
    const a = pipeline().loadCourse(ROOT, true);
    const b = pipeline().loadCourse(ROOT, true);
    expect(JSON.stringify([...b.cases])).toBe(JSON.stringify([...a.cases]));
  });

  it("every public case of every exercise is graded on inputs that differ from the shipped ones, with the same name, points and messages", () => {
    const graded = pipeline().loadCourse(ROOT, false);
    for (const e of manifest.exercises) {
      const shipped = course.readFixtures(ROOT, e.id, false).cases;
      const cases = graded.cases.get(e.id)!;
      expect(
        cases.map((c) => [c.name, c.points, c.message, c.hint, c.compare, c.rtol, c.atol]),
      ).toEqual(
        shipped.map((c) => [c.name, c.points, c.message, c.hint, c.compare, c.rtol, c.atol]),
      );
      cases.forEach((c, i) => {
        expect(JSON.stringify(c.args), `${e.id} / ${c.name}`).not.toBe(
          JSON.stringify(shipped[i]!.args),
        );
      });
    }
  });

  it("the hidden cases are graded from their fixture files, unchanged", () => {
    const graded = pipeline().loadCourse(ROOT, true);
    for (const e of manifest.exercises) {
      expect(graded.cases.get(e.id)!.filter((c) => c.hidden)).toEqual(
        course.readFixtures(ROOT, e.id, true).cases,
      );
    }
  });
});

describe("the grading seeds", () => {
  it("come from the hidden case sources: editing one changes the graded inputs", () => {
    const dir = courseCopy();
    appendFileSync(path.join(dir, "exercises/hidden/conv2d.ts"), "// edited\n");
    const edited = pipeline().loadCourse(dir, false);
    const original = pipeline().loadCourse(ROOT, false);
    // Per exercise: countMultiplications' graded layers differ only in key order, which two
    // salts may happen to share for one case.
    for (const e of manifest.exercises)
      expect(publicArgs(edited, e.id), e.id).not.toEqual(publicArgs(original, e.id));
  });

  it("a course without hidden case sources cannot be graded (the seeds would not be secret)", () => {
    const dir = courseCopy();
    for (const f of readdirSync(path.join(dir, "exercises/hidden")))
      if (f.endsWith(".ts")) rmSync(path.join(dir, "exercises/hidden", f));
    expect(() => pipeline().loadCourse(dir, false)).toThrow(
      /holds no hidden case files \(\*\.ts\) to derive the secret grading seeds from/,
    );
  });

  it("a public case whose generator ignores its seed stops the grader at course load, naming the exercise and the case", () => {
    const dir = courseCopy();
    const file = path.join(dir, "exercises/cases/conv2d.ts");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("seed(303)", "303").replace("seed(304)", "304"),
    );
    expect(() => pipeline().loadCourse(dir, false)).toThrow(
      /^conv2d \/ "x=7x7x3 f=3x3x3x2 s=2 p=valid": the graded inputs equal the shipped ones.*ignores its seed/,
    );
  });

  it("shipped fixtures out of step with their case file stop the grader at course load", () => {
    const dir = courseCopy();
    const file = path.join(dir, "exercises/cases/conv2d.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace("points: 2,", "points: 3,"));
    expect(() => pipeline().loadCourse(dir, false)).toThrow(
      /exercises\/fixtures\/conv2d\.json does not match exercises\/cases\/conv2d\.ts: run npm run fixtures \(case 4 "x=6x7x2 f=4x4x2x3 s=2 p=same": points is 3 in the case file, 2 in the fixtures\)/,
    );
  });
});
