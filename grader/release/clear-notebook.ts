// A notebook as students get it: no outputs, no execution counts, and the instructor's solution
// cells (code cells tagged "solution") replaced by a "your turn" cell.
import type { Language } from "sepconv";
import { ReleaseError } from "./errors";

const SOLUTION_TAG = "solution";

/** What replaces an instructor's solution cell, in the release's language. */
const YOUR_TURN: Record<Language, string> = {
  en: "// Your turn: write this cell's code. (The instructor's version is not part of the release.)\n",
  zh: "// 轮到你了：写出这个代码单元格的代码。（教师的版本不在发布版里。）\n",
};

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] } & Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
  [k: string]: unknown;
}

/** The cleared notebook, as Jupyter writes it (one-space indent), from the JSON text of `file`. */
export function clearNotebook(json: string, file: string, lang: Language = "en"): string {
  const nb = JSON.parse(json) as { cells: Cell[] } & Record<string, unknown>;
  if (!Array.isArray(nb.cells))
    throw new ReleaseError(file, `${file} is not a notebook (no cells)`);
  nb.cells = nb.cells.map((cell) => {
    const c: Cell = { ...cell };
    if (c.cell_type === "code") {
      c.outputs = [];
      c.execution_count = null;
      if (c.metadata?.tags?.includes(SOLUTION_TAG)) {
        c.source = YOUR_TURN[lang];
        c.metadata = { ...c.metadata, tags: c.metadata.tags.filter((t) => t !== SOLUTION_TAG) };
      }
    }
    return c;
  });
  return `${JSON.stringify(nb, null, 1)}\n`;
}
