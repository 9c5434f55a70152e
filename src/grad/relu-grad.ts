import { fastReluGrad } from "../kernels/backward";
import { currentMode } from "../ops/common";
import { referenceReluGrad } from "../reference/backward";
import { checkTensor, Tensor } from "../tensor";
import { checkDyLikeX } from "./common";

/**
 * The gradient of relu(x) given dy: dy where x > 0, else 0 (0 at x = 0, as TensorFlow's
 * ReluGrad). relu is also the activation "relu" of the conv ops: x is then their output before
 * the activation.
 */
export function reluGrad(dy: Tensor, x: Tensor): Tensor {
  const op = "reluGrad";
  const g = checkTensor(op, "dy", dy);
  const t = checkTensor(op, "x", x);
  checkDyLikeX(op, g, t);
  // The reference loop while counting (it multiplies nothing), else the kernel (as the conv ops).
  const dx =
    currentMode() === "reference"
      ? referenceReluGrad(g.data, t.data)
      : fastReluGrad(g.data, t.data);
  return new Tensor(dx, t.shape);
}
