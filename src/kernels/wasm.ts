// Host side of the WebAssembly SIMD kernels (sources in src/kernels/assembly/, built to
// dist/kernels/*.wasm by `npm run build`). Loaded synchronously on first use. Its memory holds a
// reusable scratch arena (reset for every call: nothing is allocated per call beyond the output)
// and the large output arrays themselves: a kernel writes its result straight into the output
// array's memory, and a later call reads an input that is such an array where it is, so a
// training step's activations never cross between JavaScript and kernel memory. The memory is
// shared (its buffer is never detached when it grows, so those arrays stay valid); with
// setThreads(n > 1) worker threads take part of each large call (see threads.ts).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { setFlagsFromString } from "node:v8";

export interface KernelExports {
  heapBase(): number;
  gemm(
    a: number,
    lda: number,
    bp: number,
    c: number,
    m: number,
    k: number,
    n: number,
    accumulate: number,
    pack: number,
  ): void;
  gemmDirect(
    a: number,
    lda: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    accumulate: number,
    scratch: number,
    j0: number,
    j1: number,
  ): void;
  gemmDirectFloats(m: number): number;
  packB(src: number, k0: number, kc: number, k: number, n: number, dst: number): void;
  packedBFloats(k: number, n: number): number;
  im2col(...args: number[]): void;
  depthwise4(...args: number[]): void;
  depthwise1(...args: number[]): void;
  convChunk(...args: number[]): void;
  biasChannels(out: number, pixels: number, c: number, bias: number): void;
  relu(out: number, n: number): void;
  preluChannels(out: number, pixels: number, c: number, alpha: number, alphaLen: number): void;
  expandRows(src: number, rows: number, c: number, m: number, c4: number, dst: number): void;
  compactRows(src: number, rows: number, c4: number, c: number, dst: number): void;
  repeatRows(src: number, images: number, pixels: number, c: number, dst: number): void;
  peakProbe(iters: number, x: number): number;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  filterGemm(...args: number[]): void;
  gemmTNFloats(): number;
  addInto(dst: number, src: number, n: number): void;
  convBackInput(...args: number[]): void;
  convBackFilter(...args: number[]): void;
  depthwiseBackInput4(...args: number[]): void;
  depthwiseBackFilter4(...args: number[]): void;
  sumGroups(src: number, rows: number, c4: number, c: number, m: number, dst: number): void;
  channelSums(src: number, pixels: number, c: number, acc: number, dst: number): void;
  batchNormSums(...args: number[]): void;
  batchNormApply(...args: number[]): void;
  batchNormSumsPooled(...args: number[]): void;
  batchNormApplyPooled(...args: number[]): void;
  reluGrad(dy: number, x: number, n: number, dx: number): void;
  batchNormMoments(...args: number[]): void;
  batchNormalize(...args: number[]): void;
  batchNormalizePool(...args: number[]): void;
  denseForward(...args: number[]): void;
  denseBackward(...args: number[]): void;
}

/** A kernel call as data, so a worker thread can make it: name and arguments. */
export type KernelName =
  | "gemm"
  | "gemmDirect"
  | "im2col"
  | "depthwise4"
  | "depthwise1"
  | "convChunk"
  | "filterGemm"
  | "convBackInput"
  | "convBackFilter"
  | "depthwiseBackInput4"
  | "depthwiseBackFilter4";
export const KERNEL_NAMES: readonly KernelName[] = [
  "gemm",
  "gemmDirect",
  "im2col",
  "depthwise4",
  "depthwise1",
  "convChunk",
  "filterGemm",
  "convBackInput",
  "convBackFilter",
  "depthwiseBackInput4",
  "depthwiseBackFilter4",
];
export type Task = readonly [KernelName, ...number[]];

export interface Kernels {
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  /** "relaxed-simd" (fused multiply-add) unless it is turned off or this V8 cannot run it. */
  readonly variant: "simd" | "relaxed-simd";
  /** The compiled module, which worker threads instantiate on the same memory (setThreads). */
  readonly module: WebAssembly.Module;
}

