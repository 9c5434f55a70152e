// TensorFlow.js on tfjs-backend-cpu as the oracle for gradients: the @tensorflow/tfjs package
// registers every op's gradient, and tf.grads(f)(inputs, dy) backpropagates dy through f.
import * as tf from "@tensorflow/tfjs";
import { type Padding, type Pair, Tensor } from "../../src/index";

export { tf };

export async function useCpu(): Promise<void> {
  await tf.setBackend("cpu");
}

export const toTf = (t: Tensor): tf.Tensor => tf.tensor(t.data, [...t.shape]);
export const fromTf = (t: tf.Tensor): Tensor =>
  new Tensor(Float32Array.from(t.dataSync()), t.shape);
export const pair = (p: Pair): [number, number] => (typeof p === "number" ? [p, p] : [p[0], p[1]]);

/** tfjs spells explicit padding for all four NHWC axes. */
export function tfPadding(
  p: Padding,
): "valid" | "same" | [[number, number], [number, number], [number, number], [number, number]] {
  return typeof p === "string"
    ? p
    : [
        [0, 0],
        [p[0][0], p[0][1]],
        [p[1][0], p[1][1]],
        [0, 0],
      ];
}

/**
 * tfjs registers no gradient for dilated convolutions, so the oracle dilates the filter instead:
 * a [KH,KW,C,M] filter becomes [(KH-1)dh+1, (KW-1)dw+1, C, M] with zeros between the taps
 * (pad, reshape and slice, all differentiable), and the convolution runs undilated.
 */
export function dilateFilter(f: tf.Tensor4D, dilations: Pair): tf.Tensor4D {
  const [dh, dw] = pair(dilations);
  if (dh === 1 && dw === 1) return f;
  const [kh, kw, c, m] = f.shape;
  const spread = tf.pad(f.reshape([kh, 1, kw, 1, c, m]), [
    [0, 0],
    [0, dh - 1],
    [0, 0],
    [0, dw - 1],
    [0, 0],
    [0, 0],
  ]);
  return spread
    .reshape([kh * dh, kw * dw, c, m])
    .slice([0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, c, m]) as tf.Tensor4D;
}
