// Host side of the WebAssembly SIMD kernels (sources in src/kernels/assembly/, built to
// dist/kernels/*.wasm by `npm run build`). One instance, loaded synchronously on first use; its
// memory is a reusable arena: each call copies its inputs in, runs, and copies the output out, so
// nothing is allocated per call beyond the output array (the arena only grows to the largest call).
import { readFileSync } from "node:fs";
import path from "node:path";

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemm(a: number, lda: number, b: number, c: number, m: number, k: number, n: number, accumulate: number): void;
  im2col(x: number, h: number, w: number, c: number, out: number, p0: number, count: number, wo: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, pt: number, pl: number): void;
  depthwise4(x: number, h: number, w: number, c: number, f: number, out: number, ho: number, wo: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, pt: number, pl: number): void;
  depthwise1(x: number, h: number, w: number, f: number, out: number, ho: number, wo: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, pt: number, pl: number): void;
}

export interface WasmKernels {
  readonly exports: Exports;
  /** "relaxed-simd" (fused multiply-add) when this V8 validates that build, else "simd". */
  readonly variant: "simd" | "relaxed-simd";
}

let instance: WasmKernels | null = null;

function wasmFile(name: string): string {
  // dist/kernels/*.wasm next to this file once built; from src/ (tests run the TypeScript) the
  // build output is found in dist/.
  const here = path.join(__dirname, name);
  try {
    readFileSync(here, { flag: "r" }).length;
    return here;
  } catch {
    return path.resolve(__dirname, "../../dist/kernels", name);
  }
}

export function wasmKernels(): WasmKernels {
  if (instance) return instance;
  const relaxed = readFileSync(wasmFile("relaxed-simd.wasm"));
  const useRelaxed = process.env["SEPCONV_NO_RELAXED_SIMD"] === undefined && WebAssembly.validate(relaxed);
  const bytes = useRelaxed ? relaxed : readFileSync(wasmFile("simd.wasm"));
  const module = new WebAssembly.Module(bytes);
  const exports = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error("sepconv kernel aborted"); } } }).exports as unknown as Exports;
  instance = { exports, variant: useRelaxed ? "relaxed-simd" : "simd" };
  return instance;
}

/** A bump allocator over the kernels' memory, reset for every call. Offsets in bytes, 16-aligned. */
export class Arena {
  private next: number;
  private readonly base: number;
  constructor(private readonly k: Exports) {
    this.base = (k.heapBase() + 15) & ~15;
    this.next = this.base;
  }
  reset(): void {
    this.next = this.base;
  }
  /** Room for `floats` float32 values; grows the memory if needed (views must be taken after). */
  alloc(floats: number): number {
    const at = this.next;
    this.next = (at + floats * 4 + 15) & ~15;
    const have = this.k.memory.buffer.byteLength;
    if (this.next > have) this.k.memory.grow(Math.ceil((this.next - have) / 65536));
    return at;
  }
  /** A fresh view (memory growth detaches old ones). */
  f32(): Float32Array {
    return new Float32Array(this.k.memory.buffer);
  }
  put(data: Float32Array): number {
    const at = this.alloc(data.length);
    this.f32().set(data, at >> 2);
    return at;
  }
  take(at: number, floats: number): Float32Array {
    return this.f32().slice(at >> 2, (at >> 2) + floats);
  }
}

let arena: Arena | null = null;
export function callArena(): Arena {
  arena ??= new Arena(wasmKernels().exports);
  arena.reset();
  return arena;
}
