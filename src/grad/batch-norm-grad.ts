import { OptionError } from "../errors";
import { fastBatchNormGrad, fastBatchNormPoolGrad } from "../kernels/backward";
import {
  type BatchNormActivation,
  batchNormActivationOption,
  checkBatchNorm,
  checkVariance,
  epsilonOption,
  trainingOption,
} from "../ops/batch-norm";
import { currentMode } from "../ops/common";
import { checkOptions, failOption } from "../options";
import { referenceBatchNormGrad, referenceReluGrad } from "../reference/backward";
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
  /** The forward's activation: with "relu", dy is the gradient of the ReLU's output and `y`,
   *  that output (what fusedBatchNorm returned), is needed. Default "linear". */
  activation?: BatchNormActivation;
  y?: Tensor;
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
  checkOptions(op, options, ["training", "mean", "variance", "epsilon", "activation", "y"]);
  const training = trainingOption(op, options);
  const withRelu = batchNormActivationOption(op, options.activation) === "relu";
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
  let reluOutput: Float32Array | null = null;
  if (withRelu) {
    if (options.y === undefined)
      failOption(op, "y", undefined, `the forward's output, which activation "relu" needs`);
    reluOutput = checkDy(op, options.y, x.shape, { x: x.shape }, "y").data;
  } else if (options.y !== undefined) {
    failOption(op, "y", options.y, `left out without activation "relu" (nothing reads it)`);
  }
  // The reference loops while counting, else the kernels (as the conv ops).
  const rest = [x.data, scale.data, mean.data, variance.data, epsilon, training] as const;
  const grads =
    currentMode() === "reference"
      ? referenceBatchNormGrad(
          reluOutput === null ? g.data : referenceReluGrad(g.data, reluOutput),
          ...rest,
        )
      : fastBatchNormGrad(g.data, ...rest, reluOutput === null ? null : { y: reluOutput });
  return {
    dx: new Tensor(grads.dx, x.shape),
    dScale: new Tensor(grads.dScale, [channels]),
    dOffset: new Tensor(grads.dOffset, [channels]),
  };
}

/** Whether batchNormReluGrad reads the forward's output y (else it recomputes the ReLU's test
 *  from x): when the forward did not run on the kernels, or the loops run now. */
export function batchNormReluGradReadsY(forwardOnKernels: boolean): boolean {
  return !forwardOnKernels || currentMode() === "reference";
}

/**
 * fusedBatchNormGrad with activation "relu" for the model's batch normalization layers, given
 * the forward's offset as well as its output y: on the kernels the ReLU's test is recomputed from
 * x, (x - mean) * k + offset > 0 with the forward kernel's float32 operations, instead of read
 * from y, which spares both passes an array through memory; it is the same test bit for bit, so
 * the same result. Only for exactly the x, scale, offset and statistics the forward normalized
 * with on the kernels (`forwardOnKernels`); otherwise, and while counting, it is
 * fusedBatchNormGrad with y. Inside a training step (dy in kernel memory) dx is written over dy,
 * which the caller gives up: Sequential hands each layer a gradient nothing else reads.
 */
export function batchNormReluGrad(
  dy: Tensor,
  x: Tensor,
  scale: Tensor,
  offset: Tensor,
  options: FusedBatchNormGradOptions & { y: Tensor },
  forwardOnKernels: boolean,
): FusedBatchNormGradients {
  if (batchNormReluGradReadsY(forwardOnKernels))
    return fusedBatchNormGrad(dy, x, scale, { ...options, activation: "relu" });
  const op = "fusedBatchNormGrad";
  const { training, mean, variance } = options;
  const epsilon = epsilonOption(op, options.epsilon);
  const channels = checkBatchNorm(op, x, { scale, mean, variance, offset });
  const g = checkDy(op, dy, x.shape, { x: x.shape });
  const grads = fastBatchNormGrad(
    g.data,
    x.data,
    scale.data,
    mean.data,
    variance.data,
    epsilon,
    training,
    { offset: offset.data },
    true,
  );
  return {
    dx: new Tensor(grads.dx, x.shape),
    dScale: new Tensor(grads.dScale, [channels]),
    dOffset: new Tensor(grads.dOffset, [channels]),
  };
}

/**
 * The gradient through fusedBatchNormPool with "relu" (batch normalization, ReLU, global average
 * pooling), given the pooling's output gradient g [N, C], for the model's layers: the same as
 * globalAveragePooling2dGrad then batchNormReluGrad, bit for bit, without the spread gradient
 * (fastBatchNormPoolGrad). Only for exactly the x, scale, offset and statistics the forward
 * normalized with; on the kernels. `overwriteX`: dx may be written over x (the caller gives it
 * up).
 */
export function batchNormReluPoolGrad(
  g: Tensor,
  x: Tensor,
  scale: Tensor,
  offset: Tensor,
  options: FusedBatchNormGradOptions,
  overwriteX: boolean,
): FusedBatchNormGradients {
  const op = "fusedBatchNormPoolGrad";
  const { training, mean, variance } = options;
  const epsilon = epsilonOption(op, options.epsilon);
  const channels = checkBatchNorm(op, x, { scale, mean, variance, offset });
  const images = x.shape[0]!;
  checkDy(op, g, [images, channels], { x: x.shape });
  const grads = fastBatchNormPoolGrad(
    g.data,
    x.data,
    images,
    scale.data,
    offset.data,
    mean.data,
    variance.data,
    epsilon,
    training,
    true,
    overwriteX,
  );
  return {
    dx: new Tensor(grads.dx, x.shape),
    dScale: new Tensor(grads.dScale, [channels]),
    dOffset: new Tensor(grads.dOffset, [channels]),
  };
}
