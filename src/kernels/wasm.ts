// Host side of the WebAssembly SIMD kernels (sources in src/kernels/assembly/, built to
// dist/kernels/*.wasm by `npm run build`). Loaded synchronously on first use. Its memory is a
// reusable arena: each call copies its inputs in, runs, and copies the output out, so nothing is
// allocated per call beyond the output array (the arena only grows to the largest call).
// With setThreads(n > 1) the kernels run from a shared memory, and worker threads take part of
// each large call (see threads.ts).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

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
  peakProbe(iters: number, x: number): number;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  gemmTN(...args: number[]): void;
  gemmTNFloats(): number;
  addInto(dst: number, src: number, n: number): void;
  convBackInput(...args: number[]): void;
  convBackFilter(...args: number[]): void;
  depthwiseBackInput4(...args: number[]): void;
  depthwiseBackFilter4(...args: number[]): void;
  sumGroups(src: number, rows: number, c4: number, c: number, m: number, dst: number): void;
  channelSums(src: number, pixels: number, c: number, acc: number, dst: number): void;
  batchNormSums(dy: number, x: number, mean: number, rows: number, c: number, acc: number): void;
  batchNormApply(...args: number[]): void;
  reluGrad(dy: number, x: number, n: number, dx: number): void;
  centredSquares(x: number, rows: number, c: number, mean: number, acc: number): void;
  batchNormalize(...args: number[]): void;
}

/** A kernel call as data, so a worker thread can make it: name and arguments. */
export type KernelName =
  | "gemm"
  | "gemmDirect"
  | "im2col"
  | "depthwise4"
  | "depthwise1"
  | "convChunk"
  | "gemmTN"
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
  "gemmTN",
  "convBackInput",
  "convBackFilter",
  "depthwiseBackInput4",
  "depthwiseBackFilter4",
];
export type Task = readonly [KernelName, ...number[]];

