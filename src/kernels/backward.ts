// The backward ops' fast paths, on the same arena, GEMM and threads as the forward ones:
//   conv / pointwise input gradient  -> dy x W^T (the filter transposed and packed once per call);
//                                       a window larger than one pixel (or a stride, or padding)
//                                       adds each pixel's window gradient back by col2im, in
//                                       bounded chunks; threads take whole images (windows of one
//                                       image overlap in dx)
//   conv / pointwise filter gradient -> X^T x dy (filterGemm: unpacked tiles for a small result,
//                                       else gemmTN with A packed from rows of X), on the im2col
//                                       matrix of bounded chunks when the window is larger than
//                                       one pixel; threads take ranges of pixels, each summing
//                                       into a gradient of its own, added up at the end
//   depthwise gradients              -> channels in SIMD lanes (padded to four, the depth
//                                       multiplier expanded as in the forward op); the input
//                                       gradient scatters each output pixel's dy over its window
//                                       and sums the multiplier's copies at the end
//   one input channel (conv)         -> the depthwise gradients with M = Cout, as the forward op
//   bias gradient                    -> per-channel sums in float64
import type { Conv2DInfo } from "../conv-info";
import {
  depthwiseInArena,
  depthwiseThreads,
  IM2COL_FLOATS,
  isPlainPointwise,
  lanes,
  type MatrixB,
  PACK_B_ROWS,
  PACK_FLOATS,
  perThread,
  pointwiseInArena,
  putExpanded,
  share,
  takeCompact,
  threadsFor,
  windowArgs,
} from "./fast";
import { normalizationScale } from "./norm";
import { Schedule } from "./threads";
import { type Arena, callArena, kernels } from "./wasm";

/** W^T [N, K] of a [K, N] filter, packed for gemm: transposed in kernel memory, then packed
 *  PACK_B_ROWS rows at a time (packB reads rows within one panel row). */
function putTransposedB(a: Arena, w: Float32Array, k: number, n: number): MatrixB {
  const wasm = kernels().exports;
  const raw = a.put(w);
  const t = a.alloc(k * n);
  wasm.transpose(raw, k, n, t);
  const at = a.alloc(wasm.packedBFloats(n, k));
  for (let k0 = 0; k0 < n; k0 += PACK_B_ROWS) {
    wasm.packB(t + k0 * k * 4, k0, Math.min(PACK_B_ROWS, n - k0), n, k, at);
  }
  return { at, direct: false, k: n, n: k };
}

/** conv2d's input gradient: dx [N,H,W,Cin] from dy [N,Ho,Wo,Cout] and filter [KH,KW,Cin,Cout];
 *  `over` as for fastDepthwiseBackpropInput. */
export function fastConv2dBackpropInput(
  dy: Float32Array,
  filter: Float32Array,
  info: Conv2DInfo,
  cout: number,
  over: Float32Array | null = null,
): Float32Array {
  const cin = info.inChannels;
  // One input channel: the filter is a depthwise filter with M = Cout.
  if (cin === 1) return fastDepthwiseBackpropInput(dy, filter, info, cout, over);
  const a = callArena();
  const { batch, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo } = info;
  const k = info.filterHeight * info.filterWidth * cin;
  const pdy = a.put(dy);
  const wt = putTransposedB(a, filter, k, cout);
  // A pointwise layer's (stride 1, unpadded) is one GEMM over every pixel, threads taking rows.
  if (isPlainPointwise(info))
    return a.take(
      pointwiseInArena(a, pdy, cout, wt, info, cin, a.outputOver(batch * h * w * cin, over)),
      batch * h * w * cin,
    );
  const pixels = ho * wo;
  const work = new Schedule(threadsFor(batch * pixels * k * cout));
  const chunk = Math.max(4, Math.min(pixels, Math.floor(IM2COL_FLOATS / k)));
  const cols = perThread(a, work, chunk * k);
  const packs = perThread(a, work, PACK_FLOATS);
  const dx = a.outputOver(batch * h * w * cin, over);
  for (let t = 0; t < work.threads; t++) {
    const [n0, n1] = share(batch, t, work.threads);
    if (n0 < n1) {
      work.on(t, "convBackInput")(
        pdy,
        cout,
        cols[t]!,
        packs[t]!,
        wt.at,
        dx,
        h,
        w,
        cin,
        n0,
        n1,
        ho,
        wo,
        chunk,
        ...windowArgs(info),
      );
    }
  }
  work.run();
  return a.take(dx, batch * h * w * cin);
}

