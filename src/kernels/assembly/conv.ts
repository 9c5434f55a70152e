import { gemm, KC, MC, madd, NC, packQuad, stripTiles } from "./gemm";

// Convolution kernels around gemm: standard convolution as the GEMM of its windows (packed block
// by block straight from x, or through im2col of a bounded chunk of output pixels), depthwise
// vectorised over channels (C a multiple of 4; the host pads) and depthwise for one channel
// vectorised over the output width (spatial passes, single-channel images). Geometry arrives
// already resolved by conv-info. Pointers in bytes, sizes in floats.

/** Rows of the im2col matrix for output pixels [p0, p0 + count) of one image: each row holds the
 *  KH*KW*C input values under that pixel's window (zeros in the padding), filter order. */
export function im2col(
  x: usize, h: i32, w: i32, c: i32,
  out: usize, p0: i32, count: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
): void {
  const rowBytes = <usize>c << 2;
  let dst = out;
  for (let p = p0; p < p0 + count; p++) {
    const oh = p / wo;
    const ow = p - oh * wo;
    for (let i = 0; i < kh; i++) {
      const ih = oh * sh - pt + i * dh;
      const rowInside = ih >= 0 && ih < h;
      for (let j = 0; j < kw; j++) {
        const iw = ow * sw - pl + j * dw;
        if (rowInside && iw >= 0 && iw < w) copyRow(dst, x + ((<usize>ih * <usize>w + <usize>iw) * rowBytes), rowBytes);
        else zeroRow(dst, rowBytes);
        dst += rowBytes;
      }
    }
  }
}

// Rows of a few channels are copied inline: memory.copy and memory.fill are calls in V8, which
// cost more than copying 16 floats (test/bench/README.md, eighth session).
// @ts-ignore: decorator
@inline function copyRow(d: usize, s: usize, bytes: usize): void {
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(d + o, v128.load(s + o));
  for (; o < bytes; o += 4) store<f32>(d + o, load<f32>(s + o));
}
// @ts-ignore: decorator
@inline function zeroRow(d: usize, bytes: usize): void {
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(d + o, i64x2.splat(0));
  for (; o < bytes; o += 4) store<f32>(d + o, 0);
}

/** First tap index k with 0 <= o*s - p + k*d < size, and one past the last. Divisions only at
 *  the borders: inside the image every tap is in range. */
// @ts-ignore: decorator
@inline export function tapLo(o: i32, s: i32, p: i32, d: i32): i32 {
  const start = o * s - p;
  if (start >= 0) return 0;
  return d == 1 ? -start : (-start + d - 1) / d;
}
// @ts-ignore: decorator
@inline export function tapHi(o: i32, s: i32, p: i32, d: i32, k: i32, size: i32): i32 {
  const start = o * s - p;
  const last = size - 1 - start;
  if (last < 0) return 0;
  if (last >= (k - 1) * d) return k;
  return d == 1 ? last + 1 : last / d + 1;
}

/** The first output column whose window starts inside the row (ow*sw - pl >= 0), and one past
 *  the last whose window ends inside it (ow*sw - pl + (kw-1)*dw <= w - 1), clamped to [lo, wo]. */
// @ts-ignore: decorator
@inline function firstInside(wo: i32, sw: i32, pl: i32): i32 {
  return min(wo, (pl + sw - 1) / sw);
}
// @ts-ignore: decorator
@inline function endInside(wo: i32, w: i32, kw: i32, sw: i32, dw: i32, pl: i32, lo: i32): i32 {
  const lastStart = w - 1 - (kw - 1) * dw + pl;
  return lastStart < 0 ? lo : max(lo, min(wo, lastStart / sw + 1));
}

/** Depthwise, M = 1, C % 4 == 0: out[oh,ow,c] = sum over taps of x[ih,iw,c] * f[tap,c], for output
 *  rows [oh0, oh1) (threads split the rows). Pixels and taps are rows of C floats. Where a
 *  window 3 or 5 wide (stride 1 across the width) is inside the image across the width, four
 *  pixels go at a time over the window rows inside the image (dwQuad; top and bottom rows too);
 *  everything else goes pixel by pixel, or by pairs of neighbours that have the same taps. */
