import { ShapeError } from "../errors";
import { outputArray } from "../kernels/wasm";
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
  // The same quotients, each image's row computed once and copied to its H*W pixels by
  // doubling runs (a call per pixel cost more than the copying).
  const pixels = h * w;
  const dx = outputArray(n * pixels * c);
  for (let i = 0; i < n; i++) {
    const start = i * pixels * c;
    for (let ch = 0; ch < c; ch++) dx[start + ch] = g.data[i * c + ch]! / pixels;
    for (let done = 1; done < pixels; done *= 2) {
      const copy = Math.min(done, pixels - done);
      dx.copyWithin(start + done * c, start, start + copy * c);
    }
  }
  return new Tensor(dx, s);
}
