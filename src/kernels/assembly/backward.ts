import { KC, MC, NC, gemm, madd, packPair, stripTiles, tile4x8 } from "./gemm";
import { im2col, tapHi, tapLo } from "./conv";
import { addRowSums, addTotal, blockRows, scaleShift } from "./norm";

// The backward passes' kernels. The input gradients of standard and pointwise convolution are
// GEMMs with the filter transposed (dy x W^T) followed, for windows larger than one pixel, by
// col2im (each window's gradient added back where the window read); the filter gradients are
// GEMMs of the transposed input (or its im2col matrix) with dy, X^T x dy (filterGemm): for a
// small result gemm's tile reads the rows of X and dy in place (gemmTNDirect), else A packs into
// gemm's layout straight from rows of X (gemmTN). Depthwise runs over channels in SIMD
// lanes as the forward kernel does (C a multiple of 4, the depth multiplier expanded by the
// host). Pointers in bytes, sizes in floats.

/** dst[c, r] = src[r, c] for a [rows, cols] matrix: 4x4 blocks by shuffles, the edges by scalars. */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  const sB = <usize>cols << 2;
  const dB = <usize>rows << 2;
  const r4 = rows & ~3;
  const c4 = cols & ~3;
  for (let r = 0; r < r4; r += 4) {
    const s0 = src + <usize>r * sB;
    for (let c = 0; c < c4; c += 4) {
      const s = s0 + (<usize>c << 2);
      const x0 = v128.load(s);
      const x1 = v128.load(s + sB);
      const x2 = v128.load(s + 2 * sB);
      const x3 = v128.load(s + 3 * sB);
      const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
      const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
      const d = dst + <usize>c * dB + (<usize>r << 2);
      v128.store(d, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
      v128.store(d + dB, i32x4.shuffle(t0, t1, 2, 3, 6, 7));
      v128.store(d + 2 * dB, i32x4.shuffle(t2, t3, 0, 1, 4, 5));
      v128.store(d + 3 * dB, i32x4.shuffle(t2, t3, 2, 3, 6, 7));
    }
    for (let c = c4; c < cols; c++) {
      for (let i = 0; i < 4; i++) store<f32>(dst + <usize>c * dB + (<usize>(r + i) << 2), load<f32>(src + <usize>(r + i) * sB + (<usize>c << 2)));
    }
  }
  for (let r = r4; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<f32>(dst + <usize>c * dB + (<usize>r << 2), load<f32>(src + <usize>r * sB + (<usize>c << 2)));
  }
}

/** Columns [0, cols) of A [K, M] (rows ldaB bytes apart), rows k in [0, kc), in gemm's packed-A
 *  layout: groups of four columns of A (four rows of A^T), for each k the group's four values
 *  side by side, which is one 16-byte piece of row k. A last group with fewer columns is padded
 *  with zeros (the tiles do not store those rows of C). */
function packAT(a: usize, ldaB: usize, cols: i32, kc: i32, dst: usize): void {
  let d = dst;
  const full = cols & ~3;
  for (let g = 0; g < full; g += 4) {
    let s = a + (<usize>g << 2);
    let n = kc;
    for (; n >= 4; n -= 4) {
      v128.store(d, v128.load(s));
      v128.store(d, v128.load(s + ldaB), 16);
      v128.store(d, v128.load(s + 2 * ldaB), 32);
      v128.store(d, v128.load(s + 3 * ldaB), 48);
      s += ldaB << 2;
      d += 64;
    }
    for (; n > 0; n--) {
      v128.store(d, v128.load(s));
      s += ldaB;
      d += 16;
    }
  }
  const left = cols - full;
  if (left > 0) {
    let s = a + (<usize>full << 2);
    for (let k = 0; k < kc; k++) {
      store<f32>(d, load<f32>(s));
      store<f32>(d, left > 1 ? load<f32>(s, 4) : 0, 4);
      store<f32>(d, left > 2 ? load<f32>(s, 8) : 0, 8);
      store<f32>(d, 0, 12);
      s += ldaB;
      d += 16;
    }
  }
}

/** Floats of scratch gemmTN needs: a packed block of A (MC x KC) and a packed panel of B (KC x NC). */
export function gemmTNFloats(): i32 {
  return MC * KC + KC * NC;
}

/** C[M, N] (+)= A^T x B for A [K, M] (rows lda floats apart) and B [K, N] (rows ldb floats
 *  apart), C's rows N floats apart: the filter gradient X^T dy, summed over the K pixels. Blocked
 *  as gemm (KC rows of K at a time; B's panel of NC columns packed into strips, A's blocks of MC
 *  columns packed in groups of four) and computed by gemm's tiles. `scratch`: gemmTNFloats(). */
export function gemmTN(a: usize, lda: i32, b: usize, ldb: i32, c: usize, m: i32, k: i32, n: i32, accumulate: bool, scratch: usize): void {
  const ldaB = <usize>lda << 2;
  const ldbB = <usize>ldb << 2;
  const ldc = <usize>n << 2;
  const packA = scratch;
  const packB = scratch + (<usize>(MC * KC) << 2);
  for (let n0 = 0; n0 < n; n0 += NC) {
    const width = min(NC, n - n0);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = min(KC, k - k0);
      const acc = accumulate || k0 > 0;
      const stripB = <usize>kc << 5;
      const bk = b + <usize>k0 * ldbB + (<usize>n0 << 2);
      for (let t = 0; t << 3 < width; t += 2) packPair(bk + (<usize>t << 5), ldbB, kc, min(16, width - (t << 3)), packB + <usize>t * stripB, stripB);
      for (let m0 = 0; m0 < m; m0 += MC) {
        const rows = min(MC, m - m0);
        packAT(a + <usize>k0 * ldaB + (<usize>m0 << 2), ldaB, rows, kc, packA);
        const cm = c + <usize>m0 * ldc + (<usize>n0 << 2);
        for (let j = 0; j < width; j += 8) stripTiles(packA, packB + <usize>(j >> 3) * stripB, cm + (<usize>j << 2), ldc, rows, kc, acc, width - j);
      }
    }
  }
}

/** C[M, N] += A^T x B as gemmTN, for M % 4 == 0 and N % 8 == 0 (a pointwise layer's filter
 *  gradient), without packing: each 4x8 tile reads, for every k, its 16 bytes of A's row and 32
 *  of B's where they are. K goes a block at a time, small enough for the block's rows of A and
 *  B to stay in L1 while every tile passes over them. */
