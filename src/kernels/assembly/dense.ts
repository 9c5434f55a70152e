// Dense (fully connected) layers in float64 lanes, bit-identical to the reference loops
// (src/reference/layers.ts, backward.ts): each output sums the same terms in the same order, each
// term a float32 product formed exactly in float64. Row-major: x [batch, inUnits], kernel
// [inUnits, units], dy and y [batch, units]. Pointers in bytes.
import { high } from "./norm";

// @ts-ignore: decorator
@inline function splat64(p: usize): v128 {
  return f64x2.splat(<f64>load<f32>(p));
}

/** Rows of f64 sums for units [j, j + 4) (two float64 pairs), rounded to float32 at `dst`. */
// @ts-ignore: decorator
@inline function store4(dst: usize, lo: v128, hi: v128): void {
  v128.store(dst, i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
}

/** y[n, j] = (bias[j] or 0) + sum over i of x[n, i] * kernel[i, j], i in order. */
export function denseForward(x: usize, kernel: usize, bias: usize, hasBias: i32, batch: i32, inUnits: i32, units: i32, y: usize): void {
  const u4 = units & ~3;
  const rowK = <usize>units << 2;
  for (let n = 0; n < batch; n++) {
    const xr = x + (<usize>(n * inUnits) << 2);
    const yr = y + (<usize>(n * units) << 2);
    let j = 0;
    for (; j < u4; j += 4) {
      const b = hasBias ? v128.load(bias + (<usize>j << 2)) : f32x4.splat(0);
      let lo = f64x2.promote_low_f32x4(b), hi = high(b);
      let pk = kernel + (<usize>j << 2);
      let px = xr;
      for (let i = inUnits; i > 0; i--) {
        const v = splat64(px);
        const k = v128.load(pk);
        lo = f64x2.add(lo, f64x2.mul(v, f64x2.promote_low_f32x4(k)));
        hi = f64x2.add(hi, f64x2.mul(v, high(k)));
        px += 4;
        pk += rowK;
      }
      store4(yr + (<usize>j << 2), lo, hi);
    }
    for (; j < units; j++) {
      let sum: f64 = hasBias ? <f64>load<f32>(bias + (<usize>j << 2)) : 0;
      let pk = kernel + (<usize>j << 2);
      let px = xr;
      for (let i = inUnits; i > 0; i--) {
        sum += <f64>load<f32>(px) * <f64>load<f32>(pk);
        px += 4;
        pk += rowK;
      }
      store<f32>(yr + (<usize>j << 2), <f32>sum);
    }
  }
}

/** dx[n, i] = sum over j of dy[n, j] * kernel[i, j] (j in order), four i at a time; and
 *  dKernel[i, j] = sum over n of x[n, i] * dy[n, j] (n in order). */
export function denseBackward(x: usize, kernel: usize, dy: usize, batch: i32, inUnits: i32, units: i32, dx: usize, dKernel: usize): void {
  const rowK = <usize>units << 2;
  const rowX = <usize>inUnits << 2;
  const u4 = units & ~3;
  for (let n = 0; n < batch; n++) {
    const d = dy + (<usize>(n * units) << 2);
    const o = dx + (<usize>(n * inUnits) << 2);
    let i = 0;
    for (; i + 4 <= inUnits; i += 4) {
      // Four independent sums, each over j in order.
      let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
      const k0 = kernel + <usize>i * rowK;
      for (let j = 0; j < units; j++) {
        const g = <f64>load<f32>(d + (<usize>j << 2));
        const kj = k0 + (<usize>j << 2);
        s0 += g * <f64>load<f32>(kj);
        s1 += g * <f64>load<f32>(kj + rowK);
        s2 += g * <f64>load<f32>(kj + 2 * rowK);
        s3 += g * <f64>load<f32>(kj + 3 * rowK);
      }
      store<f32>(o + (<usize>i << 2), <f32>s0);
      store<f32>(o + (<usize>i << 2) + 4, <f32>s1);
      store<f32>(o + (<usize>i << 2) + 8, <f32>s2);
      store<f32>(o + (<usize>i << 2) + 12, <f32>s3);
    }
    for (; i < inUnits; i++) {
      let s: f64 = 0;
      const k0 = kernel + <usize>i * rowK;
      for (let j = 0; j < units; j++) s += <f64>load<f32>(d + (<usize>j << 2)) * <f64>load<f32>(k0 + (<usize>j << 2));
      store<f32>(o + (<usize>i << 2), <f32>s);
    }
  }
  for (let i = 0; i < inUnits; i++) {
    const out = dKernel + <usize>i * rowK;
    let j = 0;
    for (; j < u4; j += 4) {
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      let px = x + (<usize>i << 2);
      let pd = dy + (<usize>j << 2);
      for (let n = batch; n > 0; n--) {
        const v = splat64(px);
        const g = v128.load(pd);
        lo = f64x2.add(lo, f64x2.mul(v, f64x2.promote_low_f32x4(g)));
        hi = f64x2.add(hi, f64x2.mul(v, high(g)));
        px += rowX;
        pd += rowK;
      }
      store4(out + (<usize>j << 2), lo, hi);
    }
    for (; j < units; j++) {
      let s: f64 = 0;
      let px = x + (<usize>i << 2);
      let pd = dy + (<usize>j << 2);
      for (let n = batch; n > 0; n--) {
        s += <f64>load<f32>(px) * <f64>load<f32>(pd);
        px += rowX;
        pd += rowK;
      }
      store<f32>(out + (<usize>j << 2), <f32>s);
    }
  }
}
