// The value encoding without its validator: what the grader's child process needs (zod is
// left out there to keep a fresh process quick to start). Anything read from outside goes
// through decodeValue in values.ts, which validates first.
import { Tensor } from "../tensor";
import type { Language } from "../i18n";
import { ENCODE, say } from "./messages";

/** A value as JSON: tensors as { "$tensor": { shape, data } }, non-finite numbers spelled out. */
export type Encoded =
  | number
  | string
  | boolean
  | null
  | { $number: "NaN" | "Infinity" | "-Infinity" }
  | {
      $tensor: {
        shape: number[];
        data: (number | { $number: "NaN" | "Infinity" | "-Infinity" })[];
      };
    }
  | Encoded[]
  | { [key: string]: Encoded };

/** The decoded form: what exercise functions take and return. */
export type Value = number | string | boolean | null | Tensor | Value[] | { [key: string]: Value };

function encodeNumber(v: number): number | { $number: "NaN" | "Infinity" | "-Infinity" } {
  if (Number.isNaN(v)) return { $number: "NaN" };
  if (v === Infinity) return { $number: "Infinity" };
  if (v === -Infinity) return { $number: "-Infinity" };
  return v;
}

function decodeNumber(v: number | { $number: string }): number {
  if (typeof v === "number") return v;
  return v.$number === "NaN" ? Number.NaN : v.$number === "Infinity" ? Infinity : -Infinity;
}

/** Value -> JSON-safe form. Throws a TypeError naming the path for anything else (functions...),
 *  in `lang`. */
export function encodeValue(value: unknown, path = "value", lang: Language = "en"): Encoded {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (value === undefined) return null;
  if (typeof value === "number") return encodeNumber(value);
  if (value instanceof Tensor)
    return { $tensor: { shape: [...value.shape], data: Array.from(value.data, encodeNumber) } };
  if (Array.isArray(value)) return value.map((v, i) => encodeValue(v, `${path}[${i}]`, lang));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: { [key: string]: Encoded } = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v, `${path}.${k}`, lang);
    return out;
  }
  const kind =
    typeof value === "object" ? Object.prototype.toString.call(value) : (typeof value as string);
  throw new TypeError(say(ENCODE.notEncodable, lang, path, kind));
}

/** Encoded -> fresh values (Tensors rebuilt from plain arrays). The input must be valid. */
export function decodeTrusted(v: Encoded): Value {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decodeTrusted);
  if ("$number" in v) return decodeNumber(v as { $number: string });
  if ("$tensor" in v) {
    const t = (v as { $tensor: { shape: number[]; data: (number | { $number: string })[] } })
      .$tensor;
    return new Tensor(Float32Array.from(t.data, decodeNumber), t.shape);
  }
  const out: { [key: string]: Value } = {};
  for (const [k, x] of Object.entries(v)) out[k] = decodeTrusted(x as Encoded);
  return out;
}

export function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return `threw ${String(e)}`;
  } catch {
    return "threw a value that cannot be printed";
  }
}
