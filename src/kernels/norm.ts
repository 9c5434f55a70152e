// The forward fast paths of the training layers' element-wise ops: batch normalization (its
// batch statistics and the normalization) and ReLU, on the WebAssembly kernels. Batch norm runs
// in float64 lanes in the reference loops' order of operations (src/reference/layers.ts), so its
// results are the loops' to the bit; the loops walk each channel with a stride of C floats, once
// per channel, and took ~14 ms at 32x28x28x32 where these passes take about a millisecond.
import { type Arena, callArena, kernels } from "./wasm";

/** Per-channel statistics: the batch's (training) or the moving averages (inference). */
export interface Moments {
  mean: Float32Array;
  variance: Float32Array;
}

/** The batch's per-channel mean and biased variance of x [rows, c] (channels last), already in
 *  kernel memory at px, as referenceMoments: float64 sums, the variance from a second pass
 *  around the float64 mean. */
function momentsAt(a: Arena, px: number, rows: number, c: number): Moments {
  const wasm = kernels().exports;
  const acc = a.alloc(2 * c);
  const sums = a.alloc(c);
  wasm.channelSums(px, rows, c, acc, sums);
  const means = new Float64Array(a.f32().buffer, acc, c);
  for (let ch = 0; ch < c; ch++) means[ch] = means[ch]! / rows;
  const mean = Float32Array.from(means);
  // The float64 means stay where they are; the squares go to their own sums.
  const squares = a.alloc(2 * c);
  wasm.centredSquares(px, rows, c, acc, squares);
  const sq = new Float64Array(a.f32().buffer, squares, c);
  const variance = new Float32Array(c);
  for (let ch = 0; ch < c; ch++) variance[ch] = sq[ch]! / rows;
  return { mean, variance };
}

/**
 * y = scale * (x - mean) / sqrt(variance + epsilon) + offset per channel, as referenceBatchNorm,
 * then max(y, 0) when `relu` (TensorFlow's _FusedBatchNormEx with activation Relu). With `stats`
 * null the batch's own moments normalize and are returned. x goes into kernel memory once and y
 * comes out once: as three ops (moments, normalization, ReLU) the activations crossed five times.
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
  const coef = a.alloc(8 * c); // four vectors of c float64s
  const out = a.output(x.length);
  const v = new Float64Array(a.f32().buffer, coef, 4 * c);
  for (let ch = 0; ch < c; ch++) {
    v[ch] = mean[ch]!;
    v[c + ch] = scale[ch]!;
    v[2 * c + ch] = 1 / Math.sqrt(variance[ch]! + epsilon);
    v[3 * c + ch] = offset[ch]!;
  }
  wasm.batchNormalize(
    px,
    rows,
    c,
    coef,
    coef + 8 * c,
    coef + 16 * c,
    coef + 24 * c,
    out,
    relu ? 1 : 0,
  );
  return { y: a.take(out, x.length), mean, variance };
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
