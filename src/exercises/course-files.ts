// Where a course's exercise files live and how to read them: exercises/manifest.json and the
// fixture files, validated on load. The project root is found by walking up from a folder
// (a notebook's working directory is notebooks/, so its parent holds exercises/).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { FixtureFile, Manifest, type ExerciseEntry } from "./schema";
import { LANGUAGES, type Language, language } from "../i18n";
import { FILES, say } from "./messages";

export class CourseFileError extends Error {
  override readonly name = "CourseFileError";
}

export function findCourseRoot(from: string = process.cwd(), lang: Language = language()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, "exercises/manifest.json"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new CourseFileError(say(FILES.noCourse, lang, from));
    dir = up;
  }
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new CourseFileError(`${file} is missing`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CourseFileError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, file: string, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  // The first few problems say what is wrong; a file broken everywhere would print thousands.
  const shown = r.error.issues.slice(0, 5);
  const more = r.error.issues.length - shown.length;
  throw new CourseFileError(
    `${file} does not match its schema:\n${z.prettifyError(new z.ZodError(shown))}${more ? `\n(and ${more} more)` : ""}`,
  );
}

export function readManifest(root: string): Manifest {
  const file = path.join(root, "exercises/manifest.json");
  return parseWith(Manifest, file, readJson(file));
}

export function exerciseEntry(
  manifest: Manifest,
  id: string,
  lang: Language = language(),
): ExerciseEntry {
  const entry = manifest.exercises.find((e) => e.id === id);
  if (!entry) {
    const ids = manifest.exercises.map((e) => e.id).join(", ");
    throw new CourseFileError(say(FILES.unknownExercise, lang, id, ids));
  }
  return entry;
}

/** Public fixtures ship with the release; hidden ones live under a path containing "hidden". */
export function fixturePath(root: string, id: string, hidden: boolean): string {
  return path.join(root, hidden ? "exercises/hidden/fixtures" : "exercises/fixtures", `${id}.json`);
}

export function casesPath(root: string, id: string, hidden: boolean): string {
  return path.join(root, hidden ? "exercises/hidden" : "exercises/cases", `${id}.ts`);
}

const releaseLanguages = new Map<string, Language | null>();

/**
 * The language a student release was written in (`sepconv release --lang zh` stores it as
 * "config": { "lang": "zh" } in the release's package.json), or null: read once per course.
 */
export function releaseLanguage(root: string): Language | null {
  const cached = releaseLanguages.get(root);
  if (cached !== undefined) return cached;
  let lang: Language | null = null;
  const file = path.join(root, "package.json");
  if (existsSync(file)) {
    const config = (readJson(file) as { config?: { lang?: unknown } }).config;
    if (config?.lang !== undefined) {
      if (!(LANGUAGES as readonly unknown[]).includes(config.lang))
        throw new CourseFileError(
          `${file}: config.lang must be one of ${LANGUAGES.join(", ")}, got ${JSON.stringify(config.lang)}`,
        );
      lang = config.lang as Language;
    }
  }
  releaseLanguages.set(root, lang);
  return lang;
}

export function readFixtures(root: string, id: string, hidden: boolean): FixtureFile {
  const file = fixturePath(root, id, hidden);
  const parsed = parseWith(FixtureFile, file, readJson(file));
  if (parsed.exercise !== id || parsed.hidden !== hidden) {
    throw new CourseFileError(
      `${file} holds fixtures of ${parsed.exercise} (hidden: ${parsed.hidden}), not ${id} (hidden: ${hidden})`,
    );
  }
  return parsed;
}
