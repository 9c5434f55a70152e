// Element-wise activations and softmax. PReLU's alpha broadcasts NumPy-style; softmax
// subtracts the maximum first so large logits do not overflow, and a NaN anywhere in a
// slice makes that whole slice NaN (it is not silently dropped).
import { OptionError } from "../errors";
import { checkInt } from "../options";
import { Tensor, checkTensor } from "../tensor";
import { broadcastIndex } from "./broadcast";
import { currentMode } from "./common";
import { fastRelu } from "../kernels/norm";

export type Activation = "linear" | "relu" | "prelu";
export const ACTIVATIONS: readonly Activation[] = ["linear", "relu", "prelu"];

export function relu(x: Tensor): Tensor {
  checkTensor("relu", "x", x);
  // The kernel outside counting (the same values, no branch per value: a layer's signs are
  // random, and this loop mispredicted half of them).
  if (currentMode() === "fast") return new Tensor(fastRelu(x.data), x.shape);
  const out = new Float32Array(x.size);
  for (let i = 0; i < out.length; i++) {
    const v = x.data[i]!;
    // biome-ignore lint/complexity/useMathMinMax: keeps -0 as -0, like TensorFlow; NaN stays NaN
    out[i] = v < 0 ? 0 : v;
  }
  return new Tensor(out, x.shape);
}

/** max(x, 0) + alpha * min(x, 0), alpha broadcast against x (e.g. one slope per channel). */
export function prelu(x: Tensor, alpha: Tensor): Tensor {
  checkTensor("prelu", "x", x);
  checkTensor("prelu", "alpha", alpha);
  const out = new Float32Array(x.data);
  applyPrelu("prelu", out, x.shape, alpha, "alpha");
  return new Tensor(out, x.shape);
}

/** In place, for the ops' fused epilogue. */
export function applyPrelu(
  op: string,
  data: Float32Array,
  shape: readonly number[],
  alpha: Tensor,
  name = "preluAlpha",
): void {
  const at = broadcastIndex(op, name, alpha, shape);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0) data[i] = v * alpha.data[at(i)]!;
  }
}

export function applyRelu(data: Float32Array): void {
  for (let i = 0; i < data.length; i++) if (data[i]! < 0) data[i] = 0;
}

/** Softmax along `axis` (default the last; negative counts from the end). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const op = "softmax";
  checkTensor(op, "x", x);
  if (x.rank === 0)
    throw new OptionError(op, "axis", axis, `softmax needs a tensor of rank >= 1, got a scalar`);
  checkInt(op, "axis", axis, -x.rank, x.rank - 1, ` (x has rank ${x.rank})`);
  const ax = axis < 0 ? axis + x.rank : axis;
  const n = x.shape[ax]!;
  let inner = 1;
  for (let i = ax + 1; i < x.rank; i++) inner *= x.shape[i]!;
  const outer = x.size / (n * inner || 1);
  const out = new Float32Array(x.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = Number.NEGATIVE_INFINITY;
      let nan = false;
      for (let k = 0; k < n; k++) {
        const v = x.data[base + k * inner]!;
        if (Number.isNaN(v)) nan = true;
        else if (v > max) max = v;
      }
      if (nan || max === Number.NEGATIVE_INFINITY) {
        // NaN propagates; all -Infinity has no defined distribution.
        for (let k = 0; k < n; k++) out[base + k * inner] = Number.NaN;
        continue;
      }
      if (max === Number.POSITIVE_INFINITY) {
        // The limit: the +Infinity entries share the mass equally.
        let count = 0;
        for (let k = 0; k < n; k++) if (x.data[base + k * inner] === max) count++;
        for (let k = 0; k < n; k++)
          out[base + k * inner] = x.data[base + k * inner] === max ? 1 / count : 0;
        continue;
      }
      let sum = 0;
      for (let k = 0; k < n; k++) sum += Math.exp(x.data[base + k * inner]! - max);
      for (let k = 0; k < n; k++)
        out[base + k * inner] = Math.exp(x.data[base + k * inner]! - max) / sum;
    }
  }
  return new Tensor(out, x.shape);
}