export function depthwise4(
  x: usize, h: i32, w: i32, c: i32, f: usize, out: usize, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, oh0: i32, oh1: i32, xc: i32,
): void {
  const cb = <usize>c << 2;
  // x's floats per pixel: c, or 1 for a one-channel input every lane reads (a one-channel
  // convolution, M = Cout: no expanded copy of x).
  const shared = xc == 1 && c != 1;
  const xcb = <usize>xc << 2;
  const rowB = <usize>w * xcb;
  // Output columns whose window is inside the image across the width: [inLo, inHi).
  const inLo = firstInside(wo, sw, pl);
  const inHi = endInside(wo, w, kw, sw, dw, pl, inLo);
  const quads = (kw == 3 || kw == 5) && sw == 1 && dw == 1;
  // Other strides of a 3x3 window: runs of pixels with the taps in registers (dw3Run).
  const runs = kh == 3 && kw == 3 && sw != 1 && dh == 1 && dw == 1 && !shared;
  let po = out + <usize>oh0 * <usize>wo * cb;
  for (let oh = oh0; oh < oh1; oh++) {
    const i0 = tapLo(oh, sh, pt, dh);
    const i1 = tapHi(oh, sh, pt, dh, kh, h);
    const ihBase = oh * sh - pt;
    let ow = 0;
    while (ow < wo) {
      if (quads && i0 < i1 && ow >= inLo && ow + 4 <= inHi) {
        // Window rows [i0, i1) are inside the image (all of them, except at the top and bottom).
        const r0 = x + <usize>(ihBase + i0 * dh) * rowB + <usize>(ow - pl) * xcb;
        const f0 = f + <usize>(i0 * kw) * cb;
        if (shared) {
          if (kw == 3) dwQuad3Shared(r0, <usize>dh * rowB, f0, po, cb, i1 - i0);
          else dwQuad5Shared(r0, <usize>dh * rowB, f0, po, cb, i1 - i0);
        } else if (kw == 3) dwQuad3(r0, <usize>dh * rowB, f0, po, cb, i1 - i0);
        else dwQuad5(r0, <usize>dh * rowB, f0, po, cb, i1 - i0);
        po += cb << 2;
        ow += 4;
        continue;
      }
      if (runs && i0 == 0 && i1 == 3 && ow >= inLo && ow < inHi) {
        const n = inHi - ow;
        dw3Run(x + <usize>ihBase * rowB + <usize>(ow * sw - pl) * cb, rowB, <usize>sw * cb, f, po, cb, n);
        po += cb * <usize>n;
        ow += n;
        continue;
      }
      const j0 = tapLo(ow, sw, pl, dw);
      const j1 = tapHi(ow, sw, pl, dw, kw, w);
      // Pointers walk the window by additions: one input pixel and one filter tap per step.
      const xw = x + <usize>(ihBase + i0 * dh) * rowB + <usize>(ow * sw - pl + j0 * dw) * xcb;
      const fw = f + <usize>(i0 * kw + j0) * cb;
      // Two neighbouring pixels with the same taps share every filter load.
      const pair = ow + 1 < wo && tapLo(ow + 1, sw, pl, dw) == j0 && tapHi(ow + 1, sw, pl, dw, kw, w) == j1;
      if (shared) dwWindowShared(xw, fw, po, cb, i1 - i0, j1 - j0, <usize>dh * rowB, <usize>dw * xcb, <usize>kw * cb, pair ? <usize>sw * xcb : 0);
      else dwWindow(xw, fw, po, cb, i1 - i0, j1 - j0, <usize>dh * rowB, <usize>dw * cb, <usize>kw * cb, pair ? <usize>sw * cb : 0);
      const n = pair ? 2 : 1;
      po += cb * n;
      ow += n;
    }
  }
}

/** One pixel's window (or two pixels' with the same taps, the second `next` bytes further in
 *  the input; next = 0: one pixel), ni x nj taps, all channels. */
