// The activations a layer can end with, forward and backward. The model applies them (after a
// layer's forward, before its backward), so each layer's code is only its op. Every backward
// here needs only the activation's output y: relu's y > 0 exactly where its input was > 0, and
// softmax's Jacobian is written in y.

import { reluGrad } from "../grad/relu-grad";
import { relu, softmax } from "../ops/activations";
import { Tensor } from "../tensor";

export type ActivationName = "linear" | "relu" | "softmax";
export const ACTIVATION_NAMES: readonly ActivationName[] = ["linear", "relu", "softmax"];

export function activate(name: ActivationName, z: Tensor): Tensor {
  if (name === "relu") return relu(z);
  if (name === "softmax") return softmax(z, -1);
  return z;
}

/** The gradient with respect to the activation's input, given dy and its output y. */
export function activationGrad(name: ActivationName, dy: Tensor, y: Tensor): Tensor {
  if (name === "relu") return reluGrad(dy, y);
  if (name === "softmax") return softmaxGrad(dy, y);
  return dy;
}

/** Softmax over the last axis: dz_i = y_i * (dy_i - sum_j dy_j y_j), row by row. */
function softmaxGrad(dy: Tensor, y: Tensor): Tensor {
  const k = y.shape[y.rank - 1]!;
  const dz = new Float32Array(y.size);
  for (let row = 0; row < y.size; row += k) {
    let dot = 0;
    for (let j = 0; j < k; j++) dot += dy.data[row + j]! * y.data[row + j]!;
    for (let i = 0; i < k; i++) dz[row + i] = y.data[row + i]! * (dy.data[row + i]! - dot);
  }
  return new Tensor(dz, y.shape);
}
