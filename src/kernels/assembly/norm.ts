// Batch normalization's forward pass (training statistics and the normalization), channels last
// (c floats per row), in float64 lanes so every value is the reference loop's to the bit: each
// channel sums its rows in row order as the loop does, and y is computed in float64 with the
// loop's order of operations, then rounded to float32 once. The channel sums themselves are
// channelSums (backward.ts).

/** acc[ch] += (x[r, ch] - mean[ch])^2 over `rows` rows, in float64 (`mean`, `acc`: c float64s;
 *  acc zeroed here): the second pass of the batch variance. */
export function centredSquares(x: usize, rows: i32, c: i32, mean: usize, acc: usize): void {
  const c4 = c & ~3;
  memory.fill(acc, 0, <usize>c << 3);
  let px = x;
  for (let r = 0; r < rows; r++) {
    let ch = 0;
    for (; ch < c4; ch += 4) {
      const v = v128.load(px + (<usize>ch << 2));
      const at = acc + (<usize>ch << 3);
      const m = mean + (<usize>ch << 3);
      const lo = f64x2.sub(f64x2.promote_low_f32x4(v), v128.load(m));
      const hi = f64x2.sub(f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)), v128.load(m, 16));
      v128.store(at, f64x2.add(v128.load(at), f64x2.mul(lo, lo)));
      v128.store(at, f64x2.add(v128.load(at, 16), f64x2.mul(hi, hi)), 16);
    }
    for (; ch < c; ch++) {
      const d = <f64>load<f32>(px + (<usize>ch << 2)) - load<f64>(mean + (<usize>ch << 3));
      store<f64>(acc + (<usize>ch << 3), load<f64>(acc + (<usize>ch << 3)) + d * d);
    }
    px += <usize>c << 2;
  }
}

// @ts-ignore: decorator
@inline function normalizePair(x: v128, mean: v128, scale: v128, invStd: v128, offset: v128): v128 {
  return f64x2.add(f64x2.mul(f64x2.mul(scale, f64x2.sub(x, mean)), invStd), offset);
}

/** y = scale * (x - mean) * invStd + offset per channel, in float64 (the per-channel vectors are
 *  c float64s each: mean as the float32 statistic it is, widened), rounded to float32. */
export function batchNormalize(x: usize, rows: i32, c: i32, mean: usize, scale: usize, invStd: usize, offset: usize, y: usize): void {
  const c4 = c & ~3;
  const rowB = <usize>c << 2;
  let px = x;
  let py = y;
  for (let r = 0; r < rows; r++) {
    let ch = 0;
    for (; ch < c4; ch += 4) {
      const v = v128.load(px + (<usize>ch << 2));
      const o = <usize>ch << 3;
      const lo = normalizePair(f64x2.promote_low_f32x4(v), v128.load(mean + o), v128.load(scale + o), v128.load(invStd + o), v128.load(offset + o));
      const hi = normalizePair(f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)), v128.load(mean + o, 16), v128.load(scale + o, 16), v128.load(invStd + o, 16), v128.load(offset + o, 16));
      v128.store(py + (<usize>ch << 2), i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
    }
    for (; ch < c; ch++) {
      const o = <usize>ch << 3;
      const d = <f64>load<f32>(px + (<usize>ch << 2)) - load<f64>(mean + o);
      store<f32>(py + (<usize>ch << 2), <f32>(load<f64>(scale + o) * d * load<f64>(invStd + o) + load<f64>(offset + o)));
    }
    px += rowB;
    py += rowB;
  }
}
