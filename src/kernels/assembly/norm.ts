// Batch normalization's element-wise passes, channels last (c floats per row), in float32 lanes
// as TensorFlow's CPU kernels compute them. The reference loops (src/reference/layers.ts) are the
// specification and sum in float64; here a channel sums a block of at most 64 rows in float32
// and adds the block's sum to a float64 total, so the statistics stay within a few float32 ulps
// of the loops' (tested) for any batch size. Float64 lanes had kept the loops' bits, at two to
// four times the cost of these passes: batch norm was a quarter of a training step.
//
// Every pass walks a block of rows (about 4 KB, in L1) a few groups of four channels at a time
// (as many as registers hold), with their sums and per-channel vectors in registers across the
// block.
import { madd } from "./gemm";

/** Rows of `rowB` bytes per block: about 4 KB, and at most 64 rows (float32 sums' length). */
// @ts-ignore: decorator
@inline export function blockRows(rowB: usize): i32 {
  const r = 4096 / <i32>rowB;
  return r > 64 ? 64 : r > 0 ? r : 1;
}

// @ts-ignore: decorator
@inline export function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}

/** Adds a float32x4 block sum to four float64 totals at `at`. */
// @ts-ignore: decorator
@inline export function addTotal(at: usize, s: v128): void {
  v128.store(at, f64x2.add(v128.load(at), f64x2.promote_low_f32x4(s)));
  v128.store(at, f64x2.add(v128.load(at, 16), high(s)), 16);
}

/** One block's sums for `vectors` (1 or 4) groups of four channels from p: of x, or with
 *  `squares` of (x - mean)^2 (mean: float32s at m); added to the float64 totals at `at`. */
// @ts-ignore: decorator
@inline function sumVectors(p0: usize, rowB: usize, n: i32, m: usize, at: usize, vectors: i32, squares: bool): void {
  const zero = f32x4.splat(0);
  let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
  const m0 = squares ? v128.load(m) : zero;
  const m1 = squares && vectors == 4 ? v128.load(m, 16) : zero;
  const m2 = squares && vectors == 4 ? v128.load(m, 32) : zero;
  const m3 = squares && vectors == 4 ? v128.load(m, 48) : zero;
  let p = p0;
  for (let k = n; k > 0; k--) {
    let v0 = v128.load(p);
    if (squares) {
      v0 = f32x4.sub(v0, m0);
      s0 = madd(s0, v0, v0);
    } else s0 = f32x4.add(s0, v0);
    if (vectors == 4) {
      let v1 = v128.load(p, 16), v2 = v128.load(p, 32), v3 = v128.load(p, 48);
      if (squares) {
        v1 = f32x4.sub(v1, m1);
        v2 = f32x4.sub(v2, m2);
        v3 = f32x4.sub(v3, m3);
        s1 = madd(s1, v1, v1);
        s2 = madd(s2, v2, v2);
        s3 = madd(s3, v3, v3);
      } else {
        s1 = f32x4.add(s1, v1);
        s2 = f32x4.add(s2, v2);
        s3 = f32x4.add(s3, v3);
      }
    }
    p += rowB;
  }
  addTotal(at, s0);
  if (vectors == 4) {
    addTotal(at + 32, s1);
    addTotal(at + 64, s2);
    addTotal(at + 96, s3);
  }
}

/** acc[ch] = the sum over `rows` rows of x[r, ch], or with `squares` = 1 of (x[r, ch] -
 *  mean[ch])^2 (mean: c float32s): float64 totals (acc: c float64s, zeroed here) of float32
 *  block sums. The batch mean, then the biased variance around it. */
export function batchNormMoments(x: usize, rows: i32, c: i32, mean: usize, squares: i32, acc: usize): void {
  const c4 = c & ~3;
  const c16 = c & ~15;
  const rowB = <usize>c << 2;
  const rb = blockRows(rowB);
  memory.fill(acc, 0, <usize>c << 3);
  for (let r0 = 0; r0 < rows; r0 += rb) {
    const n = min(rb, rows - r0);
    const base = x + <usize>r0 * rowB;
    let ch = 0;
    for (; ch < c16; ch += 16) {
      const o = <usize>ch << 2;
      if (squares) sumVectors(base + o, rowB, n, mean + o, acc + (<usize>ch << 3), 4, true);
      else sumVectors(base + o, rowB, n, mean + o, acc + (<usize>ch << 3), 4, false);
    }
    for (; ch < c4; ch += 4) {
      const o = <usize>ch << 2;
      if (squares) sumVectors(base + o, rowB, n, mean + o, acc + (<usize>ch << 3), 1, true);
      else sumVectors(base + o, rowB, n, mean + o, acc + (<usize>ch << 3), 1, false);
    }
    for (; ch < c; ch++) {
      const o = <usize>ch << 2;
      const m: f32 = squares ? load<f32>(mean + o) : 0;
      let s: f32 = 0;
      let p = base + o;
      for (let k = n; k > 0; k--) {
        const d = load<f32>(p) - m;
        s += squares ? d * d : d;
        p += rowB;
      }
      const at = acc + (<usize>ch << 3);
      store<f64>(at, load<f64>(at) + <f64>s);
    }
  }
}

