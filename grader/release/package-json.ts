// The release's package.json, built as an object from the course's: the same package (name,
// version, entry points, dependencies with the "file:." self-dependency that lets notebooks and
// exercises import "sepconv") with the scripts a student uses and no instructor step.
import type { Language } from "sepconv";
import { z } from "zod";
import { ReleaseError } from "./errors";

/** Imported by grader/ only, which does not ship. */
export const GRADER_ONLY: readonly string[] = ["markdown-it", "yauzl"];
/** What a student's `npm run build` needs besides the dependencies: the WebAssembly compiler and
 * the declarations tsc reads. The course's other dev dependencies (tests, lint, benchmarks) stay. */
export const BUILD_TOOLS: readonly string[] = ["assemblyscript", "@types/node", "@types/pngjs"];

/** The fields of the course's package.json the release reads; the rest stays behind. */
const CoursePackage = z.object({
  name: z.string(),
  version: z.string(),
  license: z.string(),
  main: z.string(),
  types: z.string(),
  bin: z.record(z.string(), z.string()),
  engines: z.record(z.string(), z.string()),
  scripts: z.object({
    build: z.string(),
    "build:wasm": z.string(),
    "system-deps": z.string(),
    start: z.string(),
    notebooks: z.string(),
  }),
  dependencies: z.record(z.string(), z.string()).refine((d) => d.sepconv === "file:.", {
    message: 'needs the self-dependency "sepconv": "file:."',
  }),
  devDependencies: z
    .record(z.string(), z.string())
    .refine((d) => BUILD_TOOLS.every((t) => t in d), {
      message: `needs the build tools ${BUILD_TOOLS.join(", ")}`,
    }),
});
type CoursePackage = z.infer<typeof CoursePackage>;

/** Builds the package unless dist/ already has the CLI (plain node, so it runs on any shell). */
const BUILD_ONCE = `node -e "process.exit(require('fs').existsSync('dist/cli/main.js') ? 0 : 1)" || npm run build`;

/** The course's build without the step that compiles grader/ (which does not ship). */
function studentBuild(build: string, file: string): string {
  const steps = build.split(" && ");
  const kept = steps.filter((step) => !step.includes("grader/"));
  if (kept.length !== steps.length - 1) {
    throw new ReleaseError(
      file,
      `${file}: scripts.build should have exactly one step that compiles grader/ (found ${steps.length - kept.length})`,
    );
  }
  return kept.join(" && ");
}

/** The release's package.json object, from the course's. */
function studentPackage(pkg: CoursePackage, file: string, lang: Language) {
  const check = `${BUILD_ONCE} && node dist/cli/main.js check`;
  return {
    name: pkg.name,
    version: pkg.version,
    description: "Separable convolutions, the course: notebooks and exercises (student version).",
    license: pkg.license,
    private: true,
    main: pkg.main,
    types: pkg.types,
    bin: pkg.bin,
    engines: pkg.engines,
    scripts: {
      build: studentBuild(pkg.scripts.build, file),
      "build:wasm": pkg.scripts["build:wasm"],
      "system-deps": pkg.scripts["system-deps"],
      start: pkg.scripts.start,
      notebooks: pkg.scripts.notebooks,
      // Students edit exercises/ only, which check() reads as it runs: build once (about 40 s),
      // then a check takes seconds.
      check,
      test: check,
    },
    dependencies: Object.fromEntries(
      Object.entries(pkg.dependencies).filter(([name]) => !GRADER_ONLY.includes(name)),
    ),
    devDependencies: Object.fromEntries(
      BUILD_TOOLS.map((name) => [name, pkg.devDependencies[name]!]),
    ),
    // The release's language, which check() reads from here (course.releaseLanguage), so that
    // `npm run check` answers in it too; an English release says nothing (the default).
    ...(lang === "en" ? {} : { config: { lang } }),
  };
}

/** The release's package.json text, from the text of the course's (`file`, for messages). */
export function studentPackageJson(json: string, file: string, lang: Language = "en"): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new ReleaseError(file, `${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = CoursePackage.safeParse(value);
  if (!parsed.success)
    throw new ReleaseError(
      file,
      `${file} does not have what the release needs:\n${z.prettifyError(parsed.error)}`,
    );
  return `${JSON.stringify(studentPackage(parsed.data, file, lang), null, 2)}\n`;
}