export interface Kernels {
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  /** "relaxed-simd" (fused multiply-add) when this V8 validates that build, else "simd". */
  readonly variant: "simd" | "relaxed-simd";
  readonly shared: boolean;
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

/** The module bytes: relaxed SIMD where V8 validates it (Node 22+, or Node 20 with
 *  --experimental-wasm-relaxed-simd) unless SEPCONV_NO_RELAXED_SIMD is set; shared memory for threads. */
export function kernelBytes(shared: boolean): { bytes: Buffer; variant: Kernels["variant"] } {
  const prefix = shared ? "shared-" : "";
  const relaxed = readFileSync(builtFile(`${prefix}relaxed-simd.wasm`));
  if (process.env.SEPCONV_NO_RELAXED_SIMD === undefined && WebAssembly.validate(relaxed))
    return { bytes: relaxed, variant: "relaxed-simd" };
  return { bytes: readFileSync(builtFile(`${prefix}simd.wasm`)), variant: "simd" };
}

const abort = () => {
  throw new Error("sepconv: a kernel aborted");
};

/** An instance of compiled kernels (a Module shared with worker threads shares their machine
 *  code, so workers do not start on unoptimised code) on the given or its own memory. */
export function instantiate(
  code: Buffer | WebAssembly.Module,
  memory: WebAssembly.Memory | null,
): { exports: KernelExports; memory: WebAssembly.Memory } {
  const imports = memory ? { env: { abort, memory } } : { env: { abort } };
  const module =
    code instanceof WebAssembly.Module ? code : new WebAssembly.Module(Uint8Array.from(code));
  const raw = new WebAssembly.Instance(module, imports).exports;
  return {
    exports: raw as unknown as KernelExports,
    memory: memory ?? (raw.memory as WebAssembly.Memory),
  };
}

let current: Kernels | null = null;

export function kernels(): Kernels {
  if (!current) {
    const { bytes, variant } = kernelBytes(false);
    const { exports, memory } = instantiate(bytes, null);
    current = { exports, memory, variant, shared: false };
  }
  return current;
}

/** Installs the kernels that calls use from now on (threads.ts switches to shared memory). */
export function useKernels(k: Kernels | null): void {
  current = k;
  arena = null;
}

/** A bump allocator over the kernels' memory, reset for every call. Offsets in bytes, aligned to
 *  cache lines (64 bytes): a matrix whose rows are a multiple of 64 bytes then has every row
 *  line-aligned, and a kernel reading 64 bytes of a row touches one line, not two (a 1024 x 1024
 *  filter 32 bytes off the line made the deep separable layer's GEMM 2-3% slower than the same
 *  GEMM in the pointwise op, where it happened to be aligned). */
export class Arena {
  private next: number;
  private readonly base: number;
  /** A view of the whole memory, replaced when the arena grows it (growth replaces the buffer;
   *  only the arena grows it). Kept, because reading memory.buffer and making a view cost about
   *  as much as a small kernel call. */
  private view: Float32Array;
  /** The view's size in bytes, kept as a number: reading byteLength of a view of WebAssembly
   *  memory is a builtin call, and alloc runs about ten times per op call. */
  private bytes: number;
  constructor(private readonly k: Kernels) {
    this.base = (k.exports.heapBase() + 63) & ~63;
    this.next = this.base;
    this.view = new Float32Array(k.memory.buffer);
    this.bytes = this.view.byteLength;
  }
  reset(): void {
    this.next = this.base;
  }
  /** Room for `floats` float32 values; grows the memory if needed. */
  alloc(floats: number): number {
    const at = this.next;
    this.next = (at + floats * 4 + 63) & ~63;
    if (this.next > this.bytes) {
      this.k.memory.grow(Math.ceil((this.next - this.bytes) / 65536));
      this.view = new Float32Array(this.k.memory.buffer);
      this.bytes = this.view.byteLength;
    }
    return at;
  }
  /** A view of the whole memory (take it after the allocations it is used for). */
  f32(): Float32Array {
    return this.view;
  }
  put(data: Float32Array): number {
    const at = this.alloc(data.length);
    this.f32().set(data, at >> 2);
    return at;
  }
  /** `floats` values from `at`, copied into `dest` (the caller's output) or a new array. */
  take(at: number, floats: number, dest: Float32Array | null = null): Float32Array {
    const out = dest ?? outputArray(floats);
    out.set(this.f32().subarray(at >> 2, (at >> 2) + floats));
    return out;
  }
}

/** Outputs of at least this many floats (1 MB) are allocated without zeroing, because every
 *  element is about to be overwritten by the copy out of kernel memory: zeroing a large array
 *  writes it once more through the caches (up to 3% of a 3.2 MB-output layer; smaller outputs
 *  were slower unzeroed: test/bench/README.md). The array has its own ArrayBuffer of exactly its
 *  size, as with `new Float32Array`. */
const UNZEROED_FLOATS = 1 << 18;

/** A new output array of `floats` values, for a caller that overwrites every one of them. */
export function outputArray(floats: number): Float32Array {
  if (floats < RECYCLED_FLOATS) return new Float32Array(floats);
  const again = spare.get(floats)?.pop();
  if (again !== undefined) {
    spareFloats -= floats;
    return again;
  }
  let out: Float32Array;
  if (floats < UNZEROED_FLOATS) out = new Float32Array(floats);
  else {
    const bytes = Buffer.allocUnsafeSlow(floats * 4);
    out = new Float32Array(bytes.buffer, bytes.byteOffset, floats);
  }
  made.add(out);
  return out;
}

/** Outputs from this size (64 KB) on can be recycled (recycleOutputs). */
const RECYCLED_FLOATS = 1 << 14;

/** Large arrays nothing refers to any more (a training step's activations and their gradients),
 *  by length, for outputArray to hand out again: a fresh 3 MB array page-faults on its first
 *  write and its external memory drives V8's garbage collections (together about a quarter of a
 *  separable digit network's training step). At most SPARE_FLOATS are kept. */
const spare = new Map<number, Float32Array[]>();
/** The large arrays outputArray made: only those are taken back (never a caller's own array). */
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
export function callArena(): Arena {
  arena ??= new Arena(kernels());
  arena.reset();
  return arena;
}
