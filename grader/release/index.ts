// `sepconv release <outDir>`: the student version of the course, as nbgrader's
// generate_assignment makes it. This file puts the release together from the pieces next to it:
// exercises with stubs in place of the reference solutions (stub-solutions.ts), notebooks without
// outputs or solution cells (clear-notebook.ts), the student's package.json (package-json.ts) and
// README; only public cases and fixtures go out, and nothing instructor-only is copied (grader/,
// hidden cases and fixtures, tests, CI).
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { type Language, course } from "sepconv";
import { clearNotebook } from "./clear-notebook";
import { ReleaseError } from "./errors";
import { studentPackageJson } from "./package-json";
import { STUDENT_README } from "./student-readme";
import { stubSolutions } from "./stub-solutions";

function copyTree(src: string, dst: string): number {
  let files = 0;
  for (const name of readdirSync(src)) {
    const from = path.join(src, name);
    if (statSync(from).isDirectory()) files += copyTree(from, path.join(dst, name));
    else {
      mkdirSync(dst, { recursive: true });
      cpSync(from, path.join(dst, name));
      files++;
    }
  }
  return files;
}

/** Every file under `dir` that holds a solution marker, relative to `dir`. */
function filesWithMarkers(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return filesWithMarkers(p, root);
    return readFileSync(p, "utf8").includes("BEGIN SOLUTION") ? [path.relative(root, p)] : [];
  });
}

export interface ReleaseReport {
  outDir: string;
  files: number;
  exercises: number;
  notebooks: number;
  /** Notebooks of the course with no edition in the release's language yet (no exercise needs them). */
  untranslated: string[];
}

/** The leading doc comment of an exercise file: its description, which students read first. */
const DOC_COMMENT = /^\/\*\*[\s\S]*?\*\/\n/;

/** The exercise file with its description in `lang`: exercises/zh/<id>.txt for Chinese. */
function describedIn(source: string, root: string, id: string, file: string, lang: Language) {
  if (lang === "en") return source;
  const docFile = path.join(root, "exercises", lang, `${id}.txt`);
  if (!existsSync(docFile))
    throw new ReleaseError(
      docFile,
      `exercises/${lang}/${id}.txt is missing: ${file}'s description in ${lang}`,
    );
  const doc = readFileSync(docFile, "utf8");
  if (!DOC_COMMENT.test(source) || !DOC_COMMENT.test(doc))
    throw new ReleaseError(
      file,
      `${file} and exercises/${lang}/${id}.txt must each start with a /** ... */ description`,
    );
  return source.replace(DOC_COMMENT, () => doc.match(DOC_COMMENT)![0]);
}

/** The notebooks of the release: notebooks/ for English, notebooks/<lang>/ for another language. */
function notebookSources(root: string, manifest: course.Manifest, lang: Language) {
  const english = readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb"));
  if (lang === "en") return { dir: "notebooks", names: english, untranslated: [] };
  const dir = path.join("notebooks", lang);
  const translated = existsSync(path.join(root, dir))
    ? readdirSync(path.join(root, dir)).filter((f) => f.endsWith(".ipynb"))
    : [];
  const needed = [...new Set(manifest.exercises.map((e) => e.notebook))];
  const missing = needed.filter((nb) => !translated.includes(nb));
  if (missing.length) {
    const uses = (nb: string) =>
      manifest.exercises
        .filter((e) => e.notebook === nb)
        .map((e) => e.id)
        .join(", ");
    throw new ReleaseError(
      path.join(root, dir),
      `no ${lang} edition of ${missing.map((nb) => `${dir}/${nb} (exercises ${uses(nb)})`).join(", ")}: the release in ${lang} needs the notebook of every exercise`,
    );
  }
  return { dir, names: translated, untranslated: english.filter((nb) => !translated.includes(nb)) };
}

/**
 * The release's exercises/ folder, path -> text: stubs with their descriptions in `lang`, public
 * cases and fixtures; hidden/ and exercises/<lang>/ stay behind.
 */
export function studentExercises(
  root: string,
  manifest: course.Manifest,
  lang: Language,
): Map<string, string> {
  const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");
  const files = new Map<string, string>();
  for (const rel of [
    "exercises/manifest.json",
    "exercises/tsconfig.json",
    "exercises/globals.d.ts",
  ])
    files.set(rel, read(rel));
  for (const entry of manifest.exercises) {
    const source = describedIn(read(`exercises/${entry.file}`), root, entry.id, entry.file, lang);
    files.set(`exercises/${entry.file}`, stubSolutions(source, entry.id, entry.file, lang));
    files.set(
      `exercises/cases/${entry.id}.ts`,
      readFileSync(course.casesPath(root, entry.id, false), "utf8"),
    );
    files.set(
      `exercises/fixtures/${entry.id}.json`,
      readFileSync(course.fixturePath(root, entry.id, false), "utf8"),
    );
  }
  return files;
}

export function release(root: string, outDir: string, lang: Language = "en"): ReleaseReport {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new ReleaseError(outDir, `${outDir} exists and is not empty: choose a new folder`);
  }
  if (path.relative(root, outDir) === "")
    throw new ReleaseError(outDir, `refusing to release into the course folder itself`);
  const manifest = course.readManifest(root);
  // Checked before anything is written: a refused release leaves no half-written folder.
  const notebooks = notebookSources(root, manifest, lang);
  mkdirSync(outDir, { recursive: true });
  let files = 0;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
    writeFileSync(path.join(outDir, rel), text);
    files++;
  };
  const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");
  // The engine and the course tooling students use; grader/ (instructor-only) is not copied.
  files += copyTree(path.join(root, "src"), path.join(outDir, "src"));
  write("tsconfig.json", read("tsconfig.json"));
  write(
    "package.json",
    studentPackageJson(read("package.json"), path.join(root, "package.json"), lang),
  );
  write("README.md", STUDENT_README[lang]);
  write(".gitignore", "node_modules/\ndist/\nbuild/\n.jupyter/\n");

  for (const [rel, text] of studentExercises(root, manifest, lang)) write(rel, text);

  // Every edition goes to notebooks/, where check() and the manifest's notebook names expect it.
  for (const nb of notebooks.names)
    write(`notebooks/${nb}`, clearNotebook(read(path.join(notebooks.dir, nb)), nb, lang));

  // Nothing that carries a solution marker may leave: check what was written.
  const leaked = filesWithMarkers(outDir);
  if (leaked.length)
    throw new ReleaseError(outDir, `solution markers would ship in ${leaked.join(", ")}`);
  return {
    outDir,
    files,
    exercises: manifest.exercises.length,
    notebooks: notebooks.names.length,
    untranslated: notebooks.untranslated,
  };
}
