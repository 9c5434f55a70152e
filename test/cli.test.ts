import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openingNote } from "../src/jupyter/open";
import {
  UsageError,
  commandUsage,
  parseCommandArgs,
  parseCommandOptions,
  wantsHelp,
} from "../src/cli/usage";
import { z } from "zod";

const sepconv = (...args: string[]) =>
  spawnSync(process.execPath, ["dist/cli/main.js", ...args], { encoding: "utf8" });

// npm test builds dist/ first; this runs the built command as a user would.
describe("sepconv command", () => {
  it("demo prints the textbook numbers computed by the engine", () => {
    const out = execFileSync(process.execPath, ["dist/cli/main.js", "demo"], { encoding: "utf8" });
    expect(out).toContain("-> 8x8x256: 1,228,800 multiplications, 19,456 parameters");
    expect(out).toContain(
      "depthwise 4,800 + pointwise 49,152 = 53,952 multiplications -> 8x8x256, 1,099 parameters",
    );
    expect(out).toContain("22.8x fewer");
    expect(out).toContain("column [1,2,1] x row [-1,0,1]");
    expect(out).toContain("(same output)");
    expect(out).toContain("568,740,352 mult-adds, 4,209,088 parameters");
  });
  it("an unknown command is a clear error with usage, exit 2", () => {
    const r = sepconv("frobnicate");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('sepconv: unknown command "frobnicate"');
    expect(r.stderr).toContain("usage: sepconv <command>");
    const none = sepconv();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^sepconv: no command given\n\nusage: sepconv <command>/);
  });
  it("--help and -h print the usage on stdout and exit 0, for sepconv and for each command", () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const r = sepconv(...args);
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/^usage: sepconv <command> \[options\]\n/);
      expect(r.stdout).toContain("  notebooks [names...]");
      expect(r.stderr).toBe("");
    }
    for (const args of [
      ["notebooks", "--help"],
      ["notebooks", "03", "-h"],
      ["help", "notebooks"],
    ]) {
      const r = sepconv(...args);
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stdout).toMatch(
        /^usage: sepconv notebooks \[names\.\.\.\] \[options\]\n\nexecute notebooks headlessly/,
      );
      expect(r.stdout).toContain("--no-html");
      expect(r.stdout).not.toContain("check [ids...]");
      expect(r.stderr).toBe("");
    }
    const check = sepconv("check", "--help");
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^usage: sepconv check \[ids\.\.\.\]\n/);
  });
  it("a bad option is a usage error of that command: what is wrong, then that command's usage, exit 2", () => {
    const unknown = sepconv("check", "--wat");
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(/^sepconv check: Unknown option '--wat'/);
    expect(unknown.stderr).toContain("\n\nusage: sepconv check [ids...]\n");
    const invalid = sepconv("notebooks", "--jobs", "0");
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(
      /^sepconv notebooks: invalid options\n✖ Too small: expected number to be >=1\n {2}→ at jobs\n\nusage: sepconv notebooks /,
    );
    const missing = sepconv("notebooks", "--timeout");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(
      /^sepconv notebooks: Option '--timeout <value>' argument missing/,
    );
    const unknownNotebook = sepconv("notebooks", "99");
    expect(unknownNotebook.status).toBe(2);
    expect(unknownNotebook.stderr).toMatch(
      /^sepconv notebooks: no notebook matches 99 \(have: 01-/,
    );
    expect(unknownNotebook.stderr).toContain("\n\nusage: sepconv notebooks ");
  });
});

describe("where open says the notebooks are", () => {
  /** A release-like folder: notebooks/ with no zh/, package.json with `config` when given. */
  function release(config?: object): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sepconv-open-"));
    mkdirSync(path.join(dir, "notebooks"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x", config }));
    return dir;
  }
  it("the course repo: English at the top, the Chinese edition in zh/", () => {
    expect(openingNote(process.cwd())).toContain(
      "The English notebooks are at the top; the Chinese edition is in zh/ (中文版在 zh/ 文件夹).",
    );
  });
  it("a release: one line in its language, no zh/ folder mentioned", () => {
    const en = openingNote(release());
    const zh = openingNote(release({ lang: "zh" }));
    expect(en).toBe(
      "The notebooks are in notebooks/; open the URL Jupyter prints below, Ctrl-C stops the server.",
    );
    expect(zh).toBe("笔记本在 notebooks/ 里；打开 Jupyter 在下面打印的网址，按 Ctrl-C 停止。");
    for (const note of [en, zh]) expect(note).not.toContain("zh/");
  });
  it("the help of open and notebooks does not promise a zh/ folder everywhere", () => {
    for (const command of ["open", "notebooks"]) {
      const r = sepconv(command, "--help");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("in the course repo");
      expect(r.stdout).not.toContain("the Chinese edition is in its zh/ folder)");
    }
  });
});

describe("the usage helpers", () => {
  it("UsageError carries the command and the message", () => {
    const e = new UsageError("grade", "no submission given");
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.command, e.message]).toEqual(["UsageError", "grade", "no submission given"]);
    expect(new UsageError(null, "no command given").command).toBeNull();
  });
  it("parseCommandArgs turns parseArgs' errors into UsageErrors of the command", () => {
    expect(parseCommandArgs("check", ["conv2d"], {}).positionals).toEqual(["conv2d"]);
    expect(() => parseCommandArgs("check", ["--wat"], {})).toThrow(UsageError);
    const thrown = (() => {
      try {
        parseCommandArgs("notebooks", ["--jobs"], { jobs: { type: "string" } });
      } catch (e) {
        return e as UsageError;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(UsageError);
    expect(thrown!.command).toBe("notebooks");
    expect(thrown!.message).toContain("'--jobs <value>' argument missing");
  });
  it("parseCommandOptions names every option that is wrong", () => {
    const schema = z.object({ jobs: z.coerce.number().int().min(1), timeout: z.coerce.number() });
    expect(parseCommandOptions("x", schema, { jobs: "2", timeout: "5" })).toEqual({
      jobs: 2,
      timeout: 5,
    });
    expect(() => parseCommandOptions("x", schema, { jobs: "0", timeout: "soon" })).toThrow(
      /^invalid options\n✖ .*\n {2}→ at jobs\n✖ .*\n {2}→ at timeout$/,
    );
  });
  it("wantsHelp sees --help and -h only before a '--'", () => {
    expect(wantsHelp(["a", "-h"])).toBe(true);
    expect(wantsHelp(["--help"])).toBe(true);
    expect(wantsHelp(["--", "--help"])).toBe(false);
    expect(wantsHelp(["--helpful"])).toBe(false);
  });
  it("a command's usage: synopsis, [options] when it has some, summary, then the options", () => {
    expect(commandUsage({ synopsis: "demo", summary: "print" })).toBe(
      "usage: sepconv demo\n\nprint",
    );
    expect(
      commandUsage({
        synopsis: "go <x>",
        summary: "go",
        options: [["--far <n>", "how far\nand more"]],
      }),
    ).toBe(
      `usage: sepconv go <x> [options]\n\ngo\n      --far <n>                how far\n${" ".repeat(31)}and more`,
    );
  });
});
