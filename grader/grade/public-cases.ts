// The public cases the grader grades on: the same generators as the shipped fixtures
// (exercises/cases/<id>.ts), drawn with other seeds, and the expected outputs of the reference
// solutions on them, computed here at course load. A submission that looks its answers up in
// the shipped fixtures finds none of these inputs there. Students' check() keeps the shipped
// fixtures. The seeds are deterministic (the same course grades the same submission the same
// way) and secret: they mix a salt hashed from the hidden case sources, which never ship, and a
// hash of the exercise's submitted files, so that a resubmission with changed code (say, a
// table of inputs and answers learnt from an earlier run's feedback) meets other inputs.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { type CaseSeed, course } from "sepconv";
import { caseBuilder } from "../fixtures";

/** sha256 of every exercises/hidden/*.ts, file names included: instructor-only, so unguessable. */
function gradingSalt(root: string): string {
  const dir = path.join(root, "exercises/hidden");
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .sort();
  } catch {
    files = [];
  }
  // Without a secret the graded inputs could be computed from the release: refuse.
  if (files.length === 0)
    throw new Error(
      `${dir} holds no hidden case files (*.ts) to derive the secret grading seeds from`,
    );
  const hash = createHash("sha256");
  for (const f of files)
    hash
      .update(`${f}\0`)
      .update(readFileSync(path.join(dir, f)))
      .update("\0");
  return hash.digest("hex");
}

/** seed(n) for grading: a 48-bit mix of (salt, exercise, case, submission key, n), a safe integer as seeds must be. */
function gradingSeed(salt: string, exercise: string, caseName: string, key = ""): CaseSeed {
  const seed = (n: number): number => {
    if (!Number.isSafeInteger(n))
      throw new Error(`${exercise} / ${caseName}: seed(${String(n)}): n must be an integer`);
    return createHash("sha256")
      .update(
        JSON.stringify(
          key === "" ? [salt, exercise, caseName, n] : [salt, exercise, caseName, key, n],
        ),
      )
      .digest()
      .readUIntBE(0, 6);
  };
  return Object.assign(seed, { shipped: false });
}

const SAME_FIELDS = ["name", "points", "compare", "rtol", "atol", "message", "hint", "zh"] as const;

/** Instructor bugs that would make grading disagree with check(), or hand out the graded inputs. */
function checkAgainstShipped(
  id: string,
  graded: course.FixtureCase[],
  shipped: course.FixtureCase[],
): void {
  const stale = `exercises/fixtures/${id}.json does not match exercises/cases/${id}.ts: run npm run fixtures`;
  if (graded.length !== shipped.length)
    throw new Error(
      `${stale} (${shipped.length} shipped cases, ${graded.length} in the case file)`,
    );
  graded.forEach((g, i) => {
    const s = shipped[i]!;
    for (const field of SAME_FIELDS) {
      // JSON, so that the zh object compares by content.
      if (JSON.stringify(g[field]) !== JSON.stringify(s[field])) {
        throw new Error(
          `${stale} (case ${i + 1} "${g.name}": ${field} is ${JSON.stringify(g[field])} in the case file, ${JSON.stringify(s[field])} in the fixtures)`,
        );
      }
    }
    if (JSON.stringify(g.args) === JSON.stringify(s.args)) {
      throw new Error(
        `${id} / "${g.name}": the graded inputs equal the shipped ones, so a copy of exercises/fixtures/${id}.json would pass it: ` +
          `its generator in exercises/cases/${id}.ts ignores its seed (draw every input from seed(n), or vary a hand-written one when !seed.shipped)`,
      );
    }
  });
}

export interface PublicCases {
  /** The course's own grading draw, checked against the shipped fixtures at load. */
  atLoad: Map<string, course.FixtureCase[]>;
  /** The draw for one submission's exercise, keyed by a hash of its files. */
  forSubmission(exercise: string, key: string): course.FixtureCase[];
}

/** Every exercise's public cases on the grading seeds, checked against the shipped fixtures. */
export function gradedPublicCases(root: string, manifest: course.Manifest): PublicCases {
  const salt = gradingSalt(root);
  const atLoad = new Map<string, course.FixtureCase[]>();
  const builders = new Map<string, ReturnType<typeof caseBuilder>>();
  for (const e of manifest.exercises) {
    const build = caseBuilder(root, e, false);
    const graded = build((name) => gradingSeed(salt, e.id, name));
    checkAgainstShipped(e.id, graded, course.readFixtures(root, e.id, false).cases);
    atLoad.set(e.id, graded);
    builders.set(e.id, build);
  }
  return {
    atLoad,
    forSubmission: (exercise, key) =>
      key === ""
        ? atLoad.get(exercise)!
        : builders.get(exercise)!((name) => gradingSeed(salt, exercise, name, key)),
  };
}
