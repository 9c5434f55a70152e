// Pointwise (1x1) convolution as one matrix multiply per output pixel: out[p,:] = x[q,:] W,
// where q is the input pixel the (strided, possibly padded) output pixel p reads.
import type { Conv2DInfo } from "../conv-info";

export function fastPointwise(x: Float32Array, filter: Float32Array, info: Conv2DInfo, outChannels: number): Float32Array {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const out = new Float32Array(batch * Ho * Wo * outChannels);
  const acc = new Float64Array(outChannels);
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < Ho; oh++) {
      const ih = oh * info.strideHeight - info.padTop;
      for (let ow = 0; ow < Wo; ow++) {
        const iw = ow * info.strideWidth - info.padLeft;
        const outOff = ((n * Ho + oh) * Wo + ow) * outChannels;
        if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue; // a padding pixel: output stays 0
        acc.fill(0);
        const xOff = ((n * H + ih) * W + iw) * C;
        for (let ci = 0; ci < C; ci++) {
          const xv = x[xOff + ci]!;
          const fOff = ci * outChannels;
          for (let co = 0; co < outChannels; co++) acc[co]! += xv * filter[fOff + co]!;
        }
        out.set(acc, outOff);
      }
    }
  }
  return out;
}
