// The fast paths: each op's work mapped onto the WebAssembly SIMD kernels.
//   standard conv  -> im2col of a bounded chunk of output pixels, then one GEMM per chunk
//   pointwise      -> one GEMM straight on the input (stride 1, no padding), else as standard;
//                     few pixels and a large filter: the GEMM reads the filter in place
//   depthwise      -> depthwise4 (channels in SIMD lanes; channel counts padded to 4, or by one
//                     more lane group where the pixel stride would alias in L1, and the depth
//                     multiplier expanded on the way in), or depthwise1 for one channel
//   separable      -> depthwise then pointwise, block by block of output rows, with the
//                     intermediate in a per-thread block buffer (and, on one thread, each
//                     block's output copied out from a reused buffer); one block per thread
//                     where the pointwise matrix is too large to stay in cache between blocks
//   spatial        -> two depthwise passes (column, then row), the intermediate in kernel memory
// Inputs are copied into the kernels' memory once per call (filters packed for the GEMM on the
// way in) and the output copied out once (separable on one thread: block by block). Work is cut
// into per-thread parts (output rows) when setThreads(n > 1) is on and the call is large.
import type { Conv2DInfo } from "../conv-info";
import { Schedule, threadCount } from "./threads";
import { type Arena, callArena, kernels, outputArray } from "./wasm";

/** The part of an op's epilogue the kernels apply before the output leaves their memory:
 *  a bias of one value per output channel, then ReLU or PReLU with one slope or one per channel. */
export interface FastEpilogue {
  bias: Float32Array | null;
  activation: "linear" | "relu" | "prelu";
  alpha: Float32Array | null;
}

function applyEpilogue(
  a: Arena,
  out: number,
  pixels: number,
  c: number,
  epi: FastEpilogue | null,
): void {
  if (epi) epilogueIn(a, epi)(out, pixels, c);
}

/** The epilogue's vectors copied into the arena once; the function applies it to `pixels` rows
 *  of `c` channels at `out` (a whole output, or one block of it). */
function epilogueIn(a: Arena, epi: FastEpilogue): (out: number, pixels: number, c: number) => void {
  const k = kernels().exports;
  const bias = epi.bias ? a.put(epi.bias) : 0;
  const alpha = epi.activation === "prelu" && epi.alpha ? a.put(epi.alpha) : 0;
  const alphaLen = epi.alpha?.length ?? 0;
  return (out, pixels, c) => {
    if (epi.bias) k.biasChannels(out, pixels, c, bias);
    if (epi.activation === "relu") k.relu(out, pixels * c);
    else if (alpha) k.preluChannels(out, pixels, c, alpha, alphaLen);
  };
}

/** im2col chunks hold at most this many floats (4 MB) per thread: bounded scratch. */
export const IM2COL_FLOATS = 1 << 20;
/** GEMM packs a 64 x 256 block of A per thread (gemm.ts: GEMM_PACK_FLOATS). */
export const PACK_FLOATS = 64 * 256;
/** One packed panel of B (gemm.ts: KC x NC). */
const B_PANEL_FLOATS = 256 * 256;
/** Rows of B copied in and packed at a time (divides gemm.ts's KC, so a chunk stays in one panel row). */
export const PACK_B_ROWS = 64;
/** Below this many multiply-adds a call stays on one thread (waking workers costs more). */
const PARALLEL_MACS = 2_000_000;
/** Depthwise alone is bound by memory and the copies in and out, not by arithmetic: two threads
 *  did not speed up the MobileNet depthwise layers (test/bench/README.md), so only much larger
 *  ones are split. */
const DEPTHWISE_PARALLEL_MACS = 50_000_000;

const round4 = (n: number) => (n + 3) & ~3;

export function threadsFor(macs: number, threshold = PARALLEL_MACS): number {
  return macs >= threshold ? threadCount() : 1;
}

/** Threads for a depthwise pass over `info` with `c4` lanes per pixel (the forward op and both
 *  depthwise gradients): its multiply-adds against DEPTHWISE_PARALLEL_MACS. */
export function depthwiseThreads(info: Conv2DInfo, c4: number): number {
  const { batch, outHeight: ho, outWidth: wo, filterHeight: kh, filterWidth: kw } = info;
  return threadsFor(batch * ho * wo * c4 * kh * kw, DEPTHWISE_PARALLEL_MACS);
}

