// `sepconv open` (npm start): Jupyter Notebook on notebooks/ with the tslab kernel registered. In
// the course repo the Chinese edition is the zh/ folder in the same tree; a student release holds
// one language's notebooks at the top of notebooks/.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { releaseLanguage } from "../exercises/course-files";
import type { Language } from "../i18n";
import { jupyterEnv } from "./jupyter";

const RELEASE_NOTE: Readonly<Record<Language, string>> = {
  en: "The notebooks are in notebooks/; open the URL Jupyter prints below, Ctrl-C stops the server.",
  zh: "笔记本在 notebooks/ 里；打开 Jupyter 在下面打印的网址，按 Ctrl-C 停止。",
};

/** What `open` says about where the notebooks are: true for the course repo and for a release. */
export function openingNote(root: string): string {
  if (existsSync(path.join(root, "notebooks", "zh")))
    return (
      "(open the URL Jupyter prints below; Ctrl-C stops the server)\n" +
      "The English notebooks are at the top; the Chinese edition is in zh/ (中文版在 zh/ 文件夹)."
    );
  let lang: Language = "en";
  try {
    lang = releaseLanguage(root) ?? "en";
  } catch {
    // A bad config.lang is check()'s to report; opening the notebooks still works.
  }
  return RELEASE_NOTE[lang];
}

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
  process.stdout.write(`starting: jupyter ${args.join(" ")}\n${openingNote(root)}\n`);
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