function dwWindow(xw: usize, fw: usize, po: usize, cb: usize, ni: i32, nj: i32, xStepI: usize, xStepJ: usize, fStepI: usize, next: usize): void {
  dwWindowOf(xw, fw, po, cb, ni, nj, xStepI, xStepJ, fStepI, next, false);
}

/** dwWindow on a one-channel input whose value every lane shares (xw: floats, not rows). */
function dwWindowShared(xw: usize, fw: usize, po: usize, cb: usize, ni: i32, nj: i32, xStepI: usize, xStepJ: usize, fStepI: usize, next: usize): void {
  dwWindowOf(xw, fw, po, cb, ni, nj, xStepI, xStepJ, fStepI, next, true);
}

// @ts-ignore: decorator
@inline function dwWindowOf(xw: usize, fw: usize, po: usize, cb: usize, ni: i32, nj: i32, xStepI: usize, xStepJ: usize, fStepI: usize, next: usize, shared: bool): void {
  let ch: usize = 0;
  // Four accumulators either way (two pixels x two vectors, or one pixel x four vectors), so
  // the multiply-adds of a tap do not wait on each other.
  if (next != 0) {
    for (; ch + 32 <= cb; ch += 32) dwGroup(shared ? xw : xw + ch, fw + ch, po + ch, cb, ni, nj, xStepI, xStepJ, fStepI, next, 2, 2, shared);
    if (ch < cb) dwGroup(shared ? xw : xw + ch, fw + ch, po + ch, cb, ni, nj, xStepI, xStepJ, fStepI, next, 1, 2, shared);
  } else {
    for (; ch + 64 <= cb; ch += 64) dwGroup(shared ? xw : xw + ch, fw + ch, po + ch, cb, ni, nj, xStepI, xStepJ, fStepI, 0, 4, 1, shared);
    for (; ch < cb; ch += 16) dwGroup(shared ? xw : xw + ch, fw + ch, po + ch, cb, ni, nj, xStepI, xStepJ, fStepI, 0, 1, 1, shared);
  }
}

/** `vectors` (1-4) groups of four channels for `pixels` (1 or 2) pixels over a window. Always
 *  inlined with constant counts, so each use compiles to its own branch-free loop nest. */
// @ts-ignore: decorator
@inline function dwGroup(xw: usize, fw: usize, po: usize, cb: usize, ni: i32, nj: i32, xStepI: usize, xStepJ: usize, fStepI: usize, next: usize, vectors: i32, pixels: i32, shared: bool): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  let xi = xw;
  let fi = fw;
  for (let i = 0; i < ni; i++) {
    let xs = xi;
    let fs = fi;
    for (let j = 0; j < nj; j++) {
      const f0 = v128.load(fs);
      const s0 = shared ? v128.load32_splat(xs) : f32x4.splat(0);
      const t0 = shared && pixels == 2 ? v128.load32_splat(xs + next) : f32x4.splat(0);
      a0 = madd(a0, shared ? s0 : v128.load(xs), f0);
      if (pixels == 2) b0 = madd(b0, shared ? t0 : v128.load(xs + next), f0);
      if (vectors >= 2) {
        const f1 = v128.load(fs, 16);
        a1 = madd(a1, shared ? s0 : v128.load(xs, 16), f1);
        if (pixels == 2) b1 = madd(b1, shared ? t0 : v128.load(xs + next, 16), f1);
      }
      if (vectors >= 3) a2 = madd(a2, shared ? s0 : v128.load(xs, 32), v128.load(fs, 32));
      if (vectors >= 4) a3 = madd(a3, shared ? s0 : v128.load(xs, 48), v128.load(fs, 48));
      xs += xStepJ;
      fs += cb;
    }
    xi += xStepI;
    fi += fStepI;
  }
  v128.store(po, a0);
  if (vectors >= 2) v128.store(po, a1, 16);
  if (vectors >= 3) v128.store(po, a2, 32);
  if (vectors >= 4) v128.store(po, a3, 48);
  if (pixels == 2) {
    v128.store(po + cb, b0);
    if (vectors >= 2) v128.store(po + cb, b1, 16);
  }
}