/** Thread t's share of [0, n) when cut into `parts` contiguous ranges: [lo, hi) (may be empty). */
export function share(n: number, t: number, parts: number): [number, number] {
  return [Math.floor((n * t) / parts), Math.floor((n * (t + 1)) / parts)];
}

/** One scratch area of `floats` per thread of the schedule. */
export function perThread(a: Arena, work: Schedule, floats: number): number[] {
  // Sized up front: an empty array's first push reserves room for 17 (about 150 bytes per call).
  const out = new Array<number>(work.threads);
  for (let t = 0; t < work.threads; t++) out[t] = a.alloc(floats);
  return out;
}

/** Copies `rows` rows of `c` floats into the arena as rows of `c4` floats, value c*m + k of a
 *  row reading channel c (the depth multiplier), zero padded: one memcpy in, the rest in kernel
 *  memory. Input pixels and depthwise filter taps are both such rows. */
export function putExpanded(
  a: Arena,
  x: Float32Array,
  rows: number,
  c: number,
  m: number,
  c4: number,
): number {
  if (m === 1 && c === c4) return a.put(x);
  const raw = a.put(x);
  const at = a.alloc(rows * c4);
  kernels().exports.expandRows(raw, rows, c, m, c4, at);
  return at;
}

/** Floats of an op's [N,Ho,Wo,lanes] output. */
const outputFloats = (info: Conv2DInfo, lanes: number) =>
  info.batch * info.outHeight * info.outWidth * lanes;

/** Runs depthwise on data already in the arena; returns where the [N,Ho,Wo,C4] output is: `out`
 *  if given (an output(), for a result taken whole), else scratch. `xc`: x's floats per pixel,
 *  c4, or 1 for a one-channel input every lane reads. */
export function depthwiseInArena(
  a: Arena,
  px: number,
  pf: number,
  info: Conv2DInfo,
  c4: number,
  out = a.alloc(outputFloats(info, c4)),
  xc = c4,
): number {
  const { batch, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo } = info;
  const work = new Schedule(depthwiseThreads(info, c4));
  for (let n = 0; n < batch; n++) {
    const xn = px + n * h * w * xc * 4;
    const on = out + n * ho * wo * c4 * 4;
    for (let t = 0; t < work.threads; t++) {
      const [r0, r1] = share(ho, t, work.threads);
      if (r0 < r1) addDepthwise(work, t, xn, h, w, c4, pf, on, info, r0, r1, xc);
    }
  }
  work.run();
  return out;
}

/** Output rows [r0, r1) of one image's depthwise: depthwise4, or depthwise1 for one channel. */
function addDepthwise(
  work: Schedule,
  t: number,
  x: number,
  h: number,
  w: number,
  c4: number,
  f: number,
  out: number,
  info: Conv2DInfo,
  r0: number,
  r1: number,
  xc: number,
): void {
  const {
    outHeight: ho,
    outWidth: wo,
    filterHeight: kh,
    filterWidth: kw,
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    padTop: pt,
    padLeft: pl,
  } = info;
  if (c4 === 1)
    work.on(t, "depthwise1")(x, h, w, f, out, ho, wo, kh, kw, sh, sw, dh, dw, pt, pl, r0, r1);
  else
    work.on(t, "depthwise4")(
      x,
      h,
      w,
      c4,
      f,
      out,
      ho,
      wo,
      kh,
      kw,
      sh,
      sw,
      dh,
      dw,
      pt,
      pl,
      r0,
      r1,
      xc,
    );
}

/** Copies [pixels, c4] out of the arena as [pixels, cm] (the padding channels dropped in place first). */
export function takeCompact(
  a: Arena,
  at: number,
  pixels: number,
  cm: number,
  c4: number,
  dest: Float32Array | null,
): Float32Array {
  if (cm !== c4) kernels().exports.compactRows(at, pixels, c4, cm, at);
  return a.take(at, pixels * cm, dest);
}

/** A [K, N] matrix (a filter) copied in and packed for gemm once per call (all threads share
 *  it), PACK_B_ROWS rows at a time through a small staging area, so packB reads them from cache:
 *  half the time of copying it all first, for a 1024 x 1024 filter. */