/** A build output of dist/kernels/ (the .wasm files, the worker): next to the compiled file, or
 *  in dist/ when the TypeScript runs from src/ (tests). */
export function builtFile(name: string): string {
  for (const dir of [__dirname, path.resolve(__dirname, "../../dist/kernels")]) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  throw new Error(`sepconv: ${name} is missing; run npm run build`);
}

/** The module bytes: relaxed SIMD (fused multiply-add) unless SEPCONV_NO_RELAXED_SIMD is set.
 *  Node 22+ validates it as it is. Node 20's V8 (11.3) has the feature behind a flag (it shipped
 *  in V8 11.4), which is set here before the module is compiled: every supported Node then runs
 *  the same kernels, and Node 20 trains 16-20% faster (test/bench/README.md). Plain SIMD where
 *  neither works (the flag is V8's, not part of Node's API). */
function kernelBytes(): { bytes: Buffer; variant: Kernels["variant"] } {
  if (process.env.SEPCONV_NO_RELAXED_SIMD === undefined) {
    const relaxed = readFileSync(builtFile("relaxed-simd.wasm"));
    if (!WebAssembly.validate(relaxed)) {
      try {
        setFlagsFromString("--experimental-wasm-relaxed-simd");
      } catch {
        // An embedder that refuses V8 flags: plain SIMD below.
      }
    }
    if (WebAssembly.validate(relaxed)) return { bytes: relaxed, variant: "relaxed-simd" };
  }
  return { bytes: readFileSync(builtFile("simd.wasm")), variant: "simd" };
}

/** 2 GB (build.mjs declares the same maximum): every offset stays below 2^31, so the host's
 *  int32 arithmetic on offsets (alignment, `at >> 2`) holds. */
const MAXIMUM_PAGES = 32768;
const MAXIMUM_BYTES = MAXIMUM_PAGES * 65536;

/** The kernels' memory: shared, so worker threads can run kernels on it and its buffer is never
 *  detached when it grows. */
function kernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 16, maximum: MAXIMUM_PAGES, shared: true });
}

const abort = () => {
  throw new Error("sepconv: a kernel aborted");
};

/** An instance of the compiled kernels on `memory` (a Module shared with worker threads shares
 *  their machine code, so workers do not start on unoptimised code). */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  return new WebAssembly.Instance(module, { env: { abort, memory } })
    .exports as unknown as KernelExports;
}

let current: Kernels | null = null;

export function kernels(): Kernels {
  if (!current) {
    const { bytes, variant } = kernelBytes();
    const module = new WebAssembly.Module(Uint8Array.from(bytes));
    const memory = kernelMemory();
    current = { exports: instantiate(module, memory), memory, variant, module };
  }
  return current;
}

/** A bump allocator over the kernels' memory for a call's scratch, reset for every call, and the
 *  home of resident output arrays. Offsets in bytes, aligned to cache lines (64 bytes): a matrix
 *  whose rows are a multiple of 64 bytes then has every row line-aligned, and a kernel reading 64
 *  bytes of a row touches one line, not two (a 1024 x 1024 filter 32 bytes off the line made the
 *  deep separable layer's GEMM 2-3% slower than the same GEMM in the pointwise op, where it
 *  happened to be aligned). */
export class Arena {
  /** Scratch regions, filled in order during a call; the next call reuses them. A call that
   *  needs more adds a region at the top of memory (resident arrays may lie between regions). */
  private readonly chunks: { at: number; end: number }[];
  private chunk = 0;
  private next: number;
  /** The end of the memory in use: new regions and resident arrays start here. */
  private top: number;
  /** A view of the whole memory, replaced when the arena grows it. Kept, because reading
   *  memory.buffer and making a view cost about as much as a small kernel call. */
  private view: Float32Array;
  /** The view's size in bytes, kept as a number: reading byteLength of a view of WebAssembly
   *  memory is a builtin call, and alloc runs about ten times per op call. */
  private bytes: number;
  /** Where each resident array lives. */
  private readonly where = new WeakMap<Float32Array, number>();
  /** Resident arrays a step has given back (retire), by length, for the next step's outputs. */
  private readonly retired = new Map<number, Float32Array[]>();
  /** Blocks no resident array uses any more, by size in bytes. */
  private readonly freeBlocks = new Map<number, number[]>();
  /** Each resident block's size in bytes, by where it starts. */
  private readonly blockBytes = new Map<number, number>();
  /** The bytes of the blocks arrays use now. */
  private residentBytes = 0;
  /** This call's output arrays (output()), by where the kernels write the result. */
  private readonly reserved = new Map<number, Float32Array>();

