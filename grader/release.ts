// `sepconv release <outDir>`: the student version of the course, as nbgrader's
// generate_assignment makes it. Exercises get stubs in place of the reference solutions,
// notebooks lose their outputs and solution cells, only public cases and fixtures go out, and
// nothing instructor-only is copied (grader/, hidden cases and fixtures, tests, CI).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { course } from "sepconv";

const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION\s*$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;
/** Solution markers in notebooks: a code cell tagged "solution" is replaced by a stub cell. */
const SOLUTION_TAG = "solution";

export class ReleaseError extends Error {
  override readonly name = "ReleaseError";
}

/** Replaces every BEGIN/END SOLUTION block by a line that throws "not implemented yet". */
export function stubSolutions(source: string, id: string, file: string): string {
  const out: string[] = [];
  let inside: string | null = null;
  source.split("\n").forEach((line, i) => {
    const begin = BEGIN.exec(line);
    if (begin) {
      if (inside !== null) throw new ReleaseError(`${file}:${i + 1}: BEGIN SOLUTION inside another solution block`);
      inside = begin[1]!;
      out.push(`${inside}// Your code here: replace the next line with your implementation.`);
      out.push(`${inside}throw new Error(${JSON.stringify(course.stubMessage(id))});`);
      return;
    }
    if (END.test(line)) {
      if (inside === null) throw new ReleaseError(`${file}:${i + 1}: END SOLUTION without BEGIN SOLUTION`);
      inside = null;
      return;
    }
    if (inside === null) out.push(line);
  });
  if (inside !== null) throw new ReleaseError(`${file}: a BEGIN SOLUTION block is never closed`);
  return out.join("\n");
}

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] } & Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
  [k: string]: unknown;
}

