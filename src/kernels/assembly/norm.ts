// Batch normalization's forward pass (training statistics and the normalization), channels last
// (c floats per row), in float64 lanes so every value is the reference loop's to the bit: each
// channel sums its rows in row order as the loop does, and y is computed in float64 with the
// loop's order of operations, then rounded to float32 once. The channel sums themselves are
// channelSums (backward.ts).
//
// The element-wise kernels here and in backward.ts walk a block of rows (about 4 KB, in L1) one
// group of channels at a time, keeping that group's sums and coefficients in registers across
// the block: a channel still sums its rows in row order, but no sum is stored and reloaded per
// row, and the per-channel vectors are loaded once a block instead of once a row.

/** Rows of `rowB` bytes walked per block. */
// @ts-ignore: decorator
@inline export function blockRows(rowB: usize): i32 {
  const r = 4096 / <i32>rowB;
  return r > 0 ? r : 1;
}

// @ts-ignore: decorator
@inline export function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}

// @ts-ignore: decorator
@inline function squareFrom(v: v128, mean: v128): v128 {
  const d = f64x2.sub(v, mean);
  return f64x2.mul(d, d);
}

/** acc[ch] += (x[r, ch] - mean[ch])^2 over `rows` rows, in float64 (`mean`, `acc`: c float64s;
 *  acc zeroed here): the second pass of the batch variance. */
export function centredSquares(x: usize, rows: i32, c: i32, mean: usize, acc: usize): void {
  const c4 = c & ~3;
  const c8 = c & ~7;
  const rowB = <usize>c << 2;
  const rb = blockRows(rowB);
  memory.fill(acc, 0, <usize>c << 3);
  for (let r0 = 0; r0 < rows; r0 += rb) {
    const n = min(rb, rows - r0);
    const base = x + <usize>r0 * rowB;
    let ch = 0;
    for (; ch < c8; ch += 8) {
      const at = acc + (<usize>ch << 3);
      const m = mean + (<usize>ch << 3);
      const m0 = v128.load(m), m1 = v128.load(m, 16), m2 = v128.load(m, 32), m3 = v128.load(m, 48);
      let a0 = v128.load(at), a1 = v128.load(at, 16), a2 = v128.load(at, 32), a3 = v128.load(at, 48);
      let p = base + (<usize>ch << 2);
      for (let k = n; k > 0; k--) {
        const v = v128.load(p);
        const w = v128.load(p, 16);
        a0 = f64x2.add(a0, squareFrom(f64x2.promote_low_f32x4(v), m0));
        a1 = f64x2.add(a1, squareFrom(high(v), m1));
        a2 = f64x2.add(a2, squareFrom(f64x2.promote_low_f32x4(w), m2));
        a3 = f64x2.add(a3, squareFrom(high(w), m3));
        p += rowB;
      }
      v128.store(at, a0);
      v128.store(at, a1, 16);
      v128.store(at, a2, 32);
      v128.store(at, a3, 48);
    }
    for (; ch < c4; ch += 4) {
      const at = acc + (<usize>ch << 3);
      const m = mean + (<usize>ch << 3);
      const m0 = v128.load(m), m1 = v128.load(m, 16);
      let a0 = v128.load(at), a1 = v128.load(at, 16);
      let p = base + (<usize>ch << 2);
      for (let k = n; k > 0; k--) {
        const v = v128.load(p);
        a0 = f64x2.add(a0, squareFrom(f64x2.promote_low_f32x4(v), m0));
        a1 = f64x2.add(a1, squareFrom(high(v), m1));
        p += rowB;
      }
      v128.store(at, a0);
      v128.store(at, a1, 16);
    }
    for (; ch < c; ch++) {
      const at = acc + (<usize>ch << 3);
      const m = load<f64>(mean + (<usize>ch << 3));
      let a = load<f64>(at);
      let p = base + (<usize>ch << 2);
      for (let k = n; k > 0; k--) {
        const d = <f64>load<f32>(p) - m;
        a += d * d;
        p += rowB;
      }
      store<f64>(at, a);
    }
  }
}

// @ts-ignore: decorator
@inline function normalizePair(x: v128, mean: v128, scale: v128, invStd: v128, offset: v128): v128 {
  return f64x2.add(f64x2.mul(f64x2.mul(scale, f64x2.sub(x, mean)), invStd), offset);
}

/** y = scale * (x - mean) * invStd + offset per channel, in float64 (the per-channel vectors are
 *  c float64s each: mean as the float32 statistic it is, widened), rounded to float32; then
 *  max(y, 0) when `relu` is 1 (pmax keeps -0 and NaN as the reference's y < 0 ? 0 : y). */
export function batchNormalize(x: usize, rows: i32, c: i32, mean: usize, scale: usize, invStd: usize, offset: usize, y: usize, relu: i32): void {
  const c4 = c & ~3;
  const rowB = <usize>c << 2;
  const rb = blockRows(rowB);
  const zero = f32x4.splat(0);
  for (let r0 = 0; r0 < rows; r0 += rb) {
    const n = min(rb, rows - r0);
    const off = <usize>r0 * rowB;
    let ch = 0;
    for (; ch < c4; ch += 4) {
      const o = <usize>ch << 3;
      const ml = v128.load(mean + o), mh = v128.load(mean + o, 16);
      const sl = v128.load(scale + o), sh = v128.load(scale + o, 16);
      const il = v128.load(invStd + o), ih = v128.load(invStd + o, 16);
      const fl = v128.load(offset + o), fh = v128.load(offset + o, 16);
      let px = x + off + (<usize>ch << 2);
      let py = y + off + (<usize>ch << 2);
      for (let k = n; k > 0; k--) {
        const v = v128.load(px);
        const lo = normalizePair(f64x2.promote_low_f32x4(v), ml, sl, il, fl);
        const hi = normalizePair(high(v), mh, sh, ih, fh);
        const out = i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
        v128.store(py, relu ? f32x4.pmax(out, zero) : out);
        px += rowB;
        py += rowB;
      }
    }
    for (; ch < c; ch++) {
      const o = <usize>ch << 3;
      const m = load<f64>(mean + o), s = load<f64>(scale + o), i = load<f64>(invStd + o), f = load<f64>(offset + o);
      let px = x + off + (<usize>ch << 2);
      let py = y + off + (<usize>ch << 2);
      for (let k = n; k > 0; k--) {
        const v = <f32>(s * (<f64>load<f32>(px) - m) * i + f);
        store<f32>(py, relu && v < 0 ? 0 : v);
        px += rowB;
        py += rowB;
      }
    }
  }
}
