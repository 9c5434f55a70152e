// Keras' default initialisers: glorot_uniform for kernels, zeros for biases and beta, ones for
// gamma and the moving variance. Drawn from the model's seeded generator with nothing but exact
// IEEE operations (a 32-bit integer / 2^32, sqrt, products), so a seed gives bit-identical
// weights on any machine.
import type { Rng } from "../random";
import { failOption } from "../options";
import { checkShape, Tensor, zeros } from "../tensor";

/**
 * Keras' fan-in and fan-out of a kernel shape: [in, out] for a dense kernel; for a conv kernel
 * [KH, KW, in, out] both are multiplied by the receptive field KH*KW. A depthwise kernel
 * [KH, KW, C, M] therefore has fan-in KH*KW*C and fan-out KH*KW*M (Keras counts its input
 * channels as if they were all mixed), and a separable layer's pointwise kernel [1, 1, C*M, F]
 * has fan-in C*M and fan-out F.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  checkShape("computeFans", "shape", shape);
  if (shape.length === 0)
    failOption("computeFans", "shape", shape, "a kernel shape of rank 1 or more");
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i]!;
  return {
    fanIn: shape[shape.length - 2]! * receptive,
    fanOut: shape[shape.length - 1]! * receptive,
  };
}

/** Uniform in [-limit, limit) with limit = sqrt(6 / (fanIn + fanOut)): Glorot and Bengio's
 *  choice, which keeps the variance of activations and gradients about the same layer to layer. */
export function glorotUniform(shape: readonly number[], rng: Rng): Tensor {
  const r = rng as Partial<Rng> | null;
  if (typeof r !== "object" || r === null || typeof r.next !== "function") {
    failOption("glorotUniform", "rng", rng, "a seeded generator with a next() method");
  }
  const { fanIn, fanOut } = computeFans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const t = zeros(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = -limit + 2 * limit * rng.next();
  return t;
}

/** A fresh tensor of the same shape and values. */
export function copyOf(t: Tensor): Tensor {
  return new Tensor(Float32Array.from(t.data), t.shape);
}