export function gemmTNDirect(a: usize, lda: i32, b: usize, ldb: i32, c: usize, m: i32, k: i32, n: i32): void {
  const ldaB = <usize>lda << 2;
  const ldbB = <usize>ldb << 2;
  const ldc = <usize>n << 2;
  const block = max(16, 6144 / (lda + ldb)); // rows of A and B in about 24 KB
  for (let k0 = 0; k0 < k; k0 += block) {
    const kc = min(block, k - k0);
    const ak = a + <usize>k0 * ldaB;
    const bk = b + <usize>k0 * ldbB;
    for (let i = 0; i < m; i += 4) {
      for (let j = 0; j < n; j += 8) {
        tile4x8(ak + (<usize>i << 2), bk + (<usize>j << 2), c + <usize>i * ldc + (<usize>j << 2), ldc, kc, true, 4, 8, ldaB, ldbB);
      }
    }
  }
}

/** C[M, N] += A^T x B (a filter gradient, C zeroed or holding earlier sums): gemmTNDirect for a
 *  small C (M x N <= 8192 floats, M % 4 == 0, N % 8 == 0), where it measured faster (up to the
 *  pointwise 64 x 128), else gemmTN, which packs and was faster for the larger convolution
 *  filter gradients (test/bench/README.md has both). */
export function filterGemm(a: usize, lda: i32, b: usize, ldb: i32, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if ((m & 3) == 0 && (n & 7) == 0 && m * n <= 8192) gemmTNDirect(a, lda, b, ldb, c, m, k, n);
  else gemmTN(a, lda, b, ldb, c, m, k, n, true, scratch);
}

/** dst[i] += src[i] for n floats (per-thread partial gradients summed). */
export function addInto(dst: usize, src: usize, n: i32): void {
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(dst + i, f32x4.add(v128.load(dst + i), v128.load(src + i)));
  for (; i < end; i += 4) store<f32>(dst + i, load<f32>(dst + i) + load<f32>(src + i));
}

/** The reverse of im2col: the rows of a column matrix for output pixels [p0, p0 + count) of one
 *  image added back into x [H, W, C] where each window read (taps in the padding dropped). */
export function col2im(
  cols: usize, x: usize, h: i32, w: i32, c: i32, p0: i32, count: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
): void {
  const rowBytes = <usize>c << 2;
  let src = cols;
  for (let p = p0; p < p0 + count; p++) {
    const oh = p / wo;
    const ow = p - oh * wo;
    for (let i = 0; i < kh; i++) {
      const ih = oh * sh - pt + i * dh;
      const rowInside = ih >= 0 && ih < h;
      for (let j = 0; j < kw; j++) {
        const iw = ow * sw - pl + j * dw;
        if (rowInside && iw >= 0 && iw < w) addRow(x + ((<usize>ih * <usize>w + <usize>iw) * rowBytes), src, rowBytes);
        src += rowBytes;
      }
    }
  }
}

// @ts-ignore: decorator
@inline function addRow(d: usize, s: usize, bytes: usize): void {
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s + o)));
  for (; o < bytes; o += 4) store<f32>(d + o, load<f32>(d + o) + load<f32>(s + o));
}

/** A standard convolution's input gradient for images [n0, n1), output pixels `chunk` at a
 *  time: their window gradients dy x W^T (W^T [Cout, KH*KW*C] packed by packB) into `cols`
 *  (chunk x KH*KW*C floats), then added into dx [N, H, W, C] by col2im. Images are the unit of
 *  work of a thread: the windows of one image overlap in dx. */
export function convBackInput(
  dy: usize, cout: i32, cols: usize, pack: usize, wt: usize, dx: usize, h: i32, w: i32, c: i32, n0: i32, n1: i32, ho: i32, wo: i32, chunk: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
): void {
  const k = kh * kw * c;
  const pixels = ho * wo;
  const imageB = <usize>h * <usize>w * (<usize>c << 2);
  for (let n = n0; n < n1; n++) {
    const dxn = dx + <usize>n * imageB;
    const dyn = dy + (<usize>n * <usize>pixels * <usize>cout << 2);
    memory.fill(dxn, 0, imageB);
    for (let p0 = 0; p0 < pixels; p0 += chunk) {
      const count = min(chunk, pixels - p0);
      gemm(dyn + (<usize>p0 * <usize>cout << 2), cout, wt, cols, count, cout, k, false, pack);
      col2im(cols, dxn, h, w, c, p0, count, wo, kh, kw, sh, sw, dh, dw, pt, pl);
    }
  }
}

/** A standard convolution's filter gradient over output pixels [q0, q1) of the whole batch
 *  (image after image), `chunk` at a time within an image: im2col of their windows into `cols`,
 *  then dW[KH*KW*C, Cout] += cols^T x dy. Threads sum into dW buffers of their own. (Packing the
 *  windows straight from x, as the forward op does, measured slower here: test/bench/README.md.) */
export function convBackFilter(
  x: usize, h: i32, w: i32, c: i32, cols: usize, scratch: usize, dy: usize, cout: i32, dwt: usize, q0: i32, q1: i32, ho: i32, wo: i32, chunk: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
): void {
  const k = kh * kw * c;
  const pixels = ho * wo;
  const imageB = <usize>h * <usize>w * (<usize>c << 2);
  let q = q0;
  while (q < q1) {
    const n = q / pixels;
    const p0 = q - n * pixels;
    const count = min(chunk, min(pixels - p0, q1 - q));
    im2col(x + <usize>n * imageB, h, w, c, cols, p0, count, wo, kh, kw, sh, sw, dh, dw, pt, pl);
    filterGemm(cols, k, dy + (<usize>q * <usize>cout << 2), cout, dwt, k, count, cout, scratch);
    q += count;
  }
}

/** Depthwise input gradient of images [n0, n1) (C % 4 == 0, channels expanded for the depth
 *  multiplier): every output pixel's dy, times each tap, added into dx where that tap read
 *  (dx[ih, iw, j] += dy[oh, ow, j] * f[tap, j]); each image's dx [H, W, C] zeroed first. Images
 *  are the unit of work of a thread: neighbouring windows overlap in dx. */
