// Opt-in multi-threading: setThreads(n) starts n - 1 worker threads that share the kernels'
// WebAssembly memory. A large call is cut into per-thread task lists (rows of the output); the
// calling thread runs its own list, takes over any list no worker has claimed yet, and waits
// (Atomics) for the workers to finish theirs. The public API stays synchronous. Small calls run
// on the calling thread alone.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { checkInt } from "../options";
import { DONE, FAILED, IDLE, POSTED, awaitState } from "./wait";
import { KERNEL_NAMES, type KernelName, type Task, builtFile, kernels } from "./wasm";

/** Per worker: a state word and a task area of SLOT_FLOATS. A posted list goes to whichever
 *  thread claims it first (compareExchange POSTED ->): the worker (-> RUNNING), or the calling
 *  thread once its own list is done (-> IDLE), so a worker that is asleep or descheduled when a
 *  call starts costs that call its parallelism, not a stall (stalls of 5-10x a call's time were
 *  seen before). A list a worker has started is waited for. */
const SLOT_FLOATS = 4096;

interface Pool {
  workers: Worker[];
  state: Int32Array;
  tasks: Float64Array;
  /** Word 0: 1 while holdWorkers(true) keeps the workers from claiming lists. */
  control: Int32Array;
}

let pool: Pool | null = null;

export function threadCount(): number {
  return pool ? pool.workers.length + 1 : 1;
}

/** Use n threads (1 = no workers, the default). Blocks until the workers are ready. With as many
 *  threads as cores, V8's garbage-collection threads compete with the workers: start Node with
 *  `--single-threaded-gc` (test/bench/README.md has the figures). */
export function setThreads(n: number): void {
  checkInt("setThreads", "n", n, 1, 64, ` (this machine has ${availableParallelism()} cores)`);
  if (n === threadCount()) return;
  stopWorkers();
  if (n === 1) return;
  // The workers run the same module on the same memory: outputs living there stay where they are.
  const { module: compiled, memory } = kernels();
  const state = new Int32Array(new SharedArrayBuffer(4 * (n - 1)));
  const tasks = new Float64Array(new SharedArrayBuffer(8 * SLOT_FLOATS * (n - 1)));
  const control = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: n - 1 }, (_, i) => {
    const w = new Worker(builtFile("worker.js"), {
      workerData: { compiled, memory, state, control, tasks, slot: i, slotFloats: SLOT_FLOATS },
    });
    w.unref();
    return w;
  });
  // Each worker sets its state to DONE once its instance is ready. (This thread blocks, so a
  // worker that fails to start is noticed by the deadline, not by its error event.)
  const deadline = Date.now() + 30_000;
  for (let i = 0; i < workers.length; i++) {
    while (Atomics.load(state, i) !== DONE) {
      if (Date.now() > deadline) {
        for (const w of workers) void w.terminate();
        throw new Error(
          `sepconv: setThreads(${n}): worker thread ${i + 1} did not start within 30 s`,
        );
      }
      Atomics.wait(state, i, IDLE, 100);
    }
    Atomics.store(state, i, IDLE);
  }
  pool = { workers, state, tasks, control };
}

function stopWorkers(): void {
  if (!pool) return;
  for (const w of pool.workers) void w.terminate();
  pool = null;
}

function encode(list: readonly Task[], out: Float64Array, at: number): void {
  let i = at;
  out[i++] = list.length;
  for (const [name, ...args] of list) {
    out[i++] = KERNEL_NAMES.indexOf(name);
    out[i++] = args.length;
    for (const a of args) out[i++] = a;
  }
  if (i - at > SLOT_FLOATS) throw new Error("sepconv: too many tasks for one worker");
}

/** Task lists the worker threads ran, and lists posted to them that the calling thread took over,
 *  since the process started (kernelInfo()). */
let workerLists = 0;
let takenOver = 0;

/** While on, the workers leave posted lists alone, so the calling thread takes every one over.
 *  Kept for the take-over test: a worker is late only by chance (asleep, descheduled), which no
 *  public call can arrange; not exported from the package. */
export function holdWorkers(on: boolean): void {
  if (!pool) return;
  Atomics.store(pool.control, 0, on ? 1 : 0);
  if (!on) Atomics.notify(pool.control, 0);
}

function runList(list: readonly Task[]): void {
  for (const [name, ...args] of list) kernelNamed(name)(...args);
}

/** Runs parts[0] here and posts parts[t] to worker t - 1; then takes over every posted list
 *  no worker has claimed yet, and waits for the others. */
