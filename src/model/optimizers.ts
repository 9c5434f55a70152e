// The two optimizers of the course, with Keras' update rules and defaults. Each keeps its state
// (velocities, moment estimates) per weight, so fitting again with the same optimizer continues
// where the last fit stopped, as after one Keras compile().
import { ShapeError } from "../errors";
import { booleanOption, checkOptions, numberOption } from "../options";
import { sameShape, type Tensor } from "../tensor";
import type { Weight } from "./layer";

export interface Optimizer {
  /** "SGD" or "Adam". */
  readonly className: string;
  /** Steps taken so far (Keras' optimizer.iterations). */
  readonly iterations: number;
  /** One step: moves every weight in place along its gradient (same order). */
  applyGradients(weights: readonly Weight[], grads: readonly Tensor[]): void;
}

export interface SgdOptions {
  /** Default 0.01. */
  learningRate?: number;
  /** Default 0 (plain gradient descent). */
  momentum?: number;
  /** Default false. */
  nesterov?: boolean;
}

export interface AdamOptions {
  /** Default 0.001. */
  learningRate?: number;
  /** Decay of the first moment (the mean of the gradients), default 0.9. */
  beta1?: number;
  /** Decay of the second moment (the mean of their squares), default 0.999. */
  beta2?: number;
  /** Keeps the step finite where the second moment is ~0, default 1e-7. */
  epsilon?: number;
}

function checkGradients(op: string, weights: readonly Weight[], grads: readonly Tensor[]): void {
  if (weights.length !== grads.length) {
    throw new ShapeError(op, `got ${grads.length} gradients for ${weights.length} weights`);
  }
  weights.forEach((w, i) => {
    if (!sameShape(w.value.shape, grads[i]!.shape)) {
      throw new ShapeError(op, `the gradient of ${w.name} must have its shape`, {
        [w.name]: w.value.shape,
        gradient: grads[i]!.shape,
      });
    }
  });
}

/** A state array per weight, created as zeros on the first step. */
function slot(slots: Map<Weight, Float32Array>, w: Weight): Float32Array {
  let s = slots.get(w);
  if (s === undefined) {
    s = new Float32Array(w.value.size);
    slots.set(w, s);
  }
  return s;
}

export class SGD implements Optimizer {
  readonly className = "SGD";
  readonly learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  #iterations = 0;
  readonly #velocity = new Map<Weight, Float32Array>();

  constructor(options: SgdOptions = {}) {
    const op = "sgd";
    checkOptions(op, options, ["learningRate", "momentum", "nesterov"]);
    this.learningRate =
      numberOption(op, "learningRate", options.learningRate, { above: 0 }) ?? 0.01;
    this.momentum = numberOption(op, "momentum", options.momentum, { min: 0, max: 1 }) ?? 0;
    this.nesterov = booleanOption(op, "nesterov", options.nesterov) ?? false;
  }

  get iterations(): number {
    return this.#iterations;
  }

  /** Keras: v = momentum * v - lr * g; w += v (Nesterov: w += momentum * v - lr * g). */
  applyGradients(weights: readonly Weight[], grads: readonly Tensor[]): void {
    checkGradients("sgd.applyGradients", weights, grads);
    const { learningRate: lr, momentum, nesterov } = this;
    // Locals and a loop per case: reading the options through `this` inside the loop made the
    // update about 1.6x slower (test/bench/README.md).
    for (let i = 0; i < weights.length; i++) {
      const weight = weights[i]!;
      const w = weight.value.data;
      const g = grads[i]!.data;
      const n = w.length;
      if (momentum === 0) {
        for (let j = 0; j < n; j++) w[j] = w[j]! - lr * g[j]!;
        continue;
      }
      const v = slot(this.#velocity, weight);
      if (nesterov) {
        for (let j = 0; j < n; j++) {
          const vj = momentum * v[j]! - lr * g[j]!;
          v[j] = vj;
          w[j] = w[j]! + (momentum * Math.fround(vj) - lr * g[j]!);
        }
      } else {
        for (let j = 0; j < n; j++) {
          v[j] = momentum * v[j]! - lr * g[j]!;
          w[j] = w[j]! + v[j]!;
        }
      }
    }
    this.#iterations++;
  }
}

export class Adam implements Optimizer {
  readonly className = "Adam";
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  #iterations = 0;
  readonly #m = new Map<Weight, Float32Array>();
  readonly #v = new Map<Weight, Float32Array>();

  constructor(options: AdamOptions = {}) {
    const op = "adam";
    checkOptions(op, options, ["learningRate", "beta1", "beta2", "epsilon"]);
    this.learningRate =
      numberOption(op, "learningRate", options.learningRate, { above: 0 }) ?? 0.001;
    this.beta1 = numberOption(op, "beta1", options.beta1, { min: 0, below: 1 }) ?? 0.9;
    this.beta2 = numberOption(op, "beta2", options.beta2, { min: 0, below: 1 }) ?? 0.999;
    this.epsilon = numberOption(op, "epsilon", options.epsilon, { min: 0 }) ?? 1e-7;
  }

  get iterations(): number {
    return this.#iterations;
  }

  /**
   * Keras: m += (g - m)(1 - beta1); v += (g^2 - v)(1 - beta2);
   * w -= alpha m / (sqrt(v) + epsilon) with alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t), the
   * bias correction: m and v start at zero, so early on they underestimate the moments.
   */
  applyGradients(weights: readonly Weight[], grads: readonly Tensor[]): void {
    checkGradients("adam.applyGradients", weights, grads);
    const { beta1, beta2, epsilon } = this;
    const t = this.#iterations + 1;
    const alpha = (this.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    weights.forEach((weight, i) => {
      const w = weight.value.data;
      const g = grads[i]!.data;
      const m = slot(this.#m, weight);
      const v = slot(this.#v, weight);
      for (let j = 0; j < w.length; j++) {
        m[j] = m[j]! + (g[j]! - m[j]!) * (1 - beta1);
        v[j] = v[j]! + (g[j]! * g[j]! - v[j]!) * (1 - beta2);
        w[j] = w[j]! - (alpha * m[j]!) / (Math.sqrt(v[j]!) + epsilon);
      }
    });
    this.#iterations = t;
  }
}

/** Stochastic gradient descent, with momentum if given (Keras' SGD). */
export function sgd(options: SgdOptions = {}): SGD {
  return new SGD(options);
}

/** Adam (Keras' defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7). */
export function adam(options: AdamOptions = {}): Adam {
  return new Adam(options);
}
