// Direct depthwise convolution: filter [KH,KW,C,M] flattened per tap is indexed by the output
// channel j = c*M + m, so one tap updates all C*M outputs of a pixel in a contiguous sweep.
import type { Conv2DInfo } from "../conv-info";
import { tapRanges } from "./tap-range";

export function fastDepthwise(x: Float32Array, filter: Float32Array, info: Conv2DInfo, multiplier: number): Float32Array {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, filterWidth: KW } = info;
  const outC = C * multiplier;
  const out = new Float32Array(batch * Ho * Wo * outC);
  const acc = new Float64Array(outC);
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
            const fOff = (kh * KW + kw) * outC;
            if (multiplier === 1) {
              for (let c = 0; c < C; c++) acc[c]! += x[xOff + c]! * filter[fOff + c]!;
            } else {
              for (let c = 0, j = 0; c < C; c++) {
                const xv = x[xOff + c]!;
                for (let m = 0; m < multiplier; m++, j++) acc[j]! += xv * filter[fOff + j]!;
              }
            }
          }
        }
        out.set(acc, ((n * Ho + oh) * Wo + ow) * outC);
      }
    }
  }
  return out;
}
