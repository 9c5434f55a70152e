// `sepconv release`: the student version holds no solutions, no solution markers and no hidden
// case or expected value; it installs and builds on its own, its stubs type-check, its checks
// report "not implemented yet", and its notebooks execute.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { course } from "../../src/index";
import { release } from "../../grader/release";
import { BUILD_TOOLS, GRADER_ONLY, studentPackageJson } from "../../grader/release/package-json";
import { ROOT } from "./helpers";

const manifest = course.readManifest(ROOT);
let out = "";
let files: { rel: string; text: string }[] = [];

function walk(dir: string, skip: (rel: string) => boolean): { rel: string; text: string }[] {
  const found: { rel: string; text: string }[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const rel = path.relative(dir, p);
      if (skip(rel)) continue;
      if (statSync(p).isDirectory()) visit(p);
      else found.push({ rel, text: readFileSync(p, "utf8") });
    }
  };
  visit(dir);
  return found;
}

beforeAll(() => {
  out = path.join(mkdtempSync(path.join(os.tmpdir(), "sepconv-release-")), "course");
  release(ROOT, out);
  files = walk(out, () => false);
});

describe("sepconv release: what ships", () => {
  it("has package.json (with the file:. self-dependency), exercises/ and notebooks/ at its root, and no instructor folders", () => {
    const pkg = JSON.parse(readFileSync(path.join(out, "package.json"), "utf8"));
    expect(pkg.dependencies.sepconv).toBe("file:.");
    for (const d of ["exercises", "notebooks", "src"])
      expect(existsSync(path.join(out, d)), d).toBe(true);
    for (const d of ["grader", "test", ".ci", "exercises/hidden", "dist", "node_modules"])
      expect(existsSync(path.join(out, d)), d).toBe(false);
    expect(pkg.scripts.build).not.toContain("grader");
  });
  it("package.json is the course's package with the student's scripts: the build without its grader/ step", () => {
    const course = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const pkg = JSON.parse(readFileSync(path.join(out, "package.json"), "utf8"));
    const kept = Object.keys(course.dependencies).filter((d) => !GRADER_ONLY.includes(d));
    expect(Object.keys(pkg.dependencies)).toEqual(kept);
    expect(Object.keys(pkg.devDependencies)).toEqual([...BUILD_TOOLS]);
    expect(Object.keys(pkg.scripts)).toEqual([
      "build",
      "build:wasm",
      "system-deps",
      "start",
      "notebooks",
      "check",
      "test",
    ]);
    const steps = course.scripts.build.split(" && ");
    expect(pkg.scripts.build.split(" && ")).toEqual(
      steps.filter((s: string) => !s.includes("grader/")),
    );
    expect(pkg.scripts.build.split(" && ")).toHaveLength(steps.length - 1);
  });
  it("ships the packages the shipped code uses and none that only the grader imports", () => {
    // Bare specifiers, reduced to package names.
    const packagesIn = (dir: string): Set<string> => {
      const found = new Set<string>();
      const sources = walk(dir, (rel) => rel.startsWith(`kernels${path.sep}assembly`)).filter((f) =>
        f.rel.endsWith(".ts"),
      );
      // A notebook's code cells, joined, are TypeScript too (tslab compiles them).
      for (const f of walk(dir, () => false).filter((n) => n.rel.endsWith(".ipynb"))) {
        const cells = (JSON.parse(f.text) as { cells: { cell_type: string; source: string[] }[] })
          .cells;
        const code = cells.filter((c) => c.cell_type === "code").map((c) => c.source.join(""));
        sources.push({ rel: f.rel, text: code.join("\n") });
      }
      for (const { text } of sources) {
        // The compiler's own import scan (imports, exports, require), plus require.resolve.
        const specs = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
        for (const m of text.matchAll(/require\.resolve\(\s*["'`]([^"'`]+)["'`]/g))
          specs.push(m[1]!);
        for (const spec of specs) {
          if (spec.startsWith(".") || spec.startsWith("node:") || builtinModules.includes(spec))
            continue;
          const parts = spec.split("/");
          found.add(spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
        }
      }
      return found;
    };
    const pkg = JSON.parse(readFileSync(path.join(out, "package.json"), "utf8"));
    const shipped = new Set(Object.keys(pkg.dependencies));
    const usedBySrc = packagesIn(path.join(ROOT, "src"));
    for (const name of usedBySrc) expect(shipped.has(name), `src/ imports ${name}`).toBe(true);
    // What the notebooks import at run time (TensorFlow.js in 07-training) ships too.
    const usedByNotebooks = packagesIn(path.join(ROOT, "notebooks"));
    for (const name of usedByNotebooks)
      expect(shipped.has(name), `notebooks/ import ${name}`).toBe(true);
    // Used without an import: the package itself (exercises) and the notebook kernel.
    const unimported = ["sepconv", "tslab"];
    for (const name of shipped)
      expect(
        usedBySrc.has(name) || usedByNotebooks.has(name) || unimported.includes(name),
        `${name} ships unused`,
      ).toBe(true);
    const graderOnly = [...packagesIn(path.join(ROOT, "grader"))].filter(
      (n) => !usedBySrc.has(n) && n !== "sepconv",
    );
    expect(graderOnly.sort()).toEqual([...GRADER_ONLY].sort());
    for (const name of graderOnly) expect(shipped.has(name), name).toBe(false);
  });
  it("refuses a course package.json it cannot read, naming the file and the field", () => {
    const course = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const noGraderStep = {
      ...course,
      scripts: { ...course.scripts, build: "tsc -p tsconfig.json" },
    };
    expect(() => studentPackageJson(JSON.stringify(noGraderStep), "/c/package.json")).toThrow(
      "/c/package.json: scripts.build should have exactly one step that compiles grader/ (found 0)",
    );
    const { main: _, ...noMain } = course;
    expect(() => studentPackageJson(JSON.stringify(noMain), "/c/package.json")).toThrow(
      /^\/c\/package\.json does not have what the release needs:\n.*\n {2}→ at main$/,
    );
    expect(() => studentPackageJson("{", "/c/package.json")).toThrow(
      "/c/package.json is not valid JSON",
    );
  });
  it("contains no BEGIN SOLUTION text anywhere", () => {
    expect(files.filter((f) => f.text.includes("BEGIN SOLUTION")).map((f) => f.rel)).toEqual([]);
    expect(files.filter((f) => f.text.includes("END SOLUTION")).map((f) => f.rel)).toEqual([]);
  });
  it("contains no line of any reference solution body", () => {
    // Lines that also occur in the engine's own source (say `if (padding === "same") {`) are not
    // solution-specific; every other line of length >= 24 must be absent.
    const engine = walk(path.join(ROOT, "src"), () => false)
      .map((f) => f.text)
      .join("\n");
    for (const e of manifest.exercises) {
      const src = readFileSync(path.join(ROOT, "exercises", e.file), "utf8");
      const body = src.slice(src.indexOf("// BEGIN SOLUTION"), src.indexOf("// END SOLUTION"));
      const lines = body
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.length >= 24 && !l.startsWith("//") && !engine.includes(l));
      expect(lines.length, e.id).toBeGreaterThan(0);
      for (const line of lines) {
        const where = files.filter((f) => f.text.includes(line)).map((f) => f.rel);
        expect(where, `${e.id}: "${line}"`).toEqual([]);
      }
    }
  });
  it("contains no hidden case: no hidden case name and no hidden expected value", () => {
    let checked = 0;
    for (const e of manifest.exercises) {
      for (const c of course.readFixtures(ROOT, e.id, true).cases) {
        const names = files.filter((f) => f.text.includes(c.name)).map((f) => f.rel);
        expect(names, `hidden case name ${c.name}`).toEqual([]);
        // Distinctive numbers of the expected output (long decimals) must not appear anywhere.
        const numbers = (JSON.stringify(c.expected).match(/-?\d+\.\d{6,}/g) ?? []).slice(0, 20);
        for (const n of numbers) {
          expect(
            files.filter((f) => f.text.includes(n)).map((f) => f.rel),
            `${e.id} ${c.name} value ${n}`,
          ).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
  it("exercise files are stubs that throw 'not implemented yet'", () => {
    for (const e of manifest.exercises) {
      const text = readFileSync(path.join(out, "exercises", e.file), "utf8");
      expect(text).toContain(`throw new Error("${e.id}: not implemented yet");`);
      expect(text).toContain(`export function ${e.id}(`);
    }
  });
  it("notebooks are the course's, cleared: same cells, no outputs, no execution counts", () => {
    type Cell = {
      cell_type: string;
      source: string[];
      outputs?: unknown[];
      execution_count?: unknown;
    };
    const released = files.filter((x) => x.rel.endsWith(".ipynb"));
    expect(released.map((f) => path.basename(f.rel)).sort()).toEqual(
      readdirSync(path.join(ROOT, "notebooks"))
        .filter((n) => n.endsWith(".ipynb"))
        .sort(),
    );
    for (const f of released) {
      const nb = JSON.parse(f.text) as { cells: Cell[] };
      const original = JSON.parse(
        readFileSync(path.join(ROOT, "notebooks", path.basename(f.rel)), "utf8"),
      ) as { cells: Cell[] };
      // The same code runs in npm test's notebook run, so only the release's own setup needs
      // executing below.
      expect(
        nb.cells.map((c) => c.source.join("")),
        f.rel,
      ).toEqual(original.cells.map((c) => c.source.join("")));
      for (const c of nb.cells.filter((x) => x.cell_type === "code")) {
        expect(c.outputs, f.rel).toEqual([]);
        expect(c.execution_count, f.rel).toBeNull();
      }
    }
  });
  it("refuses a folder that is not empty", () => {
    expect(() => release(ROOT, out)).toThrow(/exists and is not empty/);
  });
});

describe("the release works on its own", () => {
  const run = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, {
      cwd: out,
      encoding: "utf8",
      env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" },
    });
  it("installs and builds with npm install && npm run build; its stubs type-check", () => {
    const install = run("npm", ["install", "--prefer-offline"]);
    expect(install.status, install.stderr).toBe(0);
    const build = run("npm", ["run", "build"]);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(existsSync(path.join(out, "dist/grader"))).toBe(false);
    const tsc = run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "exercises"]);
    expect(tsc.status, tsc.stdout).toBe(0);
  }, 300_000);
  it("sepconv check reports 'not implemented yet' for every exercise, without a crash", () => {
    const r = run(process.execPath, ["dist/cli/main.js", "check"]);
    expect(r.status).toBe(1);
    for (const e of manifest.exercises)
      expect(r.stdout).toContain(`check("${e.id}"): not implemented yet`);
    expect(r.stderr).toBe("");
  });
  it("npm run check builds only when dist/ is missing: a student's second check does not rebuild", () => {
    const built = statSync(path.join(out, "dist/index.js")).mtimeMs;
    const r = run("npm", ["run", "check", "--", "conv2d"]);
    expect(r.stdout).toContain('check("conv2d"): not implemented yet');
    expect(r.stdout).not.toContain("tsc -p");
    expect(statSync(path.join(out, "dist/index.js")).mtimeMs).toBe(built);
  });
  it("instructor commands are not there", () => {
    const r = run(process.execPath, ["dist/cli/main.js", "fixtures"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `"fixtures" is an instructor command, not part of the student release`,
    );
  });
  // Its notebooks hold the course's cells (tested above), which npm test executes, and the
  // packages they import ship (tested above); what only the release can show is its install
  // running them under Jupyter with stub exercises: two notebooks with check cells (4 exercises).
  it("its notebooks execute through Jupyter (exercise checks fail politely)", () => {
    const r = run(process.execPath, ["dist/cli/main.js", "notebooks", "--no-html", "02", "05"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/notebooks: 2 passed, 0 failed/);
    const executed = readdirSync(path.join(out, "build/notebooks/executed"));
    const withChecks = executed
      .map((f) => readFileSync(path.join(out, "build/notebooks/executed", f), "utf8"))
      .filter((t) => t.includes("not implemented yet"));
    expect(withChecks.length).toBe(2);
  }, 300_000);
});
