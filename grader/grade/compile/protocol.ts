// Messages between the grader and its type-check processes (server.ts). The replies are
// checked with zod: a process that answers anything else is treated as failed.
import type { Language } from "sepconv";
import { z } from "zod";

export interface CompileRequest {
  packageRoot: string;
  /** Path relative to the exercises folder -> source, for every file any exercise asked needs. */
  sources: Record<string, string>;
  /** Exercise id -> the files it needs (its own first). */
  closures: Record<string, string[]>;
  /** The language of the messages (default "en"). */
  lang?: Language;
}

export const CompiledExercise = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), files: z.record(z.string(), z.string()) }).strict(),
  z.object({ ok: z.literal(false), message: z.string() }).strict(),
]);
export type CompiledExercise = z.infer<typeof CompiledExercise>;

export const CompileReply = z.object({ results: z.record(z.string(), CompiledExercise) }).strict();
export type CompileReply = z.infer<typeof CompileReply>;

/** The first message of a type-check process: TypeScript and the declarations are loaded. */
export const CompileReady = z.object({ ready: z.literal(true) }).strict();
