// The type-check process: the grader sends it a submission's sources (already read, bounded)
// and which files each exercise needs; it answers with each exercise's diagnostics or its
// transpiled JavaScript. It runs student TypeScript through the compiler only, never executes
// it, but a pathological file can make the checker run for minutes or exhaust memory, so it
// lives in its own process with a heap cap, and the grader kills it when it takes too long
// (compile/pool.ts). Long-lived: TypeScript and the library declarations load once, before it
// reports ready.
import { course } from "sepconv";
import type { CompileReply, CompileRequest } from "./protocol";
import { COMPILE, say } from "../messages";

/** The type check itself is check()'s (course.typeCheckSubmission); this process adds the limits. */
export function compile(req: CompileRequest): CompileReply {
  const results = Object.entries(course.typeCheckSubmission(req)).map(([id, r]) => [
    id,
    r.ok ? r : { ok: false as const, message: r.message },
  ]);
  return { results: Object.fromEntries(results) };
}

if (require.main === module) {
  // Load TypeScript and parse the library declarations before saying ready: the grader starts a
  // submission's time limit only then, so a cold start on a busy machine costs no one marks.
  const warmUp = 'import { Tensor } from "sepconv";\nexport const t: Tensor | null = null;\n';
  compile({
    packageRoot: process.argv[2]!,
    sources: { "warm-up.ts": warmUp },
    closures: { warmUp: ["warm-up.ts"] },
  });
  process.send!({ ready: true });
  process.on("message", (req: CompileRequest) => {
    let reply: CompileReply;
    try {
      reply = compile(req);
    } catch (e) {
      // The compiler itself failed (deep recursion in a pathological file): every exercise asked.
      const message = say(
        COMPILE.notTypeChecked,
        req.lang ?? "en",
        (e as Error).message.split("\n")[0]!,
      );
      reply = {
        results: Object.fromEntries(
          Object.keys(req.closures).map((id) => [id, { ok: false, message }]),
        ),
        crashed: true,
      };
    }
    process.send!(reply);
  });
}
