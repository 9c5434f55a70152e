// Batch normalization (Keras BatchNormalization, TensorFlow's FusedBatchNorm) over the last
// axis: y = scale * (x - mean) / sqrt(variance + epsilon) + offset per channel. In training
// mode mean and variance are the batch's (over N, H and W), and the moving averages inference
// uses are updated; in inference mode the moving averages normalize. Keras calls scale and
// offset gamma and beta.
import { OptionError, ShapeError } from "../errors";
import { checkOptions, choiceOption, failOption, numberOption } from "../options";
import { fastBatchNorm, fastBatchNormPool, type Moments } from "../kernels/norm";
import { referenceBatchNorm, referenceMoments, referenceMovingAverage } from "../reference/layers";
import { relu } from "./activations";
import { currentMode } from "./common";
import { Tensor, checkTensor, dimsOf } from "../tensor";

export interface FusedBatchNormOptions {
  /** true: normalize with the batch's own statistics (and update the moving averages, if
   *  given); false: with movingMean and movingVariance. */
  training: boolean;
  /** [C]; needed for inference, optional in training (then updated). */
  movingMean?: Tensor;
  movingVariance?: Tensor;
  /** Added to the variance under the square root; Keras' default 0.001. */
  epsilon?: number;
  /** The old moving average's weight in its update; Keras' default 0.99. */
  momentum?: number;
  /** "relu" applies max(y, 0) in the same pass (TensorFlow's _FusedBatchNormEx); default
   *  "linear". Its gradient: fusedBatchNormGrad with the same activation and this y. */
  activation?: BatchNormActivation;
}

export type BatchNormActivation = "linear" | "relu";

export interface FusedBatchNormResult {
  readonly y: Tensor;
  /** The statistics y was normalized with (the batch's in training, biased variance; the
   *  moving ones in inference): fusedBatchNormGrad needs them. */
  readonly mean: Tensor;
  readonly variance: Tensor;
  /** Training: the updated moving averages (the given tensors are left as they are);
   *  inference: the given ones. Absent when none were given. */
  readonly movingMean?: Tensor;
  readonly movingVariance?: Tensor;
}

const DEFAULT_BATCH_NORM_EPSILON = 0.001;
const DEFAULT_BATCH_NORM_MOMENTUM = 0.99;

/**
 * x [N,H,W,C] or [N,C]; scale and offset [C]. The moving variance is updated with the biased
 * batch variance, as Keras 3 and tf.layers.batchNormalization do (TensorFlow 2's fused kernel
 * used the unbiased one).
 */
export function fusedBatchNorm(
  x: Tensor,
  scale: Tensor,
  offset: Tensor,
  options: FusedBatchNormOptions,
): FusedBatchNormResult {
  return batchNormPass(x, scale, offset, options, false);
}

/**
 * fusedBatchNorm of a rank-4 x followed by global average pooling, on the kernels: y is the
 * pooled [N, C], the normalized output never written (fastBatchNormPool; the same values as
 * globalAveragePooling2d of fusedBatchNorm's y, bit for bit). For the model's layers
 * (Sequential runs batch normalization, ReLU and global average pooling in a row this way);
 * not while the reference loops run.
 */
export function fusedBatchNormPool(
  x: Tensor,
  scale: Tensor,
  offset: Tensor,
  options: FusedBatchNormOptions,
): FusedBatchNormResult {
  return batchNormPass(x, scale, offset, options, true);
}

