// C[M,N] (+)= A[M,K] x B[K,N] with 128-bit SIMD: the one matrix kernel behind pointwise
// convolution (one tap) and standard convolution (a sum of shifted taps). A's rows are `lda`
// floats apart (a strided 1x1 conv reads every s-th pixel), B is row-major [K,N], C's rows are
// N floats apart. Register tile: 4 rows x 8 columns = 8 accumulators, both operands packed so
// the inner loop walks two pointers (V8 then keeps everything in registers). Pointers in bytes.

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  // One fused multiply-add where the engine supports relaxed SIMD (a separate build), else two.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** One 4x8 block of C from a packed group of A (for each k the four rows' values, 16 bytes) and
 *  a packed strip of B (for each k eight values, 32 bytes). Only the first `rows` rows are stored. */
// @ts-ignore: decorator
@inline function tile4x8(pa: usize, pb: usize, c: usize, ldc: usize, k: i32, accumulate: bool, rows: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let i = 0; i < k; i++) {
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
    pa += 16;
    pb += 32;
  }
  storeRow(c, c00, c01, accumulate);
  if (rows > 1) storeRow(c + ldc, c10, c11, accumulate);
  if (rows > 2) storeRow(c + 2 * ldc, c20, c21, accumulate);
  if (rows > 3) storeRow(c + 3 * ldc, c30, c31, accumulate);
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
      const x0 = v128.load(r0 + o);
      const x1 = v128.load(r1 + o);
      const x2 = v128.load(r2 + o);
      const x3 = v128.load(r3 + o);
      const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
      const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
      v128.store(d, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
      v128.store(d, i32x4.shuffle(t0, t1, 2, 3, 6, 7), 16);
      v128.store(d, i32x4.shuffle(t2, t3, 0, 1, 4, 5), 32);
      v128.store(d, i32x4.shuffle(t2, t3, 2, 3, 6, 7), 48);
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

// @ts-ignore: decorator
@inline function tile1x8(a: usize, b: usize, ldb: usize, c: usize, k: i32, accumulate: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let i = 0; i < k; i++) {
    const av = v128.load32_splat(pa);
    c0 = madd(c0, av, v128.load(pb));
    c1 = madd(c1, av, v128.load(pb, 16));
    pa += 4;
    pb += ldb;
  }
  if (accumulate) {
    c0 = f32x4.add(c0, v128.load(c));
    c1 = f32x4.add(c1, v128.load(c, 16));
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

// @ts-ignore: decorator
@inline function tile1x4(a: usize, b: usize, ldb: usize, c: usize, k: i32, accumulate: bool): void {
  let c0 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let i = 0; i < k; i++) {
    c0 = madd(c0, v128.load32_splat(pa), v128.load(pb));
    pa += 4;
    pb += ldb;
  }
  if (accumulate) c0 = f32x4.add(c0, v128.load(c));
  v128.store(c, c0);
}

// @ts-ignore: decorator
@inline function tile1x1(a: usize, b: usize, ldb: usize, c: usize, k: i32, accumulate: bool): void {
  let s: f32 = 0;
  let pa = a;
  let pb = b;
  for (let i = 0; i < k; i++) {
    s += load<f32>(pa) * load<f32>(pb);
    pa += 4;
    pb += ldb;
  }
  store<f32>(c, accumulate ? s + load<f32>(c) : s);
}

/** C (+)= A x B. lda in floats; B and C have N columns. Blocked so that a KC x NC panel of B
 *  (256 KB, L2) is packed into contiguous 8-column strips (each KC x 8 floats, read straight
 *  through from L1 — unpacked, rows N floats apart would alias in the cache), and an MC x KC block
 *  of A streams from L2 past each strip. `pack` is scratch for KC * NC floats. */
export function gemm(a: usize, lda: i32, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, pack: usize): void {
  const ldaB = <usize>lda << 2;
  const ldb = <usize>n << 2;
  const KC = 256;
  const NC = 256;
  const MC = 64;
  const packedA = pack + (<usize>(KC * NC) << 2);
  for (let n0 = 0; n0 < n; n0 += NC) {
    const n1 = min(n, n0 + NC);
    const full = n0 + ((n1 - n0) & ~7);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = min(KC, k - k0);
      const acc = accumulate || k0 > 0;
      const aK = a + (<usize>k0 << 2);
      const bK = b + <usize>k0 * ldb;
      // Pack the full 8-column strips of this panel: strip s holds rows k0.., columns n0+8s..+8.
      // Row by row (reads stream along B's rows; strip by strip they would jump N floats per
      // step, to a new page each time for large N), two rows at once so each store fills a line.
      const stripB = <usize>kc << 5;
      const strips = (full - n0) >> 3;
      let src = bK + (<usize>n0 << 2);
      let row = pack;
      let i = 0;
      for (; i + 2 <= kc; i += 2) {
        let s = src;
        let d = row;
        for (let t = 0; t < strips; t++) {
          v128.store(d, v128.load(s));
          v128.store(d, v128.load(s, 16), 16);
          v128.store(d, v128.load(s + ldb), 32);
          v128.store(d, v128.load(s + ldb, 16), 48);
          s += 32;
          d += stripB;
        }
        src += ldb << 1;
        row += 64;
      }
      if (i < kc) {
        let s = src;
        let d = row;
        for (let t = 0; t < strips; t++) {
          v128.store(d, v128.load(s));
          v128.store(d, v128.load(s, 16), 16);
          s += 32;
          d += stripB;
        }
      }
      for (let m0 = 0; m0 < m; m0 += MC) {
        const m1 = min(m, m0 + MC);
        if (full > n0) packA(aK + <usize>m0 * ldaB, ldaB, m1 - m0, kc, packedA);
        for (let j = n0; j < full; j += 8) {
          const bj = pack + <usize>((j - n0) >> 3) * stripB;
          let ga = packedA;
          for (let i = m0; i < m1; i += 4) {
            tile4x8(ga, bj, c + <usize>i * ldb + (<usize>j << 2), ldb, kc, acc, m1 - i);
            ga += <usize>kc << 4;
          }
        }
        let j = full;
        for (; j + 4 <= n1; j += 4) {
          for (let i = m0; i < m1; i++) tile1x4(aK + <usize>i * ldaB, bK + (<usize>j << 2), ldb, c + <usize>i * ldb + (<usize>j << 2), kc, acc);
        }
        for (; j < n1; j++) {
          for (let i = m0; i < m1; i++) tile1x1(aK + <usize>i * ldaB, bK + (<usize>j << 2), ldb, c + <usize>i * ldb + (<usize>j << 2), kc, acc);
        }
      }
    }
  }
}

/** Floats of scratch gemm needs for packing: a KC x NC panel of B and an MC x KC block of A. */
export const GEMM_PACK_FLOATS: i32 = 256 * 256 + 64 * 256;

export function heapBase(): usize {
  return __heap_base;
}
