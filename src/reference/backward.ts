// The specification of the gradients: plain loops, one gradient element at a time, summed in
// float64 and stored as float32, every multiplication counted. dy is the gradient of the loss
// with respect to the forward op's output; each loop returns the gradient with respect to one
// input. Nothing here is tuned.
//
// Counting: a filter gradient multiplies each kernel tap of each output position by dy, taps in
// the padding included (they multiply a zero, as in the forward loops), so it costs exactly the
// forward's multiplications. An input gradient gathers, for each input element, the taps that
// read it; taps in the padding read no input element, so it costs the forward's count minus the
// padding taps. Conv backward is therefore twice the forward with 'valid' padding, a little
// less with padding. Divisions, exponentials and square roots are not counted.
import type { Conv2DInfo } from "../conv-info";
import { recordMultiplies } from "./counter";
import { softmaxSums } from "./layers";

/**
 * The output position whose window puts tap k on input position i along one axis:
 * o * stride - padBefore + k * dilation = i. Returns -1 when no output position does.
 */
function outputIndex(
  i: number,
  k: number,
  stride: number,
  padBefore: number,
  dilation: number,
  outSize: number,
): number {
  const t = i + padBefore - k * dilation;
  if (t < 0 || t % stride !== 0) return -1;
  const o = t / stride;
  return o < outSize ? o : -1;
}

/** outputIndex along the height: the output row whose tap kh reads input row ih, or -1. */
function outputRow(info: Conv2DInfo, ih: number, kh: number): number {
  return outputIndex(ih, kh, info.strideHeight, info.padTop, info.dilationHeight, info.outHeight);
}

/** outputIndex along the width: the output column whose tap kw reads input column iw, or -1. */
function outputColumn(info: Conv2DInfo, iw: number, kw: number): number {
  return outputIndex(iw, kw, info.strideWidth, info.padLeft, info.dilationWidth, info.outWidth);
}

/** The sizes of a conv's geometry under the short names the loops use. */
function sizes(info: Conv2DInfo) {
  return {
    batch: info.batch,
    H: info.inHeight,
    W: info.inWidth,
    C: info.inChannels,
    Ho: info.outHeight,
    Wo: info.outWidth,
    KH: info.filterHeight,
    KW: info.filterWidth,
  };
}

/** conv2d: dx [N,H,W,Cin] from dy [N,Ho,Wo,Cout] and filter [KH,KW,Cin,Cout]. */
export function referenceConv2dBackpropInput(
  dy: Float32Array,
  filter: Float32Array,
  info: Conv2DInfo,
  outChannels: number,
): Float32Array {
  const { batch, H, W, C, Ho, Wo, KH, KW } = sizes(info);
  const dx = new Float32Array(batch * H * W * C);
  let multiplies = 0;
  for (let n = 0; n < batch; n++) {
    for (let ih = 0; ih < H; ih++) {
      for (let iw = 0; iw < W; iw++) {
        for (let ci = 0; ci < C; ci++) {
          // x[n,ih,iw,ci] was multiplied by filter[kh,kw,ci,co] in output (oh, ow, co).
          let sum = 0;
          for (let kh = 0; kh < KH; kh++) {
            const oh = outputRow(info, ih, kh);
            if (oh < 0) continue;
            for (let kw = 0; kw < KW; kw++) {
              const ow = outputColumn(info, iw, kw);
              if (ow < 0) continue;
              for (let co = 0; co < outChannels; co++) {
                sum +=
                  dy[((n * Ho + oh) * Wo + ow) * outChannels + co]! *
                  filter[((kh * KW + kw) * C + ci) * outChannels + co]!;
                multiplies++;
              }
            }
          }
          dx[((n * H + ih) * W + iw) * C + ci] = sum;
        }
      }
    }
  }
  recordMultiplies(multiplies);
  return dx;
}

/** conv2d: dFilter [KH,KW,Cin,Cout] from x [N,H,W,Cin] and dy [N,Ho,Wo,Cout]. */
export function referenceConv2dBackpropFilter(
  x: Float32Array,
  dy: Float32Array,
  info: Conv2DInfo,
  outChannels: number,
): Float32Array {
  const { batch, H, W, C, Ho, Wo, KH, KW } = sizes(info);
  const dFilter = new Float32Array(KH * KW * C * outChannels);
  let multiplies = 0;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      for (let ci = 0; ci < C; ci++) {
        for (let co = 0; co < outChannels; co++) {
          // filter[kh,kw,ci,co] met x at this tap in every output position (oh, ow, co).
          let sum = 0;
          for (let n = 0; n < batch; n++) {
            for (let oh = 0; oh < Ho; oh++) {
              for (let ow = 0; ow < Wo; ow++) {
                const ih = oh * info.strideHeight - info.padTop + kh * info.dilationHeight;
                const iw = ow * info.strideWidth - info.padLeft + kw * info.dilationWidth;
                const inside = ih >= 0 && ih < H && iw >= 0 && iw < W;
                const xv = inside ? x[((n * H + ih) * W + iw) * C + ci]! : 0;
                sum += xv * dy[((n * Ho + oh) * Wo + ow) * outChannels + co]!;
                multiplies++;
              }
            }
          }
          dFilter[((kh * KW + kw) * C + ci) * outChannels + co] = sum;
        }
      }
    }
  }
  recordMultiplies(multiplies);
  return dFilter;
}

