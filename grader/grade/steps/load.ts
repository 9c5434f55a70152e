// Step 1, load: a submission is a folder laid out like the release's exercises/, a whole
// student release (exercises/ inside), a .zip of either, or (Gradescope) a folder holding just
// such a .zip. A submission is regular files only: nothing is ever followed through a symbolic
// link, and links, FIFOs, devices and sockets are refused with a message naming the file. Every
// read is bounded (limits.ts). Later steps read the submission only through `Submission.read`.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  realpathSync,
  type Stats,
} from "node:fs";
import path from "node:path";
import { type Language, course } from "sepconv";
import { LIMITS } from "../limits";
import { LOAD, say } from "../messages";
import { type ZipEntry, readZip } from "../zip";

type Read = { ok: true; text: string } | { ok: false; problem: string };

export interface Submission {
  /** Where the exercise files are, relative to the submission ("" or "exercises" or "alice/exercises"). */
  base: string;
  /** A file by its path relative to `base`: its text, or why it cannot be used. */
  read(rel: string): Read;
}

export interface LoadedSubmission {
  label: string;
  submission: Submission | null;
  /** Why nothing could be graded (no exercise files, a broken zip...). */
  problem: string | null;
}

type Kind = "file" | "dir" | "link" | "fifo" | "device" | "socket";

/** The few operations locating and reading need, on a folder or on a zip in memory. */
interface Tree {
  kind(rel: string): Kind | null;
  list(rel: string): string[];
  bytes(rel: string): Buffer;
}

function kindOf(s: Stats): Kind {
  if (s.isSymbolicLink()) return "link";
  if (s.isDirectory()) return "dir";
  if (s.isFile()) return "file";
  if (s.isFIFO()) return "fifo";
  if (s.isSocket()) return "socket";
  return "device";
}

type NotFile = Exclude<Kind, "file">;

/** What a path that is not a regular file is told, by kind. */
const kindProblem = (kind: NotFile, p: string, lang: Language) => say(LOAD[kind], lang, p);

/** Thrown by a read that met something other than a regular file: its kind, for the message. */
class NotAFileError extends Error {
  constructor(readonly kind: NotFile) {
    super(`is a ${kind}, not a regular file`);
  }
}

/**
 * At most `limit` bytes of a regular file. O_NOFOLLOW and O_NONBLOCK: a link or FIFO swapped in
 * after lstat fails instead of being followed or blocking.
 */
function readBounded(file: string, limit: number): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) throw new NotAFileError(kindOf(s) as NotFile);
    const buf = Buffer.alloc(Math.min(s.size, limit));
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function folderTree(root: string): Tree {
  const abs = (rel: string) => path.join(root, rel);
  return {
    kind(rel) {
      try {
        return kindOf(lstatSync(abs(rel)));
      } catch {
        return null;
      }
    },
    list(rel) {
      try {
        return readdirSync(abs(rel)).slice(0, LIMITS.folderEntries);
      } catch {
        return [];
      }
    },
    bytes: (rel) => readBounded(abs(rel), LIMITS.fileBytes + 1),
  };
}

function zipTree(entries: Map<string, ZipEntry>): Tree {
  const norm = (rel: string) =>
    rel
      .split(path.sep)
      .filter((p) => p && p !== ".")
      .join("/");
  return {
    kind(rel) {
      const r = norm(rel);
      if (r === "") return "dir";
      const e = entries.get(r);
      return e ? e.kind : null;
    },
    list(rel) {
      const prefix = norm(rel) === "" ? "" : `${norm(rel)}/`;
      const names = new Set<string>();
      for (const k of entries.keys())
        if (k.startsWith(prefix) && k.length > prefix.length)
          names.add(k.slice(prefix.length).split("/")[0]!);
      return [...names];
    },
    bytes(rel) {
      const e = entries.get(norm(rel));
      if (e?.kind !== "file") throw new NotAFileError(e?.kind ?? "dir");
      return e.bytes;
    },
  };
}

/** A component of `rel` (or `rel` itself) that is not a plain folder/file, as a message, or null. */
function pathProblem(tree: Tree, rel: string, lang: Language): string | null {
  const parts = rel.split(/[\\/]/).filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const sub = parts.slice(0, i + 1).join("/");
    const k = tree.kind(sub);
    if (k === null) return say(LOAD.missing, lang, sub);
    const last = i === parts.length - 1;
    if (last && k === "file") return null;
    if (!last && k === "dir") continue;
    return k === "file" ? say(LOAD.fileNotFolder, lang, sub) : kindProblem(k, sub, lang);
  }
  return say(LOAD.missing, lang, rel);
}

