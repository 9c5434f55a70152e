// Reading a .zip submission into memory, never onto disk: only .ts entries are kept (all a
// submission needs), each entry's declared and real sizes are bounded (zip bombs), and an
// entry that is a symbolic link (Unix mode in the external attributes) is kept as a refusal,
// so it gets the same per-file message as a link in a folder. yauzl rejects absolute paths and
// ".." in entry names.
import yauzl from "yauzl";
import { LIMITS } from "./limits";

export type ZipEntry = { kind: "file"; bytes: Buffer } | { kind: "link" } | { kind: "dir" };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

function mb(n: number): string {
  return `${n / (1 << 20)} MB`;
}

/** Entry path (no trailing slash) -> entry; folders holding kept entries are listed too. */
export async function readZip(data: Buffer): Promise<Map<string, ZipEntry>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(
      data,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (err, z) => (err ? reject(err) : resolve(z)),
    ),
  );
  const entries = new Map<string, ZipEntry>();
  const addParents = (name: string) => {
    for (let i = name.indexOf("/"); i !== -1; i = name.indexOf("/", i + 1))
      if (!entries.has(name.slice(0, i))) entries.set(name.slice(0, i), { kind: "dir" });
  };
  let files = 0;
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      zip.close();
      reject(e);
    };
    zip.on("error", fail);
    zip.on("end", () => resolve(entries));
    zip.on("entry", (entry: yauzl.Entry) => {
      const name = entry.fileName.replace(/\/+$/, "");
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (name.split("/").some((p) => p === "__MACOSX") || name === "") return zip.readEntry();
      if (mode === S_IFLNK) {
        addParents(name);
        entries.set(name, { kind: "link" });
        return zip.readEntry();
      }
      if (entry.fileName.endsWith("/") || mode === S_IFDIR) {
        addParents(name);
        if (!entries.has(name)) entries.set(name, { kind: "dir" });
        return zip.readEntry();
      }
      if (!name.endsWith(".ts")) return zip.readEntry();
      if (++files > LIMITS.files)
        return fail(new Error(`it holds more than ${LIMITS.files} .ts files`));
      if (entry.uncompressedSize > LIMITS.fileBytes)
        return fail(
          new Error(
            `${name} is larger than ${LIMITS.fileBytes / 1024} KB (the limit for one file)`,
          ),
        );
      total += entry.uncompressedSize;
      if (total > LIMITS.totalBytes)
        return fail(
          new Error(
            `its .ts files hold more than ${mb(LIMITS.totalBytes)} in all (the limit for a submission)`,
          ),
        );
      zip.openReadStream(entry, (err, stream) => {
        if (err) return fail(err);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("error", fail);
        stream.on("end", () => {
          addParents(name);
          entries.set(name, { kind: "file", bytes: Buffer.concat(chunks) });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}