/** depthwiseConv2d: dx [N,H,W,C] from dy [N,Ho,Wo,C*M] and filter [KH,KW,C,M]. */
export function referenceDepthwiseBackpropInput(
  dy: Float32Array,
  filter: Float32Array,
  info: Conv2DInfo,
  multiplier: number,
): Float32Array {
  const { batch, H, W, C, Ho, Wo, KH, KW } = sizes(info);
  const outC = C * multiplier;
  const dx = new Float32Array(batch * H * W * C);
  let multiplies = 0;
  for (let n = 0; n < batch; n++) {
    for (let ih = 0; ih < H; ih++) {
      for (let iw = 0; iw < W; iw++) {
        for (let c = 0; c < C; c++) {
          // Channel c feeds only output channels c*M + m.
          let sum = 0;
          for (let kh = 0; kh < KH; kh++) {
            const oh = outputRow(info, ih, kh);
            if (oh < 0) continue;
            for (let kw = 0; kw < KW; kw++) {
              const ow = outputColumn(info, iw, kw);
              if (ow < 0) continue;
              for (let m = 0; m < multiplier; m++) {
                sum +=
                  dy[((n * Ho + oh) * Wo + ow) * outC + c * multiplier + m]! *
                  filter[((kh * KW + kw) * C + c) * multiplier + m]!;
                multiplies++;
              }
            }
          }
          dx[((n * H + ih) * W + iw) * C + c] = sum;
        }
      }
    }
  }
  recordMultiplies(multiplies);
  return dx;
}

/** depthwiseConv2d: dFilter [KH,KW,C,M] from x [N,H,W,C] and dy [N,Ho,Wo,C*M]. */
export function referenceDepthwiseBackpropFilter(
  x: Float32Array,
  dy: Float32Array,
  info: Conv2DInfo,
  multiplier: number,
): Float32Array {
  const { batch, H, W, C, Ho, Wo, KH, KW } = sizes(info);
  const outC = C * multiplier;
  const dFilter = new Float32Array(KH * KW * C * multiplier);
  let multiplies = 0;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      for (let c = 0; c < C; c++) {
        for (let m = 0; m < multiplier; m++) {
          let sum = 0;
          for (let n = 0; n < batch; n++) {
            for (let oh = 0; oh < Ho; oh++) {
              for (let ow = 0; ow < Wo; ow++) {
                const ih = oh * info.strideHeight - info.padTop + kh * info.dilationHeight;
                const iw = ow * info.strideWidth - info.padLeft + kw * info.dilationWidth;
                const inside = ih >= 0 && ih < H && iw >= 0 && iw < W;
                const xv = inside ? x[((n * H + ih) * W + iw) * C + c]! : 0;
                sum += xv * dy[((n * Ho + oh) * Wo + ow) * outC + c * multiplier + m]!;
                multiplies++;
              }
            }
          }
          dFilter[((kh * KW + kw) * C + c) * multiplier + m] = sum;
        }
      }
    }
  }
  recordMultiplies(multiplies);
  return dFilter;
}

/**
 * The gradient of a broadcast addend (a bias): every dy element adds into the one element of
 * the addend it was paired with (`at` maps a dy offset to it). No multiplications.
 */
export function referenceBroadcastSum(
  dy: Float32Array,
  size: number,
  at: (offset: number) => number,
): Float32Array {
  const sums = new Float64Array(size);
  for (let i = 0; i < dy.length; i++) sums[at(i)]! += dy[i]!;
  return Float32Array.from(sums);
}

/** relu: dx = dy where x > 0, else 0 (TensorFlow's ReluGrad: 0 at x = 0). A choice, no multiplication. */
export function referenceReluGrad(dy: Float32Array, x: Float32Array): Float32Array {
  const dx = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) dx[i] = x[i]! > 0 ? dy[i]! : 0;
  return dx;
}

/**
 * prelu, y = x for x > 0 and alpha * x otherwise: dx = dy or alpha * dy; dAlpha sums dy * x over
 * the elements that shared each alpha (`at` maps an x offset to its alpha), for x <= 0 (as
 * TensorFlow's gradient: x = 0 takes the alpha branch, where dy * x adds nothing).
 */
export function referencePreluGrad(
  dy: Float32Array,
  x: Float32Array,
  alpha: Float32Array,
  at: (offset: number) => number,
): { dx: Float32Array; dAlpha: Float32Array } {
  const dx = new Float32Array(x.length);
  const dAlpha = new Float64Array(alpha.length);
  let multiplies = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v > 0) {
      dx[i] = dy[i]!;
    } else {
      const a = at(i);
      dx[i] = dy[i]! * alpha[a]!;
      dAlpha[a]! += dy[i]! * v;
      multiplies += 2;
    }
  }
  recordMultiplies(multiplies);
  return { dx, dAlpha: Float32Array.from(dAlpha) };
}