export function depthwiseBackInput4(
  dy: usize, ho: i32, wo: i32, c: i32, f: usize, dx: usize, h: i32, w: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, n0: i32, n1: i32,
): void {
  const cb = <usize>c << 2;
  const rowB = <usize>w * cb;
  const gather = kh == 3 && kw == 3 && sh == 2 && sw == 2 && dh == 1 && dw == 1;
  for (let n = n0; n < n1; n++) {
    const dyn = dy + <usize>n * <usize>(ho * wo) * cb;
    const dxn = dx + <usize>n * <usize>h * rowB;
    if (gather) for (let ih = 0; ih < h; ih++) dw3s2InputRow(dyn, ho, wo, cb, f, dxn + <usize>ih * rowB, w, ih + pt, pl);
    else depthwiseBackInputImage(dyn, ho, wo, cb, f, dxn, h, w, rowB, kh, kw, sh, sw, dh, dw, pt, pl);
  }
}

/** One row of dx for a 3x3 window at stride 2 (no dilation), gathered: each dx value sums the
 *  dy values whose windows read it, in registers, and is written once (no zeroing, no
 *  read-modify-write). `t` = ih + padTop: an even t is read by window rows 0 and 2 (of output
 *  rows t/2 and t/2 - 1), an odd one by row 1 (of (t - 1)/2); across the row the same holds for
 *  e = iw + padLeft and the window's columns. The scatter kernel spent as much on its loops and
 *  on re-reading dx as on its 2.25 taps per dx value. */
function dw3s2InputRow(dy: usize, ho: i32, wo: i32, cb: usize, f: usize, dxRow: usize, w: i32, t: i32, pl: i32): void {
  const rowDy = <usize>wo * cb;
  const fRow = cb * 3;
  if ((t & 1) == 0) {
    const oa = t >> 1; // window row 0
    const ob = oa - 1; // window row 2
    const va = oa < ho;
    const vb = ob >= 0 && ob < ho;
    if (va && vb) dw3s2Columns(dy + <usize>oa * rowDy, dy + <usize>ob * rowDy, wo, cb, f, f + (fRow << 1), dxRow, w, pl, 2);
    else if (va) dw3s2Columns(dy + <usize>oa * rowDy, 0, wo, cb, f, 0, dxRow, w, pl, 1);
    else if (vb) dw3s2Columns(dy + <usize>ob * rowDy, 0, wo, cb, f + (fRow << 1), 0, dxRow, w, pl, 1);
    else memory.fill(dxRow, 0, <usize>w * cb);
  } else {
    const o = t >> 1;
    if (o < ho) dw3s2Columns(dy + <usize>o * rowDy, 0, wo, cb, f + fRow, 0, dxRow, w, pl, 1);
    else memory.fill(dxRow, 0, <usize>w * cb);
  }
}

/** The columns of one dx row from `rows` (1 or 2) rows of dy (dyA with filter row fA, dyB with
 *  fB), four channels at a time: for e = iw + pl even, dy[e/2] * f[0] + dy[e/2 - 1] * f[2]; for
 *  e odd, dy[(e-1)/2] * f[1] (dy outside [0, wo) counting zero). */
// @ts-ignore: decorator
@inline function dw3s2Columns(dyA: usize, dyB: usize, wo: i32, cb: usize, fA: usize, fB: usize, dxRow: usize, w: i32, pl: i32, rows: i32): void {
  const zero = f32x4.splat(0);
  const cb2 = cb << 1;
  let ch: usize = 0;
  do {
    const a0 = v128.load(fA + ch), a1 = v128.load(fA + cb + ch), a2 = v128.load(fA + cb2 + ch);
    const b0 = rows == 2 ? v128.load(fB + ch) : zero;
    const b1 = rows == 2 ? v128.load(fB + cb + ch) : zero;
    const b2 = rows == 2 ? v128.load(fB + cb2 + ch) : zero;
    // e runs over [pl, pl + w); q = e >> 1 indexes dy. prevA/B: dy[q - 1], curA/B: dy[q].
    let e = pl;
    let po = dxRow + ch;
    let q = e >> 1;
    let prevA = q >= 1 && q - 1 < wo ? v128.load(dyA + <usize>(q - 1) * cb + ch) : zero;
    let prevB = rows == 2 && q >= 1 && q - 1 < wo ? v128.load(dyB + <usize>(q - 1) * cb + ch) : zero;
    const end = pl + w;
    if (e & 1) {
      // A first odd column: dy[q] * f[1].
      const curA = q < wo ? v128.load(dyA + <usize>q * cb + ch) : zero;
      let v = f32x4.mul(curA, a1);
      if (rows == 2) v = madd(v, q < wo ? v128.load(dyB + <usize>q * cb + ch) : zero, b1);
      v128.store(po, v);
      po += cb;
      e++;
      q++;
      prevA = curA;
      if (rows == 2) prevB = q - 1 < wo ? v128.load(dyB + <usize>(q - 1) * cb + ch) : zero;
    }
    // Pairs (even e, odd e + 1) while dy[q] exists: no bounds tests inside.
    const qEnd = min(wo, end >> 1); // a pair needs e + 1 = 2q + 1 < end
    while (q < qEnd) {
      const curA = v128.load(dyA + <usize>q * cb + ch);
      let even = madd(f32x4.mul(curA, a0), prevA, a2);
      let odd = f32x4.mul(curA, a1);
      if (rows == 2) {
        const curB = v128.load(dyB + <usize>q * cb + ch);
        even = madd(madd(even, curB, b0), prevB, b2);
        odd = madd(odd, curB, b1);
        prevB = curB;
      }
      v128.store(po, even);
      v128.store(po + cb, odd);
      po += cb2;
      e += 2;
      q++;
      prevA = curA;
    }
    // The rest (at most the row's end), with bounds tests.
    while (e < end) {
      const curA = q < wo ? v128.load(dyA + <usize>q * cb + ch) : zero;
      const curB = rows == 2 && q < wo ? v128.load(dyB + <usize>q * cb + ch) : zero;
      if ((e & 1) == 0) {
        let v = madd(f32x4.mul(curA, a0), prevA, a2);
        if (rows == 2) v = madd(madd(v, curB, b0), prevB, b2);
        v128.store(po, v);
      } else {
        let v = f32x4.mul(curA, a1);
        if (rows == 2) v = madd(v, curB, b1);
        v128.store(po, v);
        q++;
        prevA = curA;
        prevB = curB;
      }
      po += cb;
      e++;
    }
    ch += 16;
  } while (ch < cb);
}

