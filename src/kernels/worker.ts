// A kernel worker thread: the same kernels on the shared memory, waiting for task lists.
import { workerData } from "node:worker_threads";
import { KERNEL_NAMES, instantiate } from "./wasm";

// (Not named "module": that is a parameter of the CommonJS wrapper this file is compiled into.)
const { compiled, memory, state, tasks, slot, slotFloats } = workerData as {
  compiled: WebAssembly.Module;
  memory: WebAssembly.Memory;
  state: Int32Array;
  tasks: Float64Array;
  slot: number;
  slotFloats: number;
};
const k = instantiate(compiled, memory).exports as unknown as Record<string, (...a: number[]) => void>;
Atomics.store(state, slot, 2);
Atomics.notify(state, slot);

/** How long a worker keeps polling for its next task list before it sleeps: waking a sleeping
 *  thread (Atomics.notify -> wait returns) took 40-110 us here at the median and up to 1 ms,
 *  as much as a whole half of a MobileNet layer; calls that follow each other (the layers of a
 *  model, a timing loop) find the worker awake. Costs up to this much spinning after a call. */
const SPIN_MS = 2;

for (;;) {
  let v = Atomics.load(state, slot);
  if (v !== 1) {
    const until = performance.now() + SPIN_MS;
    while (v !== 1 && performance.now() < until) v = Atomics.load(state, slot);
    if (v !== 1) {
      Atomics.wait(state, slot, v);
      continue;
    }
  }
  try {
    let i = slot * slotFloats;
    const count = tasks[i++]!;
    for (let t = 0; t < count; t++) {
      const name = KERNEL_NAMES[tasks[i++]!]!;
      const argc = tasks[i++]!;
      const args = Array.from(tasks.subarray(i, i + argc));
      i += argc;
      k[name]!(...args);
    }
    Atomics.store(state, slot, 2);
  } catch {
    Atomics.store(state, slot, 3);
  }
  Atomics.notify(state, slot);
}
