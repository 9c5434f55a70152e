// The committed notebooks, English and Chinese (notebooks/zh/), stay easy to read: no code cell
// longer than a screen (30 lines), no code line wider than the page (100 characters), and no
// helper function defined again in another notebook of the same language (shared helpers belong
// in the package, imported from "sepconv"; a Chinese notebook runs its English twin's code).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { parseCell } from "./cell-ast";
import { describe, expect, it } from "vitest";

const dir = path.resolve(__dirname, "../../notebooks");
const MAX_CELL_LINES = 30;
const MAX_LINE_CHARS = 100;

interface CodeCell {
  id: string;
  source: string;
}
type Notebooks = Record<string, CodeCell[]>;

function codeCells(json: string): CodeCell[] {
  const nb = JSON.parse(json) as {
    cells: { cell_type: string; id: string; source: string | string[] }[];
  };
  return nb.cells
    .filter((c) => c.cell_type === "code")
    .map((c) => ({ id: c.id, source: Array.isArray(c.source) ? c.source.join("") : c.source }));
}

/** One message per cell over the line limit and per line over the width limit. */
function styleProblems(notebooks: Notebooks): string[] {
  const problems: string[] = [];
  for (const [name, cells] of Object.entries(notebooks)) {
    for (const cell of cells) {
      const lines = cell.source.replace(/\n+$/, "").split("\n");
      if (lines.length > MAX_CELL_LINES) {
        problems.push(`${name} cell ${cell.id}: ${lines.length} lines (at most ${MAX_CELL_LINES})`);
      }
      lines.forEach((line, i) => {
        // Characters as a reader counts them: code points, so "×" or "⋆" count once.
        const width = [...line].length;
        if (width > MAX_LINE_CHARS) {
          problems.push(
            `${name} cell ${cell.id} line ${i + 1}: ${width} characters (at most ${MAX_LINE_CHARS})`,
          );
        }
      });
    }
  }
  return problems;
}

function isFunction(node: ts.Expression): boolean {
  let e = node;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e))
    e = e.expression;
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e);
}

/** Names of the functions a cell defines at its top level: `function f` and `const f = (...) =>`. */
function helperNames(source: string): string[] {
  const file = parseCell(source);
  const names: string[] = [];
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) names.push(statement.name.text);
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.initializer && isFunction(d.initializer))
        names.push(d.name.text);
    }
  }
  return names;
}

/** One message per helper name defined in more than one notebook of one language ("zh/..." are
 *  the Chinese edition), naming where. */
function duplicateHelpers(notebooks: Notebooks): string[] {
  const language = (name: string) => (name.startsWith("zh/") ? "zh" : "en");
  return ["en", "zh"].flatMap((lang) =>
    duplicatesWithin(
      Object.fromEntries(Object.entries(notebooks).filter(([name]) => language(name) === lang)),
    ),
  );
}

function duplicatesWithin(notebooks: Notebooks): string[] {
  const where = new Map<string, string[]>();
  for (const [name, cells] of Object.entries(notebooks)) {
    for (const cell of cells) {
      for (const helper of helperNames(cell.source)) {
        where.set(helper, [...(where.get(helper) ?? []), `${name} cell ${cell.id}`]);
      }
    }
  }
  return [...where]
    .filter(([, places]) => new Set(places.map((p) => p.split(" cell ")[0])).size > 1)
    .map(
      ([helper, places]) =>
        `${helper} is defined in ${places.join(", ")}: move it into the package`,
    );
}

const notebooksIn = (sub: string) =>
  existsSync(path.join(dir, sub))
    ? readdirSync(path.join(dir, sub))
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
        .map((f) => path.posix.join(sub, f))
    : [];
const committed: Notebooks = Object.fromEntries(
  [...notebooksIn("."), ...notebooksIn("zh")].map((f) => [
    f,
    codeCells(readFileSync(path.join(dir, f), "utf8")),
  ]),
);

describe("notebook style", () => {
  it("reads all the course notebooks", () => {
    expect(Object.keys(committed).length).toBeGreaterThanOrEqual(6);
  });
  it(`every code cell has at most ${MAX_CELL_LINES} lines of at most ${MAX_LINE_CHARS} characters`, () => {
    expect(styleProblems(committed)).toEqual([]);
  });
  it("no helper function is defined in more than one notebook", () => {
    expect(duplicateHelpers(committed)).toEqual([]);
  });

  // The checks themselves, on made-up notebooks: each must name the notebook, the cell and the line.
  it("names the notebook, cell and line of a long cell and of a wide line", () => {
    const long = Array.from({ length: 31 }, (_, i) => `const v${i} = ${i};`).join("\n");
    const wide = `const s = "${"x".repeat(90)}";`;
    expect(
      styleProblems({
        "07-x.ipynb": [
          { id: "a", source: long },
          { id: "b", source: `1;\n${wide}\n` },
        ],
      }),
    ).toEqual([
      "07-x.ipynb cell a: 31 lines (at most 30)",
      `07-x.ipynb cell b line 2: ${wide.length} characters (at most 100)`,
    ]);
    expect(
      styleProblems({
        "07-x.ipynb": [{ id: "c", source: `${long.split("\n").slice(1).join("\n")}\n\n` }],
      }),
    ).toEqual([]);
  });
  it("finds helpers defined in two notebooks, but not nested ones or plain values", () => {
    expect(
      helperNames("function crop() {}\nconst fmt = (v: number) => String(v);\nconst x = 3;"),
    ).toEqual(["crop", "fmt"]);
    expect(
      helperNames("const f = (function () { return 1; }) as () => number;\nlet g = async () => 1;"),
    ).toEqual(["f", "g"]);
    expect(
      helperNames("for (const k of [1]) { const inner = () => k; }\nconst y = [1].map((v) => v);"),
    ).toEqual([]);
    const notebooks: Notebooks = {
      "01-a.ipynb": [{ id: "c1", source: "const fmt = (v: number) => String(v);" }],
      "02-b.ipynb": [
        {
          id: "c2",
          source: "function fmt(v: number) { return String(v); }\nconst only = () => 1;",
        },
      ],
      "03-c.ipynb": [{ id: "c3", source: "const fmt = 3; // a value, not a helper" }],
    };
    expect(duplicateHelpers(notebooks)).toEqual([
      "fmt is defined in 01-a.ipynb cell c1, 02-b.ipynb cell c2: move it into the package",
    ]);
    // A Chinese notebook defines what its English twin defines; two Chinese notebooks may not.
    const zh: Notebooks = {
      "01-a.ipynb": [{ id: "c1", source: "const fmt = (v: number) => String(v);" }],
      "zh/01-a.ipynb": [{ id: "c1", source: "const fmt = (v: number) => String(v);" }],
    };
    expect(duplicateHelpers(zh)).toEqual([]);
    expect(
      duplicateHelpers({ ...zh, "zh/02-b.ipynb": [{ id: "c2", source: "function fmt() {}" }] }),
    ).toEqual([
      "fmt is defined in zh/01-a.ipynb cell c1, zh/02-b.ipynb cell c2: move it into the package",
    ]);
  });
});