function depthwiseBackInputImage(
  dy: usize, ho: i32, wo: i32, cb: usize, f: usize, dx: usize, h: i32, w: i32, rowB: usize,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
): void {
  memory.fill(dx, 0, <usize>h * rowB);
  let pd = dy;
  for (let oh = 0; oh < ho; oh++) {
    const i0 = tapLo(oh, sh, pt, dh);
    const i1 = tapHi(oh, sh, pt, dh, kh, h);
    for (let ow = 0; ow < wo; ow++) {
      const j0 = tapLo(ow, sw, pl, dw);
      const j1 = tapHi(ow, sw, pl, dw, kw, w);
      if (i0 < i1 && j0 < j1) {
        const xw = dx + <usize>(oh * sh - pt + i0 * dh) * rowB + <usize>(ow * sw - pl + j0 * dw) * cb;
        const fw = f + <usize>(i0 * kw + j0) * cb;
        let ch: usize = 0;
        for (; ch + 64 <= cb; ch += 64) dwScatter(pd + ch, xw + ch, fw + ch, cb, i1 - i0, j1 - j0, <usize>dh * rowB, <usize>dw * cb, <usize>kw * cb, 4);
        for (; ch < cb; ch += 16) dwScatter(pd + ch, xw + ch, fw + ch, cb, i1 - i0, j1 - j0, <usize>dh * rowB, <usize>dw * cb, <usize>kw * cb, 1);
      }
      pd += cb;
    }
  }
}

/** `vectors` (1 or 4) groups of four channels of one output pixel's dy (held in registers),
 *  times each of ni x nj taps, added into the input pixels they read. */
// @ts-ignore: decorator
@inline function dwScatter(pd: usize, xw: usize, fw: usize, cb: usize, ni: i32, nj: i32, xStepI: usize, xStepJ: usize, fStepI: usize, vectors: i32): void {
  const g0 = v128.load(pd);
  const g1 = vectors == 4 ? v128.load(pd, 16) : g0;
  const g2 = vectors == 4 ? v128.load(pd, 32) : g0;
  const g3 = vectors == 4 ? v128.load(pd, 48) : g0;
  let xi = xw;
  let fi = fw;
  for (let i = 0; i < ni; i++) {
    let xs = xi;
    let fs = fi;
    for (let j = 0; j < nj; j++) {
      v128.store(xs, madd(v128.load(xs), g0, v128.load(fs)));
      if (vectors == 4) {
        v128.store(xs, madd(v128.load(xs, 16), g1, v128.load(fs, 16)), 16);
        v128.store(xs, madd(v128.load(xs, 32), g2, v128.load(fs, 32)), 32);
        v128.store(xs, madd(v128.load(xs, 48), g3, v128.load(fs, 48)), 48);
      }
      xs += xStepJ;
      fs += cb;
    }
    xi += xStepI;
    fi += fStepI;
  }
}

/** Depthwise filter gradient over output rows [r0, r1) of the whole batch (row r is row r % Ho
 *  of image r / Ho; C % 4 == 0, channels expanded): df[tap, j] += the sum of x[ih, iw, j] *
 *  dy[oh, ow, j] over the pixels whose tap lands inside the image. For each output row and tap,
 *  the run of output columns where that tap is inside is summed in registers, then added to the
 *  tap's row of df. Threads sum into df buffers of their own. `xc` is x's floats per pixel: c,
 *  or 1 for a one-channel input whose value every lane shares (a one-channel convolution, M =
 *  Cout: no expanded copy of x, and one load of x feeds four vectors of dy). */
export function depthwiseBackFilter4(
  x: usize, h: i32, w: i32, c: i32, dy: usize, ho: i32, wo: i32, df: usize,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, r0: i32, r1: i32, xc: i32,
): void {
  const cb = <usize>c << 2;
  const xcb = <usize>xc << 2;
  const rowB = <usize>w * xcb;
  const xStep = <usize>sw * xcb;
  const shared = xc == 1;
  // A one-channel input at stride 1 with four groups of channels or more: taps in pairs.
  const paired = shared && sw == 1 && dw == 1 && cb >= 64;
  for (let r = r0; r < r1; r++) {
    const n = r / ho;
    const oh = r - n * ho;
    const i0 = tapLo(oh, sh, pt, dh);
    const i1 = tapHi(oh, sh, pt, dh, kh, h);
    const dyRow = dy + <usize>r * <usize>wo * cb;
    const xn = x + <usize>n * <usize>h * rowB;
    for (let i = i0; i < i1; i++) {
      const xRow = xn + <usize>(oh * sh - pt + i * dh) * rowB;
      const fdRow = df + <usize>(i * kw) * cb;
      let j = 0;
      // A one-channel input at stride 1: two neighbouring taps at once, over the columns where
      // both are inside. They share each pixel's dy vectors, and the right tap's x is the left
      // tap's at the next pixel: one load of x and four of dy feed eight multiply-adds instead
      // of four. The columns only one of them covers go below, tap by tap.
      if (paired) {
        for (; j + 1 < kw; j += 2) {
          const off = j - pl;
          const lo = max(0, -off); // tap j's first column (tap j + 1's is at most this)
          const hi = min(wo, w - 1 - off); // tap j + 1's end (tap j's is at least this)
          if (lo < hi) {
            const xs = xRow + <usize>(lo + off) * xcb;
            const ds = dyRow + <usize>lo * cb;
            const fd = fdRow + <usize>j * cb;
            let ch: usize = 0;
            for (; ch + 64 <= cb; ch += 64) dwTapPair(xs, ds + ch, fd + ch, cb, hi - lo);
            for (; ch < cb; ch += 16) {
              dwTapSum(xs, ds + ch, fd + ch, cb, xStep, hi - lo, 1, true);
              dwTapSum(xs + xcb, ds + ch, fd + cb + ch, cb, xStep, hi - lo, 1, true);
            }
          }
          const from = lo < hi ? lo : 0;
          const to = lo < hi ? hi : 0;
          dwTapRange(xRow, dyRow, fdRow + <usize>j * cb, cb, xcb, xStep, w, wo, sw, off, 0, from, true);
          dwTapRange(xRow, dyRow, fdRow + <usize>j * cb, cb, xcb, xStep, w, wo, sw, off, to, wo, true);
          dwTapRange(xRow, dyRow, fdRow + <usize>(j + 1) * cb, cb, xcb, xStep, w, wo, sw, off + 1, 0, from, true);
          dwTapRange(xRow, dyRow, fdRow + <usize>(j + 1) * cb, cb, xcb, xStep, w, wo, sw, off + 1, to, wo, true);
        }
      }
      // The pairs leave an odd width's last tap: the loop below pairs it across window rows.
      if (paired) continue;
      for (; j < kw; j++) {
        const fd = fdRow + <usize>j * cb;
        if (shared) dwTapRange(xRow, dyRow, fd, cb, xcb, xStep, w, wo, sw, j * dw - pl, 0, wo, true);
        else dwTapRange(xRow, dyRow, fd, cb, xcb, xStep, w, wo, sw, j * dw - pl, 0, wo, false);
      }
    }
    if (paired && (kw & 1)) {
      // An odd width's last tap, two window rows at once: they share this output row's dy
      // vectors (x comes from two input rows), eight sums instead of four.
      const j = kw - 1;
      const off = j - pl;
      const lo = max(0, -off);
      const hi = min(wo, w - off);
      let i = i0;
      for (; i + 1 < i1 && lo < hi; i += 2) {
        const xs = xn + <usize>(oh * sh - pt + i * dh) * rowB + <usize>(lo + off) * xcb;
        const ds = dyRow + <usize>lo * cb;
        const fd = df + <usize>(i * kw + j) * cb;
        let ch: usize = 0;
        for (; ch + 64 <= cb; ch += 64) dwTapRows(xs, <usize>dh * rowB, ds + ch, fd + ch, <usize>kw * cb, cb, hi - lo);
        for (; ch < cb; ch += 16) {
          dwTapSum(xs, ds + ch, fd + ch, cb, xStep, hi - lo, 1, true);
          dwTapSum(xs + <usize>dh * rowB, ds + ch, fd + <usize>kw * cb + ch, cb, xStep, hi - lo, 1, true);
        }
      }
      for (; i < i1; i++) {
        const xRow = xn + <usize>(oh * sh - pt + i * dh) * rowB;
        dwTapRange(xRow, dyRow, df + <usize>(i * kw + j) * cb, cb, xcb, xStep, w, wo, sw, off, 0, wo, true);
      }
    }
  }
}

