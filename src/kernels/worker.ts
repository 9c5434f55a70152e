// A kernel worker thread: the same kernels on the shared memory, waiting for task lists.
import { workerData } from "node:worker_threads";
import { DONE, FAILED, POSTED, RUNNING, awaitState } from "./wait";
import { KERNEL_NAMES, instantiate } from "./wasm";

// (Not named "module": that is a parameter of the CommonJS wrapper this file is compiled into.)
const { compiled, memory, state, control, tasks, slot, slotFloats } = workerData as {
  compiled: WebAssembly.Module;
  memory: WebAssembly.Memory;
  state: Int32Array;
  control: Int32Array;
  tasks: Float64Array;
  slot: number;
  slotFloats: number;
};
const k = instantiate(compiled, memory) as unknown as Record<string, (...a: number[]) => void>;
Atomics.store(state, slot, DONE);
Atomics.notify(state, slot);

for (;;) {
  awaitState(state, slot, (v) => v === POSTED);
  // Held (holdWorkers, for the take-over test): wait until released, at most 5 s (a calling
  // thread that failed to take the list over then gets it run here, late, instead of waiting forever).
  if (Atomics.load(control, 0) === 1) Atomics.wait(control, 0, 1, 5000);
  // The calling thread may have taken the list over meanwhile (state back to IDLE).
  if (Atomics.compareExchange(state, slot, POSTED, RUNNING) !== POSTED) continue;
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
    Atomics.store(state, slot, DONE);
  } catch {
    Atomics.store(state, slot, FAILED);
  }
  Atomics.notify(state, slot);
}
