// End to end, as a student sees it: Jupyter Notebook on localhost, a course notebook opened in
// headless Chromium, all cells run from the page. Asserts that image outputs appear and no cell
// shows an error; saves a screenshot in build/artifacts/. Runs on a copy of the notebook so
// nothing is saved into notebooks/.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { jupyterEnv } from "../../src/jupyter/jupyter";

const root = path.resolve(__dirname, "../..");
const NOTEBOOK = process.env.SEPCONV_E2E_NOTEBOOK ?? "01-spatial-separable.ipynb";
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
  it(`runs every cell of ${NOTEBOOK} in the browser: images appear, no cell shows an error`, async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: run npm run system-deps`).toBe(true);
    const je = jupyterEnv(root, { notebookServer: true });
    // A copy inside the project, so `import ... from "sepconv"` resolves as in notebooks/.
    const dir = path.join(root, "build/e2e/notebooks");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(root, "notebooks", NOTEBOOK), path.join(dir, NOTEBOOK));
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
      await page.goto(`http://127.0.0.1:${port}/notebooks/${NOTEBOOK}?token=${token}`);
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
      mkdirSync(path.join(root, "build/artifacts"), { recursive: true });
      await page.screenshot({
        path: path.join(root, "build/artifacts/notebook-browser.png"),
        fullPage: false,
      });
      expect(report.errors).toEqual([]);
      expect(report.images).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
