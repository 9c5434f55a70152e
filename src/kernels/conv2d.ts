// Direct convolution: for each output pixel, accumulate Cout outputs at once so the filter is
// read contiguously ([KH,KW,Cin,Cout] puts Cout innermost). Sums in a float64 scratch row.
import type { Conv2DInfo } from "../conv-info";
import { tapRanges } from "./tap-range";

export function fastConv2d(x: Float32Array, filter: Float32Array, info: Conv2DInfo, outChannels: number): Float32Array {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, filterWidth: KW } = info;
  const out = new Float32Array(batch * Ho * Wo * outChannels);
  const acc = new Float64Array(outChannels);
  const { rows, cols } = tapRanges(info);
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < Ho; oh++) {
      const ih0 = oh * info.strideHeight - info.padTop;
      for (let ow = 0; ow < Wo; ow++) {
        const iw0 = ow * info.strideWidth - info.padLeft;
        acc.fill(0);
        for (let kh = rows[2 * oh]!; kh < rows[2 * oh + 1]!; kh++) {
          const ih = ih0 + kh * info.dilationHeight;
          for (let kw = cols[2 * ow]!; kw < cols[2 * ow + 1]!; kw++) {
            const iw = iw0 + kw * info.dilationWidth;
            const xOff = ((n * H + ih) * W + iw) * C;
            const fBase = (kh * KW + kw) * C * outChannels;
            for (let ci = 0; ci < C; ci++) {
              const xv = x[xOff + ci]!;
              const fOff = fBase + ci * outChannels;
              for (let co = 0; co < outChannels; co++) acc[co]! += xv * filter[fOff + co]!;
            }
          }
        }
        out.set(acc, ((n * Ho + oh) * Wo + ow) * outChannels);
      }
    }
  }
  return out;
}
