// The submission reader's text rule: a file must be UTF-8; U+FFFD written in it is still UTF-8.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { course } from "../../src/index";
import { loadSubmission } from "../../grader/grade/steps/load";
import { ROOT } from "./helpers";

const manifest = course.readManifest(ROOT);

async function read(bytes: Buffer): Promise<{ ok: boolean; text?: string; problem?: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sepconv-load-"));
  mkdirSync(path.join(dir, "exercises"));
  writeFileSync(path.join(dir, "exercises", "conv2d.ts"), bytes);
  const loaded = await loadSubmission(dir, manifest);
  expect(loaded.problem).toBeNull();
  return loaded.submission!.read("conv2d.ts") as { ok: boolean; text?: string; problem?: string };
}

describe("submission files must be UTF-8 text", () => {
  it("accepts a file that contains U+FFFD itself (valid UTF-8: EF BF BD)", async () => {
    const r = await read(
      Buffer.from('export const mark = "\uFFFD"; // replacement character\n', "utf8"),
    );
    expect(r.ok).toBe(true);
    expect(r.text).toContain("\uFFFD");
  });
  it("refuses bytes that are not UTF-8, naming the file", async () => {
    const r = await read(Buffer.from([0x65, 0x78, 0xff, 0xfe, 0x0a]));
    expect(r).toEqual({
      ok: false,
      problem: expect.stringMatching(/conv2d\.ts is not UTF-8 text$/),
    });
  });
});