/** Four neighbouring output pixels of a KH x KW window inside the image (KW = 3 or 5, a
 *  constant: each width compiles to its own loop), stride 1 and no dilation across the width,
 *  `rowStep` between the window's rows. The four windows overlap: per window row and four
 *  channels, KW + 3 input loads and KW filter loads for 4 * KW multiply-adds (input vector v
 *  meets tap v - p of output pixel p). */
// @ts-ignore: decorator
@inline function dwQuad(x: usize, rowStep: usize, f: usize, po: usize, cb: usize, kh: i32, kw: i32, shared: bool): void {
  // The input's pixel stride: a row of cb bytes, or one float every lane shares (splat).
  const xb: usize = shared ? 4 : cb;
  const cb2 = cb << 1;
  const cb3 = cb2 + cb;
  const fRow = <usize>kw * cb;
  // Both loops count down and test at the bottom (kh >= 1, cb >= 16): fewer moves and compares
  // per step in V8's code, as in gemm.ts's tiles.
  let ch: usize = 0;
  do {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let xr = shared ? x : x + ch;
    let fr = f + ch;
    let i = kh;
    do {
      const f0 = v128.load(fr);
      const f1 = v128.load(fr + cb);
      const f2 = v128.load(fr + cb2);
      const f3 = kw == 5 ? v128.load(fr + cb3) : f0;
      const f4 = kw == 5 ? v128.load(fr + (cb << 2)) : f0;
      let v = xload(xr, shared);
      a0 = madd(a0, v, f0);
      v = xload(xr + xb, shared);
      a0 = madd(a0, v, f1); a1 = madd(a1, v, f0);
      v = xload(xr + (xb << 1), shared);
      a0 = madd(a0, v, f2); a1 = madd(a1, v, f1); a2 = madd(a2, v, f0);
      v = xload(xr + xb * 3, shared);
      if (kw == 5) a0 = madd(a0, v, f3);
      a1 = madd(a1, v, f2); a2 = madd(a2, v, f1); a3 = madd(a3, v, f0);
      v = xload(xr + (xb << 2), shared);
      if (kw == 5) { a0 = madd(a0, v, f4); a1 = madd(a1, v, f3); }
      a2 = madd(a2, v, f2); a3 = madd(a3, v, f1);
      v = xload(xr + xb * 5, shared);
      if (kw == 5) { a1 = madd(a1, v, f4); a2 = madd(a2, v, f3); }
      a3 = madd(a3, v, f2);
      if (kw == 5) {
        v = xload(xr + xb * 6, shared);
        a2 = madd(a2, v, f4); a3 = madd(a3, v, f3);
        v = xload(xr + xb * 7, shared);
        a3 = madd(a3, v, f4);
      }
      xr += rowStep;
      fr += fRow;
    } while (--i);
    v128.store(po + ch, a0);
    v128.store(po + cb + ch, a1);
    v128.store(po + cb2 + ch, a2);
    v128.store(po + cb3 + ch, a3);
    ch += 16;
  } while (ch < cb);
}

/** A run of n output pixels of one row whose 3x3 windows (no dilation) are inside the image,
 *  any stride (`xStep` bytes between neighbouring windows). Per four channels the nine taps stay
 *  in registers across the run. Each window row is summed apart and the three sums added: three
 *  chains of three multiply-adds wait less than one of nine (-13% at 32x28x28x32, stride 2; two
 *  pixels at a time ran out of registers). That rounds in another order than the pixel-by-pixel
 *  path (dwGroup), within float32 rounding of it. With a stride of 2 the pixel-by-pixel path
 *  spent more on its loops and calls than on its 144 multiply-adds per pixel. */
