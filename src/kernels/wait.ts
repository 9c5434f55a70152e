// Waiting on a word of shared state between the calling thread and the kernel workers.

/** A worker's state word: no list, a list posted, claimed by the worker, finished, failed. */
export const IDLE = 0;
export const POSTED = 1;
export const RUNNING = 4;
export const DONE = 2;
export const FAILED = 3;

/** How long a thread polls before it sleeps: waking a sleeping thread can take as long as half a
 *  MobileNet layer (test/bench/README.md), so calls that follow each other (a model's layers, a
 *  timing loop) find the other thread awake. Costs up to this much spinning after a call. */
const POLL_MS = 2;

/** Returns once `done(state[i])`: polls for POLL_MS, then sleeps until the word changes. */
export function awaitState(state: Int32Array, i: number, done: (value: number) => boolean): void {
  const until = performance.now() + POLL_MS;
  while (!done(Atomics.load(state, i)) && performance.now() < until);
  for (;;) {
    const v = Atomics.load(state, i);
    if (done(v)) return;
    Atomics.wait(state, i, v);
  }
}
