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
import { course } from "sepconv";
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
}

export function release(root: string, outDir: string): ReleaseReport {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new ReleaseError(outDir, `${outDir} exists and is not empty: choose a new folder`);
  }
  if (path.relative(root, outDir) === "")
    throw new ReleaseError(outDir, `refusing to release into the course folder itself`);
  const manifest = course.readManifest(root);
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
  write("package.json", studentPackageJson(read("package.json"), path.join(root, "package.json")));
  write("README.md", STUDENT_README);
  write(".gitignore", "node_modules/\ndist/\nbuild/\n.jupyter/\n");

  // Exercises: stubs, public cases and fixtures; hidden/ stays behind.
  for (const rel of [
    "exercises/manifest.json",
    "exercises/tsconfig.json",
    "exercises/globals.d.ts",
  ])
    write(rel, read(rel));
  for (const entry of manifest.exercises) {
    write(
      `exercises/${entry.file}`,
      stubSolutions(read(`exercises/${entry.file}`), entry.id, entry.file),
    );
    write(
      `exercises/cases/${entry.id}.ts`,
      readFileSync(course.casesPath(root, entry.id, false), "utf8"),
    );
    write(
      `exercises/fixtures/${entry.id}.json`,
      readFileSync(course.fixturePath(root, entry.id, false), "utf8"),
    );
  }

  const notebooks = readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb"));
  for (const nb of notebooks) write(`notebooks/${nb}`, clearNotebook(read(`notebooks/${nb}`), nb));

  // Nothing that carries a solution marker may leave: check what was written.
  const leaked = filesWithMarkers(outDir);
  if (leaked.length)
    throw new ReleaseError(outDir, `solution markers would ship in ${leaked.join(", ")}`);
  return { outDir, files, exercises: manifest.exercises.length, notebooks: notebooks.length };
}