function dw3Run(x: usize, rowStep: usize, xStep: usize, f: usize, po: usize, cb: usize, n: i32): void {
  const cb2 = cb << 1;
  let ch: usize = 0;
  do {
    const fp = f + ch;
    const f0 = v128.load(fp), f1 = v128.load(fp + cb), f2 = v128.load(fp + cb2);
    const f3 = v128.load(fp + cb2 + cb), f4 = v128.load(fp + (cb << 2)), f5 = v128.load(fp + (cb << 2) + cb);
    const f6 = v128.load(fp + cb2 * 3), f7 = v128.load(fp + cb2 * 3 + cb), f8 = v128.load(fp + (cb << 3));
    let xp = x + ch;
    let op = po + ch;
    let left = n;
    for (; left > 0; left--) {
      const a = windowRow(xp, cb, f0, f1, f2);
      const b = windowRow(xp + rowStep, cb, f3, f4, f5);
      const e = windowRow(xp + (rowStep << 1), cb, f6, f7, f8);
      v128.store(op, f32x4.add(f32x4.add(a, b), e));
      xp += xStep;
      op += cb;
    }
    ch += 16;
  } while (ch < cb);
}

/** One window row of three taps (pixels cb bytes apart from p), summed from +0 as the
 *  reference loops do. */
// @ts-ignore: decorator
@inline function windowRow(p: usize, cb: usize, f0: v128, f1: v128, f2: v128): v128 {
  const zero = f32x4.splat(0);
  return madd(madd(madd(zero, v128.load(p), f0), v128.load(p + cb), f1), v128.load(p + (cb << 1)), f2);
}

/** dwQuad's two widths as functions of their own: inlined into depthwise4, both made it too
 *  large for V8 to keep their accumulators in registers. */
function dwQuad3(x: usize, rowStep: usize, f: usize, po: usize, cb: usize, kh: i32): void {
  dwQuad(x, rowStep, f, po, cb, kh, 3, false);
}
function dwQuad5(x: usize, rowStep: usize, f: usize, po: usize, cb: usize, kh: i32): void {
  dwQuad(x, rowStep, f, po, cb, kh, 5, false);
}
function dwQuad3Shared(x: usize, rowStep: usize, f: usize, po: usize, cb: usize, kh: i32): void {
  dwQuad(x, rowStep, f, po, cb, kh, 3, true);
}
function dwQuad5Shared(x: usize, rowStep: usize, f: usize, po: usize, cb: usize, kh: i32): void {
  dwQuad(x, rowStep, f, po, cb, kh, 5, true);
}

/** A vector of the input: a pixel's four channels, or one shared value in every lane. */
// @ts-ignore: decorator
@inline function xload(p: usize, shared: bool): v128 {
  return shared ? v128.load32_splat(p) : v128.load(p);
}

/** Depthwise with one channel (M = 1), vectorised over the output width. With stride 1 across
 *  the width, the columns whose taps are all inside the row are summed in registers, sixteen
 *  outputs at a time (then four); the other columns (borders, remainders, other strides) add
 *  one tap at a time into the zeroed output row. */
export function depthwise1(
  x: usize, h: i32, w: i32, f: usize, out: usize, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, oh0: i32, oh1: i32,
): void {
  memory.fill(out + (<usize>oh0 * <usize>wo << 2), 0, <usize>(oh1 - oh0) * <usize>wo << 2);
  // Columns summed in registers: [vLo, vHi), a multiple of four wide (none unless stride 1).
  let vLo = 0;
  let vHi = 0;
  if (sw == 1) {
    vLo = firstInside(wo, 1, pl);
    vHi = vLo + ((endInside(wo, w, kw, 1, dw, pl, vLo) - vLo) & ~3);
  }
  for (let oh = oh0; oh < oh1; oh++) {
    const i0 = tapLo(oh, sh, pt, dh);
    const i1 = tapHi(oh, sh, pt, dh, kh, h);
    const orow = out + (<usize>oh * <usize>wo << 2);
    const x0 = x + (<usize>(oh * sh - pt) * <usize>w << 2);
    const rowStep = <usize>(dh * w) << 2;
    const tapStep = <usize>dw << 2;
    let ow = vLo;
    for (; ow + 16 <= vHi; ow += 16) dw1Columns(x0 + <usize>i0 * rowStep + (<usize>(ow - pl) << 2), f + (<usize>(i0 * kw) << 2), orow + (<usize>ow << 2), i1 - i0, kw, rowStep, tapStep, 4);
    for (; ow < vHi; ow += 4) dw1Columns(x0 + <usize>i0 * rowStep + (<usize>(ow - pl) << 2), f + (<usize>(i0 * kw) << 2), orow + (<usize>ow << 2), i1 - i0, kw, rowStep, tapStep, 1);
    // The rest, a tap at a time: columns [0, vLo) and [vHi, wo).
    for (let i = i0; i < i1; i++) {
      const xrow = x + (<usize>(oh * sh - pt + i * dh) * <usize>w << 2);
      for (let j = 0; j < kw; j++) {
        const fv = load<f32>(f + (<usize>(i * kw + j) << 2));
        // Output columns whose tap lands inside the row: iw = ow*sw - pl + j*dw in [0, w).
        const off = j * dw - pl;
        const lo = off >= 0 ? 0 : (-off + sw - 1) / sw;
        const hi = (w - 1 - off) < 0 ? 0 : min(wo, (w - 1 - off) / sw + 1);
        addTap(xrow, orow, off, sw, fv, lo, min(hi, vLo));
        addTap(xrow, orow, off, sw, fv, max(lo, vHi), hi);
      }
    }
  }
}

