// Extracting a .zip submission safely: only .ts files (all a submission needs), no path that
// escapes the target folder, and limits on entry count and declared sizes against zip bombs.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";

const MAX_FILES = 200;
const MAX_FILE_BYTES = 1 << 20;
const MAX_TOTAL_BYTES = 16 << 20;

export async function extractZip(zipFile: string, target: string): Promise<number> {
  const data = readFileSync(zipFile);
  let count = 0;
  let total = 0;
  let refused: string | null = null;
  const files = unzipSync(new Uint8Array(data), {
    filter: (f) => {
      if (!f.name.endsWith(".ts") || f.name.includes("__MACOSX/")) return false;
      count++;
      total += f.originalSize;
      if (count > MAX_FILES) refused = `more than ${MAX_FILES} .ts files`;
      else if (f.originalSize > MAX_FILE_BYTES) refused = `${f.name} is larger than ${MAX_FILE_BYTES >> 20} MB`;
      else if (total > MAX_TOTAL_BYTES) refused = `more than ${MAX_TOTAL_BYTES >> 20} MB of .ts files`;
      return refused === null;
    },
  });
  if (refused) throw new Error(refused);
  for (const [name, bytes] of Object.entries(files)) {
    const dest = path.resolve(target, name);
    const rel = path.relative(target, dest);
    if (rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`entry ${name} points outside the archive's folder`);
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, bytes);
  }
  return Object.keys(files).length;
}
