// The forward fast paths of the training layers' element-wise ops: batch normalization (its
// batch statistics and the normalization) and ReLU, on the WebAssembly kernels. Batch norm runs
// in float32 lanes as TensorFlow's CPU kernels do, its sums float32 within blocks of rows and
// float64 across them (kernels/assembly/norm.ts): within float32 rounding of the reference loops
// (src/reference/layers.ts, float64 throughout), which walk each channel with a stride of C
// floats, once per channel, and took ~14 ms at 32x28x28x32 where these passes take about 0.3.
import { type Arena, callArena, kernels } from "./wasm";

/** Per-channel statistics: the batch's (training) or the moving averages (inference). */
export interface Moments {
  mean: Float32Array;
  variance: Float32Array;
}

/** The batch's per-channel mean and biased variance of x [rows, c] (channels last), already in
 *  kernel memory at px: the sums, then the squares around the (float32) mean, as
 *  referenceMoments within float32 rounding. */
function momentsAt(a: Arena, px: number, rows: number, c: number): Moments {
  const wasm = kernels().exports;
  const acc = a.alloc(2 * c); // c float64s
  wasm.batchNormMoments(px, rows, c, 0, 0, acc);
  const mean = new Float32Array(c);
  let totals = new Float64Array(a.f32().buffer, acc, c);
  for (let ch = 0; ch < c; ch++) mean[ch] = totals[ch]! / rows;
  wasm.batchNormMoments(px, rows, c, a.put(mean), 1, acc);
  totals = new Float64Array(a.f32().buffer, acc, c);
  const variance = new Float32Array(c);
  for (let ch = 0; ch < c; ch++) variance[ch] = totals[ch]! / rows;
  return { mean, variance };
}

/**
 * y = (x - mean) * scale / sqrt(variance + epsilon) + offset per channel, as referenceBatchNorm
 * (in float32, as TensorFlow's CPU kernel), then max(y, 0) when `relu` (TensorFlow's
 * _FusedBatchNormEx with activation Relu) in the same pass. With `stats` null the batch's own
 * moments normalize and are returned.
 */
export function fastBatchNorm(
  x: Float32Array,
  scale: Float32Array,
  offset: Float32Array,
  epsilon: number,
  stats: Moments | null,
  relu: boolean,
): Moments & { y: Float32Array } {
  const wasm = kernels().exports;
  const a = callArena();
  const c = scale.length;
  const rows = x.length / c;
  const px = a.put(x);
  const { mean, variance } = stats ?? momentsAt(a, px, rows, c);
  const k = normalizationScale(scale, variance, epsilon);
  const pm = a.put(mean);
  const pk = a.put(k);
  const po = a.put(offset);
  const out = a.output(x.length);
  wasm.batchNormalize(px, rows, c, pm, pk, po, out, relu ? 1 : 0);
  return { y: a.take(out, x.length), mean, variance };
}

/**
 * fastBatchNorm's output averaged over each image's pixels, global average pooling's result
 * [images, c] (fastGlobalAveragePooling of that output, bit for bit: each value as
 * batchNormalize computes it, summed in float64 in pixel order), the output itself never
 * written (batchNormalizePool). Also the moments it normalized with.
 */
export function fastBatchNormPool(
  x: Float32Array,
  images: number,
  scale: Float32Array,
  offset: Float32Array,
  epsilon: number,
  stats: Moments | null,
  relu: boolean,
): Moments & { pooled: Float32Array } {
  const wasm = kernels().exports;
  const a = callArena();
  const c = scale.length;
  const rows = x.length / c;
  const pixels = rows / images;
  const px = a.put(x);
  const { mean, variance } = stats ?? momentsAt(a, px, rows, c);
  const pm = a.put(mean);
  const pk = a.put(normalizationScale(scale, variance, epsilon));
  const po = a.put(offset);
  const at = a.alloc(2 * images * c); // images x c float64s
  wasm.batchNormalizePool(px, images, pixels, c, pm, pk, po, relu ? 1 : 0, at);
  const sums = new Float64Array(a.f32().buffer, at, images * c);
  const pooled = new Float32Array(images * c);
  for (let i = 0; i < images * c; i++) pooled[i] = sums[i]! / pixels;
  return { pooled, mean, variance };
}

/** k = scale / sqrt(variance + epsilon) per channel, as float32: the normalization's factor
 *  (batchNormalize), and the gradient's when it recomputes the ReLU's test from x (it must be
 *  the forward's to the bit). */
export function normalizationScale(
  scale: Float32Array,
  variance: Float32Array,
  epsilon: number,
): Float32Array {
  const k = new Float32Array(scale.length);
  for (let ch = 0; ch < scale.length; ch++) k[ch] = scale[ch]! / Math.sqrt(variance[ch]! + epsilon);
  return k;
}

/** max(x, 0) keeping -0 and NaN as the reference does (x < 0 ? 0 : x), by lanes. */
export function fastRelu(x: Float32Array): Float32Array {
  const a = callArena();
  const px = a.put(x);
  // In place on x's copy; a resident x is not copied by put(), so it is copied here first.
  let out = px;
  if (a.residentAt(x) !== undefined) {
    out = a.output(x.length);
    a.f32().copyWithin(out >> 2, px >> 2, (px >> 2) + x.length);
  }
  kernels().exports.relu(out, x.length);
  return a.take(out, x.length);
}
