// Messages between the grader and its type-check processes (server.ts). The replies are
// checked with zod: a process that answers anything else is treated as failed.
import type { course } from "sepconv";
import { z } from "zod";

/** The submission's sources, which files each exercise needs, the language: check()'s type check. */
export type CompileRequest = course.TypeCheckRequest;

const CompiledExercise = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), files: z.record(z.string(), z.string()) }).strict(),
  z.object({ ok: z.literal(false), message: z.string() }).strict(),
]);

export const CompileReply = z
  .object({
    results: z.record(z.string(), CompiledExercise),
    /** The compiler itself failed (every exercise asked has its message): one file may be the
     *  cause, so the grader retries the exercises one at a time. */
    crashed: z.literal(true).optional(),
  })
  .strict();
export type CompileReply = z.infer<typeof CompileReply>;

/** The first message of a type-check process: TypeScript and the declarations are loaded. */
export const CompileReady = z.object({ ready: z.literal(true) }).strict();
