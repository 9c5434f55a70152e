// The specification: plain loops, one output element at a time, every kernel tap multiplied
// (a tap in the padding multiplies a zero). They sum in float64 and store float32. Fast kernels
// must agree with these; nothing here is tuned.
import type { Conv2DInfo } from "../conv-info";
import { recordMultiplies } from "./counter";

/** x [N,H,W,Cin] (NHWC), filter [KH,KW,Cin,Cout] -> [N,Ho,Wo,Cout]. */
export function referenceConv2d(
  x: Float32Array,
  filter: Float32Array,
  info: Conv2DInfo,
  outChannels: number,
): Float32Array {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const out = new Float32Array(batch * Ho * Wo * outChannels);
  let multiplies = 0;
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < Ho; oh++) {
      for (let ow = 0; ow < Wo; ow++) {
        for (let co = 0; co < outChannels; co++) {
          let sum = 0;
          for (let kh = 0; kh < info.filterHeight; kh++) {
            for (let kw = 0; kw < info.filterWidth; kw++) {
              const ih = oh * info.strideHeight - info.padTop + kh * info.dilationHeight;
              const iw = ow * info.strideWidth - info.padLeft + kw * info.dilationWidth;
              const inside = ih >= 0 && ih < H && iw >= 0 && iw < W;
              for (let ci = 0; ci < C; ci++) {
                const xv = inside ? x[((n * H + ih) * W + iw) * C + ci]! : 0;
                sum += xv * filter[((kh * info.filterWidth + kw) * C + ci) * outChannels + co]!;
                multiplies++;
              }
            }
          }
          out[((n * Ho + oh) * Wo + ow) * outChannels + co] = sum;
        }
      }
    }
  }
  recordMultiplies(multiplies);
  return out;
}

/**
 * x [N,H,W,C], filter [KH,KW,C,M] -> [N,Ho,Wo,C*M]; output channel c*M + m is input
 * channel c cross-correlated with filter[:,:,c,m] (TensorFlow's order).
 */
export function referenceDepthwise(
  x: Float32Array,
  filter: Float32Array,
  info: Conv2DInfo,
  multiplier: number,
): Float32Array {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const outC = C * multiplier;
  const out = new Float32Array(batch * Ho * Wo * outC);
  let multiplies = 0;
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < Ho; oh++) {
      for (let ow = 0; ow < Wo; ow++) {
        for (let c = 0; c < C; c++) {
          for (let m = 0; m < multiplier; m++) {
            let sum = 0;
            for (let kh = 0; kh < info.filterHeight; kh++) {
              for (let kw = 0; kw < info.filterWidth; kw++) {
                const ih = oh * info.strideHeight - info.padTop + kh * info.dilationHeight;
                const iw = ow * info.strideWidth - info.padLeft + kw * info.dilationWidth;
                const inside = ih >= 0 && ih < H && iw >= 0 && iw < W;
                const xv = inside ? x[((n * H + ih) * W + iw) * C + c]! : 0;
                sum += xv * filter[((kh * info.filterWidth + kw) * C + c) * multiplier + m]!;
                multiplies++;
              }
            }
            out[((n * Ho + oh) * Wo + ow) * outC + c * multiplier + m] = sum;
          }
        }
      }
    }
  }
  recordMultiplies(multiplies);
  return out;
}
