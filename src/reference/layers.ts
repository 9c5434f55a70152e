// The specification of the layers a classifier needs besides convolutions: dense, global
// average pooling, batch normalization and the softmax cross-entropy loss. Plain loops that sum
// in float64, store float32 and count their multiplications (divisions, exponentials and
// square roots are not counted). Their gradients are in backward.ts.
import { recordMultiplies } from "./counter";

/** y [N,units] = x [N,inUnits] kernel [inUnits,units] (+ bias [units]): N*inUnits*units multiplications. */
export function referenceDense(
  x: Float32Array,
  kernel: Float32Array,
  bias: Float32Array | null,
  batch: number,
  inUnits: number,
  units: number,
): Float32Array {
  const y = new Float32Array(batch * units);
  for (let n = 0; n < batch; n++) {
    for (let j = 0; j < units; j++) {
      let sum = bias === null ? 0 : bias[j]!;
      for (let i = 0; i < inUnits; i++) sum += x[n * inUnits + i]! * kernel[i * units + j]!;
      y[n * units + j] = sum;
    }
  }
  recordMultiplies(batch * inUnits * units);
  return y;
}

/** [N,H,W,C] -> [N,C], the mean over each channel's H*W values. No multiplications. */
export function referenceGlobalAveragePooling(
  x: Float32Array,
  batch: number,
  height: number,
  width: number,
  channels: number,
): Float32Array {
  const y = new Float32Array(batch * channels);
  const pixels = height * width;
  for (let n = 0; n < batch; n++) {
    const image = n * pixels * channels;
    let c = 0;
    // Four neighbouring channels at a time, each summed over the pixels in order: four
    // independent sums reading 16 contiguous bytes per pixel, instead of one strided walk.
    for (; c + 4 <= channels; c += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let at = image + c; at < image + pixels * channels; at += channels) {
        s0 += x[at]!;
        s1 += x[at + 1]!;
        s2 += x[at + 2]!;
        s3 += x[at + 3]!;
      }
      y[n * channels + c] = s0 / pixels;
      y[n * channels + c + 1] = s1 / pixels;
      y[n * channels + c + 2] = s2 / pixels;
      y[n * channels + c + 3] = s3 / pixels;
    }
    for (; c < channels; c++) {
      let sum = 0;
      for (let p = 0; p < pixels; p++) sum += x[image + p * channels + c]!;
      y[n * channels + c] = sum / pixels;
    }
  }
  return y;
}

/**
 * Per-channel mean and biased variance (divided by the count, as Keras normalizes) over every
 * axis but the last. One multiplication per value (the square).
 */
export function referenceMoments(
  x: Float32Array,
  channels: number,
): { mean: Float32Array; variance: Float32Array } {
  const count = x.length / channels;
  const mean = new Float32Array(channels);
  const variance = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let i = c; i < x.length; i += channels) sum += x[i]!;
    const m = sum / count;
    let squares = 0;
    for (let i = c; i < x.length; i += channels) squares += (x[i]! - m) * (x[i]! - m);
    mean[c] = m;
    variance[c] = squares / count;
  }
  recordMultiplies(x.length);
  return { mean, variance };
}

/** y = scale * (x - mean) / sqrt(variance + epsilon) + offset, per channel (the last axis): 2 multiplications per value. */
export function referenceBatchNorm(
  x: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  scale: Float32Array,
  offset: Float32Array,
  epsilon: number,
): Float32Array {
  const channels = scale.length;
  const y = new Float32Array(x.length);
  for (let c = 0; c < channels; c++) {
    const invStd = 1 / Math.sqrt(variance[c]! + epsilon);
    for (let i = c; i < x.length; i += channels)
      y[i] = scale[c]! * (x[i]! - mean[c]!) * invStd + offset[c]!;
  }
  recordMultiplies(2 * x.length);
  return y;
}

/** Keras' moving average: moving * momentum + batch * (1 - momentum), 2 multiplications per channel. */
export function referenceMovingAverage(
  moving: Float32Array,
  batch: Float32Array,
  momentum: number,
): Float32Array {
  const out = new Float32Array(moving.length);
  for (let c = 0; c < moving.length; c++)
    out[c] = moving[c]! * momentum + batch[c]! * (1 - momentum);
  recordMultiplies(2 * moving.length);
  return out;
}

/**
 * Mean over the batch of -log softmax(logits[n])[labels[n]] = log(sum_k exp(logits[n,k])) -
 * logits[n,label], computed with the maximum subtracted so large logits do not overflow.
 * No multiplications.
 */
export function referenceSoftmaxCrossEntropy(
  logits: Float32Array,
  labels: readonly number[],
  batch: number,
  classes: number,
): number {
  let total = 0;
  for (let n = 0; n < batch; n++) {
    const row = n * classes;
    const { max, sum } = softmaxSums(logits, row, classes);
    total += Math.log(sum) + max - logits[row + labels[n]!]!;
  }
  return total / batch;
}

/**
 * The largest of the `classes` logits from `row` on, and the sum of exp(logit - max) over them:
 * softmax(logits)[k] = exp(logits[k] - max) / sum, with no overflow for large logits.
 */
export function softmaxSums(
  logits: Float32Array,
  row: number,
  classes: number,
): { max: number; sum: number } {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < classes; k++) max = Math.max(max, logits[row + k]!);
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += Math.exp(logits[row + k]! - max);
  return { max, sum };
}
