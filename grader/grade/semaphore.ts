// At most `n` tasks at once (the child processes that run student code).
export class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  /** The most tasks that ever ran at once, and how many ran in all (for reports and tests). */
  peak = 0;
  total = 0;
  constructor(n: number) {
    this.free = n;
  }
  async use<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.total++;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await task();
    } finally {
      this.running--;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