/** One tap of two window rows (x of the second `rowStep` bytes after the first's) for a
 *  one-channel input at stride 1, four groups of four channels: over n pixels, the sums of
 *  x * dy into fd and fd + fdStep, dy loaded once for both. */
// @ts-ignore: decorator
@inline function dwTapRows(xs: usize, rowStep: usize, ds: usize, fd: usize, fdStep: usize, cb: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
  let b0 = zero, b1 = zero, b2 = zero, b3 = zero;
  let p = xs;
  let q = ds;
  for (let left = n; left > 0; left--) {
    const xa = v128.load32_splat(p);
    const xb = v128.load32_splat(p + rowStep);
    const d0 = v128.load(q), d1 = v128.load(q, 16), d2 = v128.load(q, 32), d3 = v128.load(q, 48);
    a0 = madd(a0, xa, d0); a1 = madd(a1, xa, d1); a2 = madd(a2, xa, d2); a3 = madd(a3, xa, d3);
    b0 = madd(b0, xb, d0); b1 = madd(b1, xb, d1); b2 = madd(b2, xb, d2); b3 = madd(b3, xb, d3);
    p += 4;
    q += cb;
  }
  addVectors(fd, a0, a1, a2, a3);
  addVectors(fd + fdStep, b0, b1, b2, b3);
}

/** One tap's sums over output columns [from, to) of a row, clipped to the columns where the tap
 *  (x column ow*sw + off) lands inside the row. */
// @ts-ignore: decorator
@inline function dwTapRange(
  xRow: usize, dyRow: usize, fd: usize, cb: usize, xcb: usize, xStep: usize, w: i32, wo: i32, sw: i32, off: i32, from: i32, to: i32, shared: bool,
): void {
  const lo = max(from, off >= 0 ? 0 : (-off + sw - 1) / sw);
  const hi = min(to, w - 1 - off < 0 ? 0 : min(wo, (w - 1 - off) / sw + 1));
  if (lo >= hi) return;
  const xs = xRow + <usize>(lo * sw + off) * xcb;
  const ds = dyRow + <usize>lo * cb;
  let ch: usize = 0;
  if (shared) {
    for (; ch + 64 <= cb; ch += 64) dwTapSum(xs, ds + ch, fd + ch, cb, xStep, hi - lo, 4, true);
    for (; ch < cb; ch += 16) dwTapSum(xs, ds + ch, fd + ch, cb, xStep, hi - lo, 1, true);
  } else {
    for (; ch + 64 <= cb; ch += 64) dwTapSum(xs + ch, ds + ch, fd + ch, cb, xStep, hi - lo, 4, false);
    for (; ch < cb; ch += 16) dwTapSum(xs + ch, ds + ch, fd + ch, cb, xStep, hi - lo, 1, false);
  }
}

/** Two neighbouring taps of a one-channel input at stride 1, four groups of four channels: over n
 *  pixels, the sums of x[p] * dy[p] (into fd) and of x[p + 1] * dy[p] (into fd + cb), x one float
 *  per pixel. */
// @ts-ignore: decorator
@inline function dwTapPair(xs: usize, ds: usize, fd: usize, cb: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
  let b0 = zero, b1 = zero, b2 = zero, b3 = zero;
  let p = xs;
  let q = ds;
  let xa = v128.load32_splat(p);
  for (let left = n; left > 0; left--) {
    const xb = v128.load32_splat(p, 4);
    const d0 = v128.load(q), d1 = v128.load(q, 16), d2 = v128.load(q, 32), d3 = v128.load(q, 48);
    a0 = madd(a0, xa, d0); a1 = madd(a1, xa, d1); a2 = madd(a2, xa, d2); a3 = madd(a3, xa, d3);
    b0 = madd(b0, xb, d0); b1 = madd(b1, xb, d1); b2 = madd(b2, xb, d2); b3 = madd(b3, xb, d3);
    xa = xb;
    p += 4;
    q += cb;
  }
  addVectors(fd, a0, a1, a2, a3);
  addVectors(fd + cb, b0, b1, b2, b3);
}

/** Four vectors (sixteen channels' sums) added to the 64 bytes at fd. */
// @ts-ignore: decorator
@inline function addVectors(fd: usize, a0: v128, a1: v128, a2: v128, a3: v128): void {
  v128.store(fd, f32x4.add(v128.load(fd), a0));
  v128.store(fd, f32x4.add(v128.load(fd, 16), a1), 16);
  v128.store(fd, f32x4.add(v128.load(fd, 32), a2), 32);
  v128.store(fd, f32x4.add(v128.load(fd, 48), a3), 48);
}

