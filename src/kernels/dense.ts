// The classifier's ops on the kernels: dense, its gradient and global average pooling, in
// float64 lanes and bit-identical to the reference loops (src/reference/layers.ts, backward.ts),
// which they replace outside counting: each output sums the same terms in the same order. In
// JavaScript the loops took 2.5 ns a multiply-add (50 and 100 us a training step's dense and its
// gradient at 64 -> 10, batch 32), however they were nested.
import { callArena, kernels } from "./wasm";

/** y [N,units] = x [N,inUnits] kernel [inUnits,units] (+ bias), as referenceDense. */
export function fastDense(
  x: Float32Array,
  kernel: Float32Array,
  bias: Float32Array | null,
  batch: number,
  inUnits: number,
  units: number,
): Float32Array {
  const a = callArena();
  const px = a.put(x);
  const pk = a.put(kernel);
  const pb = bias === null ? 0 : a.put(bias);
  const y = a.alloc(batch * units);
  kernels().exports.denseForward(px, pk, pb, bias === null ? 0 : 1, batch, inUnits, units, y);
  return a.take(y, batch * units);
}

/** dx = dy kernel^T and dKernel = x^T dy, as referenceDenseGrad (dx sums over units in order,
 *  dKernel over the batch in order). */
export function fastDenseGrad(
  x: Float32Array,
  kernel: Float32Array,
  dy: Float32Array,
  batch: number,
  inUnits: number,
  units: number,
): { dx: Float32Array; dKernel: Float32Array } {
  const a = callArena();
  const px = a.put(x);
  const pk = a.put(kernel);
  const pd = a.put(dy);
  const dx = a.alloc(batch * inUnits);
  const dk = a.alloc(inUnits * units);
  kernels().exports.denseBackward(px, pk, pd, batch, inUnits, units, dx, dk);
  return { dx: a.take(dx, batch * inUnits), dKernel: a.take(dk, inUnits * units) };
}

/** [N,H,W,C] -> [N,C] channel means, as referenceGlobalAveragePooling: each image's channel
 *  sums in float64 in pixel order (channelSums), divided by H*W in float64. */
export function fastGlobalAveragePooling(
  x: Float32Array,
  batch: number,
  pixels: number,
  channels: number,
): Float32Array {
  const wasm = kernels().exports;
  const a = callArena();
  const px = a.put(x);
  const acc = a.alloc(2 * channels);
  const sums = a.alloc(channels);
  const s = new Float64Array(a.f32().buffer, acc, channels);
  const y = new Float32Array(batch * channels);
  const image = pixels * channels * 4;
  for (let n = 0; n < batch; n++) {
    wasm.channelSums(px + n * image, pixels, channels, acc, sums);
    for (let c = 0; c < channels; c++) y[n * channels + c] = s[c]! / pixels;
  }
  return y;
}

/** globalAveragePooling2d's gradient, dx [N,pixels,C] = dy [N,C] / pixels at every pixel, as
 *  referenceGlobalAveragePoolingGrad: the quotients here, each image's row repeated by the
 *  kernel (100 -> 74 us at 32x7x7x128 in a training step, against the JavaScript copies it
 *  replaced). */
export function fastGlobalAveragePoolingGrad(
  dy: Float32Array,
  batch: number,
  pixels: number,
  channels: number,
): Float32Array {
  const a = callArena();
  const q = a.alloc(batch * channels);
  const f = a.f32();
  for (let i = 0; i < batch * channels; i++) f[(q >> 2) + i] = dy[i]! / pixels;
  const out = a.output(batch * pixels * channels);
  kernels().exports.repeatRows(q, batch, pixels, channels, out);
  return a.take(out, batch * pixels * channels);
}