/** Per-thread gradient buffers of `floats`, zeroed (the kernels add into them). */
function zeroedPerThread(a: Arena, work: Schedule, floats: number): number[] {
  const bufs = perThread(a, work, floats);
  const f = a.f32();
  for (const at of bufs) f.fill(0, at >> 2, (at >> 2) + floats);
  return bufs;
}

/** Thread 0's buffer after the others' are added into it. */
function sumPerThread(bufs: readonly number[], floats: number): number {
  const wasm = kernels().exports;
  for (let t = 1; t < bufs.length; t++) wasm.addInto(bufs[0]!, bufs[t]!, floats);
  return bufs[0]!;
}

/** conv2d's filter gradient: dFilter [KH,KW,Cin,Cout] from x [N,H,W,Cin] and dy [N,Ho,Wo,Cout]. */
export function fastConv2dBackpropFilter(
  x: Float32Array,
  dy: Float32Array,
  info: Conv2DInfo,
  cout: number,
): Float32Array {
  const cin = info.inChannels;
  if (cin === 1) return fastDepthwiseBackpropFilter(x, dy, info, cout);
  const a = callArena();
  const { batch, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo } = info;
  const k = info.filterHeight * info.filterWidth * cin;
  const px = a.put(x);
  const pdy = a.put(dy);
  const total = batch * ho * wo;
  const work = new Schedule(threadsFor(total * k * cout));
  const scratch = perThread(a, work, kernels().exports.gemmTNFloats());
  const dws = zeroedPerThread(a, work, k * cout);
  if (isPlainPointwise(info)) {
    // A pointwise layer's: X^T dy straight from the input, threads taking ranges of pixels.
    for (let t = 0; t < work.threads; t++) {
      const [q0, q1] = share(total, t, work.threads);
      if (q0 < q1)
        work.on(t, "filterGemm")(
          px + q0 * cin * 4,
          cin,
          pdy + q0 * cout * 4,
          cout,
          dws[t]!,
          cin,
          q1 - q0,
          cout,
          scratch[t]!,
        );
    }
  } else {
    const chunk = Math.max(4, Math.min(ho * wo, Math.floor(IM2COL_FLOATS / k)));
    const cols = perThread(a, work, chunk * k);
    for (let t = 0; t < work.threads; t++) {
      const [q0, q1] = share(total, t, work.threads);
      if (q0 < q1) {
        work.on(t, "convBackFilter")(
          px,
          h,
          w,
          cin,
          cols[t]!,
          scratch[t]!,
          pdy,
          cout,
          dws[t]!,
          q0,
          q1,
          ho,
          wo,
          chunk,
          ...windowArgs(info),
        );
      }
    }
  }
  work.run();
  return a.take(sumPerThread(dws, k * cout), k * cout);
}

/** Lanes per pixel for a depthwise gradient: as the forward op's (at least four: these kernels
 *  have no one-channel variant). */
const gradLanes = (cm: number): number => Math.max(4, lanes(cm));

/** depthwiseConv2d's input gradient: dx [N,H,W,C] from dy [N,Ho,Wo,C*M] and filter [KH,KW,C,M].
 *  `over`: an array the caller gives up (x, once nothing reads it), which dx may be written
 *  over and returned as (Arena.outputOver). */
