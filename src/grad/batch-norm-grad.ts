import { OptionError } from "../errors";
import { fastBatchNormGrad } from "../kernels/backward";
import { checkBatchNorm, checkVariance, epsilonOption, trainingOption } from "../ops/batch-norm";
import { currentMode } from "../ops/common";
import { checkOptions } from "../options";
import { referenceBatchNormGrad } from "../reference/backward";
import { Tensor } from "../tensor";
import { checkDy } from "./common";

export interface FusedBatchNormGradOptions {
  /** The mode of the forward call: in training, mean and variance depend on x too. */
  training: boolean;
  /** The statistics the forward normalized with: its result's mean and variance. */
  mean: Tensor;
  variance: Tensor;
  /** The forward's epsilon (default 0.001). */
  epsilon?: number;
}

export interface FusedBatchNormGradients {
  readonly dx: Tensor;
  /** Keras' gamma */
  readonly dScale: Tensor;
  /** Keras' beta */
  readonly dOffset: Tensor;
}

/**
 * The gradients of fusedBatchNorm(x, scale, offset, options) given dy, TensorFlow's
 * FusedBatchNormGrad. In training mode the batch mean and variance are functions of x, which
 * adds two terms to dx; in inference mode they are constants.
 */
export function fusedBatchNormGrad(
  dy: Tensor,
  x: Tensor,
  scale: Tensor,
  options: FusedBatchNormGradOptions,
): FusedBatchNormGradients {
  const op = "fusedBatchNormGrad";
  checkOptions(op, options, ["training", "mean", "variance", "epsilon"]);
  const training = trainingOption(op, options);
  const epsilon = epsilonOption(op, options.epsilon);
  const { mean, variance } = options;
  if (mean === undefined || variance === undefined) {
    throw new OptionError(
      op,
      mean === undefined ? "mean" : "variance",
      undefined,
      `mean and variance are needed: pass the ones fusedBatchNorm returned`,
    );
  }
  const channels = checkBatchNorm(op, x, { scale, mean, variance });
  const g = checkDy(op, dy, x.shape, { x: x.shape });
  checkVariance(op, "variance", variance, epsilon);
  // The reference loop while counting, else the kernels (as the conv ops).
  const grads = (currentMode() === "reference" ? referenceBatchNormGrad : fastBatchNormGrad)(
    g.data,
    x.data,
    scale.data,
    mean.data,
    variance.data,
    epsilon,
    training,
  );
  return {
    dx: new Tensor(grads.dx, x.shape),
    dScale: new Tensor(grads.dScale, [channels]),
    dOffset: new Tensor(grads.dOffset, [channels]),
  };
}
