// A sequential model: layers applied in order. fit() trains it with the sparse softmax
// cross-entropy loss on the last layer's output (the logits), one batch at a time: forward
// through every layer (each returns its cache), the loss's gradient, backward through every
// layer in reverse order, one optimizer step. Everything random (initial weights, shuffling)
// comes from seeds, so a run gives the same weights and accuracies every time.
import { DataError, fmtShape, fmtValue, OptionError, ShapeError } from "../errors";
import { sparseSoftmaxCrossEntropyGrad } from "../grad/softmax-cross-entropy-grad";
import { type Labels, sparseSoftmaxCrossEntropy } from "../ops/softmax-cross-entropy";
import { booleanOption, checkOptions, failOption, intOption, stringOption } from "../options";
import { checkSeed, createRng, type Rng } from "../random";
import { checkShape, checkTensor, sameShape, Tensor } from "../tensor";
import { type ActivationName, activate, activationGrad } from "./activations";
import { residentOutputs } from "../kernels/wasm";
import { currentMode } from "../ops/common";
import { ActivationLayer } from "./activation";
import { BatchNormalization } from "./batch-normalization";
import { Conv2D } from "./conv2d";
import { Dense } from "./dense";
import { DepthwiseConv2D } from "./depthwise-conv2d";
import { GlobalAveragePooling2D } from "./global-average-pooling2d";
import { copyOf } from "./initializers";
import { kerasName, type Layer, type Weight } from "./layer";
import { Adam, type Optimizer, SGD } from "./optimizers";
import { SeparableConv2D } from "./separable-conv2d";
import { type ModelSummary, summarize } from "./summary";

export interface SequentialOptions {
  /** The shape of one example, without the batch: [H, W, C] for images. */
  inputShape: readonly number[];
  /** Seeds the initial weights (default 0): the same seed gives the same weights everywhere. */
  seed?: number;
  /** Default "sequential". */
  name?: string;
}

export interface FitOptions {
  optimizer: Optimizer;
  /** Default 1. */
  epochs?: number;
  /** Default 32; the last batch of an epoch may be smaller. */
  batchSize?: number;
  /** Evaluated (inference mode) at the end of every epoch: val_loss, val_accuracy. */
  validationData?: readonly [Tensor, Labels];
  /** Shuffle the examples before each epoch (default true). */
  shuffle?: boolean;
  /** Seeds the shuffling (default: the model's seed). */
  seed?: number;
  /** Called after each epoch (numbered from 0, as Keras does) with that epoch's metrics. */
  onEpochEnd?: (epoch: number, logs: EpochLogs) => void;
}

/** One epoch's metrics, with Keras' names. loss and accuracy are means over the epoch's batches
 *  as they were trained (weights changing along the way), as Keras reports them. */
export interface EpochLogs {
  readonly loss: number;
  readonly accuracy: number;
  readonly val_loss?: number;
  readonly val_accuracy?: number;
}

export interface History {
  /** 0, 1, ... one per epoch. */
  readonly epoch: readonly number[];
  /** Each metric per epoch, as Keras' History.history. */
  readonly history: {
    readonly loss: readonly number[];
    readonly accuracy: readonly number[];
    readonly val_loss?: readonly number[];
    readonly val_accuracy?: readonly number[];
  };
}

export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
}

export interface LossAndGradients {
  readonly loss: number;
  /** One per trainable weight, in the order of `trainableWeights`. */
  readonly gradients: readonly Tensor[];
  /** The gradient with respect to the input batch. */
  readonly dx: Tensor;
  /** The last layer's output before a final softmax: what the loss read. */
  readonly logits: Tensor;
}

/** What one layer's forward left for its backward. */
interface Step {
  readonly layer: Layer;
  readonly cache: unknown;
  /** The activation applied to the layer's output, and its result. */
  readonly activation: ActivationName;
  readonly output: Tensor;
  /** A batch normalization that ran with the ReLU and global average pooling after it
   *  (forwardPooled): its backward is backwardPooled. */
  readonly pooled?: true;
}

/** Whether step i's input is read by no backward after step i's own: it is an earlier step's
 *  output (not the model's input x), and every step that output is (a fused batch norm and
 *  ReLU layer share one) applies no activation and has a backward that does not read it. The
 *  steps before run their backward later; the steps after are done. */