  constructor(private readonly k: Kernels) {
    const base = (k.exports.heapBase() + 63) & ~63;
    this.view = new Float32Array(k.memory.buffer);
    this.bytes = this.view.byteLength;
    this.chunks = [{ at: base, end: this.bytes }];
    this.next = base;
    this.top = this.bytes;
  }
  reset(): void {
    this.chunk = 0;
    this.next = this.chunks[0]!.at;
    this.reserved.clear();
  }
  /** Room for `floats` float32 values of scratch, valid until the next call. */
  alloc(floats: number): number {
    const bytes = floats * 4;
    let at = this.next;
    while (at + bytes > this.chunks[this.chunk]!.end) {
      if (this.chunk + 1 === this.chunks.length) {
        // At least doubles the scratch, so a few calls find the size they need.
        const size = Math.max(
          bytes,
          this.chunks.reduce((sum, c) => sum + c.end - c.at, 0),
        );
        const start = this.region(size); // throws before anything changes
        this.chunks.push({ at: start, end: start + size });
      }
      at = this.chunks[++this.chunk]!.at;
    }
    this.next = align(at + bytes);
    return at;
  }
  /** `bytes` at the top of memory, grown if needed. */
  private region(bytes: number): number {
    const at = this.top;
    const top = align(at + bytes);
    if (top > MAXIMUM_BYTES)
      throw new RangeError(
        `sepconv: this call needs ${Math.ceil(bytes / 2 ** 20)} MB more kernel memory than the ` +
          `${MAXIMUM_BYTES / 2 ** 30} GB there is (${Math.ceil(at / 2 ** 20)} MB in use): ` +
          "split the batch into smaller ones",
      );
    if (top > this.bytes) {
      this.k.memory.grow(Math.ceil((top - this.bytes) / 65536));
      this.view = new Float32Array(this.k.memory.buffer);
      this.bytes = this.view.byteLength;
    }
    this.top = top;
    return at;
  }
  /** A view of the whole memory (take it after the allocations it is used for). */
  f32(): Float32Array {
    return this.view;
  }
  /** Where `data` is in kernel memory for this call, which only reads it: a resident array where
   *  it lives, anything else copied into scratch. */
  put(data: Float32Array): number {
    const resident = this.where.get(data);
    if (resident !== undefined) return resident;
    const at = this.alloc(data.length);
    this.view.set(data, at >> 2);
    return at;
  }
  /** Room for a call's result of `floats` values, which take() then returns whole: the memory of
   *  a new resident output array (take hands it out without a copy), else scratch (always when
   *  the result goes to the caller's `dest`, which may be one of the call's inputs). */
  output(floats: number, dest: Float32Array | null = null): number {
    if (dest !== null) return this.alloc(floats);
    const array = outputArray(floats);
    const at = this.where.get(array) ?? this.alloc(floats);
    this.reserved.set(at, array);
    return at;
  }
  /** output(), but in the memory of `over` when it is a resident array of `floats` values: an
   *  input the caller gives up (nothing reads it after this call, and the call itself does not),
   *  so the result is written over lines a recent op read, likely still in cache, instead of
   *  lines last used a step ago. take() then returns `over` itself. */
  outputOver(floats: number, over: Float32Array | null): number {
    const at = over?.length === floats ? this.where.get(over) : undefined;
    if (at === undefined) return this.output(floats);
    this.reserved.set(at, over!);
    return at;
  }
  /** `floats` values from `at`, in `dest` (the caller's output), else in the output array
   *  output() gave for `at`, else in a new array: copied unless the array lives at `at`. */
  take(at: number, floats: number, dest: Float32Array | null = null): Float32Array {
    let out = dest;
    if (out === null) {
      const reserved = this.reserved.get(at);
      this.reserved.delete(at);
      out = reserved?.length === floats ? reserved : outputArray(floats);
    }
    // A resident array living at `at` holds the values already.
    if (this.where.get(out) !== at) out.set(this.view.subarray(at >> 2, (at >> 2) + floats));
    return out;
  }
  /** Where a resident array lives, else undefined. */
  residentAt(array: Float32Array): number | undefined {
    return this.where.get(array);
  }
  /** A new array of `floats` values living in kernel memory, or null past RESIDENT_BYTES: a
   *  retired array of that length (a training step asks for the lengths the step before it did),
   *  else a new view on a free block. */
  residentArray(floats: number): Float32Array | null {
    const bytes = align(floats * 4);
    if (this.residentBytes + bytes > RESIDENT_BYTES) return null;
    const again = this.retired.get(floats)?.pop();
    if (again !== undefined) {
      this.residentBytes += this.sizeOf(again);
      return again;
    }
    const at = this.block(bytes);
    const array = new Float32Array(this.view.buffer, at, floats);
    this.where.set(array, at);
    collected.register(array, { arena: this, at }, array);
    return array;
  }
  /** A block of at least `bytes`: the smallest free one, else the smallest a retired array of
   *  another length gives up (networks of other sizes trained one after another reuse the same
   *  memory), else a new one. */
  private block(bytes: number): number {
    let at = this.smallestFree(bytes);
    if (at === undefined) {
      let best: Float32Array | undefined;
      for (const list of this.retired.values())
        for (const array of list)
          if (this.sizeOf(array) >= bytes && (!best || this.sizeOf(array) < this.sizeOf(best)))
            best = array;
      if (best !== undefined) {
        const list = this.retired.get(best.length)!;
        list.splice(list.indexOf(best), 1);
        at = this.forget(best);
      }
    }
    if (at === undefined) {
      at = this.region(bytes);
      this.blockBytes.set(at, bytes);
    }
    this.residentBytes += this.blockBytes.get(at)!;
    return at;
  }
  /** The size of a resident array's block. */
  private sizeOf(array: Float32Array): number {
    return this.blockBytes.get(this.where.get(array)!)!;
  }
  private smallestFree(bytes: number): number | undefined {
    let size = 0;
    for (const [s, list] of this.freeBlocks)
      if (s >= bytes && list.length > 0 && (size === 0 || s < size)) size = s;
    return size === 0 ? undefined : this.freeBlocks.get(size)!.pop();
  }
  private pushFree(at: number): void {
    const size = this.blockBytes.get(at)!;
    const list = this.freeBlocks.get(size);
    if (list === undefined) this.freeBlocks.set(size, [at]);
    else list.push(at);
  }
  /** Gives back a resident array nothing reads any more (true), for a later residentArray of its
   *  length; false for any other array. */
  retire(array: Float32Array): boolean {
    const at = this.where.get(array);
    if (at === undefined) return false;
    this.residentBytes -= this.sizeOf(array);
    const list = this.retired.get(array.length);
    if (list === undefined) this.retired.set(array.length, [array]);
    else list.push(array);
    return true;
  }
  /** Unties an array from its block; returns the block. */
  private forget(array: Float32Array): number {
    const at = this.where.get(array)!;
    this.where.delete(array);
    collected.unregister(array);
    return at;
  }
  /** The block of a resident array the garbage collector took (one that left its step). */
  release(at: number): void {
    this.residentBytes -= this.blockBytes.get(at)!;
    this.pushFree(at);
  }
}