/** `vectors` (1 or 4) groups of four channels: the sum over n pixels of x * dy (x pixels xStep
 *  bytes apart, dy pixels cb apart), added to fd; `shared`: one x value per pixel for every lane.
 *  One vector sums even and odd pixels apart, so its additions do not wait on each other. */
// @ts-ignore: decorator
@inline function dwTapSum(xs: usize, ds: usize, fd: usize, cb: usize, xStep: usize, n: i32, vectors: i32, shared: bool): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let p = xs;
  let q = ds;
  let left = n;
  if (vectors == 1) {
    for (; left >= 2; left -= 2) {
      a0 = madd(a0, shared ? v128.load32_splat(p) : v128.load(p), v128.load(q));
      a1 = madd(a1, shared ? v128.load32_splat(p + xStep) : v128.load(p + xStep), v128.load(q + cb));
      p += xStep << 1;
      q += cb << 1;
    }
    if (left > 0) a0 = madd(a0, shared ? v128.load32_splat(p) : v128.load(p), v128.load(q));
    v128.store(fd, f32x4.add(v128.load(fd), f32x4.add(a0, a1)));
    return;
  }
  for (; left > 0; left--) {
    const s = shared ? v128.load32_splat(p) : f32x4.splat(0);
    a0 = madd(a0, shared ? s : v128.load(p), v128.load(q));
    a1 = madd(a1, shared ? s : v128.load(p, 16), v128.load(q, 16));
    a2 = madd(a2, shared ? s : v128.load(p, 32), v128.load(q, 32));
    a3 = madd(a3, shared ? s : v128.load(p, 48), v128.load(q, 48));
    p += xStep;
    q += cb;
  }
  addVectors(fd, a0, a1, a2, a3);
}

/** Rows of c4 floats whose first c * m values are groups of m (an input channel's m output
 *  channels of a depthwise layer) -> rows of c floats, each the sum of its group: the input
 *  gradient of the depth multiplier's copies. */
