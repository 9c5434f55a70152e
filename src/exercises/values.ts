// Values crossing a boundary (fixtures on disk, data from student code in another process):
// plain JSON, with tensors as { "$tensor": { shape, data } } and non-finite numbers spelled out
// so NaN and Infinity survive JSON. Decoding validates with zod and builds fresh objects, so
// nothing of the sender's making (prototypes, getters, proxies) reaches the comparison.
import { z } from "zod";
import { Tensor } from "../tensor";

export type Encoded =
  | number
  | string
  | boolean
  | null
  | { $number: "NaN" | "Infinity" | "-Infinity" }
  | { $tensor: { shape: number[]; data: (number | { $number: "NaN" | "Infinity" | "-Infinity" })[] } }
  | Encoded[]
  | { [key: string]: Encoded };

const NonFinite = z.object({ $number: z.enum(["NaN", "Infinity", "-Infinity"]) }).strict();
const Num = z.union([z.number(), NonFinite]);
const TensorJson = z
  .object({
    $tensor: z
      .object({
        shape: z.array(z.number().int().min(0)).max(8),
        data: z.array(Num),
      })
      .strict()
      .refine((t) => t.data.length === t.shape.reduce((a, b) => a * b, 1), {
        message: "tensor data length does not match its shape",
      }),
  })
  .strict();

export const EncodedSchema: z.ZodType<Encoded> = z.lazy(() =>
  z.union([
    z.number(),
    z.string(),
    z.boolean(),
    z.null(),
    NonFinite,
    TensorJson,
    z.array(EncodedSchema),
    z.record(z.string(), EncodedSchema).refine((o) => !("$tensor" in o) && !("$number" in o), { message: "malformed $tensor/$number" }),
  ]),
) as z.ZodType<Encoded>;

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

/** Value -> JSON-safe form. Throws a TypeError naming the path for anything else (functions...). */
export function encodeValue(value: unknown, path = "value"): Encoded {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (value === undefined) return null;
  if (typeof value === "number") return encodeNumber(value);
  if (value instanceof Tensor) return { $tensor: { shape: [...value.shape], data: Array.from(value.data, encodeNumber) } };
  if (Array.isArray(value)) return value.map((v, i) => encodeValue(v, `${path}[${i}]`));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: { [key: string]: Encoded } = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v, `${path}.${k}`);
    return out;
  }
  throw new TypeError(`${path} is ${typeof value === "object" ? `a ${Object.prototype.toString.call(value)}` : `a ${typeof value}`}, which cannot be encoded (use numbers, strings, arrays, plain objects and Tensors)`);
}

/** Validated JSON -> fresh values (Tensors rebuilt from plain arrays). */
export function decodeValue(json: unknown): Value {
  const parsed = EncodedSchema.parse(json);
  const build = (v: Encoded): Value => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(build);
    if ("$number" in v) return decodeNumber(v as { $number: string });
    if ("$tensor" in v) {
      const t = (v as { $tensor: { shape: number[]; data: (number | { $number: string })[] } }).$tensor;
      return new Tensor(Float32Array.from(t.data, decodeNumber), t.shape);
    }
    const out: { [key: string]: Value } = {};
    for (const [k, x] of Object.entries(v)) out[k] = build(x as Encoded);
    return out;
  };
  return build(parsed);
}
