// C[M,N] (+)= A[M,K] x B[K,N] with 128-bit SIMD: the one matrix kernel behind pointwise
// convolution (one tap) and standard convolution (a sum of shifted taps). A's rows are `lda`
// floats apart (a strided 1x1 conv reads every s-th pixel), B is row-major [K,N], C's rows are
// N floats apart. Register tile: 4 rows x 8 columns = 8 accumulators, both operands packed so
// the inner loop walks two pointers (V8 then keeps everything in registers). B is packed once
// per call by the host's request (packB), A block by block inside gemm. Pointers in bytes.

// @ts-ignore: decorator
@inline export function madd(acc: v128, a: v128, b: v128): v128 {
  // One fused multiply-add where the engine supports relaxed SIMD (a separate build), else two.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** One 4x8 block of C from a packed group of A (for each k the four rows' values, 16 bytes) and
 *  a packed strip of B (for each k eight values, 32 bytes), the next k's `aStep` and `bStep`
 *  bytes on (16 and 32 packed; a row's length read in place). Only the first `rows` rows are
 *  stored. */
// @ts-ignore: decorator
@inline export function tile4x8(pa: usize, pb: usize, c: usize, ldc: usize, k: i32, accumulate: bool, rows: i32, cols: i32, aStep: usize = 16, bStep: usize = 32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  // A count down to zero, tested at the bottom (k >= 1): V8 keeps fewer moves and compares in
  // the loop than with the A pointer as the counter.
  let n = k;
  do {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa);
    c00 = madd(c00, a0, b0); c01 = madd(c01, a0, b1);
    const a1 = v128.load32_splat(pa, 4);
    c10 = madd(c10, a1, b0); c11 = madd(c11, a1, b1);
    const a2 = v128.load32_splat(pa, 8);
    c20 = madd(c20, a2, b0); c21 = madd(c21, a2, b1);
    const a3 = v128.load32_splat(pa, 12);
    c30 = madd(c30, a3, b0); c31 = madd(c31, a3, b1);
    pa += aStep;
    pb += bStep;
  } while (--n);
  if (cols == 8) {
    storeRow(c, c00, c01, accumulate);
    if (rows > 1) storeRow(c + ldc, c10, c11, accumulate);
    if (rows > 2) storeRow(c + 2 * ldc, c20, c21, accumulate);
    if (rows > 3) storeRow(c + 3 * ldc, c30, c31, accumulate);
  } else {
    storeCols(c, c00, c01, accumulate, cols);
    if (rows > 1) storeCols(c + ldc, c10, c11, accumulate, cols);
    if (rows > 2) storeCols(c + 2 * ldc, c20, c21, accumulate, cols);
    if (rows > 3) storeCols(c + 3 * ldc, c30, c31, accumulate, cols);
  }
}

/** The first `cols` (< 8) values of a row of the tile (the last strip of C). */
function storeCols(c: usize, v0: v128, v1: v128, accumulate: bool, cols: i32): void {
  let v = v0;
  let at = c;
  let left = cols;
  if (left >= 4) {
    v128.store(c, accumulate ? f32x4.add(v0, v128.load(c)) : v0);
    v = v1;
    at += 16;
    left -= 4;
  }
  if (left > 0) store<f32>(at, f32x4.extract_lane(v, 0) + (accumulate ? load<f32>(at) : 0));
  if (left > 1) store<f32>(at, f32x4.extract_lane(v, 1) + (accumulate ? load<f32>(at, 4) : 0), 4);
  if (left > 2) store<f32>(at, f32x4.extract_lane(v, 2) + (accumulate ? load<f32>(at, 8) : 0), 8);
}

/** One row of a 4x8 tile: the first row of a packed group of A (16 bytes per k) with a strip of B.
 *  Even and odd k sum apart: one chain of additions per output vector would make the row cost
 *  three quarters of a whole tile (add latency), and 49 = 12 x 4 + 1 pixels ends with it. */
// @ts-ignore: decorator
@inline function tile1x8(pa: usize, pb: usize, c: usize, k: i32, accumulate: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  let n = k >> 1;
  if (n > 0) {
    do {
      const a0 = v128.load32_splat(pa);
      c0 = madd(c0, a0, v128.load(pb));
      c1 = madd(c1, a0, v128.load(pb, 16));
      const a1 = v128.load32_splat(pa, 16);
      d0 = madd(d0, a1, v128.load(pb, 32));
      d1 = madd(d1, a1, v128.load(pb, 48));
      pa += 32;
      pb += 64;
    } while (--n);
  }
  if (k & 1) {
    const a0 = v128.load32_splat(pa);
    c0 = madd(c0, a0, v128.load(pb));
    c1 = madd(c1, a0, v128.load(pb, 16));
  }
  storeRow(c, f32x4.add(c0, d0), f32x4.add(c1, d1), accumulate);
}

// @ts-ignore: decorator
@inline function storeRow(c: usize, v0: v128, v1: v128, accumulate: bool): void {
  if (accumulate) {
    v0 = f32x4.add(v0, v128.load(c));
    v1 = f32x4.add(v1, v128.load(c, 16));
  }
  v128.store(c, v0);
  v128.store(c, v1, 16);
}

/** Four k of a group of four rows (four floats at each of s0..s3) in packed-A order: for each
 *  k, the four rows' values side by side (a 4x4 transpose), 64 bytes at d. */
// @ts-ignore: decorator
@inline export function packQuad(d: usize, s0: usize, s1: usize, s2: usize, s3: usize): void {
  const x0 = v128.load(s0);
  const x1 = v128.load(s1);
  const x2 = v128.load(s2);
  const x3 = v128.load(s3);
  const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(d, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
  v128.store(d, i32x4.shuffle(t0, t1, 2, 3, 6, 7), 16);
  v128.store(d, i32x4.shuffle(t2, t3, 0, 1, 4, 5), 32);
  v128.store(d, i32x4.shuffle(t2, t3, 2, 3, 6, 7), 48);
}

/** Rows [0, rows) of A (row stride lda bytes), k values [0, kc), as groups of four rows: for each
 *  k the group's four values side by side (a 4x4 transpose per four k). A last group with fewer
 *  rows repeats its first row; tile4x8 does not store those. */
function packA(a: usize, lda: usize, rows: i32, kc: i32, dst: usize): void {
  const kb = <usize>kc << 2;
  let d = dst;
  for (let g = 0; g < rows; g += 4) {
    const r0 = a + <usize>g * lda;
    const n = rows - g;
    const r1 = n > 1 ? r0 + lda : r0;
    const r2 = n > 2 ? r0 + 2 * lda : r0;
    const r3 = n > 3 ? r0 + 3 * lda : r0;
    let o: usize = 0;
    for (; o + 16 <= kb; o += 16) {
      packQuad(d, r0 + o, r1 + o, r2 + o, r3 + o);
      d += 64;
    }
    for (; o < kb; o += 4) {
      store<f32>(d, load<f32>(r0 + o));
      store<f32>(d, load<f32>(r1 + o), 4);
      store<f32>(d, load<f32>(r2 + o), 8);
      store<f32>(d, load<f32>(r3 + o), 12);
      d += 16;
    }
  }
}

// Blocking: B is packed once per call (packB) into panels of KC rows x NC columns, each panel a
// run of 8-column strips (KC x 8 floats, read straight through from L1 by the tile; unpacked,
// B's rows N floats apart would alias in the cache). A block of MC rows x KC of A is packed
// (packA) and streams from L2 past every strip of the panel.
export const KC = 256;
export const NC = 256;
export const MC = 64;

// @ts-ignore: decorator
@inline function round8(n: i32): i32 {
  return (n + 7) & ~7;
}

/** Floats packB writes for a [K, N] matrix: N rounded up to 8, times K. */
export function packedBFloats(k: i32, n: i32): i32 {
  return round8(n) * k;
}

/** Rows [k0, k0 + kc) of B [K, N] -> gemm's layout, rows within one panel row (of KC rows),
 *  given at `src` (row-major, N floats per row), so the host can copy B in a few rows at a time
 *  and pack them while they are still in cache. Panel (n0, k0) starts at n0 * K + k0 * w
 *  (w: the panel's width rounded up to 8) and holds its strips one after the other; a strip
 *  holds, for each of the panel's rows, 8 values (columns past N are zero). */
export function packB(src: usize, k0: i32, kc: i32, k: i32, n: i32, dst: usize): void {
  const ldb = <usize>n << 2;
  // The panel row these rows belong to: its first row and height.
  const p0 = k0 - k0 % KC;
  const stripB = <usize>min(KC, k - p0) << 5;
  for (let n0 = 0; n0 < n; n0 += NC) {
    const width = min(NC, n - n0);
    const panel = dst + ((<usize>n0 * <usize>k + <usize>p0 * <usize>round8(width) + (<usize>(k0 - p0) << 3)) << 2);
    // Strip by strip, two at a time: each row's 16 values (one cache line of the source) split
    // between two strips, each written straight through. (Row by row, every store went to
    // another strip 8 KB away: twice as slow, measured, for a 1024 x 1024 filter.)
    for (let t = 0; t << 3 < width; t += 2) {
      packPair(src + (<usize>(n0 + (t << 3)) << 2), ldb, kc, min(16, width - (t << 3)), panel + <usize>t * stripB, stripB);
    }
  }
}

/** Up to this many rows of B (k), a full 8-column strip of B stays in registers while the rows
 *  of A pass by, read in place: with so few products per output, the 4x8 tile would spend most
 *  of its instructions starting and storing tiles (a 3-channel image's pointwise step). */
const SMALL_K = 4;

/** C[:, strip] (+)= A x B[:, strip] for one full 8-column strip of B (packed: k rows of 8 values)
 *  and k <= SMALL_K, instantiated per k so B's values are registers. */
// @ts-ignore: decorator
@inline function stripSmallK(a: usize, lda: usize, b: usize, c: usize, ldc: usize, m: i32, k: i32, accumulate: bool): void {
  const b00 = v128.load(b), b01 = v128.load(b, 16);
  const b10 = k > 1 ? v128.load(b, 32) : b00, b11 = k > 1 ? v128.load(b, 48) : b01;
  const b20 = k > 2 ? v128.load(b, 64) : b00, b21 = k > 2 ? v128.load(b, 80) : b01;
  const b30 = k > 3 ? v128.load(b, 96) : b00, b31 = k > 3 ? v128.load(b, 112) : b01;
  const end = a + <usize>m * lda;
  for (; a < end; a += lda) {
    const a0 = v128.load32_splat(a);
    let v0 = f32x4.mul(a0, b00), v1 = f32x4.mul(a0, b01);
    if (k > 1) {
      const a1 = v128.load32_splat(a, 4);
      v0 = madd(v0, a1, b10); v1 = madd(v1, a1, b11);
    }
    if (k > 2) {
      const a2 = v128.load32_splat(a, 8);
      v0 = madd(v0, a2, b20); v1 = madd(v1, a2, b21);
    }
    if (k > 3) {
      const a3 = v128.load32_splat(a, 12);
      v0 = madd(v0, a3, b30); v1 = madd(v1, a3, b31);
    }
    storeRow(c, v0, v1, accumulate);
    c += ldc;
  }
}

/** Two neighbouring full strips (16 columns) at once: each row's A values are loaded once for
 *  four output vectors instead of two. */
// @ts-ignore: decorator
@inline function strip16SmallK(a: usize, lda: usize, b: usize, c: usize, ldc: usize, m: i32, k: i32, accumulate: bool): void {
  const s = <usize>k << 5;
  const b00 = v128.load(b), b01 = v128.load(b, 16), b02 = v128.load(b + s), b03 = v128.load(b + s, 16);
  const b10 = k > 1 ? v128.load(b, 32) : b00, b11 = k > 1 ? v128.load(b, 48) : b01;
  const b12 = k > 1 ? v128.load(b + s, 32) : b00, b13 = k > 1 ? v128.load(b + s, 48) : b01;
  const b20 = k > 2 ? v128.load(b, 64) : b00, b21 = k > 2 ? v128.load(b, 80) : b01;
  const b22 = k > 2 ? v128.load(b + s, 64) : b00, b23 = k > 2 ? v128.load(b + s, 80) : b01;
  const end = a + <usize>m * lda;
  for (; a < end; a += lda) {
    const a0 = v128.load32_splat(a);
    let v0 = f32x4.mul(a0, b00), v1 = f32x4.mul(a0, b01), v2 = f32x4.mul(a0, b02), v3 = f32x4.mul(a0, b03);
    if (k > 1) {
      const a1 = v128.load32_splat(a, 4);
      v0 = madd(v0, a1, b10); v1 = madd(v1, a1, b11); v2 = madd(v2, a1, b12); v3 = madd(v3, a1, b13);
    }
    if (k > 2) {
      const a2 = v128.load32_splat(a, 8);
      v0 = madd(v0, a2, b20); v1 = madd(v1, a2, b21); v2 = madd(v2, a2, b22); v3 = madd(v3, a2, b23);
    }
    storeRow(c, v0, v1, accumulate);
    storeRow(c + 32, v2, v3, accumulate);
    c += ldc;
  }
}

function stripsSmallK(a: usize, lda: usize, b: usize, c: usize, ldc: usize, m: i32, k: i32, accumulate: bool): void {
  if (k == 1) stripSmallK(a, lda, b, c, ldc, m, 1, accumulate);
  else if (k == 2) stripSmallK(a, lda, b, c, ldc, m, 2, accumulate);
  else if (k == 3) stripSmallK(a, lda, b, c, ldc, m, 3, accumulate);
  else stripSmallK(a, lda, b, c, ldc, m, 4, accumulate);
}

/** C (+)= A x B, with B packed by packB. A's rows are lda floats apart, C's rows N floats.
 *  `pack` is scratch for MC x KC floats (GEMM_PACK_FLOATS). */
export function gemm(a: usize, lda: i32, bp: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, pack: usize): void {
  const ldaB = <usize>lda << 2;
  const ldc = <usize>n << 2;
  for (let n0 = 0; n0 < n; n0 += NC) {
    const width = min(NC, n - n0);
    const w = round8(width);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = min(KC, k - k0);
      const acc = accumulate || k0 > 0;
      const aK = a + (<usize>k0 << 2);
      const panel = bp + ((<usize>n0 * <usize>k + <usize>k0 * <usize>w) << 2);
      const stripB = <usize>kc << 5;
      // Full strips of a B with few rows go through stripSmallK; the tiles do the rest.
      let j0 = 0;
      if (k <= SMALL_K) {
        if (k <= 3) {
          for (; j0 + 16 <= width; j0 += 16) {
            const bj = panel + <usize>(j0 >> 3) * stripB, cj = c + (<usize>(n0 + j0) << 2);
            if (k == 1) strip16SmallK(aK, ldaB, bj, cj, ldc, m, 1, acc);
            else if (k == 2) strip16SmallK(aK, ldaB, bj, cj, ldc, m, 2, acc);
            else strip16SmallK(aK, ldaB, bj, cj, ldc, m, 3, acc);
          }
        }
        for (; j0 + 8 <= width; j0 += 8) stripsSmallK(aK, ldaB, panel + <usize>(j0 >> 3) * stripB, c + (<usize>(n0 + j0) << 2), ldc, m, k, acc);
        if (j0 == w) continue;
      }
      for (let m0 = 0; m0 < m; m0 += MC) {
        const m1 = min(m, m0 + MC);
        packA(aK + <usize>m0 * ldaB, ldaB, m1 - m0, kc, pack);
        for (let j = j0; j < w; j += 8) stripTiles(pack, panel + <usize>(j >> 3) * stripB, c + (<usize>(n0 + j) << 2) + <usize>m0 * ldc, ldc, m1 - m0, kc, acc, width - j);
      }
    }
  }
}

/** Rows [0, rows) of C's columns [j, j + cols) (cols < 8: the last strip) (+)= a packed block of
 *  A (packA) x one packed strip of B (kc rows of 8 values). */
export function stripTiles(ga: usize, bj: usize, cj: usize, ldc: usize, rows: i32, kc: i32, acc: bool, cols: i32): void {
  // Full strips and full groups of rows get the tile compiled for 8 columns and 4 rows (no
  // tests in it); the last strip and group get their own copies.
  let i = 0;
  if (cols >= 8) {
    for (; i + 4 <= rows; i += 4) {
      tile4x8(ga, bj, cj + <usize>i * ldc, ldc, kc, acc, 4, 8);
      ga += <usize>kc << 4;
    }
    if (i + 1 == rows) tile1x8(ga, bj, cj + <usize>i * ldc, kc, acc);
    else if (i < rows) tile4x8(ga, bj, cj + <usize>i * ldc, ldc, kc, acc, rows - i, 8);
  } else {
    for (; i < rows; i += 4) {
      tile4x8(ga, bj, cj + <usize>i * ldc, ldc, kc, acc, rows - i, cols);
      ga += <usize>kc << 4;
    }
  }
}

/** Floats of scratch gemmDirect needs: all rows of A packed for one KC block, and two strips. */
export function gemmDirectFloats(m: i32): i32 {
  return ((m + 3) & ~3) * KC + 16 * KC;
}

/** C[:, j0:j1] (+)= A x B[:, j0:j1] for few rows of A (a deep layer's pixels; the host keeps
 *  m <= 256, so all of A, packed for one KC block, stays in L2 while the strips of B pass), with
 *  B row-major [K, N] as copied in: no packed copy of B. Each pair of 8-column strips is packed
 *  when it is needed into a 16 KB buffer that stays in L1 while every row of A meets it, so B is
 *  read once and never written back (packB first wrote all of it out, 4 MB for 1024 x 1024, and
 *  read it back: 1-3.5% of the GEMM for 49 rows, measured). j0 is a multiple of 16. */
export function gemmDirect(a: usize, lda: i32, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, scratch: usize, j0: i32, j1: i32): void {
  const ldaB = <usize>lda << 2;
  const ldb = <usize>n << 2;
  const pair = scratch + (<usize>(((m + 3) & ~3) * KC) << 2);
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    const acc = accumulate || k0 > 0;
    packA(a + (<usize>k0 << 2), ldaB, m, kc, scratch);
    const stripB = <usize>kc << 5;
    for (let j = j0; j < j1; j += 16) {
      const cols = min(16, j1 - j);
      packPair(b + <usize>k0 * ldb + (<usize>j << 2), ldb, kc, cols, pair, stripB);
      const cj = c + (<usize>j << 2);
      stripTiles(scratch, pair, cj, ldb, m, kc, acc, min(8, cols));
      if (cols > 8) stripTiles(scratch, pair + stripB, cj + 32, ldb, m, kc, acc, cols - 8);
    }
  }
}