/** xc * k + offset in four lanes (xc = x - mean): the normalization, one fused multiply-add
 *  where the build has them. The gradient's ReLU test (backward.ts maskDy) recomputes the
 *  forward's output through this same function, so the two agree to the bit. */
// @ts-ignore: decorator
@inline export function scaleShift(xc: v128, k: v128, offset: v128): v128 {
  return madd(offset, xc, k);
}

/** One block's normalization for `vectors` (1, 2 or 4) groups of four channels (mean, k, offset:
 *  float32s at m, k, o), then the ReLU when `relu`. The groups of a row share the loop's
 *  pointer steps and branch. */
// @ts-ignore: decorator
@inline function normalizeVectors(px0: usize, py0: usize, rowB: usize, n: i32, m: usize, k: usize, o: usize, vectors: i32, relu: bool): void {
  const zero = f32x4.splat(0);
  const m0 = v128.load(m), k0 = v128.load(k), o0 = v128.load(o);
  const m1 = vectors >= 2 ? v128.load(m, 16) : zero;
  const k1 = vectors >= 2 ? v128.load(k, 16) : zero;
  const o1 = vectors >= 2 ? v128.load(o, 16) : zero;
  const m2 = vectors == 4 ? v128.load(m, 32) : zero;
  const k2 = vectors == 4 ? v128.load(k, 32) : zero;
  const o2 = vectors == 4 ? v128.load(o, 32) : zero;
  const m3 = vectors == 4 ? v128.load(m, 48) : zero;
  const k3 = vectors == 4 ? v128.load(k, 48) : zero;
  const o3 = vectors == 4 ? v128.load(o, 48) : zero;
  let px = px0;
  let py = py0;
  for (let r = n; r > 0; r--) {
    const a = scaleShift(f32x4.sub(v128.load(px), m0), k0, o0);
    v128.store(py, relu ? f32x4.pmax(a, zero) : a);
    if (vectors >= 2) {
      const b = scaleShift(f32x4.sub(v128.load(px, 16), m1), k1, o1);
      v128.store(py, relu ? f32x4.pmax(b, zero) : b, 16);
    }
    if (vectors == 4) {
      const b = scaleShift(f32x4.sub(v128.load(px, 32), m2), k2, o2);
      v128.store(py, relu ? f32x4.pmax(b, zero) : b, 32);
      const e = scaleShift(f32x4.sub(v128.load(px, 48), m3), k3, o3);
      v128.store(py, relu ? f32x4.pmax(e, zero) : e, 48);
    }
    px += rowB;
    py += rowB;
  }
}

/** y = (x - mean) * k + offset per channel (k = scale / sqrt(variance + epsilon); c float32s
 *  each), as TensorFlow's fused batch norm on the CPU; then max(y, 0) when `relu` is 1 (pmax
 *  keeps -0 and NaN as the reference's y < 0 ? 0 : y). */
export function batchNormalize(x: usize, rows: i32, c: i32, mean: usize, k: usize, offset: usize, y: usize, relu: i32): void {
  const c4 = c & ~3;
  const c8 = c & ~7;
  const c16 = c & ~15;
  const rowB = <usize>c << 2;
  const rb = blockRows(rowB);
  for (let r0 = 0; r0 < rows; r0 += rb) {
    const n = min(rb, rows - r0);
    const off = <usize>r0 * rowB;
    let ch = 0;
    for (; ch < c16; ch += 16) {
      const o = <usize>ch << 2;
      if (relu) normalizeVectors(x + off + o, y + off + o, rowB, n, mean + o, k + o, offset + o, 4, true);
      else normalizeVectors(x + off + o, y + off + o, rowB, n, mean + o, k + o, offset + o, 4, false);
    }
    for (; ch < c8; ch += 8) {
      const o = <usize>ch << 2;
      if (relu) normalizeVectors(x + off + o, y + off + o, rowB, n, mean + o, k + o, offset + o, 2, true);
      else normalizeVectors(x + off + o, y + off + o, rowB, n, mean + o, k + o, offset + o, 2, false);
    }
    for (; ch < c4; ch += 4) {
      const o = <usize>ch << 2;
      if (relu) normalizeVectors(x + off + o, y + off + o, rowB, n, mean + o, k + o, offset + o, 1, true);
      else normalizeVectors(x + off + o, y + off + o, rowB, n, mean + o, k + o, offset + o, 1, false);
    }
    for (; ch < c; ch++) {
      const o = <usize>ch << 2;
      const m = load<f32>(mean + o), s = load<f32>(k + o), f = load<f32>(offset + o);
      let px = x + off + o;
      let py = y + off + o;
      for (let r = n; r > 0; r--) {
        const v = (load<f32>(px) - m) * s + f;
        store<f32>(py, relu && v < 0 ? 0 : v);
        px += rowB;
        py += rowB;
      }
    }
  }
}

