// Values crossing a boundary (fixtures on disk, data from student code in another process):
// plain JSON, with tensors as { "$tensor": { shape, data } } and non-finite numbers spelled out
// so NaN and Infinity survive JSON. Decoding validates with zod and builds fresh objects, so
// nothing of the sender's making (prototypes, getters, proxies) reaches the comparison.
import { z } from "zod";
import { type Encoded, type Value, decodeTrusted } from "./encoding";

export { encodeValue, type Encoded, type Value } from "./encoding";

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
    z.record(z.string(), EncodedSchema).refine((o) => !("$tensor" in o) && !("$number" in o), {
      message: "malformed $tensor/$number",
    }),
  ]),
) as z.ZodType<Encoded>;

/** Validated JSON -> fresh values (Tensors rebuilt from plain arrays). */
export function decodeValue(json: unknown): Value {
  return decodeTrusted(EncodedSchema.parse(json));
}
