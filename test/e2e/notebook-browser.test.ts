// End to end, as a student sees it: Jupyter Notebook on localhost, a course notebook opened in
// headless Chromium, all cells run from the page. Asserts that image outputs appear, no cell
// shows an error, and Chinese characters render as glyphs, not as empty boxes (a machine without
// a CJK font: npm run system-deps installs one), in the markdown and in a chart the notebook drew.
// The notebook is the Chinese edition's first (the English twin runs the same code, and the
// notebooks stage executes both); saves a screenshot in build/artifacts/. Runs on a copy of the
// notebook so nothing is saved into notebooks/.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { jupyterEnv } from "../../src/jupyter/jupyter";

const root = path.resolve(__dirname, "../..");
/** Relative to notebooks/. */
const NOTEBOOK = process.env.SEPCONV_E2E_NOTEBOOK ?? "zh/01-spatial-separable.ipynb";
const CHROMIUM = "/usr/bin/chromium";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`Jupyter did not answer at ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill("SIGTERM");
});

/** The part of Jupyter Notebook 6's front-end API the test calls (window.Jupyter). */
interface JupyterWindow {
  Jupyter?: {
    notebook: {
      kernel?: { is_connected?: () => boolean };
      set_autosave_interval(ms: number): void;
      execute_all_cells(): void;
      get_cells(): { cell_type: string; input_prompt_number?: unknown }[];
    };
  };
}
describe("a course notebook in Jupyter Notebook + headless Chromium", () => {
  it(`runs every cell of ${NOTEBOOK} in the browser: images appear, no cell shows an error, Chinese text shows as glyphs`, async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: run npm run system-deps`).toBe(true);
    const je = jupyterEnv(root, { notebookServer: true });
    // A copy inside the project, so `import ... from "sepconv"` resolves as in notebooks/.
    const dir = path.join(root, "build/e2e/notebooks");
    const name = path.basename(NOTEBOOK);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(root, "notebooks", NOTEBOOK), path.join(dir, name));
    const port = await freePort();
    const token = `sepconv-e2e-${port}`;
    server = spawn(
      "jupyter",
      [
        "notebook",
        "--no-browser",
        "--ip=127.0.0.1",
        `--port=${port}`,
        `--NotebookApp.token=${token}`,
        `--notebook-dir=${dir}`,
        "--allow-root",
      ],
      { env: je.env, stdio: "ignore" },
    );
    await waitForServer(`http://127.0.0.1:${port}/api/status?token=${token}`, 60_000);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
      await page.goto(`http://127.0.0.1:${port}/notebooks/${name}?token=${token}`);
      await page.waitForFunction(
        () =>
          (window as unknown as JupyterWindow).Jupyter?.notebook?.kernel?.is_connected?.() === true,
        null,
        { timeout: 60_000 },
      );
      const codeCells = await page.evaluate(() => {
        const nb = (window as unknown as JupyterWindow).Jupyter!.notebook;
        nb.set_autosave_interval(0); // never write the executed copy back
        nb.execute_all_cells();
        return nb.get_cells().filter((c) => c.cell_type === "code").length;
      });
      expect(codeCells).toBeGreaterThan(3);
      // Done when every code cell has a number and the kernel is idle.
      await page.waitForFunction(
        () => {
          const nb = (window as unknown as JupyterWindow).Jupyter!.notebook;
          const done = nb
            .get_cells()
            .every((c) => c.cell_type !== "code" || typeof c.input_prompt_number === "number");
          return done && document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null;
        },
        null,
        { timeout: 150_000, polling: 500 },
      );
      const report = await page.evaluate(() => ({
        images: document.querySelectorAll(".output_area img, .output_area svg").length,
        errors: Array.from(document.querySelectorAll(".output_stderr, .output_error")).map((e) =>
          (e.textContent ?? "").slice(0, 300),
        ),
      }));
      // The first output chart with Chinese text (axis labels the notebook's code wrote).
      const marked = await page.evaluate(() => {
        const svg = Array.from(document.querySelectorAll(".output_area svg")).find(
          (e) => new Set((e.textContent ?? "").match(/\p{Script=Han}/gu)).size >= 2,
        );
        svg?.setAttribute("id", "zh-output-chart");
        return svg !== undefined;
      });
      const chinese = NOTEBOOK.startsWith("zh/");
      const heading = chinese ? await page.evaluate(glyphReport, ".rendered_html h1") : null;
      const chart = chinese && marked ? await page.evaluate(glyphReport, "#zh-output-chart") : null;
      mkdirSync(path.join(root, "build/artifacts"), { recursive: true });
      await page.screenshot({
        path: path.join(root, "build/artifacts/notebook-browser.png"),
        fullPage: false,
      });
      expect(report.errors).toEqual([]);
      expect(report.images).toBeGreaterThan(0);
      if (chinese) {
        expect(marked, "no output chart holds Chinese text").toBe(true);
        expect([
          ...glyphProblems(`${NOTEBOOK} heading`, heading!),
          ...glyphProblems(`${NOTEBOOK} chart`, chart!),
        ]).toEqual([]);
      }
    } finally {
      await browser.close();
    }
  }, 240_000);
});