export function sumGroups(src: usize, rows: i32, c4: i32, c: i32, m: i32, dst: usize): void {
  const inB = <usize>c4 << 2;
  let s = src;
  let d = dst;
  if ((m & 3) == 0) {
    // Groups of whole vectors (a one-channel conv's M = Cout, usually a multiple of four):
    // vectors summed, then their four lanes.
    const groupB = <usize>m << 2;
    for (let r = 0; r < rows; r++) {
      let q = s;
      for (let ch = 0; ch < c; ch++) {
        let v = v128.load(q);
        for (let o: usize = 16; o < groupB; o += 16) v = f32x4.add(v, v128.load(q + o));
        v = f32x4.add(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
        v = f32x4.add(v, i32x4.shuffle(v, v, 1, 0, 3, 2));
        store<f32>(d, f32x4.extract_lane(v, 0));
        d += 4;
        q += groupB;
      }
      s += inB;
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    let q = s;
    for (let ch = 0; ch < c; ch++) {
      let sum: f32 = 0;
      for (let k = 0; k < m; k++) {
        sum += load<f32>(q);
        q += 4;
      }
      store<f32>(d, sum);
      d += 4;
    }
    s += inB;
  }
}

/** dst[ch] = sum over `pixels` rows of src[p, ch] (c floats per row), summed in float64 in
 *  `acc` (c float64s): the bias gradient, summed as precisely as the reference loop. Blocks of
 *  rows, a group of channels at a time, as the kernels in norm.ts. */
export function channelSums(src: usize, pixels: i32, c: i32, acc: usize, dst: usize): void {
  const rowB = <usize>c << 2;
  const rb = blockRows(rowB);
  memory.fill(acc, 0, <usize>c << 3);
  for (let r0 = 0; r0 < pixels; r0 += rb) addRowSums(src + <usize>r0 * rowB, min(rb, pixels - r0), c, acc, false, false, 0, 0, 0);
  for (let ch = 0; ch < c; ch++) store<f32>(dst + (<usize>ch << 2), <f32>load<f64>(acc + (<usize>ch << 3)));
}

// How the gradient passes mask dy for a ReLU after the normalization (its gradient, as reluGrad
// gives it): not at all, by the ReLU's output y > 0, or by the forward's own test recomputed from
// x, (x - mean) * k + offset > 0 with batchNormalize's float32 operations (the same bits as y > 0
// on the output it wrote: max(v, 0) > 0 exactly when v > 0, NaN and -0 included), which spares
// the passes reading y.
const NO_MASK = 0;
const MASK_Y = 1;
const MASK_X = 2;

/** dy masked for mode MASK_Y (by y at py) or MASK_X (by xc * k + o > 0, xc = x - mean). */
// @ts-ignore: decorator
@inline function maskDy(d: v128, mode: i32, py: usize, xc: v128, k: v128, o: v128): v128 {
  const zero = f32x4.splat(0);
  if (mode == MASK_Y) return v128.and(d, f32x4.gt(v128.load(py), zero));
  if (mode == MASK_X) return v128.and(d, f32x4.gt(scaleShift(xc, k, o), zero));
  return d;
}

/** One block's sums for `vectors` (1 or 2) groups of four channels: of dy and of dy * (x - mean)
 *  (mean, and for MASK_X k and offset: float32s at m, k, o), dy masked as `mode` says; added to
 *  the float64 totals at `at` (dy) and `atP` (dy * xc). `pooled`: dy is one row per image of
 *  `pixels` rows (the gradient of global average pooling, every pixel's the same), the block's
 *  first row `left` rows before the next image; dy's rows are then `cb` bytes apart. */
// @ts-ignore: decorator
@inline function gradSumVectors(pd0: usize, px0: usize, py0: usize, rowB: usize, n: i32, m: usize, k: usize, o: usize, at: usize, atP: usize, vectors: i32, mode: i32, pooled: bool = false, left0: i32 = 0, pixels: i32 = 0, cb: usize = 0): void {
  const zero = f32x4.splat(0);
  let s0 = zero, s1 = zero, q0 = zero, q1 = zero;
  const m0 = v128.load(m);
  const m1 = vectors == 2 ? v128.load(m, 16) : zero;
  const k0 = mode == MASK_X ? v128.load(k) : zero;
  const k1 = mode == MASK_X && vectors == 2 ? v128.load(k, 16) : zero;
  const o0 = mode == MASK_X ? v128.load(o) : zero;
  const o1 = mode == MASK_X && vectors == 2 ? v128.load(o, 16) : zero;
  let pd = pd0;
  let px = px0;
  let py = py0;
  let left = left0;
  for (let r = n; r > 0; r--) {
    const xc0 = f32x4.sub(v128.load(px), m0);
    const d0 = maskDy(v128.load(pd), mode, py, xc0, k0, o0);
    s0 = f32x4.add(s0, d0);
    q0 = madd(q0, d0, xc0);
    if (vectors == 2) {
      const xc1 = f32x4.sub(v128.load(px, 16), m1);
      const d1 = maskDy(v128.load(pd, 16), mode, py + 16, xc1, k1, o1);
      s1 = f32x4.add(s1, d1);
      q1 = madd(q1, d1, xc1);
    }
    if (!pooled) pd += rowB;
    else if (--left == 0) {
      pd += cb;
      left = pixels;
    }
    px += rowB;
    if (mode == MASK_Y) py += rowB;
  }
  addTotal(at, s0);
  addTotal(atP, q0);
  if (vectors == 2) {
    addTotal(at + 32, s1);
    addTotal(atP + 32, q1);
  }
}

/** The mask mode of a gradient pass: y != 0, by y; else k != 0, by x; else none. */
// @ts-ignore: decorator
@inline function maskMode(y: usize, k: usize): i32 {
  return y != 0 ? MASK_Y : k != 0 ? MASK_X : NO_MASK;
}

/** dy at p, masked as `mode` says (scalar: the vector paths' tails). */
// @ts-ignore: decorator
@inline function maskedScalar(p: usize, mode: i32, py: usize, xc: f32, k: f32, o: f32): f32 {
  if (mode == MASK_Y) return load<f32>(py) > 0 ? load<f32>(p) : 0;
  if (mode == MASK_X) return xc * k + o > 0 ? load<f32>(p) : 0;
  return load<f32>(p);
}

/** Batch normalization's gradient, first pass: per channel (the last axis, c floats per row)
 *  acc[ch] = the sum of dy and acc[c + ch] = the sum of dy * (x - mean) over `rows` rows (acc:
 *  2c float64s, zeroed here; float32 block sums, as batchNormMoments). A ReLU after the
 *  normalization: dy is first masked, by its output y > 0 when y != 0, else when k != 0 by the
 *  forward's (x - mean) * k + offset > 0 (k, offset: c float32s, batchNormalize's). */
export function batchNormSums(dy: usize, x: usize, mean: usize, y: usize, k: usize, offset: usize, rows: i32, c: i32, acc: usize): void {
  const mode = maskMode(y, k);
  if (mode == MASK_Y) gradSums(dy, x, mean, y, k, offset, rows, c, acc, MASK_Y);
  else if (mode == MASK_X) gradSums(dy, x, mean, y, k, offset, rows, c, acc, MASK_X);
  else gradSums(dy, x, mean, y, k, offset, rows, c, acc, NO_MASK);
}

/** The sums pass over blocks of rows. `pooled`: dy (g) holds one row per image of `pixels`
 *  rows, read for each of them (gradSumVectors). */
// @ts-ignore: decorator
@inline function gradSums(dy: usize, x: usize, mean: usize, y: usize, k: usize, offset: usize, rows: i32, c: i32, acc: usize, mode: i32, pooled: bool = false, pixels: i32 = 0): void {
  const c4 = c & ~3;
  const c8 = c & ~7;
  const rowB = <usize>c << 2;
  const rb = blockRows(rowB);
  const accP = acc + (<usize>c << 3);
  memory.fill(acc, 0, <usize>c << 4);
  for (let r0 = 0; r0 < rows; r0 += rb) {
    const n = min(rb, rows - r0);
    const off = <usize>r0 * rowB;
    // Where the block's dy starts, and (pooled) how many rows are left of its first image.
    const img = pooled ? r0 / pixels : 0;
    const pd0 = pooled ? dy + <usize>img * rowB : dy + off;
    const left = pooled ? pixels - (r0 - img * pixels) : 0;
    let ch = 0;
    for (; ch < c8; ch += 8) {
      const v = <usize>ch << 2;
      const a = <usize>ch << 3;
      gradSumVectors(pd0 + v, x + off + v, y + off + v, rowB, n, mean + v, k + v, offset + v, acc + a, accP + a, 2, mode, pooled, left, pixels, rowB);
    }
    for (; ch < c4; ch += 4) {
      const v = <usize>ch << 2;
      const a = <usize>ch << 3;
      gradSumVectors(pd0 + v, x + off + v, y + off + v, rowB, n, mean + v, k + v, offset + v, acc + a, accP + a, 1, mode, pooled, left, pixels, rowB);
    }
    for (; ch < c; ch++) {
      const v = <usize>ch << 2;
      const m = load<f32>(mean + v);
      const sk: f32 = mode == MASK_X ? load<f32>(k + v) : 0;
      const so: f32 = mode == MASK_X ? load<f32>(offset + v) : 0;
      let s: f32 = 0, q: f32 = 0;
      let pd = pd0 + v;
      let px = x + off + v;
      let py = y + off + v;
      let l = left;
      for (let r = n; r > 0; r--) {
        const xc = load<f32>(px) - m;
        const d = maskedScalar(pd, mode, py, xc, sk, so);
        s += d;
        q += d * xc;
        if (!pooled) pd += rowB;
        else if (--l == 0) {
          pd += rowB;
          l = pixels;
        }
        px += rowB;
        py += rowB;
      }
      const a = <usize>ch << 3;
      store<f64>(acc + a, load<f64>(acc + a) + <f64>s);
      store<f64>(accP + a, load<f64>(accP + a) + <f64>q);
    }
  }
}

/** One block of the second pass for `vectors` (1 or 2) groups of four channels a row (a, b, d,
 *  mean, and for MASK_X k and offset: float32s at the pointers); two groups share the loop's
 *  pointer steps. Each group's store follows its own loads (dx may be dy: the same lines, group
 *  by group). */
// @ts-ignore: decorator
@inline function applyVectors(pd0: usize, px0: usize, py0: usize, po0: usize, rowB: usize, n: i32, a: usize, b: usize, d: usize, m: usize, k: usize, o: usize, vectors: i32, mode: i32, pooled: bool = false, left0: i32 = 0, pixels: i32 = 0, cb: usize = 0): void {
  const zero = f32x4.splat(0);
  const two = vectors == 2;
  const a0 = v128.load(a), b0 = v128.load(b), d0 = v128.load(d), m0 = v128.load(m);
  const a1 = two ? v128.load(a, 16) : zero, b1 = two ? v128.load(b, 16) : zero;
  const d1 = two ? v128.load(d, 16) : zero, m1 = two ? v128.load(m, 16) : zero;
  const k0 = mode == MASK_X ? v128.load(k) : zero;
  const o0 = mode == MASK_X ? v128.load(o) : zero;
  const k1 = two && mode == MASK_X ? v128.load(k, 16) : zero;
  const o1 = two && mode == MASK_X ? v128.load(o, 16) : zero;
  let pd = pd0;
  let px = px0;
  let py = py0;
  let po = po0;
  let left = left0;
  for (let r = n; r > 0; r--) {
    const xc0 = f32x4.sub(v128.load(px), m0);
    const g0 = maskDy(v128.load(pd), mode, py, xc0, k0, o0);
    v128.store(po, madd(madd(d0, b0, xc0), a0, g0));
    if (two) {
      const xc1 = f32x4.sub(v128.load(px, 16), m1);
      const g1 = maskDy(v128.load(pd, 16), mode, py + 16, xc1, k1, o1);
      v128.store(po, madd(madd(d1, b1, xc1), a1, g1), 16);
    }
    if (!pooled) pd += rowB;
    else if (--left == 0) {
      pd += cb;
      left = pixels;
    }
    px += rowB;
    if (mode == MASK_Y) py += rowB;
    po += rowB;
  }
}

/** Batch normalization's gradient, second pass: dx = a * dy + (b * (x - mean) + d) per channel
 *  (a, b, d: c floats each, computed by the host from the sums), dy masked as in batchNormSums. */
export function batchNormApply(dy: usize, x: usize, mean: usize, y: usize, k: usize, offset: usize, a: usize, b: usize, d: usize, rows: i32, c: i32, dx: usize): void {
  const mode = maskMode(y, k);
  if (mode == MASK_Y) gradApply(dy, x, mean, y, k, offset, a, b, d, rows, c, dx, MASK_Y);
  else if (mode == MASK_X) gradApply(dy, x, mean, y, k, offset, a, b, d, rows, c, dx, MASK_X);
  else gradApply(dy, x, mean, y, k, offset, a, b, d, rows, c, dx, NO_MASK);
}

/** The apply pass over blocks of rows; `pooled` as in gradSums. */
// @ts-ignore: decorator
@inline function gradApply(dy: usize, x: usize, mean: usize, y: usize, k: usize, offset: usize, a: usize, b: usize, d: usize, rows: i32, c: i32, dx: usize, mode: i32, pooled: bool = false, pixels: i32 = 0): void {
  const c4 = c & ~3;
  const c8 = c & ~7;
  const rowB = <usize>c << 2;
  const rb = blockRows(rowB);
  for (let r0 = 0; r0 < rows; r0 += rb) {
    const n = min(rb, rows - r0);
    const off = <usize>r0 * rowB;
    const img = pooled ? r0 / pixels : 0;
    const pd0 = pooled ? dy + <usize>img * rowB : dy + off;
    const left = pooled ? pixels - (r0 - img * pixels) : 0;
    let ch = 0;
    for (; ch < c8; ch += 8) {
      const v = <usize>ch << 2;
      applyVectors(pd0 + v, x + off + v, y + off + v, dx + off + v, rowB, n, a + v, b + v, d + v, mean + v, k + v, offset + v, 2, mode, pooled, left, pixels, rowB);
    }
    for (; ch < c4; ch += 4) {
      const v = <usize>ch << 2;
      applyVectors(pd0 + v, x + off + v, y + off + v, dx + off + v, rowB, n, a + v, b + v, d + v, mean + v, k + v, offset + v, 1, mode, pooled, left, pixels, rowB);
    }
    for (; ch < c; ch++) {
      const v = <usize>ch << 2;
      const sa = load<f32>(a + v), sb = load<f32>(b + v), sd = load<f32>(d + v), sm = load<f32>(mean + v);
      const sk: f32 = mode == MASK_X ? load<f32>(k + v) : 0;
      const so: f32 = mode == MASK_X ? load<f32>(offset + v) : 0;
      let pd = pd0 + v;
      let px = x + off + v;
      let py = y + off + v;
      let po = dx + off + v;
      let l = left;
      for (let r = n; r > 0; r--) {
        const xc = load<f32>(px) - sm;
        const g = maskedScalar(pd, mode, py, xc, sk, so);
        store<f32>(po, sa * g + (sb * xc + sd));
        if (!pooled) pd += rowB;
        else if (--l == 0) {
          pd += rowB;
          l = pixels;
        }
        px += rowB;
        py += rowB;
        po += rowB;
      }
    }
  }
}

/** ReLU's gradient: dx = x > 0 ? dy : 0 for n floats, by a lane mask (no branch per value:
 *  the signs of a layer's inputs are random, and a branch on them mispredicts half the time). */
export function reluGrad(dy: usize, x: usize, n: i32, dx: usize): void {
  const end = <usize>n << 2;
  const zero = f32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(dx + i, v128.and(v128.load(dy + i), f32x4.gt(v128.load(x + i), zero)));
  for (; i < end; i += 4) store<f32>(dx + i, load<f32>(x + i) > 0 ? load<f32>(dy + i) : 0);
}

/** batchNormSums (MASK_X: k != 0, else no mask) where dy is global average pooling's gradient:
 *  g holds one row of c floats per image, every one of the image's `pixels` rows reading it (the
 *  values the pooling's gradient would spread, the same sums bit for bit). */
export function batchNormSumsPooled(g: usize, x: usize, mean: usize, k: usize, offset: usize, rows: i32, pixels: i32, c: i32, acc: usize): void {
  if (k != 0) gradSums(g, x, mean, 0, k, offset, rows, c, acc, MASK_X, true, pixels);
  else gradSums(g, x, mean, 0, k, offset, rows, c, acc, NO_MASK, true, pixels);
}

/** batchNormApply with dy as batchNormSumsPooled reads it (dx may be x: the same lines, group by
 *  group). */
export function batchNormApplyPooled(g: usize, x: usize, mean: usize, k: usize, offset: usize, a: usize, b: usize, d: usize, rows: i32, pixels: i32, c: i32, dx: usize): void {
  if (k != 0) gradApply(g, x, mean, 0, k, offset, a, b, d, rows, c, dx, MASK_X, true, pixels);
  else gradApply(g, x, mean, 0, k, offset, a, b, d, rows, c, dx, NO_MASK, true, pixels);
}
