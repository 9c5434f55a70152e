// Schemas at the exercise boundary: the manifest (exercises/manifest.json) and the fixture
// files written by `sepconv fixtures`. Everything read from disk goes through these.
import { z } from "zod";
import { EncodedSchema } from "./values";

export const SCHEMA_VERSION = 1;

const Identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a JavaScript identifier");

export const ExerciseEntry = z
  .object({
    id: Identifier,
    title: z.string().min(1),
    file: z.string().regex(/^[A-Za-z0-9_-]+\.ts$/, "must be a .ts file name inside exercises/"),
    exports: z.array(Identifier).min(1),
    points: z.number().positive(),
    /** module -> names a submission may import from it ("sepconv") ; relative files are always allowed. */
    allowedImports: z.record(z.string(), z.array(Identifier)),
    notebook: z.string().regex(/^\d\d-[a-z0-9-]+\.ipynb$/),
    summary: z.string().min(1),
    /** The title and summary in Chinese (the English ones above are the default). */
    zh: z.object({ title: z.string().min(1), summary: z.string().min(1) }).strict(),
  })
  .strict()
  .refine((e) => e.exports.includes(e.id), {
    message: "the exercise id must be one of its exports",
  });
export type ExerciseEntry = z.infer<typeof ExerciseEntry>;

export const Manifest = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    exercises: z.array(ExerciseEntry).min(1),
  })
  .strict()
  .refine((m) => new Set(m.exercises.map((e) => e.id)).size === m.exercises.length, {
    message: "exercise ids must be unique",
  });
export type Manifest = z.infer<typeof Manifest>;

/** A case's message and hint in Chinese: a hint exactly when the English has one. */
const CaseTextZh = z
  .object({ name: z.string().min(1).optional(), message: z.string().min(1), hint: z.string() })
  .strict();

export const CompareKind = z.enum(["allclose", "exact", "separable"]);
export type CompareKind = z.infer<typeof CompareKind>;

export const FixtureCase = z
  .object({
    name: z.string().min(1),
    points: z.number().positive(),
    hidden: z.boolean(),
    compare: CompareKind,
    rtol: z.number().min(0),
    atol: z.number().min(0),
    message: z.string().min(1),
    hint: z.string(),
    /** The message and hint in Chinese; public cases have them (hidden ones are never shown). */
    zh: CaseTextZh.optional(),
    args: z.array(EncodedSchema),
    expected: EncodedSchema,
  })
  .strict();
export type FixtureCase = z.infer<typeof FixtureCase>;

export const FixtureFile = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    exercise: Identifier,
    hidden: z.boolean(),
    cases: z.array(FixtureCase),
  })
  .strict()
  .refine((f) => f.cases.every((c) => c.hidden === f.hidden), {
    message: "every case's hidden flag must match the file's",
  });
export type FixtureFile = z.infer<typeof FixtureFile>;

/**
 * Where a case's generator takes its seeds from. `seed(n)` is n itself when `npm run fixtures`
 * writes the shipped fixtures, and a secret, deterministic mix of n, the exercise and the case
 * when the grader regenerates the public cases, so copying the shipped fixtures earns nothing.
 * `shipped` lets a hand-written input ship as written and vary only when graded.
 */
export interface CaseSeed {
  (n: number): number;
  readonly shipped: boolean;
}

/** A case as the instructor writes it in exercises/cases/<id>.ts or exercises/hidden/<id>.ts. */
export interface CaseSpec {
  /** Encodes the configuration: "x=6x7x3 f=3x3x3x4 s=2 p=same". */
  name: string;
  points: number;
  /**
   * Builds the arguments, deterministically, from `seed` only: `randomNormal([6, 6, 2],
   * { seed: seed(301) })`. A public case must vary with it (the grader refuses one whose graded
   * inputs equal the shipped ones) while what its name says stays fixed.
   */
  args: (seed: CaseSeed) => unknown[];
  compare?: CompareKind;
  /** Products summed per output value; scales the absolute tolerance (default 1). */
  accumulation?: number;
  rtol?: number;
  atol?: number;
  /** What the case checks, shown when it fails. */
  message: string;
  hint?: string;
  /** The message and hint in Chinese (every public case has them; check() in zh shows them),
   *  and the name where `name` has English words in it. */
  zh?: { name?: string; message: string; hint?: string };
}

/** Default tolerance: float32 sums of `accumulation` products, relative 1e-4. */
export function tolerances(spec: Pick<CaseSpec, "accumulation" | "rtol" | "atol">): {
  rtol: number;
  atol: number;
} {
  return { rtol: spec.rtol ?? 1e-4, atol: spec.atol ?? 1e-5 * Math.sqrt(spec.accumulation ?? 1) };
}