export function fastDepthwiseBackpropInput(
  dy: Float32Array,
  filter: Float32Array,
  info: Conv2DInfo,
  m: number,
  over: Float32Array | null = null,
): Float32Array {
  const a = callArena();
  const { batch, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const cm = c * m;
  const c4 = gradLanes(cm);
  const pdy = putExpanded(a, dy, batch * ho * wo, cm, 1, c4);
  const pixels = batch * h * w;
  // Written where it is taken whole (no lanes or copies to drop), else into scratch.
  const into = m === 1 && c === c4 ? a.outputOver(pixels * c4, over) : a.alloc(pixels * c4);
  const dx =
    stride1Transposed(a, pdy, filter, info, cm, c4, into) ??
    scatterInput(a, pdy, filter, info, cm, c4, into);
  if (m === 1) return takeCompact(a, dx, pixels, c, c4, null);
  // Input channel c is the sum of its M expanded copies c*M + k.
  const out = a.outputOver(pixels * c, over);
  kernels().exports.sumGroups(dx, pixels, c4, c, m, out);
  return a.take(out, pixels * c);
}

/** With stride 1 the input gradient is a forward depthwise convolution of dy with the filter
 *  rotated by 180 degrees, padded by (K - 1) * dilation - pad before: the forward kernel's
 *  four-pixel windows, no zeroing, each dx value written once. Null where that padding would be
 *  negative (explicit padding wider than the window) or the stride is not 1. */
function stride1Transposed(
  a: Arena,
  pdy: number,
  filter: Float32Array,
  info: Conv2DInfo,
  cm: number,
  c4: number,
  dx: number,
): number | null {
  const { filterHeight: kh, filterWidth: kw, dilationHeight: dh, dilationWidth: dw } = info;
  const padTop = (kh - 1) * dh - info.padTop;
  const padLeft = (kw - 1) * dw - info.padLeft;
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || padTop < 0 || padLeft < 0) return null;
  const taps = kh * kw;
  const rotated = new Float32Array(filter.length);
  for (let t = 0; t < taps; t++)
    rotated.set(filter.subarray((taps - 1 - t) * cm, (taps - t) * cm), t * cm);
  const pf = putExpanded(a, rotated, taps, cm, 1, c4);
  const transposed: Conv2DInfo = {
    ...info,
    inHeight: info.outHeight,
    inWidth: info.outWidth,
    outHeight: info.inHeight,
    outWidth: info.inWidth,
    padTop,
    padLeft,
    padBottom: (kh - 1) * dh - info.padBottom,
    padRight: (kw - 1) * dw - info.padRight,
  };
  return depthwiseInArena(a, pdy, pf, transposed, c4, dx);
}

/** Any stride: each output pixel's dy times each tap, added into dx where that tap read. */
function scatterInput(
  a: Arena,
  pdy: number,
  filter: Float32Array,
  info: Conv2DInfo,
  cm: number,
  c4: number,
  dx: number,
): number {
  const { batch, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo } = info;
  const pf = putExpanded(a, filter, info.filterHeight * info.filterWidth, cm, 1, c4);
  const work = new Schedule(depthwiseThreads(info, c4));
  for (let t = 0; t < work.threads; t++) {
    const [n0, n1] = share(batch, t, work.threads);
    if (n0 < n1) {
      work.on(t, "depthwiseBackInput4")(pdy, ho, wo, c4, pf, dx, h, w, ...windowArgs(info), n0, n1);
    }
  }
  work.run();
  return dx;
}

