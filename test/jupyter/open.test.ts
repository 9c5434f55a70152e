// npm start's command: Jupyter Notebook on notebooks/ with the tslab kernel; without Jupyter, a
// message that says exactly how to install it and a non-zero exit.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "dist/cli/main.js");
let server: ChildProcess | undefined;
afterAll(() => server?.kill("SIGTERM"));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe("sepconv open", () => {
  it("without Jupyter: says how to install it and exits 3", () => {
    const r = spawnSync(process.execPath, [CLI, "open"], {
      encoding: "utf8",
      env: { ...process.env, SEPCONV_PYTHON: "/nonexistent/python3" },
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("Jupyter is not installed");
    expect(r.stderr).toContain(
      "apt-get update && apt-get install -y jupyter-nbconvert python3-nbclient jupyter-notebook",
    );
  });
  it("starts Jupyter Notebook on notebooks/ with the TypeScript kernel registered", async () => {
    const port = await freePort();
    const token = `open-test-${port}`;
    server = spawn(
      process.execPath,
      [CLI, "open", `--port=${port}`, `--NotebookApp.token=${token}`],
      { stdio: "ignore" },
    );
    let listing: { content: { name: string }[] } | undefined;
    for (let i = 0; i < 240 && !listing; i++) {
      await new Promise((r) => setTimeout(r, 250));
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/contents?token=${token}`);
        if (res.ok) listing = (await res.json()) as { content: { name: string }[] };
      } catch {
        // not up yet
      }
    }
    expect(listing, "Jupyter did not answer").toBeDefined();
    expect(listing!.content.map((c) => c.name)).toContain("01-spatial-separable.ipynb");
    const specs = (await (
      await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${token}`)
    ).json()) as { kernelspecs: Record<string, unknown> };
    expect(Object.keys(specs.kernelspecs)).toContain("tslab");
    // Stopping the command stops the Jupyter server it started.
    server.kill("SIGTERM");
    let down = false;
    for (let i = 0; i < 80 && !down; i++) {
      await new Promise((r) => setTimeout(r, 250));
      down = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`).then(
        () => false,
        () => true,
      );
    }
    expect(down, "the Jupyter server outlived sepconv open").toBe(true);
  }, 90_000);
});
