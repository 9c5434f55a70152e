import { ShapeError } from "../errors";
import { fastGlobalAveragePoolingGrad } from "../kernels/dense";
import { currentMode } from "../ops/common";
import { referenceGlobalAveragePoolingGrad } from "../reference/backward";
import { Tensor, checkShape } from "../tensor";
import { checkDy } from "./common";

/**
 * The gradient of globalAveragePooling2d(x) given dy [N,C]: every one of a channel's H*W values
 * counted 1/(H*W) in its mean, so each gets dy / (H*W). inputShape is x's, [N,H,W,C].
 */
export function globalAveragePooling2dGrad(inputShape: readonly number[], dy: Tensor): Tensor {
  const op = "globalAveragePooling2dGrad";
  const s = checkShape(op, "inputShape", inputShape);
  if (s.length !== 4)
    throw new ShapeError(op, `inputShape must be [N,H,W,C], got rank ${s.length}`, {
      inputShape: s,
    });
  if (s.includes(0))
    throw new ShapeError(op, `inputShape has a zero-sized dimension`, { inputShape: s });
  const [n, h, w, c] = s as [number, number, number, number];
  const g = checkDy(op, dy, [n, c], { inputShape: s });
  if (currentMode() === "reference")
    return new Tensor(referenceGlobalAveragePoolingGrad(g.data, n, h, w, c), s);
  const dx = fastGlobalAveragePoolingGrad(g.data, n, h * w, c);
  return new Tensor(dx, s);
}