/** Up to the next cache line (64 bytes), in plain arithmetic (offsets reach 2^31). */
const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/** Resident arrays hold at most 256 MB at a time: beyond, outputs are ordinary arrays, copied
 *  out. (A step frees its arrays when it ends; one that escaped it is freed when collected.) */
const RESIDENT_BYTES = 1 << 28;

const collected = new FinalizationRegistry<{ arena: Arena; at: number }>((b) =>
  b.arena.release(b.at),
);

/** Outputs of at least this many floats (1 MB) that are not resident are allocated without
 *  zeroing, because every element is about to be overwritten by the copy out of kernel memory:
 *  zeroing a large array writes it once more through the caches (up to 3% of a 3.2 MB-output
 *  layer; smaller outputs were slower unzeroed: test/bench/README.md). The array has its own
 *  ArrayBuffer of exactly its size, as with `new Float32Array`. */
const UNZEROED_FLOATS = 1 << 18;

/** A new output array of `floats` values, for a caller that overwrites every one of them: from
 *  RECYCLED_FLOATS on, inside residentOutputs() one living in kernel memory, else a recycled one. */
export function outputArray(floats: number): Float32Array {
  if (floats < RECYCLED_FLOATS) return new Float32Array(floats);
  let out = scope ? currentArena().residentArray(floats) : null;
  if (out === null) {
    out = spare.get(floats)?.pop() ?? null;
    if (out !== null) spareFloats -= floats;
    else if (floats < UNZEROED_FLOATS) out = new Float32Array(floats);
    else {
      const bytes = Buffer.allocUnsafeSlow(floats * 4);
      out = new Float32Array(bytes.buffer, bytes.byteOffset, floats);
    }
    made.add(out);
  }
  scope?.push(out);
  return out;
}