/** How one text's Chinese characters render in a font: per character its bitmap (as a string),
 *  its ink (dark pixels) and its advance in em; and the bitmap of a code point no font has. */
interface GlyphReport {
  font: string;
  chars: string[];
  bitmaps: string[];
  ink: number[];
  advanceEm: number[];
  missing: string;
}

/** Runs in the page: the first four distinct Han characters of `selector`'s text, drawn on a
 *  canvas in that element's computed font. */
function glyphReport(selector: string): GlyphReport | string {
  const el = document.querySelector(selector);
  if (!el) return `no element matches ${selector}`;
  const style = getComputedStyle(el);
  const chars = [...new Set((el.textContent ?? "").match(/\p{Script=Han}/gu) ?? [])].slice(0, 4);
  if (chars.length < 2) return `${selector} holds fewer than 2 Chinese characters`;
  const size = 40;
  const font = `${size}px ${style.fontFamily}`;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 2 * size;
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  ctx.font = font;
  const draw = (c: string) => {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#000";
    ctx.fillText(c, 4, size * 1.4);
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    let bits = "";
    for (let i = 0; i < px.length; i += 4) {
      const dark = px[i]! < 128;
      ink += dark ? 1 : 0;
      bits += dark ? "1" : "0";
    }
    return { bits, ink };
  };
  const drawn = chars.map(draw);
  return {
    font,
    chars,
    bitmaps: drawn.map((d) => d.bits),
    ink: drawn.map((d) => d.ink),
    advanceEm: chars.map((c) => ctx.measureText(c).width / size),
    missing: draw(String.fromCodePoint(0x10fffd)).bits,
  };
}

/** What is wrong with a GlyphReport: empty boxes look alike, are narrow and match no-glyph. */
function glyphProblems(where: string, r: GlyphReport | string): string[] {
  if (typeof r === "string") return [`${where}: ${r}`];
  const problems: string[] = [];
  r.chars.forEach((c, i) => {
    if (r.ink[i] === 0) problems.push(`${where}: "${c}" draws nothing in ${r.font}`);
    if (r.bitmaps[i] === r.missing)
      problems.push(`${where}: "${c}" draws the missing-glyph box in ${r.font}`);
    if (r.bitmaps.indexOf(r.bitmaps[i]!) !== i)
      problems.push(`${where}: "${c}" looks like "${r.chars[r.bitmaps.indexOf(r.bitmaps[i]!)]}"`);
    if (r.advanceEm[i]! < 0.9)
      problems.push(
        `${where}: "${c}" is ${r.advanceEm[i]!.toFixed(2)} em wide, not a CJK glyph's 1 em`,
      );
  });
  return problems;
}
