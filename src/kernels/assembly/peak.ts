import { madd } from "./gemm";

// The arithmetic peak of this build on this machine: twelve independent chains of multiply-adds
// in registers, nothing loaded or stored. Twelve is more than a multiply-add's latency times the
// number issued per cycle (5 x 2 on Zen 2), so the pipes stay full; eight chains (the GEMM
// tile's accumulators) measured 19.7 GMAC/s where twelve measured 26.9 (test/bench/README.md).
// No kernel can multiply-add faster, so a rate above it is a measurement error, not a result.

/** `iters` x 12 vector multiply-adds (48 x iters scalar ones); returns a sum so none is dropped. */
export function peakProbe(iters: i32, x: f32): f32 {
  let c0 = f32x4.splat(x), c1 = f32x4.splat(x + 1), c2 = f32x4.splat(x + 2), c3 = f32x4.splat(x + 3);
  let c4 = f32x4.splat(x + 4), c5 = f32x4.splat(x + 5), c6 = f32x4.splat(x + 6), c7 = f32x4.splat(x + 7);
  let c8 = f32x4.splat(x + 8), c9 = f32x4.splat(x + 9), c10 = f32x4.splat(x + 10), c11 = f32x4.splat(x + 11);
  const a = f32x4.splat(0.999);
  const b = f32x4.splat(0.0001);
  for (let i = 0; i < iters; i++) {
    c0 = madd(c0, a, b); c1 = madd(c1, a, b); c2 = madd(c2, a, b); c3 = madd(c3, a, b);
    c4 = madd(c4, a, b); c5 = madd(c5, a, b); c6 = madd(c6, a, b); c7 = madd(c7, a, b);
    c8 = madd(c8, a, b); c9 = madd(c9, a, b); c10 = madd(c10, a, b); c11 = madd(c11, a, b);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11))), 0);
}