/** Outputs from this size (64 KB) on can be recycled (recycleOutputs) and live in kernel memory. */
const RECYCLED_FLOATS = 1 << 14;

/** Inside residentOutputs(): the large arrays outputArray has handed out there. */
let scope: Float32Array[] | null = null;

/** Runs `step` with the ops' large outputs living in kernel memory, where the next op reads
 *  them without a copy, and gives them all back once it returns, for the next step's outputs:
 *  only for a step that lets none of them reach anyone else (a training step: its activations,
 *  caches and gradients stay inside it). A resident array is a view of the kernels'
 *  shared memory, not an array of its own, so outside such a step every output is an ordinary
 *  array. */
export function residentOutputs<T>(step: () => T): T {
  // Inside another such step, its arrays are that step's, given back when it ends.
  if (scope !== null) return step();
  const handedOut: Float32Array[] = [];
  scope = handedOut;
  let result: T;
  try {
    result = step();
  } finally {
    scope = null;
  }
  const a = currentArena();
  // Past the resident limit outputs were ordinary arrays: those are recycled.
  recycleOutputs(handedOut.filter((array) => !a.retire(array)));
  return result;
}

/** Large ordinary arrays nothing refers to any more, by length, for outputArray to hand out
 *  again: a fresh 3 MB array page-faults on its first write and its external memory drives V8's
 *  garbage collections (together about a quarter of a separable digit network's training step
 *  when its arrays were ordinary ones). At most SPARE_FLOATS are kept. */
const spare = new Map<number, Float32Array[]>();
/** The large ordinary arrays outputArray made: only those are taken back (never a caller's own). */
const made = new WeakSet<Float32Array>();
let spareFloats = 0;
const SPARE_FLOATS = 1 << 24; // 64 MB

/** Gives outputArray these arrays to reuse. Only for arrays no one will read or write again:
 *  each is handed out as a later op's output. Arrays outputArray did not make (small ones,
 *  views, anyone else's) and repeats are ignored. */
export function recycleOutputs(arrays: Iterable<Float32Array>): void {
  for (const a of new Set(arrays)) {
    const n = a.length;
    if (!made.has(a)) continue;
    if (spareFloats + n > SPARE_FLOATS) return;
    const list = spare.get(n);
    if (list === undefined) spare.set(n, [a]);
    else if (!list.includes(a)) list.push(a);
    else continue;
    spareFloats += n;
  }
}

let arena: Arena | null = null;
function currentArena(): Arena {
  arena ??= new Arena(kernels());
  return arena;
}
export function callArena(): Arena {
  const a = currentArena();
  a.reset();
  return a;
}
