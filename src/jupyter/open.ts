// `sepconv open` (npm start): Jupyter Notebook on notebooks/ with the tslab kernel registered; the
// Chinese edition is the zh/ folder in the same tree.
import { spawn } from "node:child_process";
import path from "node:path";
import { jupyterEnv } from "./jupyter";

export function openCourse(root: string, extraArgs: readonly string[]): Promise<number> {
  const je = jupyterEnv(root, { notebookServer: true });
  const args = [
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--notebook-dir=${path.join(root, "notebooks")}`,
    ...extraArgs,
  ];
  if (process.getuid?.() === 0 && !args.includes("--allow-root")) args.push("--allow-root");
  process.stdout.write(
    `starting: jupyter ${args.join(" ")}\n(open the URL Jupyter prints below; Ctrl-C stops the ` +
      "server)\nThe English notebooks are at the top; the Chinese edition is in zh/ (中文版在 zh/ 文件夹).\n",
  );
  return new Promise((resolve) => {
    const child = spawn("jupyter", args, { env: je.env, stdio: "inherit" });
    // Stopping this command stops the server too (Ctrl-C reaches both; a plain kill only us).
    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const)
      process.on(signal, () => child.kill(signal));
    child.on("error", (e) => {
      process.stderr.write(`could not start jupyter: ${String(e)}\n`);
      resolve(1);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}
