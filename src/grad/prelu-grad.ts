import { broadcastIndex } from "../ops/broadcast";
import { referencePreluGrad } from "../reference/backward";
import { Tensor, checkTensor, dimsOf } from "../tensor";
import { checkDyLikeX } from "./common";

export interface PreluGradients {
  readonly dx: Tensor;
  /** In alpha's shape: each slope's gradient sums over the elements it was broadcast to. */
  readonly dAlpha: Tensor;
}

/**
 * The gradients of prelu(x, alpha) = max(x, 0) + alpha * min(x, 0) given dy: dx = dy for x > 0
 * and alpha * dy otherwise; dAlpha sums dy * x over the elements x <= 0 that each slope
 * multiplied. alpha broadcasts against x as in the forward op (one slope per channel, one for
 * all, ...).
 */
export function preluGrad(dy: Tensor, x: Tensor, alpha: Tensor): PreluGradients {
  const op = "preluGrad";
  const g = checkTensor(op, "dy", dy);
  const t = checkTensor(op, "x", x);
  const a = checkTensor(op, "alpha", alpha);
  checkDyLikeX(op, g, t);
  const at = broadcastIndex(op, "alpha", a, dimsOf(t));
  const { dx, dAlpha } = referencePreluGrad(g.data, t.data, a.data, at);
  return { dx: new Tensor(dx, t.shape), dAlpha: new Tensor(dAlpha, a.shape) };
}
