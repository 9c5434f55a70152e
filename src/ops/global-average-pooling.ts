// Global average pooling (Keras GlobalAveragePooling2D): each channel's mean over the image,
// [N,H,W,C] -> [N,C]. MobileNet uses it between the last conv and the classifier.
import { ShapeError } from "../errors";
import { fastGlobalAveragePooling } from "../kernels/dense";
import { currentMode } from "./common";
import { referenceGlobalAveragePooling } from "../reference/layers";
import { Tensor, checkTensor, dimsOf } from "../tensor";

export function globalAveragePooling2d(x: Tensor): Tensor {
  const op = "globalAveragePooling2d";
  const t = checkTensor(op, "x", x);
  if (t.rank !== 4)
    throw new ShapeError(op, `x must be rank 4 [N,H,W,C], got rank ${t.rank}`, { x: t.shape });
  if (t.size === 0) throw new ShapeError(op, `x has a zero-sized dimension`, { x: t.shape });
  const [n, h, w, c] = dimsOf(t) as [number, number, number, number];
  const y =
    currentMode() === "reference"
      ? referenceGlobalAveragePooling(t.data, n, h, w, c)
      : fastGlobalAveragePooling(t.data, n, h * w, c);
  return new Tensor(y, [n, c]);
}
