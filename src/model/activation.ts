// Keras Activation: a layer that is only an activation. Its own forward and backward are the
// identity; the model applies the activation after it, as for any layer.

import { choiceOption, failOption } from "../options";
import type { Rng } from "../random";
import type { Tensor } from "../tensor";
import { ACTIVATION_NAMES, type ActivationName } from "./activations";
import {
  type Backward,
  checkNotBuilt,
  type Forward,
  type Layer,
  layerOptions,
  type Weight,
} from "./layer";

export class ActivationLayer implements Layer<null> {
  readonly className = "Activation";
  readonly activation: ActivationName;
  readonly weights: readonly Weight[] = [];
  readonly trainableWeights: readonly Weight[] = [];
  #name: string | undefined;
  #built = false;

  constructor(activation: ActivationName, options: { name?: string } = {}) {
    const op = "layers.activation";
    if (activation === undefined)
      failOption(
        op,
        "activation",
        activation,
        `one of ${ACTIVATION_NAMES.map((a) => JSON.stringify(a)).join(", ")} (it is required)`,
      );
    this.activation = choiceOption(op, "activation", activation, ACTIVATION_NAMES)!;
    this.#name = layerOptions(op, options, []);
  }

  get name(): string {
    return this.#name ?? "activation";
  }

  build(inputShape: readonly number[], _rng: Rng, name: string): readonly number[] {
    checkNotBuilt(this.name, this.#built);
    this.#built = true;
    this.#name ??= name;
    return inputShape;
  }

  forward(x: Tensor): Forward<null> {
    return { y: x, cache: null };
  }

  backward(dy: Tensor): Backward {
    return { dx: dy, grads: [] };
  }

  backwardReadsOutput(): boolean {
    return false;
  }
}

/** An activation layer (Keras' Activation): "relu", "softmax" or "linear". */
export function activationLayer(
  activation: ActivationName,
  options: { name?: string } = {},
): ActivationLayer {
  return new ActivationLayer(activation, options);
}
