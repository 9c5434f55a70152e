import { gemm } from "./gemm";

// Convolution kernels around gemm: im2col for standard convolution (a bounded chunk of output
// pixels at a time), depthwise vectorised over channels (C a multiple of 4; the host pads) and
// depthwise for one channel vectorised over the output width (spatial passes, single-channel
// images). Geometry arrives already resolved by conv-info. Pointers in bytes, sizes in floats.

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  // One fused multiply-add where the engine supports relaxed SIMD (a separate build), else two.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

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
        if (rowInside && iw >= 0 && iw < w) memory.copy(dst, x + ((<usize>ih * <usize>w + <usize>iw) * rowBytes), rowBytes);
        else memory.fill(dst, 0, rowBytes);
        dst += rowBytes;
      }
    }
  }
}

/** First tap index k with 0 <= o*s - p + k*d < size, and one past the last. Divisions only at
 *  the borders: inside the image every tap is in range. */
// @ts-ignore: decorator
@inline function tapLo(o: i32, s: i32, p: i32, d: i32): i32 {
  const start = o * s - p;
  if (start >= 0) return 0;
  return d == 1 ? -start : (-start + d - 1) / d;
}
// @ts-ignore: decorator
@inline function tapHi(o: i32, s: i32, p: i32, d: i32, k: i32, size: i32): i32 {
  const start = o * s - p;
  const last = size - 1 - start;
  if (last < 0) return 0;
  if (last >= (k - 1) * d) return k;
  return d == 1 ? last + 1 : last / d + 1;
}

/** Depthwise, M = 1, C % 4 == 0: out[oh,ow,c] = sum over taps of x[ih,iw,c] * f[tap,c], for output
 *  rows [oh0, oh1) (threads split the rows). Sixteen channels at a time in registers, then four. */
export function depthwise4(
  x: usize, h: i32, w: i32, c: i32, f: usize, out: usize, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, oh0: i32, oh1: i32,
): void {
  const cb = <usize>c << 2;
  const rowB = <usize>w * cb;
  const tapB = cb; // filter: one row of C floats per tap
  let po = out + <usize>oh0 * <usize>wo * cb;
  for (let oh = oh0; oh < oh1; oh++) {
    const i0 = tapLo(oh, sh, pt, dh);
    const i1 = tapHi(oh, sh, pt, dh, kh, h);
    for (let ow = 0; ow < wo; ow++) {
      const j0 = tapLo(ow, sw, pl, dw);
      const j1 = tapHi(ow, sw, pl, dw, kw, w);
      const ihBase = oh * sh - pt;
      const iwBase = ow * sw - pl;
      // Pointers walk the window by additions: one input pixel and one filter tap per step.
      const xRow0 = x + <usize>(ihBase + i0 * dh) * rowB + <usize>(iwBase + j0 * dw) * cb;
      const fRow0 = f + <usize>(i0 * kw + j0) * tapB;
      const xStepJ = <usize>dw * cb;
      const xStepI = <usize>dh * rowB;
      const fStepI = <usize>kw * tapB;
      const nj = j1 - j0;
      // Two neighbouring pixels with the same taps (the inside of the image) share every
      // filter load: 12 loads per 8 multiply-adds instead of 16.
      const pair = ow + 1 < wo && tapLo(ow + 1, sw, pl, dw) == j0 && tapHi(ow + 1, sw, pl, dw, kw, w) == j1;
      const xNext = <usize>sw * cb;
      let ch: usize = 0;
      if (pair) {
        for (; ch + 32 <= cb; ch += 32) {
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
          let xi = xRow0 + ch;
          let fi = fRow0 + ch;
          for (let i = i0; i < i1; i++) {
            let xs = xi;
            let fs = fi;
            for (let j = 0; j < nj; j++) {
              const f0 = v128.load(fs);
              const f1 = v128.load(fs, 16);
              a0 = madd(a0, v128.load(xs), f0);
              a1 = madd(a1, v128.load(xs, 16), f1);
              b0 = madd(b0, v128.load(xs + xNext), f0);
              b1 = madd(b1, v128.load(xs + xNext, 16), f1);
              xs += xStepJ;
              fs += tapB;
            }
            xi += xStepI;
            fi += fStepI;
          }
          v128.store(po + ch, a0); v128.store(po + ch, a1, 16);
          v128.store(po + cb + ch, b0); v128.store(po + cb + ch, b1, 16);
        }
        for (; ch < cb; ch += 16) {
          let a0 = f32x4.splat(0), b0 = f32x4.splat(0);
          let xi = xRow0 + ch;
          let fi = fRow0 + ch;
          for (let i = i0; i < i1; i++) {
            let xs = xi;
            let fs = fi;
            for (let j = 0; j < nj; j++) {
              const f0 = v128.load(fs);
              a0 = madd(a0, v128.load(xs), f0);
              b0 = madd(b0, v128.load(xs + xNext), f0);
              xs += xStepJ;
              fs += tapB;
            }
            xi += xStepI;
            fi += fStepI;
          }
          v128.store(po + ch, a0);
          v128.store(po + cb + ch, b0);
        }
        po += cb << 1;
        ow++;
        continue;
      }
      for (; ch + 64 <= cb; ch += 64) {
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
        let xi = xRow0 + ch;
        let fi = fRow0 + ch;
        for (let i = i0; i < i1; i++) {
          let xs = xi;
          let fs = fi;
          for (let j = 0; j < nj; j++) {
            a0 = madd(a0, v128.load(xs), v128.load(fs));
            a1 = madd(a1, v128.load(xs, 16), v128.load(fs, 16));
            a2 = madd(a2, v128.load(xs, 32), v128.load(fs, 32));
            a3 = madd(a3, v128.load(xs, 48), v128.load(fs, 48));
            xs += xStepJ;
            fs += tapB;
          }
          xi += xStepI;
          fi += fStepI;
        }
        v128.store(po + ch, a0); v128.store(po + ch, a1, 16); v128.store(po + ch, a2, 32); v128.store(po + ch, a3, 48);
      }
      for (; ch < cb; ch += 16) {
        let a0 = f32x4.splat(0);
        let xi = xRow0 + ch;
        let fi = fRow0 + ch;
        for (let i = i0; i < i1; i++) {
          let xs = xi;
          let fs = fi;
          for (let j = 0; j < nj; j++) {
            a0 = madd(a0, v128.load(xs), v128.load(fs));
            xs += xStepJ;
            fs += tapB;
          }
          xi += xStepI;
          fi += fStepI;
        }
        v128.store(po + ch, a0);
      }
      po += cb;
    }
  }
}

