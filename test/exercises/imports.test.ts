// The import scanner: what an exercise file may import, and the message for what it may not.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanImports } from "../../src/exercises/imports";

const ROOT = "/course/exercises";
const FILE = path.join(ROOT, "conv2d.ts");
const ALLOWED = { sepconv: ["Tensor", "zeros"] };
const scan = (source: string) => scanImports(ROOT, FILE, source, ALLOWED);
const messages = (source: string) => scan(source).violations.map((v) => `${v.line}: ${v.message}`);

describe("scanImports", () => {
  it("allows the manifest's names, type-only imports and files inside the submission", () => {
    const r = scan(
      [
        'import { Tensor, zeros } from "sepconv";',
        'import type { Padding } from "./depthwiseConv2d";',
        'import { helper } from "./lib/helper.ts";',
        'import type { conv2d } from "sepconv";',
      ].join("\n"),
    );
    expect(r.violations).toEqual([]);
    expect(r.relative.map((f) => [f.specifier, f.resolved])).toEqual([
      ["./depthwiseConv2d", path.join(ROOT, "depthwiseConv2d.ts")],
      ["./lib/helper.ts", path.join(ROOT, "lib/helper.ts")],
    ]);
  });
  it("refuses an engine op the exercise asks students to write, naming it and what is allowed", () => {
    expect(messages('import { Tensor, conv2d } from "sepconv";')).toEqual([
      '1: disallowed import { conv2d } from "sepconv": this exercise asks you to implement it yourself (allowed: Tensor, zeros)',
    ]);
    expect(messages('import { conv2d as c } from "sepconv";')).toHaveLength(1);
  });
  it("refuses namespace, default and re-export-all imports of the package", () => {
    expect(messages('import * as s from "sepconv";')).toEqual([
      '1: disallowed import from "sepconv": import the allowed names one by one (Tensor, zeros)',
    ]);
    expect(messages('import s from "sepconv";')).toHaveLength(1);
    expect(messages('export * from "sepconv";')).toHaveLength(1);
  });
  it("refuses other modules, files outside the submission, require and dynamic import, with line numbers", () => {
    expect(messages('\nimport fs from "node:fs";')).toEqual([
      '2: disallowed import "node:fs": exercise files may import only "sepconv" and files of the submission',
    ]);
    expect(messages('import { x } from "../../grader/secret";')).toEqual([
      '1: disallowed import "../../grader/secret": only files inside the submission can be imported',
    ]);
    expect(messages('const fs = require("fs");')).toEqual([
      '1: disallowed require(): use import { ... } from "sepconv"',
    ]);
    expect(messages('const m = import("fs");')).toEqual(["1: disallowed dynamic import()"]);
    expect(messages('import fs = require("fs");')).toEqual([
      '1: disallowed "import = require(...)": use import { ... } from "sepconv"',
    ]);
  });
  it("refuses triple-slash directives and global or module augmentations, which would make the grader's whole-submission type check differ from check()'s", () => {
    const slash =
      "disallowed /// <reference ...> directive: exercise files use the course's types only";
    expect(messages('/// <reference no-default-lib="true"/>\nexport const a = 1;')).toEqual([
      `1: ${slash}`,
    ]);
    expect(
      messages(
        [
          "// a comment",
          '/// <reference lib="dom" />',
          '/// <reference path="./helper.ts" />',
          '/// <reference types="node" />',
        ].join("\n"),
      ),
    ).toEqual([`2: ${slash}`, `3: ${slash}`, `4: ${slash}`]);
    const augment =
      'disallowed "declare global" / "declare module": an exercise file may not change the types other files see';
    expect(messages("export {};\ndeclare global {\n  type Row = number[];\n}")).toEqual([
      `2: ${augment}`,
    ]);
    expect(messages('declare module "sepconv" {\n  interface Tensor { foo?: number }\n}')).toEqual([
      `1: ${augment}`,
    ]);
    // A local namespace and an ordinary comment starting with three slashes are fine.
    expect(messages("namespace Local {\n  export const n = 1;\n}\n/// just a note")).toEqual([]);
  });
});