function submissionOf(tree: Tree, base: string, lang: Language): Submission {
  const cache = new Map<string, Read>();
  let total = 0;
  const shown = (rel: string) => path.posix.join(base, rel.split(path.sep).join("/"));
  return {
    base,
    read(rel) {
      const key = path.posix.normalize(rel.split(path.sep).join("/"));
      const hit = cache.get(key);
      if (hit) return hit;
      let r: Read;
      const full = path.posix.join(base, key);
      if (key.startsWith("..") || path.posix.isAbsolute(key))
        r = { ok: false, problem: say(LOAD.outside, lang, rel) };
      else {
        const problem = pathProblem(tree, full, lang);
        if (problem !== null) r = { ok: false, problem };
        else {
          try {
            const bytes = tree.bytes(full);
            if (bytes.length <= LIMITS.fileBytes && total + bytes.length > LIMITS.totalBytes)
              r = {
                ok: false,
                problem: say(LOAD.totalTooLarge, lang, shown(key), LIMITS.totalBytes >> 20),
              };
            else {
              // check()'s rule for one file: its size, then UTF-8 (refused, not replaced).
              r = course.decodeSubmissionFile(bytes, shown(key), lang);
              if (r.ok) total += bytes.length;
            }
          } catch (e) {
            r = {
              ok: false,
              problem:
                e instanceof NotAFileError
                  ? kindProblem(e.kind, shown(key), lang)
                  : say(
                      LOAD.unreadable,
                      lang,
                      shown(key),
                      (e as NodeJS.ErrnoException).code ?? (e as Error).message,
                    ),
            };
          }
        }
      }
      cache.set(key, r);
      return r;
    },
  };
}

/** The exercises folder: the root itself, root/exercises, or the same inside the single folder a zip or upload wraps it in. */
function locate(tree: Tree, manifest: course.Manifest, dir = "", depth = 0): string | null {
  // An exercise file that is a link still marks the folder: its problem is then reported per file.
  const holds = (d: string) =>
    manifest.exercises.some((e) => tree.kind(path.posix.join(d, e.file)) !== null);
  if (holds(dir)) return dir;
  const ex = path.posix.join(dir, "exercises");
  if (tree.kind(ex) === "dir" && holds(ex)) return ex;
  if (depth > 0) return null;
  const subdirs = tree
    .list(dir)
    .filter(
      (n) => !n.startsWith(".") && n !== "__MACOSX" && tree.kind(path.posix.join(dir, n)) === "dir",
    );
  return subdirs.length === 1
    ? locate(tree, manifest, path.posix.join(dir, subdirs[0]!), depth + 1)
    : null;
}

async function loadZip(
  file: string,
  label: string,
  manifest: course.Manifest,
  lang: Language,
): Promise<LoadedSubmission> {
  const tree = folderTree(path.dirname(file));
  const name = path.basename(file);
  const kind = tree.kind(name);
  if (kind !== "file")
    return {
      label,
      submission: null,
      problem: kindProblem(kind === null ? "link" : kind, label, lang),
    };
  let entries: Map<string, ZipEntry>;
  try {
    if (lstatSync(file).size > LIMITS.zipBytes)
      throw new Error(say(LOAD.zipTooLarge, lang, LIMITS.zipBytes >> 20));
    entries = await readZip(readBounded(file, LIMITS.zipBytes));
  } catch (e) {
    return {
      label,
      submission: null,
      problem: say(LOAD.zipUnreadable, lang, label, (e as Error).message),
    };
  }
  const z = zipTree(entries);
  const base = locate(z, manifest);
  if (base === null)
    return { label, submission: null, problem: noExercises(label, manifest, lang) };
  return { label, submission: submissionOf(z, base, lang), problem: null };
}

function noExercises(label: string, manifest: course.Manifest, lang: Language): string {
  return say(LOAD.noExercises, lang, manifest.exercises.map((e) => e.file).join(", "), label);
}

function isZipFile(file: string): boolean {
  try {
    const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const head = Buffer.alloc(4);
      readSync(fd, head, 0, 4, 0);
      // Local file header, or the end record of an empty archive.
      return head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

export async function loadSubmission(
  label: string,
  manifest: course.Manifest,
  lang: Language = "en",
): Promise<LoadedSubmission> {
  let full: string;
  try {
    full = realpathSync(label);
  } catch {
    return { label, submission: null, problem: say(LOAD.doesNotExist, lang, label) };
  }
  const s = lstatSync(full);
  if (s.isFile())
    return isZipFile(full)
      ? loadZip(full, label, manifest, lang)
      : { label, submission: null, problem: say(LOAD.notZip, lang, label) };
  if (!s.isDirectory()) return { label, submission: null, problem: say(LOAD.neither, lang, label) };
  const tree = folderTree(full);
  const base = locate(tree, manifest);
  if (base !== null) return { label, submission: submissionOf(tree, base, lang), problem: null };
  // Gradescope keeps an uploaded .zip as it is: a folder holding just one .zip is that zip.
  const zips = tree.list("").filter((n) => n.toLowerCase().endsWith(".zip") && !n.startsWith("."));
  if (zips.length === 1 && tree.kind(zips[0]!) === "file")
    return loadZip(path.join(full, zips[0]!), label, manifest, lang);
  return { label, submission: null, problem: noExercises(label, manifest, lang) };
}