function putPackedB(a: Arena, b: Float32Array, k: number, n: number): number {
  // Not named `exports`: compiled to CommonJS, this module's own exported constants (PACK_B_ROWS
  // below) are read as exports.NAME, and a local of that name made them undefined in dist/.
  const wasm = kernels().exports;
  const at = a.alloc(wasm.packedBFloats(k, n));
  const rows = Math.min(k, PACK_B_ROWS);
  const stage = a.alloc(rows * n);
  const f = a.f32();
  for (let k0 = 0; k0 < k; k0 += rows) {
    const kc = Math.min(rows, k - k0);
    f.set(kc === k ? b : b.subarray(k0 * n, (k0 + kc) * n), stage >> 2);
    wasm.packB(stage, k0, kc, k, n, at);
  }
  return at;
}

/** Rows of A up to which a GEMM reads B in place (gemm.ts: gemmDirect). */
const DIRECT_ROWS = 256;

/** A [K, N] filter matrix in kernel memory, in the form the GEMMs of a call read best. */
export interface MatrixB {
  at: number;
  /** Row-major as given, for gemmDirect; else packed (putPackedB) for gemm. */
  direct: boolean;
  k: number;
  n: number;
}

/** The filter for GEMMs of at most `rows` rows of A each: read in place when the rows are few
 *  and the matrix is larger than one packed panel (packing it would write it all out to memory
 *  and read it back: a deep layer's weights, 1 MB and more), else packed. */
function putMatrixB(a: Arena, b: Float32Array, k: number, n: number, rows: number): MatrixB {
  const direct = rows <= DIRECT_ROWS && k > 4 && k * n > B_PANEL_FLOATS;
  return { at: direct ? a.put(b) : putPackedB(a, b, k, n), direct, k, n };
}

/** Scratch one thread's GEMMs of up to `rows` rows need. */
function gemmScratch(b: MatrixB, rows: number): number {
  return b.direct ? kernels().exports.gemmDirectFloats(rows) : PACK_FLOATS;
}

/** C[m, N] = A[m, K] x B on thread t (A's rows lda floats apart). */
function addGemm(
  work: Schedule,
  t: number,
  b: MatrixB,
  x: number,
  lda: number,
  c: number,
  m: number,
  scratch: number,
): void {
  if (b.direct) work.on(t, "gemmDirect")(x, lda, b.at, c, m, b.k, b.n, 0, scratch, 0, b.n);
  else work.on(t, "gemm")(x, lda, b.at, c, m, b.k, b.n, 0, scratch);
}

/** Floats per pixel in kernel memory: channels rounded up to SIMD lanes (one channel needs no
 *  padding: depthwise1 works on it directly). A pixel stride that is a multiple of 2 KB (512,
 *  1024, ... channels) gets one more lane group: the taps of a window, all such a stride apart,
 *  would otherwise fall in the same few sets of the L1 cache and evict each other (7x7x1024
 *  depthwise: 2.2x faster). */
export const lanes = (cm: number) => {
  if (cm === 1) return 1;
  const c4 = round4(cm);
  return c4 % 512 === 0 ? c4 + 4 : c4;
};

export function fastDepthwise(
  x: Float32Array,
  filter: Float32Array,
  info: Conv2DInfo,
  m: number,
  epi: FastEpilogue | null = null,
  dest: Float32Array | null = null,
): Float32Array {
  const a = callArena();
  const cm = info.inChannels * m;
  const c4 = lanes(cm);
  // A one-channel input (a one-channel conv, M = Cout) is read as it is, each value splatted
  // over the lanes by the kernel, instead of expanded to Cout lanes first.
  const shared = info.inChannels === 1 && cm === c4 && c4 > 1;
  const px = shared
    ? a.put(x)
    : putExpanded(a, x, info.batch * info.inHeight * info.inWidth, info.inChannels, m, c4);
  const pf = putExpanded(a, filter, info.filterHeight * info.filterWidth, cm, 1, c4);
  const out = depthwiseInArena(
    a,
    px,
    pf,
    info,
    c4,
    wholeOutput(a, info, cm, c4, dest),
    shared ? 1 : c4,
  );
  return finishDepthwise(a, out, info, cm, c4, epi, dest);
}

/** An output() for a depthwise result of `cm` channels in `c4` lanes when it leaves whole (no
 *  padding lanes to drop), else undefined (scratch). */
function wholeOutput(
  a: Arena,
  info: Conv2DInfo,
  cm: number,
  c4: number,
  dest: Float32Array | null,
): number | undefined {
  if (cm !== c4) return undefined;
  return a.output(outputFloats(info, c4), dest);
}

