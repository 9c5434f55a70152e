import { fmtShape, ShapeError } from "../errors";
import { fastReluGrad } from "../kernels/backward";
import { currentMode } from "../ops/common";
import { referenceReluGrad } from "../reference/backward";
import { checkTensor, dimsOf, sameShape, Tensor } from "../tensor";

/**
 * The gradient of relu(x) given dy: dy where x > 0, else 0 (0 at x = 0, as TensorFlow's
 * ReluGrad). relu is also the activation "relu" of the conv ops: x is then their output before
 * the activation.
 */
export function reluGrad(dy: Tensor, x: Tensor): Tensor {
  const op = "reluGrad";
  const g = checkTensor(op, "dy", dy);
  const t = checkTensor(op, "x", x);
  if (!sameShape(dimsOf(g), dimsOf(t))) {
    throw new ShapeError(
      op,
      `dy ${fmtShape(g.shape)} does not match the forward output's shape ${fmtShape(t.shape)} (x's)`,
      { x: t.shape, dy: g.shape },
    );
  }
  // The reference loop while counting (it multiplies nothing), else the kernel (as the conv ops).
  const dx =
    currentMode() === "reference"
      ? referenceReluGrad(g.data, t.data)
      : fastReluGrad(g.data, t.data);
  return new Tensor(dx, t.shape);
}
