// Finding Jupyter and registering the tslab kernel in a project-local folder (.jupyter/), so
// nothing is written to the user's own Jupyter configuration.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** Debian's python3 carries Jupyter; a pyenv or venv python3 on PATH usually does not (SEPCONV_PYTHON overrides). */
export const PYTHON = process.env.SEPCONV_PYTHON ?? "/usr/bin/python3";

const INSTALL_HINT = [
  "Jupyter is not installed. On Debian or Ubuntu, as root:",
  "  apt-get update && apt-get install -y jupyter-nbconvert python3-nbclient jupyter-notebook",
  "(or run `npm run system-deps`, which does this and also installs chromium for the browser test).",
].join("\n");

export class SetupError extends Error {
  override readonly name = "SetupError";
}

export interface JupyterEnv {
  root: string;
  env: NodeJS.ProcessEnv;
}

function has(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}

/** Checks for Jupyter (the pieces a command needs) and returns the environment to run it in. */
export function jupyterEnv(root: string, need: { notebookServer?: boolean } = {}): JupyterEnv {
  if (!existsSync(PYTHON) || !has(PYTHON, ["-c", "import nbclient, nbformat, nbconvert"])) {
    throw new SetupError(INSTALL_HINT);
  }
  if (need.notebookServer && !has(PYTHON, ["-c", "import notebook"])) {
    throw new SetupError(INSTALL_HINT);
  }
  ensureKernel(root);
  return { root, env: { ...process.env, JUPYTER_PATH: path.join(root, ".jupyter/share/jupyter") } };
}

/** Registers tslab under <root>/.jupyter unless it is already registered for this checkout. */
function ensureKernel(root: string): void {
  const binary = path.join(root, "node_modules/.bin/tslab");
  if (!existsSync(binary))
    throw new SetupError(`tslab is not installed in ${root}: run npm install first`);
  const spec = path.join(root, ".jupyter/share/jupyter/kernels/tslab/kernel.json");
  if (existsSync(spec) && readFileSync(spec, "utf8").includes(JSON.stringify(binary))) return;
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules/tslab/bin/tslab"),
      "install",
      `--python=${PYTHON}`,
      `--binary=${binary}`,
      `--prefix=${path.join(root, ".jupyter")}`,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0)
    throw new SetupError(`could not register the tslab kernel:\n${r.stdout}${r.stderr}`);
}

/** The package root: dist/jupyter/../.. (compiled) holds package.json and notebooks/. */
export function packageRoot(): string {
  return path.resolve(__dirname, "../..");
}