/** depthwiseConv2d's filter gradient: dFilter [KH,KW,C,M] from x [N,H,W,C] and dy [N,Ho,Wo,C*M]. */
export function fastDepthwiseBackpropFilter(
  x: Float32Array,
  dy: Float32Array,
  info: Conv2DInfo,
  m: number,
): Float32Array {
  const a = callArena();
  const { batch, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const cm = c * m;
  const c4 = gradLanes(cm);
  const taps = info.filterHeight * info.filterWidth;
  // One input channel (a one-channel conv, M = Cout): its value is shared by every lane, read
  // as is instead of copied M times.
  const xc = c === 1 ? 1 : c4;
  const px = c === 1 ? a.put(x) : putExpanded(a, x, batch * h * w, c, m, c4);
  const pdy = putExpanded(a, dy, batch * ho * wo, cm, 1, c4);
  // Bound by memory, as the forward op: two threads did not speed up batch-32 layers
  // (test/bench/README.md), so only very large calls are split (both depthwise gradients).
  const work = new Schedule(depthwiseThreads(info, c4));
  const dfs = zeroedPerThread(a, work, taps * c4);
  for (let t = 0; t < work.threads; t++) {
    const [r0, r1] = share(batch * ho, t, work.threads);
    if (r0 < r1) {
      work.on(t, "depthwiseBackFilter4")(
        px,
        h,
        w,
        c4,
        pdy,
        ho,
        wo,
        dfs[t]!,
        ...windowArgs(info),
        r0,
        r1,
        xc,
      );
    }
  }
  work.run();
  return takeCompact(a, sumPerThread(dfs, taps * c4), taps, cm, c4, null);
}

/** The bias gradient for one value per channel: dy [..., C] summed over every other axis. */
export function fastChannelSums(dy: Float32Array, channels: number): Float32Array {
  const a = callArena();
  const pdy = a.put(dy);
  const acc = a.alloc(channels * 2);
  const out = a.alloc(channels);
  kernels().exports.channelSums(pdy, dy.length / channels, channels, acc, out);
  return a.take(out, channels);
}

/** fusedBatchNormGrad's work (channels last, `scale.length` of them): the per-channel sums of dy
 *  and dy * (x - mean) in one pass over the rows (float32 block sums into float64 totals), the
 *  per-channel constants here, and dx = a * dy + b * (x - mean) + d in a second pass (training:
 *  a = scale / std, b = -a * mean(dy * xhat) / std, d = -a * mean(dy); inference: b = d = 0).
 *  The reference loop walks each channel with a stride of C floats, once per channel. A ReLU
 *  after the normalization: both passes mask dy first, as reluGrad would (bit for bit reluGrad
 *  then this), by its output (`relu.y`) or, given the forward's `relu.offset`, by the forward's
 *  own test recomputed from x: only right when x, scale, mean, variance, epsilon and offset are
 *  exactly what fastBatchNorm normalized with (the model's layers; see batchNormReluGrad).
 *  `overwriteDy`: dx may be written over dy (returned as dx) when dy lives in kernel memory. */
export function fastBatchNormGrad(
  dy: Float32Array,
  x: Float32Array,
  scale: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
  training: boolean,
  relu: { y: Float32Array } | { offset: Float32Array } | null = null,
  overwriteDy = false,
): { dx: Float32Array; dScale: Float32Array; dOffset: Float32Array } {
  const a = callArena();
  const c = scale.length;
  const rows = x.length / c;
  const pdy = a.put(dy);
  const py = relu !== null && "y" in relu ? a.put(relu.y) : 0;
  const [pk, po] =
    relu !== null && "offset" in relu
      ? [a.put(normalizationScale(scale, variance, epsilon)), a.put(relu.offset)]
      : [0, 0];
  // dx over dy where the caller gives dy up and it lives in kernel memory: the pass then reads
  // and writes the same lines (18% of its time at 32x28x28x32, memory-bound).
  const inPlace = overwriteDy && a.residentAt(dy) !== undefined;
  const at = { dy: pdy, x: a.put(x), mean: a.put(mean), y: py, k: pk, offset: po };
  const out = inPlace ? pdy : a.output(x.length);
  const grads = gradPasses(a, at, rows, 0, scale, variance, epsilon, training, out);
  return { dx: inPlace ? dy : a.take(out, x.length), ...grads };
}

/** Batch normalization's two gradient passes over `rows` rows in the arena (the pointers in
 *  `at`; y, k and offset 0 where unused), dx to `out`: the sums, then here dScale, dOffset and
 *  the per-channel a, b and d, then dx. `pixels` > 0: dy holds one row per image of that many
 *  rows (batchNormSumsPooled, batchNormApplyPooled). */
function gradPasses(
  a: Arena,
  at: { dy: number; x: number; mean: number; y: number; k: number; offset: number },
  rows: number,
  pixels: number,
  scale: Float32Array,
  variance: Float32Array,
  epsilon: number,
  training: boolean,
  out: number,
): { dScale: Float32Array; dOffset: Float32Array } {
  const wasm = kernels().exports;
  const c = scale.length;
  const { dy, x, mean, y, k, offset } = at;
  const acc = a.alloc(4 * c); // 2c float64s: the sums of dy, then of dy * (x - mean)
  if (pixels > 0) wasm.batchNormSumsPooled(dy, x, mean, k, offset, rows, pixels, c, acc);
  else wasm.batchNormSums(dy, x, mean, y, k, offset, rows, c, acc);
  const sums = new Float64Array(a.f32().buffer, acc, 2 * c);
  const dScale = new Float32Array(c);
  const dOffset = new Float32Array(c);
  const coef = new Float32Array(3 * c);
  for (let ch = 0; ch < c; ch++) {
    const sumDy = sums[ch]!;
    const invStd = 1 / Math.sqrt(variance[ch]! + epsilon);
    const sumDyXhat = sums[c + ch]! * invStd;
    dScale[ch] = sumDyXhat;
    dOffset[ch] = sumDy;
    const kc = scale[ch]! * invStd;
    coef[ch] = kc;
    coef[c + ch] = training ? (-kc * invStd * sumDyXhat) / rows : 0;
    coef[2 * c + ch] = training ? (-kc * sumDy) / rows : 0;
  }
  const pc = a.put(coef);
  const [pa, pb, pd] = [pc, pc + 4 * c, pc + 8 * c];
  if (pixels > 0)
    wasm.batchNormApplyPooled(dy, x, mean, k, offset, pa, pb, pd, rows, pixels, c, out);
  else wasm.batchNormApply(dy, x, mean, y, k, offset, pa, pb, pd, rows, c, out);
  return { dScale, dOffset };
}

/**
 * The gradient of batch normalization (then ReLU when `relu`) followed by global average
 * pooling, given the pooling's output gradient g [images, c]: fastGlobalAveragePoolingGrad then
 * fastBatchNormGrad (by the forward's own ReLU test) bit for bit, without spreading g over the
 * pixels: each image's row g / pixels is read for every pixel (batchNormSumsPooled,
 * batchNormApplyPooled). Only for exactly what fastBatchNormPool normalized with. `overwriteX`:
 * dx is written over x (returned as dx) when x lives in kernel memory and the caller gives it up.
 */
export function fastBatchNormPoolGrad(
  g: Float32Array,
  x: Float32Array,
  images: number,
  scale: Float32Array,
  offset: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
  training: boolean,
  relu: boolean,
  overwriteX = false,
): { dx: Float32Array; dScale: Float32Array; dOffset: Float32Array } {
  const a = callArena();
  const c = scale.length;
  const rows = x.length / c;
  const pixels = rows / images;
  // The values globalAveragePooling2dGrad spreads, rounded to float32 as it stores them.
  const q = a.alloc(images * c);
  const f = a.f32();
  for (let i = 0; i < images * c; i++) f[(q >> 2) + i] = g[i]! / pixels;
  const pk = relu ? a.put(normalizationScale(scale, variance, epsilon)) : 0;
  const px = a.put(x);
  const at = { dy: q, x: px, mean: a.put(mean), y: 0, k: pk, offset: a.put(offset) };
  const inPlace = overwriteX && a.residentAt(x) !== undefined;
  const out = inPlace ? px : a.output(x.length);
  const grads = gradPasses(a, at, rows, pixels, scale, variance, epsilon, training, out);
  return { dx: inPlace ? x : a.take(out, x.length), ...grads };
}

/** reluGrad: dy where x > 0, else 0, by lane masks. */
export function fastReluGrad(dy: Float32Array, x: Float32Array): Float32Array {
  const a = callArena();
  const pdy = a.put(dy);
  const px = a.put(x);
  const out = a.output(x.length);
  kernels().exports.reluGrad(pdy, px, x.length, out);
  return a.take(out, x.length);
}