/** The epilogue on a depthwise output in the arena (padded channels get it as well; they are
 *  dropped on the way out), then the output copied out as [pixels, cm]. */
function finishDepthwise(
  a: Arena,
  out: number,
  info: Conv2DInfo,
  cm: number,
  c4: number,
  epi: FastEpilogue | null,
  dest: Float32Array | null,
): Float32Array {
  const pixels = info.batch * info.outHeight * info.outWidth;
  applyEpilogue(a, out, pixels, c4, epi && cm !== c4 ? padEpilogue(epi, cm, c4) : epi);
  return takeCompact(a, out, pixels, cm, c4, dest);
}

/** Spatially separable: a depthwise pass with the column taps (`first`: its geometry), then one
 *  with the row taps (`second`), the intermediate kept in kernel memory between them. Filters
 *  are [K, C] and [K2, C] (every channel sharing the taps). */
export function fastSpatial(
  x: Float32Array,
  column: Float32Array,
  row: Float32Array,
  first: Conv2DInfo,
  second: Conv2DInfo,
  epi: FastEpilogue | null = null,
  dest: Float32Array | null = null,
): Float32Array {
  const a = callArena();
  const c = first.inChannels;
  const c4 = lanes(c);
  const px = putExpanded(a, x, first.batch * first.inHeight * first.inWidth, c, 1, c4);
  const pc = putExpanded(a, column, first.filterHeight * first.filterWidth, c, 1, c4);
  const pr = putExpanded(a, row, second.filterHeight * second.filterWidth, c, 1, c4);
  const mid = depthwiseInArena(a, px, pc, first, c4);
  const out = depthwiseInArena(a, mid, pr, second, c4, wholeOutput(a, second, c, c4, dest));
  return finishDepthwise(a, out, second, c, c4, epi, dest);
}

/** Per-channel bias/slopes widened with zeros to the padded channel count. */
function padEpilogue(epi: FastEpilogue, cm: number, c4: number): FastEpilogue {
  const widen = (v: Float32Array | null) => {
    if (!v || v.length === 1) return v;
    const w = new Float32Array(c4);
    w.set(v.subarray(0, cm));
    return w;
  };
  return { bias: widen(epi.bias), activation: epi.activation, alpha: widen(epi.alpha) };
}

/** GEMM of every output pixel's window (packed straight from x when C % 4 == 0, else im2col in
 *  bounded chunks) with the packed [K, Cout] filter. */
function convInArena(
  a: Arena,
  px: number,
  lanesIn: number,
  pf: number,
  info: Conv2DInfo,
  cout: number,
  out = a.alloc(outputFloats(info, cout)),
): number {
  const { batch, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo } = info;
  const pixels = ho * wo;
  const kdim = info.filterHeight * info.filterWidth * lanesIn;
  const work = new Schedule(threadsFor(batch * pixels * kdim * cout));
  // Enough chunks to share among the threads, each small enough for the scratch bound.
  const chunk = Math.max(
    4,
    Math.min(Math.ceil(pixels / work.threads), Math.floor(IM2COL_FLOATS / kdim)),
  );
  // convChunk packs windows straight from x for C % 4 == 0 and K > 4 (a 1x1 window over four
  // channels keeps gemm's path for few rows of B, through an im2col matrix).
  const windows = windowScratch(a, work, lanesIn % 4 === 0 && kdim > 4, lanesIn, chunk * kdim);
  const packs = perThread(a, work, PACK_FLOATS);
  let i = 0;
  for (let n = 0; n < batch; n++) {
    const xn = px + n * h * w * lanesIn * 4;
    const on = out + n * pixels * cout * 4;
    for (let p0 = 0; p0 < pixels; p0 += chunk, i++) {
      const t = i % work.threads;
      work.on(t, "convChunk")(
        xn,
        h,
        w,
        lanesIn,
        windows.cols[t]!,
        windows.zeros,
        packs[t]!,
        pf,
        on,
        cout,
        p0,
        Math.min(chunk, pixels - p0),
        wo,
        ...windowArgs(info),
      );
    }
  }
  work.run();
  return out;
}

/** What convChunk reads windows through: packing them straight from x (`fromX`) it needs only
 *  C zero floats for taps in the padding; otherwise an im2col matrix of `colsFloats` per thread
 *  (and no zeros). */
