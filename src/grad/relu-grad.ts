import { ShapeError, fmtShape } from "../errors";
import { referenceReluGrad } from "../reference/backward";
import { Tensor, checkTensor, dimsOf, sameShape } from "../tensor";

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
    throw new ShapeError(op, `dy ${fmtShape(g.shape)} does not match the forward output's shape ${fmtShape(t.shape)} (x's)`, { x: t.shape, dy: g.shape });
  }
  return new Tensor(referenceReluGrad(g.data, t.data), t.shape);
}
