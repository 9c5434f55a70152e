// Reading a zipped submission in memory: only .ts entries kept, links kept as refusals, and the
// limits (files, bytes per file, bytes in all) named when passed.
import { zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../grader/grade/limits";
import { readZip } from "../../grader/grade/zip";

const text = (s: string) => new TextEncoder().encode(s);
const zip = (files: Zippable) => Buffer.from(zipSync(files, { level: 6 }));

describe("readZip", () => {
  it("keeps .ts entries and their folders, skips other files and __MACOSX", async () => {
    const entries = await readZip(
      zip({
        "exercises/conv2d.ts": text("export {};\n"),
        "exercises/notes.md": text("x"),
        "__MACOSX/exercises/._conv2d.ts": text("junk"),
      }),
    );
    expect([...entries.keys()].sort()).toEqual(["exercises", "exercises/conv2d.ts"]);
    const e = entries.get("exercises/conv2d.ts")!;
    expect(e.kind === "file" && e.bytes.toString("utf8")).toBe("export {};\n");
  });
  it("keeps a symbolic link (Unix mode in the external attributes) as a link, not its target", async () => {
    const entries = await readZip(
      zip({
        "exercises/conv2d.ts": [
          text("../../solutions/conv2d.ts"),
          { os: 3, attrs: (0o120777 << 16) >>> 0 },
        ],
      }),
    );
    expect(entries.get("exercises/conv2d.ts")).toEqual({ kind: "link" });
  });
  it(`refuses more than ${LIMITS.files} .ts files`, async () => {
    const many: Zippable = {};
    for (let i = 0; i <= LIMITS.files; i++) many[`exercises/f${i}.ts`] = text("//\n");
    await expect(readZip(zip(many))).rejects.toThrow(
      `it holds more than ${LIMITS.files} .ts files`,
    );
  });
  it("refuses a file over the per-file limit, naming it (its declared size, before reading)", async () => {
    await expect(
      readZip(zip({ "exercises/big.ts": new Uint8Array(LIMITS.fileBytes + 1) })),
    ).rejects.toThrow(
      `exercises/big.ts is larger than ${LIMITS.fileBytes / 1024} KB (the limit for one file)`,
    );
  });
  it("refuses .ts files that hold more than the submission limit in all", async () => {
    const files: Zippable = {};
    const n = Math.floor(LIMITS.totalBytes / LIMITS.fileBytes) + 1;
    for (let i = 0; i < n; i++) files[`exercises/f${i}.ts`] = new Uint8Array(LIMITS.fileBytes);
    await expect(readZip(zip(files))).rejects.toThrow(
      `its .ts files hold more than ${LIMITS.totalBytes / (1 << 20)} MB in all (the limit for a submission)`,
    );
  });
});
