// Bounded concurrency, one helper for every place that needs it: the grader's isolated child
// processes (one limit shared by all submissions in flight), its type-check processes, the
// submissions it grades at once, and the notebooks `sepconv notebooks` executes.

/** At most `limit` tasks run at once; the others wait and start in the order they asked. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most tasks that ever ran at once, and how many ran in all (for reports and tests). */
  peak = 0;
  total = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`Limiter: the limit must be a whole number >= 1, got ${limit}`);
  }

  async run<T>(task: () => Promise<T> | T): Promise<T> {
    // A finishing task hands its slot straight to the next waiter (the count stays as it is), so
    // a newcomer cannot take it in between and the waiters start in order.
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.total++;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * `fn` on every item, at most `limit` at once, started in order; the results come back in the
 * items' order. If a call rejects, no further item starts, and once the calls already running
 * have settled the returned promise rejects with that (the first) error: nothing is left running.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R> | R,
): Promise<R[]> {
  const limiter = new Limiter(limit);
  const errors: unknown[] = [];
  const results: R[] = new Array(items.length);
  await Promise.all(
    items.map((item, i) =>
      limiter.run(async () => {
        if (errors.length) return;
        try {
          results[i] = await fn(item, i);
        } catch (error) {
          errors.push(error);
        }
      }),
    ),
  );
  if (errors.length) throw errors[0];
  return results;
}
