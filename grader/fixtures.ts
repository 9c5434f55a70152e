// `sepconv fixtures`: runs the instructor's reference solutions on every case's inputs and
// writes the reference outputs: exercises/fixtures/<id>.json (public, shipped) and
// exercises/hidden/fixtures/<id>.json (hidden, never shipped). Deterministic: the same sources
// give byte-identical files. The grader reuses caseBuilder to regenerate the public cases on
// inputs of its own.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as sepconv from "sepconv";
import { type CaseSeed, type CaseSpec, course } from "sepconv";

/** Case files may import anything the package exports. */
const ALL_EXPORTS = { sepconv: Object.keys(sepconv) };

export interface FixtureReport {
  exercise: string;
  hidden: boolean;
  file: string;
  cases: number;
  points: number;
}

function loadCases(root: string, id: string, hidden: boolean): CaseSpec[] {
  const file = course.casesPath(root, id, hidden);
  const mod = course.loadExerciseModule(
    path.dirname(file),
    path.basename(file),
    ALL_EXPORTS,
    sepconv,
  );
  const cases = mod.cases;
  if (!Array.isArray(cases))
    throw new Error(`${path.relative(root, file)} must export const cases: CaseSpec[]`);
  return cases as CaseSpec[];
}

/** The seeds of the shipped fixtures: seed(n) is n, so the case files read as they ship. */
const SHIPPED_SEED: CaseSeed = Object.assign((n: number) => n, { shipped: true });

/**
 * Loads an exercise's reference solution and its public or hidden case specs once; the result
 * runs the reference on the inputs the generators draw from `seedFor(case name)`: the shipped
 * seeds for the fixture files, the grader's secret ones when it regenerates the public cases
 * (grader/grade/public-cases.ts). `entry` comes from the caller's manifest, read once per run.
 */
export function caseBuilder(
  root: string,
  entry: course.ExerciseEntry,
  hidden: boolean,
): (seedFor: (caseName: string) => CaseSeed) => course.FixtureCase[] {
  const id = entry.id;
  const reference = course.loadExerciseModule(
    path.join(root, "exercises"),
    entry.file,
    entry.allowedImports,
    sepconv,
  )[id];
  if (typeof reference !== "function")
    throw new Error(`exercises/${entry.file} does not export a function ${id}`);
  const specs = loadCases(root, id, hidden);
  return (seedFor) => {
    const names = new Set<string>();
    return specs.map((spec): course.FixtureCase => {
      if (names.has(spec.name)) throw new Error(`${id}: duplicate case name "${spec.name}"`);
      names.add(spec.name);
      const args = spec
        .args(seedFor(spec.name))
        .map((a, i) => course.encodeValue(a, `${spec.name} argument ${i}`));
      // The reference runs on decoded copies: exactly what a submission will receive.
      const call = course.callWithCase(reference as (...a: course.Value[]) => unknown, { args });
      if (!call.ok)
        throw new Error(
          `${id} / ${spec.name}: the reference solution failed: ${call.outcome.message}`,
        );
      const { rtol, atol } = course.tolerances(spec);
      return course.FixtureCase.parse({
        name: spec.name,
        points: spec.points,
        hidden,
        compare: spec.compare ?? "allclose",
        rtol,
        atol,
        message: spec.message,
        hint: spec.hint ?? "",
        ...(spec.zh
          ? {
              zh: {
                ...(spec.zh.name === undefined ? {} : { name: spec.zh.name }),
                message: spec.zh.message,
                hint: spec.zh.hint ?? "",
              },
            }
          : {}),
        args,
        expected: course.encodeValue(call.value, "the reference output"),
      });
    });
  };
}

export function buildFixtureFile(
  root: string,
  id: string,
  hidden: boolean,
  manifest: course.Manifest = course.readManifest(root),
): course.FixtureFile {
  const cases = caseBuilder(root, course.exerciseEntry(manifest, id), hidden)(() => SHIPPED_SEED);
  return course.FixtureFile.parse({
    schemaVersion: course.SCHEMA_VERSION,
    exercise: id,
    hidden,
    cases,
  });
}

/** Writes every exercise's public and hidden fixtures; checks points against the manifest. */
export function generateFixtures(root: string): FixtureReport[] {
  const manifest = course.readManifest(root);
  const reports: FixtureReport[] = [];
  for (const entry of manifest.exercises) {
    let total = 0;
    for (const hidden of [false, true]) {
      const fixture = buildFixtureFile(root, entry.id, hidden, manifest);
      const file = course.fixturePath(root, entry.id, hidden);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(fixture, null, 1)}\n`);
      const points = fixture.cases.reduce((t, c) => t + c.points, 0);
      total += points;
      reports.push({
        exercise: entry.id,
        hidden,
        file: path.relative(root, file),
        cases: fixture.cases.length,
        points,
      });
    }
    if (total !== entry.points) {
      throw new Error(
        `${entry.id}: its cases are worth ${total} points but the manifest says ${entry.points}`,
      );
    }
  }
  return reports;
}