function inputDeadAfter(steps: readonly Step[], i: number, x: Tensor): boolean {
  if (i === 0) return false;
  // By their memory: a layer whose output is its input or a view of it shares the array.
  const input = steps[i - 1]!.output.data;
  if (input === x.data) return false;
  for (let j = i - 1; j >= 0 && steps[j]!.output.data === input; j--) {
    const { layer, cache, activation } = steps[j]!;
    if (activation !== "linear" || (layer.backwardReadsOutput?.(cache) ?? true)) return false;
  }
  return true;
}

/** Whether o is an instance of exactly this class, not of a subclass of the user's own: a
 *  step that runs the course's layers' kernels directly must not skip an overridden method. */
const exactly = <T extends object>(
  o: object | undefined,
  c: abstract new (...args: never[]) => T,
): o is T => o !== undefined && Object.getPrototypeOf(o) === c.prototype;

/** A ReLU activation layer: its forward is the identity, the model applies the ReLU after it. */
const isRelu = (layer: Layer): layer is ActivationLayer =>
  layer instanceof ActivationLayer && layer.activation === "relu";

export class Sequential {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly seed: number;
  readonly #outputShapes: (readonly number[])[] = [];

  constructor(layers: readonly Layer[], options: SequentialOptions) {
    const op = "sequential";
    if (!Array.isArray(layers) || layers.length === 0)
      failOption(op, "layers", layers, "a non-empty array of layers");
    layers.forEach((layer, i) => {
      const l = layer as Partial<Layer> | null;
      if (
        l === null ||
        typeof l !== "object" ||
        typeof l.build !== "function" ||
        typeof l.forward !== "function" ||
        typeof l.backward !== "function"
      ) {
        throw new OptionError(
          op,
          "layers",
          layer,
          `layers[${i}] must be a layer (layers.conv2d({...}), layers.dense({...}), ...), got ${fmtValue(layer)}`,
        );
      }
    });
    if (options === null || typeof options !== "object")
      failOption(op, "options", options, "an object with inputShape");
    checkOptions(op, options, ["inputShape", "seed", "name"]);
    if (options.inputShape === undefined)
      failOption(
        op,
        "inputShape",
        undefined,
        "the shape of one example, e.g. [28, 28, 1] (it is required)",
      );
    const inputShape = checkShape(op, "inputShape", options.inputShape);
    if ((inputShape.length !== 3 && inputShape.length !== 1) || inputShape.includes(0)) {
      failOption(
        op,
        "inputShape",
        options.inputShape,
        "[H, W, C] (an image) or [units] (a vector) of positive sizes",
      );
    }
    this.name = stringOption(op, "name", options.name) ?? "sequential";
    this.seed = options.seed === undefined ? 0 : checkSeed(op, options.seed);
    this.layers = layers.slice();
    this.inputShape = Object.freeze(inputShape);

    // Build in order: each layer's weights come from the one generator, in layer order, so the
    // seed fixes them all. Unnamed layers get Keras' names: conv2d, conv2d_1, ...
    const rng: Rng = createRng(this.seed);
    const counts = new Map<string, number>();
    const taken = new Set<string>();
    let shape: readonly number[] = inputShape;
    for (const layer of this.layers) {
      const base = kerasName(layer.className);
      const k = counts.get(base) ?? 0;
      counts.set(base, k + 1);
      shape = Object.freeze(layer.build(shape, rng, k === 0 ? base : `${base}_${k}`).slice());
      if (taken.has(layer.name))
        throw new OptionError(
          op,
          "name",
          layer.name,
          `two layers are named ${JSON.stringify(layer.name)}; layer names must be unique`,
        );
      taken.add(layer.name);
      this.#outputShapes.push(shape);
    }
    this.outputShape = shape;
  }

  /** Every weight, layer by layer (trainable and not). */
  get weights(): readonly Weight[] {
    return this.layers.flatMap((l) => l.weights);
  }

  /** What the optimizer updates, in the order of lossAndGradients' gradients. */
  get trainableWeights(): readonly Weight[] {
    return this.layers.flatMap((l) => l.trainableWeights);
  }