/** Clears outputs and counts; replaces cells tagged "solution" by a "your turn" stub. */
export function releaseNotebook(json: string, file: string): string {
  const nb = JSON.parse(json) as { cells: Cell[] } & Record<string, unknown>;
  if (!Array.isArray(nb.cells)) throw new ReleaseError(`${file} is not a notebook (no cells)`);
  nb.cells = nb.cells.map((cell) => {
    const c: Cell = { ...cell };
    if (c.cell_type === "code") {
      c.outputs = [];
      c.execution_count = null;
      if (c.metadata?.tags?.includes(SOLUTION_TAG)) {
        c.source = "// Your turn: write this cell's code. (The instructor's version is not part of the release.)\n";
        c.metadata = { ...c.metadata, tags: c.metadata.tags.filter((t) => t !== SOLUTION_TAG) };
      }
    }
    return c;
  });
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Builds the package unless dist/ already has the CLI (plain node, so it runs on any shell). */
const BUILD_ONCE = `node -e "process.exit(require('fs').existsSync('dist/cli/main.js') ? 0 : 1)" || npm run build`;

function studentPackageJson(root: string): string {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<string, unknown> & {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
  };
  return (
    JSON.stringify(
      {
        name: pkg["name"],
        version: pkg["version"],
        description: "Separable convolutions, the course: notebooks and exercises (student version).",
        license: pkg["license"],
        private: true,
        main: pkg["main"],
        types: pkg["types"],
        bin: pkg["bin"],
        engines: pkg["engines"],
        scripts: {
          build: pkg.scripts["build"]!.replace(/ && node node_modules\/typescript\/bin\/tsc -p grader\/tsconfig.json/, ""),
          "build:wasm": pkg.scripts["build:wasm"],
          "system-deps": pkg.scripts["system-deps"],
          start: pkg.scripts["start"],
          notebooks: pkg.scripts["notebooks"],
          // Students edit exercises/ only, which check() reads as it runs: build once (about 40 s),
          // then a check takes seconds.
          check: `${BUILD_ONCE} && node dist/cli/main.js check`,
          test: `${BUILD_ONCE} && node dist/cli/main.js check`,
        },
        // The self-dependency lets notebooks and exercises import from "sepconv".
        dependencies: pkg.dependencies,
      },
      null,
      2,
    ) + "\n"
  );
}

const STUDENT_README = `# Separable convolutions — the course

Notebooks that teach spatially separable and depthwise-separable convolutions with a real
convolution engine (\`sepconv\`), and exercises in which you implement the ideas yourself.

## Two commands

On a Debian/Ubuntu machine with Node.js 20 or newer (as root, or with sudo):

\`\`\`sh
# 1. install everything and open the course in Jupyter Notebook
npm run system-deps && npm install && npm start

# 2. install everything and check all your exercises against their public cases
npm run system-deps && npm install && npm test
\`\`\`

## Working on the exercises

Each exercise is one file in \`exercises/\` with a description and hints at the top; replace the
line that throws "not implemented yet" with your code. Check one exercise with
\`npm run check -- conv2d\` or, in a notebook, \`check("conv2d")\`: one line per public case, with
what differs and a hint. Your marks come from the course's grader, which runs these cases and
hidden ones in isolation. Import only what each exercise allows (sepconv's \`Tensor\` and
helpers such as \`tensor\` and \`zeros\`, and your own files); importing the engine's ops is
reported as a disallowed import.
`;

function copyTree(src: string, dst: string, skip: (rel: string) => boolean, root = src): number {
  let files = 0;
  for (const name of readdirSync(src)) {
    const from = path.join(src, name);
    const rel = path.relative(root, from);
    if (skip(rel)) continue;
    if (statSync(from).isDirectory()) files += copyTree(from, path.join(dst, name), skip, root);
    else {
      mkdirSync(dst, { recursive: true });
      cpSync(from, path.join(dst, name));
      files++;
    }
  }
  return files;
}

export interface ReleaseReport {
  outDir: string;
  files: number;
  exercises: number;
  notebooks: number;
}

export function release(root: string, outDir: string): ReleaseReport {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new ReleaseError(`${outDir} exists and is not empty: choose a new folder`);
  }
  if (path.relative(root, outDir) === "" ) throw new ReleaseError(`refusing to release into the course folder itself`);
  const manifest = course.readManifest(root);
  mkdirSync(outDir, { recursive: true });
  let files = 0;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
    writeFileSync(path.join(outDir, rel), text);
    files++;
  };
  // The engine and the course tooling students use; grader/ (instructor-only) is not copied.
  files += copyTree(path.join(root, "src"), path.join(outDir, "src"), () => false);
  write("tsconfig.json", readFileSync(path.join(root, "tsconfig.json"), "utf8"));
  write("package.json", studentPackageJson(root));
  write("README.md", STUDENT_README);
  write(".gitignore", "node_modules/\ndist/\nbuild/\n.jupyter/\n");

  // Exercises: stubs, public cases and fixtures; hidden/ stays behind.
  write("exercises/manifest.json", readFileSync(path.join(root, "exercises/manifest.json"), "utf8"));
  write("exercises/tsconfig.json", readFileSync(path.join(root, "exercises/tsconfig.json"), "utf8"));
  write("exercises/globals.d.ts", readFileSync(path.join(root, "exercises/globals.d.ts"), "utf8"));
  for (const entry of manifest.exercises) {
    const src = readFileSync(path.join(root, "exercises", entry.file), "utf8");
    write(`exercises/${entry.file}`, stubSolutions(src, entry.id, entry.file));
    write(`exercises/cases/${entry.id}.ts`, readFileSync(course.casesPath(root, entry.id, false), "utf8"));
    write(`exercises/fixtures/${entry.id}.json`, readFileSync(course.fixturePath(root, entry.id, false), "utf8"));
  }

  const notebooks = readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb"));
  for (const nb of notebooks) {
    write(`notebooks/${nb}`, releaseNotebook(readFileSync(path.join(root, "notebooks", nb), "utf8"), nb));
  }

  // Nothing that carries a solution marker may leave: check what was written.
  const leaked: string[] = [];
  const scan = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) scan(p);
      else if (readFileSync(p, "utf8").includes("BEGIN SOLUTION")) leaked.push(path.relative(outDir, p));
    }
  };
  scan(outDir);
  if (leaked.length) throw new ReleaseError(`solution markers would ship in ${leaked.join(", ")}`);
  return { outDir, files, exercises: manifest.exercises.length, notebooks: notebooks.length };
}
