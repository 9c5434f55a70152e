import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// npm test builds dist/ first; this runs the built command as a user would.
describe("sepconv command", () => {
  it("demo prints the textbook numbers computed by the engine", () => {
    const out = execFileSync(process.execPath, ["dist/cli/main.js", "demo"], { encoding: "utf8" });
    expect(out).toContain("-> 8x8x256: 1,228,800 multiplications, 19,456 parameters");
    expect(out).toContain("depthwise 4,800 + pointwise 49,152 = 53,952 multiplications -> 8x8x256, 1,099 parameters");
    expect(out).toContain("22.8x fewer");
    expect(out).toContain("column [1,2,1] x row [-1,0,1]");
    expect(out).toContain("(same output)");
    expect(out).toContain("568,740,352 mult-adds, 4,209,088 parameters");
  });
  it("an unknown command is a clear error with usage, exit 2", () => {
    const r = spawnSync(process.execPath, ["dist/cli/main.js", "frobnicate"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('sepconv: unknown command "frobnicate"');
    expect(r.stderr).toContain("usage: sepconv <command>");
  });
});