/**
 * Mean softmax cross-entropy of logits [N,K] with integer labels: d loss / d logits =
 * (softmax(logits) - onehot(label)) / N. One multiplication per logit (by 1/N).
 */
export function referenceSoftmaxCrossEntropyGrad(
  logits: Float32Array,
  labels: readonly number[],
  batch: number,
  classes: number,
): Float32Array {
  const dLogits = new Float32Array(batch * classes);
  const perExample = 1 / batch;
  for (let n = 0; n < batch; n++) {
    const row = n * classes;
    const { max, sum } = softmaxSums(logits, row, classes);
    for (let k = 0; k < classes; k++) {
      const p = Math.exp(logits[row + k]! - max) / sum;
      dLogits[row + k] = (p - (k === labels[n] ? 1 : 0)) * perExample;
    }
  }
  recordMultiplies(batch * classes);
  return dLogits;
}

/**
 * dense, y = x kernel + bias with x [N,Cin], kernel [Cin,Cout]: dx = dy kernel^T [N,Cin] and
 * dKernel = x^T dy [Cin,Cout], N*Cin*Cout multiplications each (the forward's count).
 */
export function referenceDenseGrad(
  x: Float32Array,
  kernel: Float32Array,
  dy: Float32Array,
  batch: number,
  inUnits: number,
  units: number,
): { dx: Float32Array; dKernel: Float32Array } {
  const dx = new Float32Array(batch * inUnits);
  const dKernel = new Float32Array(inUnits * units);
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < inUnits; i++) {
      let sum = 0;
      for (let j = 0; j < units; j++) sum += dy[n * units + j]! * kernel[i * units + j]!;
      dx[n * inUnits + i] = sum;
    }
  }
  for (let i = 0; i < inUnits; i++) {
    for (let j = 0; j < units; j++) {
      let sum = 0;
      for (let n = 0; n < batch; n++) sum += x[n * inUnits + i]! * dy[n * units + j]!;
      dKernel[i * units + j] = sum;
    }
  }
  recordMultiplies(2 * batch * inUnits * units);
  return { dx, dKernel };
}

/** Global average pooling [N,H,W,C] -> [N,C]: each input element gets dy / (H*W). No multiplications. */
export function referenceGlobalAveragePoolingGrad(
  dy: Float32Array,
  batch: number,
  height: number,
  width: number,
  channels: number,
): Float32Array {
  const dx = new Float32Array(batch * height * width * channels);
  const pixels = height * width;
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < channels; c++)
        dx[(n * pixels + p) * channels + c] = dy[n * channels + c]! / pixels;
    }
  }
  return dx;
}

/**
 * Batch normalization, y = scale * (x - mean) / sqrt(variance + epsilon) + offset per channel
 * (the last axis; the others, N*H*W values per channel, are the batch). In training mode mean
 * and variance are the batch's own (biased variance), so they depend on x too:
 *   dx = scale / sqrt(var + eps) * (dy - mean(dy) - xhat * mean(dy * xhat)),  xhat = (x - mean) / sqrt(var + eps);
 * in inference mode they are constants: dx = scale / sqrt(var + eps) * dy. Both modes:
 * dScale = sum(dy * xhat), dOffset = sum(dy). Multiplications: per element 2 for dy * xhat and
 * 1 (inference) or 3 (training) for dx; one per channel for scale / sqrt(var + eps).
 */
export function referenceBatchNormGrad(
  dy: Float32Array,
  x: Float32Array,
  scale: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
  training: boolean,
): { dx: Float32Array; dScale: Float32Array; dOffset: Float32Array } {
  const channels = scale.length;
  const count = x.length / channels; // values per channel
  const dx = new Float32Array(x.length);
  const dScale = new Float32Array(channels);
  const dOffset = new Float32Array(channels);
  let multiplies = 0;
  for (let c = 0; c < channels; c++) {
    const invStd = 1 / Math.sqrt(variance[c]! + epsilon);
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let i = c; i < x.length; i += channels) {
      const xhat = (x[i]! - mean[c]!) * invStd;
      sumDy += dy[i]!;
      sumDyXhat += dy[i]! * xhat;
    }
    multiplies += 2 * count;
    dScale[c] = sumDyXhat;
    dOffset[c] = sumDy;
    const k = scale[c]! * invStd;
    multiplies++;
    for (let i = c; i < x.length; i += channels) {
      if (training) {
        const xhat = (x[i]! - mean[c]!) * invStd;
        dx[i] = k * (dy[i]! - sumDy / count - (xhat * sumDyXhat) / count);
      } else {
        dx[i] = k * dy[i]!;
      }
    }
    multiplies += (training ? 3 : 1) * count;
  }
  recordMultiplies(multiplies);
  return { dx, dScale, dOffset };
}
