// Keras Dense: y = x kernel + bias, kernel [inUnits, units]. Here it takes vectors (after
// global average pooling): the classifier at the end of a network, whose output, without an
// activation, is the logits the loss reads.

import { ShapeError } from "../errors";
import { denseGrad } from "../grad/dense-grad";
import { dense } from "../ops/dense";
import type { Rng } from "../random";
import type { Tensor } from "../tensor";
import type { ActivationName } from "./activations";
import {
  activationOption,
  type Backward,
  biasWeight,
  checkNotBuilt,
  type Forward,
  kernelWeight,
  type Layer,
  layerLabel,
  layerOptions,
  present,
  requiredInt,
  useBiasOption,
  type Weight,
  weightValue,
} from "./layer";

export interface DenseLayerOptions {
  units: number;
  activation?: ActivationName;
  /** Default true. */
  useBias?: boolean;
  name?: string;
}

export class Dense implements Layer<Tensor> {
  readonly className = "Dense";
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  #name: string | undefined;
  #kernel: Weight | undefined;
  #bias: Weight | undefined;

  constructor(options: DenseLayerOptions) {
    const op = "layers.dense";
    this.#name = layerOptions(op, options, ["units", "activation", "useBias"]);
    this.units = requiredInt(op, "units", options.units);
    this.activation = activationOption(op, options.activation);
    this.useBias = useBiasOption(op, options.useBias);
  }

  get name(): string {
    return this.#name ?? "dense";
  }

  get weights(): readonly Weight[] {
    return present(this.#kernel, this.#bias);
  }

  get trainableWeights(): readonly Weight[] {
    return this.weights;
  }

  build(inputShape: readonly number[], rng: Rng, name: string): readonly number[] {
    checkNotBuilt(this.name, this.#kernel !== undefined);
    this.#name ??= name;
    if (inputShape.length !== 1) {
      const label = layerLabel(this.name, this.className);
      throw new ShapeError(
        label,
        `expects a vector [units] per example; put globalAveragePooling2d before it`,
        { inputShape },
      );
    }
    this.#kernel = kernelWeight(`${this.name}/kernel`, [inputShape[0]!, this.units], rng);
    this.#bias = biasWeight(this, this.units);
    return [this.units];
  }

  forward(x: Tensor): Forward<Tensor> {
    const bias = this.#bias?.value;
    return { y: dense(x, weightValue(this.#kernel, this), bias ? { bias } : {}), cache: x };
  }

  backward(dy: Tensor, x: Tensor): Backward {
    const { dx, dKernel, dBias } = denseGrad(x, weightValue(this.#kernel, this), dy);
    return { dx, grads: this.useBias ? [dKernel, dBias] : [dKernel] };
  }
}

/** A fully connected layer (Keras' Dense). */
export function denseLayer(options: DenseLayerOptions): Dense {
  return new Dense(options);
}
