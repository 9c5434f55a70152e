import { ShapeError } from "../errors";
import { fastChannelSums } from "../kernels/backward";
import { broadcastIndex } from "../ops/broadcast";
import { currentMode } from "../ops/common";
import { referenceBroadcastSum } from "../reference/backward";
import { checkShape, checkTensor, dimsOf, sizeOf, Tensor } from "../tensor";

/**
 * The gradient of a bias added to an output, given dy (the gradient of that output): each bias
 * value was added to many output elements, so its gradient is the sum of their dy. biasShape is
 * the bias's shape, broadcast against dy as the ops' `bias` option is (default: one value per
 * channel, the last axis, as TensorFlow's BiasAddGrad).
 */
export function biasAddGrad(dy: Tensor, biasShape?: readonly number[]): Tensor {
  const op = "biasAddGrad";
  const g = checkTensor(op, "dy", dy);
  if (g.rank === 0 || g.size === 0)
    throw new ShapeError(op, `dy must have at least one axis and no zero-sized dimension`, {
      dy: g.shape,
    });
  const shape =
    biasShape === undefined ? [dimsOf(g)[g.rank - 1]!] : checkShape(op, "biasShape", biasShape);
  const bias = new Tensor(new Float32Array(sizeOf(shape)), shape);
  const at = broadcastIndex(op, "bias", bias, dimsOf(g));
  // One value per channel (the usual bias): per-channel sums in the kernels, also in float64;
  // other broadcasts, and counts, take the reference loop (it multiplies nothing either way).
  const channels = dimsOf(g)[g.rank - 1]!;
  const perChannel = bias.size === channels && shape[shape.length - 1] === channels;
  const sums =
    perChannel && currentMode() === "fast"
      ? fastChannelSums(g.data, channels)
      : referenceBroadcastSum(g.data, bias.size, at);
  return new Tensor(sums, shape);
}
