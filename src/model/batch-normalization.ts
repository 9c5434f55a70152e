// Keras BatchNormalization over the last axis (the channels). Training: normalize with the
// batch's mean and variance and move the moving averages toward them; inference: normalize with
// the moving averages. gamma and beta are trained; the moving averages are not (Keras counts
// them as non-trainable parameters).

import { ShapeError } from "../errors";
import {
  batchNormReluGrad,
  batchNormReluGradReadsY,
  batchNormReluPoolGrad,
  fusedBatchNormGrad,
} from "../grad/batch-norm-grad";
import { currentMode } from "../ops/common";
import {
  type BatchNormActivation,
  epsilonOption,
  fusedBatchNorm,
  fusedBatchNormPool,
  momentumOption,
} from "../ops/batch-norm";
import type { Rng } from "../random";
import { ones, Tensor, zeros } from "../tensor";
import type { Backward, Forward, Layer, Weight } from "./layer";
import { checkNotBuilt, layerLabel, layerOptions, present, weightValue } from "./layer";

export interface BatchNormalizationLayerOptions {
  /** The old moving average's weight in each update, default 0.99. */
  momentum?: number;
  /** Added to the variance before its square root, default 0.001. */
  epsilon?: number;
  name?: string;
}

interface BatchNormCache {
  readonly x: Tensor;
  readonly training: boolean;
  /** The statistics x was normalized with. */
  readonly mean: Tensor;
  readonly variance: Tensor;
  /** "relu" when the ReLU after this layer ran in its pass; y is then the ReLU's output. */
  readonly activation: BatchNormActivation;
  readonly y: Tensor;
  /** gamma and beta as the forward pass used them, and whether it ran on the kernels: with
   *  "relu", the gradient then recomputes the ReLU's test from x (batchNormReluGrad). */
  readonly scale: Tensor;
  readonly offset: Tensor;
  readonly onKernels: boolean;
}

export class BatchNormalization implements Layer<BatchNormCache> {
  readonly className = "BatchNormalization";
  readonly activation = "linear";
  readonly momentum: number;
  readonly epsilon: number;
  #name: string | undefined;
  #gamma: Weight | undefined;
  #beta: Weight | undefined;
  #movingMean: Weight | undefined;
  #movingVariance: Weight | undefined;

  constructor(options: BatchNormalizationLayerOptions = {}) {
    const op = "layers.batchNormalization";
    this.#name = layerOptions(op, options, ["momentum", "epsilon"]);
    this.momentum = momentumOption(op, options.momentum);
    this.epsilon = epsilonOption(op, options.epsilon);
  }

  get name(): string {
    return this.#name ?? "batch_normalization";
  }

  get weights(): readonly Weight[] {
    return present(this.#gamma, this.#beta, this.#movingMean, this.#movingVariance);
  }

  get trainableWeights(): readonly Weight[] {
    return this.weights.filter((w) => w.trainable);
  }

  build(inputShape: readonly number[], _rng: Rng, name: string): readonly number[] {
    checkNotBuilt(this.name, this.#gamma !== undefined);
    this.#name ??= name;
    if (inputShape.length !== 3 && inputShape.length !== 1) {
      throw new ShapeError(
        layerLabel(this.name, this.className),
        `expects images [H,W,C] or vectors [C] per example`,
        { inputShape },
      );
    }
    const c = [inputShape[inputShape.length - 1]!];
    this.#gamma = { name: `${this.name}/gamma`, value: ones(c), trainable: true };
    this.#beta = { name: `${this.name}/beta`, value: zeros(c), trainable: true };
    this.#movingMean = { name: `${this.name}/moving_mean`, value: zeros(c), trainable: false };
    this.#movingVariance = {
      name: `${this.name}/moving_variance`,
      value: ones(c),
      trainable: false,
    };
    return inputShape;
  }

  /** With activation "relu", the ReLU that follows runs in the same pass (TensorFlow's
   *  _FusedBatchNormEx): Sequential does this for a ReLU activation layer right after. */
  forward(
    x: Tensor,
    training: boolean,
    activation: BatchNormActivation = "linear",
  ): Forward<BatchNormCache> {
    return this.#pass(x, training, activation, false);
  }

  /** forward with "relu", then global average pooling, in one pass on the kernels: y is the
   *  pooled [N, C] and the normalized output is never written (fusedBatchNormPool). Sequential
   *  runs the course's batch normalization, ReLU and GlobalAveragePooling2D layers in a row this
   *  way, and backwardPooled takes the pooling's output gradient. */
  forwardPooled(x: Tensor, training: boolean): Forward<BatchNormCache> {
    return this.#pass(x, training, "relu", true);
  }

  #pass(
    x: Tensor,
    training: boolean,
    activation: BatchNormActivation,
    pool: boolean,
  ): Forward<BatchNormCache> {
    const movingMean = weightValue(this.#movingMean, this);
    const movingVariance = weightValue(this.#movingVariance, this);
    const { momentum, epsilon } = this;
    // Copies: an optimizer step moves the weights in place.
    const gamma = weightValue(this.#gamma, this);
    const beta = weightValue(this.#beta, this);
    const scale = new Tensor(Float32Array.from(gamma.data), gamma.shape);
    const offset = new Tensor(Float32Array.from(beta.data), beta.shape);
    const r = (pool ? fusedBatchNormPool : fusedBatchNorm)(x, scale, offset, {
      training,
      movingMean,
      movingVariance,
      momentum,
      epsilon,
      activation,
    });
    if (training) {
      // Keras updates the moving averages as a side effect of a training forward pass.
      movingMean.data.set(r.movingMean!.data);
      movingVariance.data.set(r.movingVariance!.data);
    }
    const { y, mean, variance } = r;
    const onKernels = currentMode() === "fast";
    return { y, cache: { x, training, mean, variance, activation, y, scale, offset, onKernels } };
  }

  backward(dy: Tensor, cache: BatchNormCache): Backward {
    const { x, training, mean, variance, activation, y, scale, offset, onKernels } = cache;
    const options = { training, mean, variance, epsilon: this.epsilon };
    const g =
      activation === "relu"
        ? batchNormReluGrad(dy, x, scale, offset, { ...options, y }, onKernels)
        : fusedBatchNormGrad(dy, x, scale, options);
    return { dx: g.dx, grads: [g.dScale, g.dOffset] };
  }

  /** backward for forwardPooled, given the pooling's output gradient g [N, C]: the pooling's
   *  gradient, the ReLU's and this layer's at once, without spreading g over the pixels
   *  (batchNormReluPoolGrad). `overwriteInput`: dx may be written over x, which the model
   *  gives up. */
  backwardPooled(g: Tensor, cache: BatchNormCache, overwriteInput = false): Backward {
    const { x, training, mean, variance, scale, offset } = cache;
    const options = { training, mean, variance, epsilon: this.epsilon };
    const r = batchNormReluPoolGrad(g, x, scale, offset, options, overwriteInput);
    return { dx: r.dx, grads: [r.dScale, r.dOffset] };
  }

  backwardReadsOutput({ activation, onKernels }: BatchNormCache): boolean {
    return activation === "relu" && batchNormReluGradReadsY(onKernels);
  }
}

/** Batch normalization (Keras' BatchNormalization). */
export function batchNormalizationLayer(
  options: BatchNormalizationLayerOptions = {},
): BatchNormalization {
  return new BatchNormalization(options);
}
