// What reports call a submission: a display name derived from its label (the folder or .zip
// basename, not a temporary or absolute path) and, for the HTML pages, a file name slug.
// Both are unique within a batch and do not depend on the batch order, so reports of the same
// class stay comparable when the submissions come in another order.
import path from "node:path";

// Control characters (C0, DEL, C1), line and paragraph separators and the bidirectional
// controls: a folder name with these could split a report line or reorder what it shows.
const INVISIBLE = /[\p{Cc}\p{Zl}\p{Zp}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const SHORT: Record<string, string> = {
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** `s` with every control character written out JSON-style (`\n`, `\t`, `\u001b`). */
export function visible(s: string): string {
  return s.replace(
    INVISIBLE,
    (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The folder or .zip basename of a label (trailing slashes and a .zip extension dropped). */
export function submissionName(label: string): string {
  const base = path.basename(path.resolve(label)).replace(/\.zip$/i, "");
  return visible(base) || "submission";
}

/**
 * Makes `bases` unique by appending -2, -3... to repeats. Which repeat gets which suffix
 * follows `order` (a key per entry, then the position), not the position alone, so the same
 * set of entries gets the same names in any order. `fold` says when two names collide.
 */
function uniquify(
  bases: readonly string[],
  order: readonly string[],
  fold: (s: string) => string,
  reserved: readonly string[] = [],
): string[] {
  const taken = new Set([...reserved, ...bases].map(fold));
  const seen = new Set(reserved.map(fold));
  const out = new Array<string>(bases.length);
  const byKey = bases
    .map((_, i) => i)
    .sort((a, b) =>
      bases[a]! < bases[b]!
        ? -1
        : bases[a]! > bases[b]!
          ? 1
          : order[a]! < order[b]!
            ? -1
            : order[a]! > order[b]!
              ? 1
              : a - b,
    );
  for (const i of byKey) {
    const base = bases[i]!;
    let name = base;
    if (seen.has(fold(base))) {
      let n = 2;
      while (taken.has(fold(`${base}-${n}`))) n++;
      name = `${base}-${n}`;
      taken.add(fold(name));
    }
    seen.add(fold(name));
    out[i] = name;
  }
  return out;
}

/** One display name per label, unique within the batch (e.g. two folders named alice: alice, alice-2). */
export function submissionNames(labels: readonly string[]): string[] {
  return uniquify(
    labels.map(submissionName),
    labels.map((l) => path.resolve(l)),
    (s) => s,
  );
}

// At most this many UTF-8 bytes, so that "-NN.html" still fits in a 255-byte file name.
const SLUG_BYTES = 200;

/**
 * A file-system-safe slug of a display name: its letters (any script, with their combining
 * marks) and digits, `.`, `_` and `-`; no path separator or control character, and no leading
 * dot or dash (a hidden file; an option to rm or ls). NFKC folds look-alikes such as a
 * full-width slash to the character they stand for, which is then replaced.
 */
function nameSlug(name: string): string {
  const cleaned = name
    .normalize("NFKC")
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, "_")
    .replace(/^[._\-\p{M}]+|_+$/gu, "");
  let slug = "";
  let bytes = 0;
  // Cut whole code points, not UTF-16 halves.
  for (const ch of cleaned) {
    bytes += Buffer.byteLength(ch);
    if (bytes > SLUG_BYTES) break;
    slug += ch;
  }
  return slug.replace(/_+$/, "") || "submission";
}

/**
 * The HTML page file name (without .html) for each display name: unique within the batch
 * even on case-insensitive file systems, and never "index", which the index page uses.
 */
export function pageSlugs(names: readonly string[]): string[] {
  return uniquify(names.map(nameSlug), names, (s) => s.toLowerCase(), ["index"]);
}