function batchNormPass(
  x: Tensor,
  scale: Tensor,
  offset: Tensor,
  options: FusedBatchNormOptions,
  pool: boolean,
): FusedBatchNormResult {
  const op = pool ? "fusedBatchNormPool" : "fusedBatchNorm";
  checkOptions(op, options, [
    "training",
    "movingMean",
    "movingVariance",
    "epsilon",
    "momentum",
    "activation",
  ]);
  const training = trainingOption(op, options);
  const withRelu = batchNormActivationOption(op, options.activation) === "relu";
  const epsilon = epsilonOption(op, options.epsilon);
  const momentum = momentumOption(op, options.momentum);
  const { movingMean, movingVariance } = options;
  checkBatchNorm(op, x, { scale, offset, movingMean, movingVariance });
  if ((movingMean === undefined) !== (movingVariance === undefined)) {
    throw new OptionError(
      op,
      movingMean === undefined ? "movingMean" : "movingVariance",
      undefined,
      `movingMean and movingVariance go together: give both or neither`,
    );
  }
  const shape = [scale.size];
  // Inference normalizes with the moving averages; training with the batch's own moments.
  let moving: { movingMean: Tensor; movingVariance: Tensor } | null = null;
  if (!training) {
    if (movingMean === undefined || movingVariance === undefined) {
      throw new OptionError(
        op,
        "movingMean",
        movingMean,
        `inference (training: false) normalizes with movingMean and movingVariance: give both`,
      );
    }
    checkVariance(op, "movingVariance", movingVariance, epsilon);
    moving = { movingMean, movingVariance };
  }
  const stats: Moments | null = moving && {
    mean: moving.movingMean.data,
    variance: moving.movingVariance.data,
  };
  let y: Tensor;
  let r: Moments;
  if (pool) {
    if (x.rank !== 4) throw new ShapeError(op, `x must be rank 4 [N,H,W,C]`, { x: x.shape });
    // The model only calls it outside counting; the loops have no such fused pass.
    if (currentMode() === "reference") throw new Error(`${op}: runs on the kernels only`);
    const [n] = dimsOf(x) as [number];
    const p = fastBatchNormPool(x.data, n, scale.data, offset.data, epsilon, stats, withRelu);
    [y, r] = [new Tensor(p.pooled, [n, scale.size]), p];
  } else {
    // The reference loops while countMultiplications counts, else the kernels (the same values).
    const out =
      currentMode() === "reference"
        ? referencePath(x.data, scale.data, offset.data, epsilon, stats, withRelu)
        : fastBatchNorm(x.data, scale.data, offset.data, epsilon, stats, withRelu);
    [y, r] = [new Tensor(out.y, x.shape), out];
  }
  if (moving !== null)
    return { y, mean: moving.movingMean, variance: moving.movingVariance, ...moving };
  const batch = { y, mean: new Tensor(r.mean, shape), variance: new Tensor(r.variance, shape) };
  if (movingMean === undefined || movingVariance === undefined) return batch;
  return {
    ...batch,
    movingMean: new Tensor(referenceMovingAverage(movingMean.data, r.mean, momentum), shape),
    movingVariance: new Tensor(
      referenceMovingAverage(movingVariance.data, r.variance, momentum),
      shape,
    ),
  };
}

function referencePath(
  x: Float32Array,
  scale: Float32Array,
  offset: Float32Array,
  epsilon: number,
  stats: Moments | null,
  withRelu: boolean,
): Moments & { y: Float32Array } {
  const { mean, variance } = stats ?? referenceMoments(x, scale.length);
  const y = referenceBatchNorm(x, mean, variance, scale, offset, epsilon);
  return { y: withRelu ? relu(new Tensor(y, [y.length])).data : y, mean, variance };
}

/** "linear" (the default) or "relu". */
export function batchNormActivationOption(op: string, value: unknown): BatchNormActivation {
  return choiceOption(op, "activation", value, ["linear", "relu"] as const) ?? "linear";
}

/** x [N,H,W,C] or [N,C] and per-channel tensors [C] (undefined ones skipped); shared with the gradient. */
export function checkBatchNorm(
  op: string,
  x: unknown,
  perChannel: Record<string, unknown>,
): number {
  const t = checkTensor(op, "x", x);
  if (t.rank !== 4 && t.rank !== 2)
    throw new ShapeError(op, `x must be rank 4 [N,H,W,C] or rank 2 [N,C], got rank ${t.rank}`, {
      x: t.shape,
    });
  if (t.size === 0) throw new ShapeError(op, `x has a zero-sized dimension`, { x: t.shape });
  const channels = dimsOf(t)[t.rank - 1]!;
  for (const name in perChannel) {
    if (perChannel[name] === undefined) continue;
    const p = checkTensor(op, name, perChannel[name]);
    if (p.rank !== 1 || p.size !== channels) {
      throw new ShapeError(op, `${name} must be [C] = [${channels}], one value per channel of x`, {
        x: t.shape,
        [name]: p.shape,
      });
    }
  }
  return channels;
}

/** The mode, required: there is no safe default (Keras infers it from fit or predict). */
export function trainingOption(op: string, options: unknown): boolean {
  const training = (options as { training?: unknown } | undefined)?.training;
  if (typeof training !== "boolean")
    failOption(op, "training", training, "true (batch statistics) or false (moving averages)");
  return training;
}

export function epsilonOption(op: string, value: unknown): number {
  return numberOption(op, "epsilon", value, { above: 0 }) ?? DEFAULT_BATCH_NORM_EPSILON;
}

export function momentumOption(op: string, value: unknown): number {
  return numberOption(op, "momentum", value, { min: 0, max: 1 }) ?? DEFAULT_BATCH_NORM_MOMENTUM;
}

/** A variance must not be negative: its square root would be NaN. */
export function checkVariance(op: string, name: string, variance: Tensor, epsilon: number): void {
  for (let c = 0; c < variance.size; c++) {
    if (!(variance.data[c]! + epsilon > 0)) {
      throw new OptionError(
        op,
        name,
        variance.data[c],
        `${name}[${c}] = ${variance.data[c]} is negative (or NaN): a variance is >= 0`,
      );
    }
  }
}