  /** Copies of every weight's value, in the order of `weights` (Keras' get_weights). */
  getWeights(): Tensor[] {
    return this.weights.map((w) => copyOf(w.value));
  }

  /** Copies values into every weight, in the order of `weights` (Keras' set_weights). */
  setWeights(values: readonly Tensor[]): void {
    const op = "setWeights";
    const weights = this.weights;
    if (!Array.isArray(values) || values.length !== weights.length) {
      failOption(
        op,
        "values",
        values,
        `an array of ${weights.length} tensors, one per weight (${weights.map((w) => w.name).join(", ")})`,
      );
    }
    weights.forEach((w, i) => {
      const v = checkTensor(op, `values[${i}]`, values[i]);
      if (!sameShape(v.shape, w.value.shape))
        throw new ShapeError(op, `values[${i}] must have the shape of ${w.name}`, {
          [w.name]: w.value.shape,
          [`values[${i}]`]: v.shape,
        });
    });
    weights.forEach((w, i) => {
      w.value.data.set(values[i]!.data);
    });
  }

  /** Keras' summary table; `printFn` (Keras' print_fn, e.g. console.log) receives its text. */
  summary(printFn?: (text: string) => void): ModelSummary {
    const s = summarize(this.name, this.layers, this.#outputShapes);
    if (printFn !== undefined) printFn(s.text);
    return s;
  }

  /** The model's output in inference mode (probabilities if it ends with a softmax). */
  predict(x: Tensor, options: { batchSize?: number } = {}): Tensor {
    const op = "predict";
    checkOptions(op, options, ["batchSize"]);
    const batchSize = intOption(op, "batchSize", options.batchSize, 1) ?? 32;
    const n = this.#checkX(op, "x", x);
    const parts: Tensor[] = [];
    for (let start = 0; start < n; start += batchSize) {
      parts.push(
        this.#forward(rowsOf(x, start, Math.min(n, start + batchSize)), false, false).output,
      );
    }
    return concatRows(parts);
  }

  /** The mean loss and the accuracy on (x, y) in inference mode. */
  evaluate(x: Tensor, y: Labels, options: { batchSize?: number } = {}): Evaluation {
    const op = "evaluate";
    checkOptions(op, options, ["batchSize"]);
    const batchSize = intOption(op, "batchSize", options.batchSize, 1) ?? 32;
    const n = this.#checkX(op, "x", x);
    const labels = this.#checkLabels(op, "y", y, n);
    let loss = 0;
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const logits = this.#forward(rowsOf(x, start, end), false, true).output;
      const yb = labels.subarray(start, end);
      loss += sparseSoftmaxCrossEntropy(yb, logits) * (end - start);
      correct += countCorrect(logits, yb);
    }
    return { loss: loss / n, accuracy: correct / n };
  }