/** `vectors` (1 or 4) groups of four neighbouring output columns of one channel, every tap of
 *  ni rows x kw columns summed in registers. Always inlined with a constant count. */
// @ts-ignore: decorator
@inline function dw1Columns(xw: usize, fw: usize, po: usize, ni: i32, kw: i32, rowStep: usize, tapStep: usize, vectors: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let xr = xw;
  let fp = fw;
  for (let i = 0; i < ni; i++) {
    let p = xr;
    for (let j = 0; j < kw; j++) {
      const fv = v128.load32_splat(fp);
      a0 = madd(a0, v128.load(p), fv);
      if (vectors == 4) {
        a1 = madd(a1, v128.load(p, 16), fv);
        a2 = madd(a2, v128.load(p, 32), fv);
        a3 = madd(a3, v128.load(p, 48), fv);
      }
      p += tapStep;
      fp += 4;
    }
    xr += rowStep;
  }
  v128.store(po, a0);
  if (vectors == 4) {
    v128.store(po, a1, 16);
    v128.store(po, a2, 32);
    v128.store(po, a3, 48);
  }
}

/** out[ow] += x[ow*sw + off] * fv for ow in [lo, hi): four at a time when the stride is 1. */
// @ts-ignore: decorator
@inline function addTap(xrow: usize, orow: usize, off: i32, sw: i32, fv: f32, lo: i32, hi: i32): void {
  let ow = lo;
  if (sw == 1) {
    const fs = f32x4.splat(fv);
    for (; ow + 4 <= hi; ow += 4) {
      const po = orow + (<usize>ow << 2);
      v128.store(po, madd(v128.load(po), v128.load(xrow + (<usize>(ow + off) << 2)), fs));
    }
  }
  for (; ow < hi; ow++) {
    const po = orow + (<usize>ow << 2);
    store<f32>(po, load<f32>(po) + load<f32>(xrow + (<usize>(ow * sw + off) << 2)) * fv);
  }
}

/** One chunk of a standard convolution: output pixels [p0, p0 + count) of one image times the
 *  [K, Cout] filter (packed by packB) into the output rows. A unit of work for a thread. With C a
 *  multiple of 4 the GEMM packs its blocks of A straight from x (packWindows; `zeros`: C zero
 *  floats for taps in the padding); otherwise im2col writes the window rows into `cols` first. */
