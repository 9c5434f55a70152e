// A kernel worker thread: the same kernels on the shared memory, waiting for task lists.
import { workerData } from "node:worker_threads";
import { awaitState } from "./wait";
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

for (;;) {
  awaitState(state, slot, (v) => v === 1);
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