/** kc rows of `cols` (1 to 16) values, ldb bytes apart -> one or two strips of kc x 8 (the
 *  second stripB bytes after the first, written only when cols > 8), zeros past `cols`. packB
 *  and gemmDirect both pack B with it. */
export function packPair(src: usize, ldb: usize, kc: i32, cols: i32, dst: usize, stripB: usize): void {
  const end = dst + (<usize>kc << 5);
  if (cols == 16) {
    for (let d = dst; d < end; d += 32) {
      v128.store(d, v128.load(src));
      v128.store(d, v128.load(src, 16), 16);
      v128.store(d + stripB, v128.load(src, 32));
      v128.store(d + stripB, v128.load(src, 48), 16);
      src += ldb;
    }
    return;
  }
  for (let d = dst; d < end; d += 32) {
    if (cols >= 8) {
      v128.store(d, v128.load(src));
      v128.store(d, v128.load(src, 16), 16);
    } else {
      for (let col = 0; col < 8; col++) store<f32>(d + (<usize>col << 2), col < cols ? load<f32>(src + (<usize>col << 2)) : 0);
    }
    if (cols > 8) {
      const s2 = src + 32;
      const d2 = d + stripB;
      for (let col = 0; col < 8; col++) store<f32>(d2 + (<usize>col << 2), col < cols - 8 ? load<f32>(s2 + (<usize>col << 2)) : 0);
    }
    src += ldb;
  }
}

/** Floats of scratch gemm needs: one packed MC x KC block of A. */
export const GEMM_PACK_FLOATS: i32 = MC * KC;

export function heapBase(): usize {
  return __heap_base;
}