function windowScratch(
  a: Arena,
  work: Schedule,
  fromX: boolean,
  c: number,
  colsFloats: number,
): { cols: number[]; zeros: number } {
  if (!fromX) return { cols: perThread(a, work, colsFloats), zeros: 0 };
  const zeros = a.alloc(c);
  a.f32().fill(0, zeros >> 2, (zeros >> 2) + c);
  return { cols: new Array<number>(work.threads).fill(0), zeros };
}

/** A conv's window in the order the window kernels take it (convChunk and the backward ones):
 *  filter height and width, strides, dilations, top and left padding. */
export function windowArgs(info: Conv2DInfo): number[] {
  return [
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padTop,
    info.padLeft,
  ];
}

/** A 1x1 filter, stride 1, no padding: a pointwise layer's geometry, one GEMM over the pixels. */
export const isPlainPointwise = (info: Conv2DInfo) =>
  info.filterHeight === 1 &&
  info.filterWidth === 1 &&
  info.strideHeight === 1 &&
  info.strideWidth === 1 &&
  info.padTop + info.padBottom + info.padLeft + info.padRight === 0;

/** Pointwise on channels-last data in the arena: one GEMM over all pixels when stride 1 and
 *  unpadded (threads take rows, or with B read in place, column ranges), else the 1x1 window as
 *  im2col (a gather) and GEMM. */
export function pointwiseInArena(
  a: Arena,
  px: number,
  cin: number,
  b: MatrixB,
  info: Conv2DInfo,
  cout: number,
  out = a.alloc(outputFloats(info, cout)),
): number {
  if (!isPlainPointwise(info)) return convInArena(a, px, cin, b.at, info, cout, out);
  const pixels = info.batch * info.inHeight * info.inWidth;
  const work = new Schedule(threadsFor(pixels * cin * cout));
  for (let t = 0; t < work.threads; t++) {
    if (b.direct) {
      // Column ranges in pairs of strips (16 columns), gemmDirect's unit.
      const [s0, s1] = share(Math.ceil(cout / 16), t, work.threads);
      if (s0 < s1)
        work.on(t, "gemmDirect")(
          px,
          cin,
          b.at,
          out,
          pixels,
          cin,
          cout,
          0,
          a.alloc(gemmScratch(b, pixels)),
          s0 * 16,
          Math.min(cout, s1 * 16),
        );
      continue;
    }
    const [m0, m1] = share(pixels, t, work.threads);
    if (m0 < m1)
      work.on(t, "gemm")(
        px + m0 * cin * 4,
        cin,
        b.at,
        out + m0 * cout * 4,
        m1 - m0,
        cin,
        cout,
        0,
        a.alloc(PACK_FLOATS),
      );
  }
  work.run();
  return out;
}

export function fastPointwise(
  x: Float32Array,
  filter: Float32Array,
  info: Conv2DInfo,
  cout: number,
  epi: FastEpilogue | null = null,
  dest: Float32Array | null = null,
): Float32Array {
  const a = callArena();
  const px = a.put(x);
  const rows = isPlainPointwise(info) ? info.batch * info.inHeight * info.inWidth : Infinity;
  const b = putMatrixB(a, filter, info.inChannels, cout, rows);
  const into = a.output(outputFloats(info, cout), dest);
  const out = pointwiseInArena(a, px, info.inChannels, b, info, cout, into);
  return finishInArena(a, out, info, cout, epi, dest);
}

/** The epilogue in the arena, then the output taken (copied into `dest` when given). */
function finishInArena(
  a: Arena,
  out: number,
  info: Conv2DInfo,
  cout: number,
  epi: FastEpilogue | null,
  dest: Float32Array | null,
): Float32Array {
  const pixels = info.batch * info.outHeight * info.outWidth;
  applyEpilogue(a, out, pixels, cout, epi);
  return a.take(out, pixels * cout, dest);
}

export function fastConv2d(
  x: Float32Array,
  filter: Float32Array,
  info: Conv2DInfo,
  cout: number,
  epi: FastEpilogue | null = null,
  dest: Float32Array | null = null,
): Float32Array {
  // One input channel: a [KH,KW,1,Cout] filter is a depthwise filter with M = Cout.
  if (info.inChannels === 1) return fastDepthwise(x, filter, info, cout, epi, dest);
  if (isPlainPointwise(info)) return fastPointwise(x, filter, info, cout, epi, dest);
  const a = callArena();
  const px = a.put(x);
  const pf = putPackedB(a, filter, info.filterHeight * info.filterWidth * info.inChannels, cout);
  const into = a.output(outputFloats(info, cout), dest);
  const out = convInArena(a, px, info.inChannels, pf, info, cout, into);
  return finishInArena(a, out, info, cout, epi, dest);
}