function runParts(parts: readonly (readonly Task[])[]): void {
  if (!pool || parts.length === 1) {
    for (const list of parts) runList(list);
    return;
  }
  const posted: number[] = [];
  for (let t = 1; t < parts.length; t++) {
    if (parts[t]!.length === 0) continue;
    encode(parts[t]!, pool.tasks, (t - 1) * SLOT_FLOATS);
    Atomics.store(pool.state, t - 1, POSTED);
    Atomics.notify(pool.state, t - 1);
    posted.push(t - 1);
  }
  runList(parts[0]!);
  let failed = false;
  for (const w of posted) {
    if (Atomics.compareExchange(pool.state, w, POSTED, IDLE) === POSTED) {
      takenOver++;
      runList(parts[w + 1]!);
      continue;
    }
    awaitState(pool.state, w, (v) => v === DONE || v === FAILED);
    if (Atomics.load(pool.state, w) === FAILED) failed = true;
    else workerLists++;
    Atomics.store(pool.state, w, IDLE);
  }
  if (failed) throw new Error("sepconv: a kernel failed in a worker thread");
}

/** The kernel called `name`: a switch of named loads (exports[name], with a different name
 *  from call to call, is a megamorphic lookup, 10-20 ns each). */
function kernelNamed(name: KernelName): (...args: number[]) => void {
  const k = kernels().exports;
  switch (name) {
    case "gemm":
      return k.gemm as (...args: number[]) => void;
    case "gemmDirect":
      return k.gemmDirect as (...args: number[]) => void;
    case "depthwise4":
      return k.depthwise4;
    case "depthwise1":
      return k.depthwise1;
    case "convChunk":
      return k.convChunk;
    case "im2col":
      return k.im2col;
    case "filterGemm":
      return k.filterGemm;
    case "convBackInput":
      return k.convBackInput;
    case "convBackFilter":
      return k.convBackFilter;
    case "depthwiseBackInput4":
      return k.depthwiseBackInput4;
    case "depthwiseBackFilter4":
      return k.depthwiseBackFilter4;
  }
}

/** One call's kernel work, cut into per-thread lists: on(t, name) is kernel `name` for thread
 *  t % threads, run() runs every list and waits. With one thread on() is the kernel itself, so a
 *  call runs as it is made (no lists, no argument arrays, no waiting: small calls pay nothing for
 *  the threading). */
export class Schedule {
  private readonly parts: Task[][] | null;
  constructor(readonly threads: number) {
    this.parts = threads > 1 ? Array.from({ length: threads }, () => []) : null;
  }
  on(t: number, name: KernelName): (...args: number[]) => void {
    const parts = this.parts;
    if (!parts) return kernelNamed(name);
    const list = parts[t % this.threads]!;
    return (...args) => {
      list.push([name, ...args]);
    };
  }
  run(): void {
    if (this.parts) for (const round of inRounds(this.parts)) runParts(round);
  }
}

/** Floats a list takes in a worker's task area (encode's format). */
function encodedFloats(list: readonly Task[]): number {
  let n = 1;
  for (const task of list) n += task.length + 1;
  return n;
}

/** The lists as rounds whose lists each fit a worker's task area: one round for a call of
 *  ordinary size; a call with many tasks (a large batch: a task per image and thread) runs in
 *  several, each thread's tasks in their order. */
function inRounds(parts: Task[][]): Task[][][] {
  if (parts.every((list) => encodedFloats(list) <= SLOT_FLOATS)) return [parts];
  const rounds: Task[][][] = [];
  const next = parts.map(() => 0);
  while (parts.some((list, t) => next[t]! < list.length)) {
    rounds.push(
      parts.map((list, t) => {
        const round: Task[] = [];
        let floats = 1;
        while (next[t]! < list.length && floats + list[next[t]!]!.length + 1 <= SLOT_FLOATS) {
          const task = list[next[t]!]!;
          floats += task.length + 1;
          round.push(task);
          next[t]!++;
        }
        return round;
      }),
    );
    if (rounds.at(-1)!.every((list) => list.length === 0))
      throw new Error("sepconv: a kernel task larger than a worker's task area");
  }
  return rounds;
}

export interface KernelInfo {
  /** The WebAssembly build calls use: "simd", or "relaxed-simd" (fused multiply-add). */
  variant: "simd" | "relaxed-simd";
  /** Threads calls use (setThreads). */
  threads: number;
  /** Task lists (parts of split calls) the worker threads ran, since the process started. */
  workerLists: number;
  /** Task lists posted to a worker that the calling thread ran itself, since the process started:
   *  no worker had claimed them when it finished its own part (a worker asleep, or descheduled by
   *  a busy machine), so each such call ran at about one thread's speed. */
  takenOver: number;
}

/** Which kernels calls use (build, threads) and how the worker threads took their share. */
export function kernelInfo(): KernelInfo {
  return { variant: kernels().variant, threads: threadCount(), workerLists, takenOver };
}