  /** The mean loss on one batch, without the backward pass (training mode by default, as fit
   *  runs: batch normalization uses the batch's statistics and moves its averages). */
  computeLoss(x: Tensor, y: Labels, options: { training?: boolean } = {}): number {
    const op = "computeLoss";
    checkOptions(op, options, ["training"]);
    const training = booleanOption(op, "training", options.training) ?? true;
    const labels = this.#checkLabels(op, "y", y, this.#checkX(op, "x", x));
    return sparseSoftmaxCrossEntropy(labels, this.#forward(x, training, true).output);
  }

  /** One batch forward and backward: the loss and its gradient for every trainable weight
   *  (training mode by default, as in fit). What fit hands the optimizer; what gradCheck checks. */
  lossAndGradients(x: Tensor, y: Labels, options: { training?: boolean } = {}): LossAndGradients {
    const op = "lossAndGradients";
    checkOptions(op, options, ["training"]);
    const training = booleanOption(op, "training", options.training) ?? true;
    const labels = this.#checkLabels(op, "y", y, this.#checkX(op, "x", x));
    return this.#lossAndGradients(x, labels, training);
  }

  /** One training step on one batch (Keras' train_on_batch): forward and backward in training
   *  mode, then one optimizer step. Returns the batch's loss and accuracy, as computed before
   *  the step (what fit averages over an epoch). */
  trainOnBatch(x: Tensor, y: Labels, options: { optimizer: Optimizer }): Evaluation {
    const op = "trainOnBatch";
    if (options === null || typeof options !== "object")
      failOption(op, "options", options, "an object with an optimizer");
    checkOptions(op, options, ["optimizer"]);
    const optimizer = checkOptimizer(op, options.optimizer);
    const n = this.#checkX(op, "x", x);
    const { loss, correct } = this.#trainStep(x, this.#checkLabels(op, "y", y, n), optimizer);
    return { loss, accuracy: correct / n };
  }

  /** Trains on (x, y): epochs of shuffled batches, one optimizer step per batch. */
  fit(x: Tensor, y: Labels, options: FitOptions): History {
    const op = "fit";
    if (options === null || typeof options !== "object")
      failOption(op, "options", options, "an object with an optimizer");
    checkOptions(op, options, [
      "optimizer",
      "epochs",
      "batchSize",
      "validationData",
      "shuffle",
      "seed",
      "onEpochEnd",
    ]);
    const { validationData, onEpochEnd } = options;
    const optimizer = checkOptimizer(op, options.optimizer);
    const epochs = intOption(op, "epochs", options.epochs, 1) ?? 1;
    const batchSize = intOption(op, "batchSize", options.batchSize, 1) ?? 32;
    const shuffle = booleanOption(op, "shuffle", options.shuffle) ?? true;
    const seed = options.seed === undefined ? this.seed : checkSeed(op, options.seed);
    if (onEpochEnd !== undefined && typeof onEpochEnd !== "function")
      failOption(op, "onEpochEnd", onEpochEnd, "a function (epoch, logs) => void");
    const n = this.#checkX(op, "x", x);
    const labels = this.#checkLabels(op, "y", y, n);
    if (validationData !== undefined) {
      if (!Array.isArray(validationData) || validationData.length !== 2)
        failOption(op, "validationData", validationData, "a pair [x, y]");
      this.#checkLabels(
        op,
        "validationData's y",
        validationData[1],
        this.#checkX(op, "validationData's x", validationData[0]),
      );
    }

    const rng = createRng(seed);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const history = {
      loss: [] as number[],
      accuracy: [] as number[],
      val_loss: [] as number[],
      val_accuracy: [] as number[],
    };
    const epochList: number[] = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (shuffle) shuffleInPlace(order, rng);
      let lossSum = 0;
      let correct = 0;
      for (let start = 0; start < n; start += batchSize) {
        const batch = order.subarray(start, Math.min(n, start + batchSize));
        const yb = batch.map((i) => labels[i]!);
        const r = this.#trainStep(gatherRows(x, batch), yb, optimizer);
        lossSum += r.loss * batch.length;
        correct += r.correct;
      }
      let logs: EpochLogs = { loss: lossSum / n, accuracy: correct / n };
      history.loss.push(logs.loss);
      history.accuracy.push(logs.accuracy);
      if (validationData !== undefined) {
        const v = this.evaluate(validationData[0], validationData[1], { batchSize });
        logs = { ...logs, val_loss: v.loss, val_accuracy: v.accuracy };
        history.val_loss.push(v.loss);
        history.val_accuracy.push(v.accuracy);
      }
      epochList.push(epoch);
      onEpochEnd?.(epoch, logs);
    }
    if (validationData === undefined)
      return { epoch: epochList, history: { loss: history.loss, accuracy: history.accuracy } };
    return { epoch: epochList, history };
  }

  /**
   * Every layer's forward, each followed by its activation. With `toLogits` a final softmax is
   * left out: the loss reads the logits before it, as Keras does for a softmax output, which
   * is exact where log(softmax) of float32 probabilities would lose small ones.
   */
  #forward(x: Tensor, training: boolean, toLogits: boolean): { output: Tensor; steps: Step[] } {
    const steps: Step[] = [];
    let h = x;
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      const next = this.layers[i + 1];
      const after = this.layers[i + 2];
      if (
        exactly(layer, BatchNormalization) &&
        exactly(next, ActivationLayer) &&
        isRelu(next) &&
        exactly(after, GlobalAveragePooling2D) &&
        currentMode() === "fast"
      ) {
        // Batch normalization, ReLU and global average pooling (MobileNet's head) as one step
        // on the kernels, the same values bit for bit: the forward only sums the normalized
        // output, never writes it, and the backward's two passes read the pooling's gradient
        // once per image instead of spread over the pixels. The course's own three layers only
        // (their methods are not called); the reference loops, which count multiplications,
        // run them one by one.
        const bn = layer.forwardPooled(h, training);
        steps.push({ layer, cache: bn.cache, activation: "linear", output: bn.y, pooled: true });
        h = bn.y;
        i += 2;
        continue;
      }
      if (layer instanceof BatchNormalization && next !== undefined && isRelu(next)) {
        // Batch normalization then a ReLU layer run as one pass each way (as TensorFlow's
        // grappler fuses them into _FusedBatchNormEx), the same values: the ReLU layer then
        // passes its input through, and the batch normalization's backward applies its mask.
        const bn = layer.forward(h, training, "relu");
        const relu = next.forward(bn.y);
        steps.push(
          { layer, cache: bn.cache, activation: "linear", output: bn.y },
          { layer: next, cache: relu.cache, activation: "linear", output: relu.y },
        );
        h = relu.y;
        i++;
        continue;
      }
      const { y, cache } = layer.forward(h, training);
      const last = i === this.layers.length - 1;
      const activation =
        toLogits && last && layer.activation === "softmax" ? "linear" : layer.activation;
      h = activate(activation, y);
      steps.push({ layer, cache, activation, output: h });
    }
    return { output: h, steps };
  }

  #lossAndGradients(x: Tensor, labels: Labels, training: boolean): LossAndGradients {
    const r = this.#backprop(x, labels, training, true);
    return { ...r, dx: r.dx! };
  }

  /** Forward, loss, backward. `inputGradient` false leaves out the first layer's dx (a training
   *  step does not use it). `overwrite`: a step of the course's own layers, whose activations no
   *  one else holds: a layer may write its input gradient over an input nothing reads again. */
  #backprop(
    x: Tensor,
    labels: Labels,
    training: boolean,
    inputGradient: boolean,
    overwrite = false,
  ): { loss: number; gradients: Tensor[]; dx: Tensor | null; logits: Tensor } {
    const { output: logits, steps } = this.#forward(x, training, true);
    const loss = sparseSoftmaxCrossEntropy(labels, logits);
    // Backward, last layer first: each step undoes its activation, then its layer.
    let dy: Tensor | null = sparseSoftmaxCrossEntropyGrad(labels, logits);
    const perLayer: (readonly Tensor[])[] = [];
    for (let i = steps.length - 1; i >= 0; i--) {
      const { layer, cache, activation, output, pooled } = steps[i]!;
      const dz = activationGrad(activation, dy!, output);
      const dead = overwrite && inputDeadAfter(steps, i, x);
      const r = pooled
        ? (layer as BatchNormalization).backwardPooled(dz, cache as never, dead)
        : layer.backward(dz, cache, inputGradient || i > 0, dead);
      perLayer[i] = r.grads;
      dy = r.dx;
    }
    return { loss, gradients: perLayer.flat(), dx: dy, logits };
  }

  /** One optimizer step on a checked batch: its loss and how many it classified right. */
  #trainStep(
    x: Tensor,
    labels: Int32Array,
    optimizer: Optimizer,
  ): { loss: number; correct: number } {
    // With the course's own layers and optimizers nothing of a step's activations, caches and
    // gradients outlives it: they live in kernel memory and the next step reuses them, and a
    // layer may write a gradient over an activation no later backward reads. A layer or
    // optimizer of the user's own might keep one, which the next step would overwrite.
    const own = (o: object, classes: readonly (abstract new (...args: never[]) => object)[]) =>
      classes.some((c) => exactly(o, c));
    const resident = this.layers.every((l) => own(l, LAYER_CLASSES)) && own(optimizer, [SGD, Adam]);
    const step = () => {
      const r = this.#backprop(x, labels, true, false, resident);
      optimizer.applyGradients(this.trainableWeights, r.gradients);
      return { loss: r.loss, correct: countCorrect(r.logits, labels) };
    };
    return resident ? residentOutputs(step) : step();
  }

  /** x must be a batch of the model's input shape; returns the batch size. */
  #checkX(op: string, name: string, x: unknown): number {
    const t = checkTensor(op, name, x);
    const want = `[N,${this.inputShape.join(",")}]`;
    if (
      t.rank !== this.inputShape.length + 1 ||
      !sameShape(t.shape.slice(1), this.inputShape) ||
      t.shape[0] === 0
    ) {
      throw new ShapeError(
        op,
        `${name} must be a batch ${want} of the model's inputShape ${fmtShape(this.inputShape)}`,
        { [name]: t.shape },
      );
    }
    return t.shape[0]!;
  }

  /** n integer class indices in 0..classes-1, as an Int32Array. */
  #checkLabels(op: string, name: string, y: unknown, n: number): Int32Array {
    if (this.outputShape.length !== 1) {
      throw new ShapeError(
        op,
        `the loss needs one score per class: the model must end with a vector of logits (a dense layer), but its output is ${fmtShape(this.outputShape)} per example`,
      );
    }
    const classes = this.outputShape[0]!;
    let values: ArrayLike<unknown>;
    if (y instanceof Tensor) {
      if (y.rank !== 1)
        throw new ShapeError(op, `${name} must be rank 1 [N], got rank ${y.rank}`, {
          [name]: y.shape,
        });
      values = y.data;
    } else if (Array.isArray(y) || y instanceof Int32Array) {
      values = y;
    } else {
      throw new DataError(
        op,
        `${name} must be class indices: an array, an Int32Array or a rank-1 Tensor, got ${fmtValue(y)}`,
      );
    }
    if (values.length !== n)
      throw new ShapeError(op, `${name} has ${values.length} labels for ${n} examples`, {
        [name]: [values.length],
      });
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= classes) {
        throw new OptionError(
          op,
          name,
          v,
          `${name}[${i}] = ${fmtValue(v)} is not a class index of this model's ${classes} classes (an integer 0..${classes - 1})`,
        );
      }
      labels[i] = v;
    }
    return labels;
  }
}