export function convChunk(
  x: usize, h: i32, w: i32, c: i32, cols: usize, zeros: usize, pack: usize, f: usize, out: usize, cout: i32, p0: i32, count: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
): void {
  const k = kh * kw * c;
  const o = out + (<usize>p0 * <usize>cout << 2);
  // A 1x1 window over at most four channels (k <= 4) keeps gemm's path for few rows of B. The
  // host allocates `cols` for exactly these cases (fast.ts, convInArena): without it, im2col
  // would write over the bottom of memory, so that traps.
  if ((c & 3) || k <= 4) {
    if (cols == 0) unreachable();
    im2col(x, h, w, c, cols, p0, count, wo, kh, kw, sh, sw, dh, dw, pt, pl);
    gemm(cols, k, f, o, count, k, cout, false, pack);
    return;
  }
  // gemm's blocking (gemm.ts), with packWindows in packA's place.
  const ldc = <usize>cout << 2;
  for (let n0 = 0; n0 < cout; n0 += NC) {
    const width = min(NC, cout - n0);
    const w8 = (width + 7) & ~7;
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = min(KC, k - k0);
      const panel = f + ((<usize>n0 * <usize>k + <usize>k0 * <usize>w8) << 2);
      const stripB = <usize>kc << 5;
      for (let m0 = 0; m0 < count; m0 += MC) {
        const rows = min(MC, count - m0);
        packWindows(x, h, w, c, zeros, p0 + m0, rows, wo, k0, kc, kh, kw, sh, sw, dh, dw, pt, pl, pack);
        const cm = o + <usize>m0 * ldc + (<usize>n0 << 2);
        for (let j = 0; j < w8; j += 8) stripTiles(pack, panel + <usize>(j >> 3) * stripB, cm + (<usize>j << 2), ldc, rows, kc, k0 > 0, width - j);
      }
    }
  }
}

/** The input pixel under tap (i, j) of a window whose top-left is (ih0, iw0), or `zeros` when the
 *  tap is in the padding. */
// @ts-ignore: decorator
@inline function tapSource(x: usize, h: i32, w: i32, cb: usize, zeros: usize, ih: i32, iw: i32): usize {
  return ih >= 0 && ih < h && iw >= 0 && iw < w ? x + (<usize>ih * <usize>w + <usize>iw) * cb : zeros;
}

/** packA's layout (groups of four rows; for each k the group's four values) of rows
 *  [p0, p0 + rows) of one image's im2col matrix, k in [k0, k0 + kc), gathered straight from x:
 *  no im2col matrix is written and then packed again (test/bench/README.md). C % 4 == 0
 *  and k0 % 4 == 0, so four consecutive k are four channels of one tap (a 4x4 transpose of four
 *  pixels' channels). A last group with fewer rows repeats its first row, as packA's. */
function packWindows(
  x: usize, h: i32, w: i32, c: i32, zeros: usize, p0: i32, rows: i32, wo: i32, k0: i32, kc: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, dst: usize,
): void {
  const cb = <usize>c << 2;
  const kend = k0 + kc;
  const t0 = k0 / c;
  let d = dst;
  for (let g = 0; g < rows; g += 4) {
    const n = rows - g;
    const q0 = p0 + g;
    const q1 = n > 1 ? q0 + 1 : q0;
    const q2 = n > 2 ? q0 + 2 : q0;
    const q3 = n > 3 ? q0 + 3 : q0;
    const r0 = q0 / wo, r1 = q1 / wo, r2 = q2 / wo, r3 = q3 / wo;
    const ih0 = r0 * sh - pt, ih1 = r1 * sh - pt, ih2 = r2 * sh - pt, ih3 = r3 * sh - pt;
    const iw0 = (q0 - r0 * wo) * sw - pl, iw1 = (q1 - r1 * wo) * sw - pl;
    const iw2 = (q2 - r2 * wo) * sw - pl, iw3 = (q3 - r3 * wo) * sw - pl;
    let i = t0 / kw;
    let j = t0 - i * kw;
    let kk = k0;
    let ch = k0 - t0 * c;
    while (kk < kend) {
      const di = i * dh, dj = j * dw;
      const s0 = tapSource(x, h, w, cb, zeros, ih0 + di, iw0 + dj);
      const s1 = tapSource(x, h, w, cb, zeros, ih1 + di, iw1 + dj);
      const s2 = tapSource(x, h, w, cb, zeros, ih2 + di, iw2 + dj);
      const s3 = tapSource(x, h, w, cb, zeros, ih3 + di, iw3 + dj);
      const end = <usize>min(c, ch + kend - kk) << 2;
      for (let o = <usize>ch << 2; o < end; o += 16) {
        packQuad(d, s0 + o, s1 + o, s2 + o, s3 + o);
        d += 64;
      }
      kk += <i32>(end >> 2) - ch;
      ch = 0;
      if (++j == kw) {
        j = 0;
        i++;
      }
    }
  }
}