/** Depthwise then pointwise, fused by blocks of output rows: each block's depthwise result
 *  (about 64 KB, in a per-thread buffer) is multiplied by the pointwise matrix while it is still
 *  in cache (when that matrix is small enough to stay packed in cache too); the intermediate
 *  never leaves kernel memory (the pointwise step of a separable layer is always 1x1, stride 1,
 *  unpadded). On one thread each block's output also goes through one reused buffer, gets the
 *  epilogue and is copied out while in cache: kernel memory holds no full-size intermediate or
 *  output (3% faster on 112x112x32 -> 64, test/bench/README.md). With threads, blocks write one
 *  full output. */
export function fastSeparable(
  x: Float32Array,
  dw: Float32Array,
  pw: Float32Array,
  info: Conv2DInfo,
  m: number,
  cout: number,
  epi: FastEpilogue | null = null,
  dest: Float32Array | null = null,
): Float32Array {
  const a = callArena();
  const { batch, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo } = info;
  const cm = info.inChannels * m;
  const c4 = lanes(cm);
  const px = putExpanded(a, x, batch * h * w, info.inChannels, m, c4);
  const pf = putExpanded(a, dw, info.filterHeight * info.filterWidth, cm, 1, c4);
  const work = new Schedule(
    threadsFor(batch * ho * wo * (c4 * info.filterHeight * info.filterWidth + cm * cout)),
  );
  // Blocks of ~64 KB of intermediate, unless the pointwise matrix is larger than one packed
  // panel: then every extra block would stream it from memory again, so one block per thread.
  const rowsPerBlock =
    cm * cout > B_PANEL_FLOATS
      ? Math.ceil(ho / work.threads)
      : Math.max(1, Math.floor(16384 / (wo * c4)));
  const pp = putMatrixB(a, pw, cm, cout, rowsPerBlock * wo);
  const packs = perThread(a, work, gemmScratch(pp, rowsPerBlock * wo));
  const mids = perThread(a, work, rowsPerBlock * wo * c4);
  // Blocks write straight into a resident output array. Else, on one thread with several
  // blocks, each block's output leaves through one reused buffer; a single block (a deep layer)
  // is the whole output, copied out after it is computed.
  const total = batch * ho * wo * cout;
  const result = dest ?? outputArray(total);
  const inPlace = dest === null ? a.residentAt(result) : undefined;
  const streamOut =
    inPlace === undefined && work.threads === 1 && batch * Math.ceil(ho / rowsPerBlock) > 1;
  const out = inPlace ?? a.alloc(streamOut ? rowsPerBlock * wo * cout : total);
  const epilogue = streamOut && epi ? epilogueIn(a, epi) : null;
  let block = 0;
  for (let n = 0; n < batch; n++) {
    const xn = px + n * h * w * c4 * 4;
    for (let r0 = 0; r0 < ho; r0 += rowsPerBlock, block++) {
      const r1 = Math.min(ho, r0 + rowsPerBlock);
      const t = block % work.threads;
      const pixels = (r1 - r0) * wo;
      const at = (n * ho + r0) * wo * cout;
      // depthwise4/1 write output row r at out + r * wo * c4 * 4: shifted back by r0 rows so
      // this block lands at the start of mids[t] (wasm32 addresses wrap, hence >>> 0).
      addDepthwise(
        work,
        t,
        xn,
        h,
        w,
        c4,
        pf,
        (mids[t]! - r0 * wo * c4 * 4) >>> 0,
        info,
        r0,
        r1,
        c4,
      );
      addGemm(work, t, pp, mids[t]!, c4, streamOut ? out : out + at * 4, pixels, packs[t]!);
      if (streamOut) {
        epilogue?.(out, pixels, cout);
        result.set(a.f32().subarray(out >> 2, (out >> 2) + pixels * cout), at);
      }
    }
  }
  work.run();
  return streamOut ? result : finishInArena(a, out, info, cout, epi, result);
}