/** Depthwise with one channel (M = 1): vectorised over the output width when the stride is 1. */
export function depthwise1(
  x: usize, h: i32, w: i32, f: usize, out: usize, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, oh0: i32, oh1: i32,
): void {
  memory.fill(out + (<usize>oh0 * <usize>wo << 2), 0, <usize>(oh1 - oh0) * <usize>wo << 2);
  for (let oh = oh0; oh < oh1; oh++) {
    const i0 = tapLo(oh, sh, pt, dh);
    const i1 = tapHi(oh, sh, pt, dh, kh, h);
    const orow = out + (<usize>oh * <usize>wo << 2);
    for (let i = i0; i < i1; i++) {
      const xrow = x + (<usize>(oh * sh - pt + i * dh) * <usize>w << 2);
      for (let j = 0; j < kw; j++) {
        const fv = load<f32>(f + (<usize>(i * kw + j) << 2));
        // Output columns whose tap lands inside the row: iw = ow*sw - pl + j*dw in [0, w).
        const off = j * dw - pl;
        let lo = off >= 0 ? 0 : (-off + sw - 1) / sw;
        let hi = (w - 1 - off) < 0 ? 0 : min(wo, (w - 1 - off) / sw + 1);
        if (lo >= hi) continue;
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
    }
  }
}

/** One chunk of a standard convolution: im2col of output pixels [p0, p0 + count) into `cols`,
 *  then their GEMM with the [K, Cout] filter into the output rows. A unit of work for a thread. */
export function convChunk(
  x: usize, h: i32, w: i32, c: i32, cols: usize, pack: usize, f: usize, out: usize, cout: i32, p0: i32, count: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
): void {
  im2col(x, h, w, c, cols, p0, count, wo, kh, kw, sh, sw, dh, dw, pt, pl);
  const k = kh * kw * c;
  gemm(cols, k, f, out + (<usize>p0 * <usize>cout << 2), count, k, cout, false, pack);
}