/** The layers whose forward and backward keep nothing of a step (exactly these classes). */
const LAYER_CLASSES = [
  ActivationLayer,
  BatchNormalization,
  Conv2D,
  Dense,
  DepthwiseConv2D,
  GlobalAveragePooling2D,
  SeparableConv2D,
];

function checkOptimizer(op: string, optimizer: unknown): Optimizer {
  const o = optimizer as Partial<Optimizer> | null;
  if (o === null || typeof o !== "object" || typeof o.applyGradients !== "function") {
    failOption(
      op,
      "optimizer",
      optimizer,
      "an optimizer: sgd({ learningRate, momentum }) or adam({ learningRate })",
    );
  }
  return o as Optimizer;
}

/** A sequential model of `layers`, built for `inputShape` with weights drawn from `seed`. */
export function sequential(layers: readonly Layer[], options: SequentialOptions): Sequential {
  return new Sequential(layers, options);
}

/** Rows start..end-1 of a batch, as a view (no copy). */
function rowsOf(x: Tensor, start: number, end: number): Tensor {
  const row = x.size / x.shape[0]!;
  return new Tensor(x.data.subarray(start * row, end * row), [end - start, ...x.shape.slice(1)]);
}

/** The rows at `indices`, copied into a new batch. */
function gatherRows(x: Tensor, indices: Int32Array): Tensor {
  const row = x.size / x.shape[0]!;
  const out = new Float32Array(indices.length * row);
  indices.forEach((r, i) => {
    out.set(x.data.subarray(r * row, (r + 1) * row), i * row);
  });
  return new Tensor(out, [indices.length, ...x.shape.slice(1)]);
}

function concatRows(parts: readonly Tensor[]): Tensor {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((s, p) => s + p.shape[0]!, 0);
  const out = new Float32Array(parts.reduce((s, p) => s + p.size, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p.data, offset);
    offset += p.size;
  }
  return new Tensor(out, [n, ...parts[0]!.shape.slice(1)]);
}

/** Fisher-Yates, drawing from the seeded generator. */
function shuffleInPlace(order: Int32Array, rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** Rows whose largest logit (the first, on a tie, as tf.argMax) is at the label. */
function countCorrect(logits: Tensor, labels: ArrayLike<number>): number {
  const k = logits.shape[1]!;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits.data[i * k + j]! > logits.data[i * k + best]!) best = j;
    if (best === labels[i]) correct++;
  }
  return correct;
}