/** batchNormalize's output for `images` images of `pixels` rows, not written but summed: per
 *  image and channel the float64 sum, in pixel order, of the value batchNormalize would store
 *  (sums: images x c float64s), as channelSums sums a stored output. Batch normalization, ReLU
 *  and global average pooling in one pass: the normalized values never leave the registers. */
export function batchNormalizePool(x: usize, images: i32, pixels: i32, c: i32, mean: usize, k: usize, offset: usize, relu: i32, sums: usize): void {
  if (relu) normalizePool(x, images, pixels, c, mean, k, offset, true, sums);
  else normalizePool(x, images, pixels, c, mean, k, offset, false, sums);
}

// @ts-ignore: decorator
@inline function normalizePool(x: usize, images: i32, pixels: i32, c: i32, mean: usize, k: usize, offset: usize, relu: bool, sums: usize): void {
  const rowB = <usize>c << 2;
  const rb = blockRows(rowB);
  memory.fill(sums, 0, <usize>images * <usize>c << 3);
  for (let img = 0; img < images; img++) {
    const xi = x + <usize>img * <usize>pixels * rowB;
    const si = sums + (<usize>img * <usize>c << 3);
    for (let r0 = 0; r0 < pixels; r0 += rb) {
      addRowSums(xi + <usize>r0 * rowB, min(rb, pixels - r0), c, si, true, relu, mean, k, offset);
    }
  }
}

/** Adds to the float64 totals at `at` (c of them) the sums over n rows of c floats from base
 *  (one block, in L1), each channel's in row order: of the values themselves, or with
 *  `normalize` of what batchNormalize would store for them (mean, k, offset: c float32s at the
 *  pointers; then max(y, 0) with `relu`). Eight channels a loop, then four, then one: the sums
 *  of channelSums and of batchNormalizePool. */
// @ts-ignore: decorator
@inline export function addRowSums(base: usize, n: i32, c: i32, at: usize, normalize: bool, relu: bool, mean: usize, k: usize, offset: usize): void {
  const c4 = c & ~3;
  const c8 = c & ~7;
  const rowB = <usize>c << 2;
  let ch = 0;
  for (; ch < c8; ch += 8) {
    const v = <usize>ch << 2;
    rowSumVectors(base + v, rowB, n, at + (<usize>ch << 3), 2, normalize, relu, mean + v, k + v, offset + v);
  }
  for (; ch < c4; ch += 4) {
    const v = <usize>ch << 2;
    rowSumVectors(base + v, rowB, n, at + (<usize>ch << 3), 1, normalize, relu, mean + v, k + v, offset + v);
  }
  for (; ch < c; ch++) {
    const v = <usize>ch << 2;
    const t = at + (<usize>ch << 3);
    const m: f32 = normalize ? load<f32>(mean + v) : 0;
    const sk: f32 = normalize ? load<f32>(k + v) : 0;
    const so: f32 = normalize ? load<f32>(offset + v) : 0;
    let a = load<f64>(t);
    let p = base + v;
    for (let r = n; r > 0; r--) {
      let y = load<f32>(p);
      if (normalize) {
        y = (y - m) * sk + so;
        if (relu && y < 0) y = 0;
      }
      a += <f64>y;
      p += rowB;
    }
    store<f64>(t, a);
  }
}

/** addRowSums for `vectors` (1 or 2) groups of four channels. */
// @ts-ignore: decorator
@inline function rowSumVectors(p0: usize, rowB: usize, n: i32, at: usize, vectors: i32, normalize: bool, relu: bool, m: usize, k: usize, o: usize): void {
  const zero = f32x4.splat(0);
  const two = vectors == 2;
  const m0 = normalize ? v128.load(m) : zero, k0 = normalize ? v128.load(k) : zero;
  const o0 = normalize ? v128.load(o) : zero;
  const m1 = normalize && two ? v128.load(m, 16) : zero, k1 = normalize && two ? v128.load(k, 16) : zero;
  const o1 = normalize && two ? v128.load(o, 16) : zero;
  let a0 = v128.load(at), a1 = v128.load(at, 16);
  let a2 = two ? v128.load(at, 32) : zero, a3 = two ? v128.load(at, 48) : zero;
  let p = p0;
  for (let r = n; r > 0; r--) {
    let y0 = v128.load(p);
    if (normalize) {
      y0 = scaleShift(f32x4.sub(y0, m0), k0, o0);
      if (relu) y0 = f32x4.pmax(y0, zero);
    }
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(y0));
    a1 = f64x2.add(a1, high(y0));
    if (two) {
      let y1 = v128.load(p, 16);
      if (normalize) {
        y1 = scaleShift(f32x4.sub(y1, m1), k1, o1);
        if (relu) y1 = f32x4.pmax(y1, zero);
      }
      a2 = f64x2.add(a2, f64x2.promote_low_f32x4(y1));
      a3 = f64x2.add(a3, high(y1));
    }
    p += rowB;
  }
  v128.store(at, a0);
  v128.store(at, a1, 16);
  if (two) {
    v128.store(at, a2, 32);
    v128.store(at, a3, 48);
  }
}
