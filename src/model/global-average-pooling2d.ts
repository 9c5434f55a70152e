// Keras GlobalAveragePooling2D: each channel's mean over the image, [H, W, C] -> [C] per
// example; its gradient spreads dy evenly over the H*W positions.
import { globalAveragePooling2dGrad } from "../grad/global-average-pooling-grad";
import { globalAveragePooling2d } from "../ops/global-average-pooling";
import type { Rng } from "../random";
import type { Tensor } from "../tensor";
import {
  type Backward,
  checkNotBuilt,
  type Forward,
  imageShape,
  type Layer,
  layerLabel,
  layerOptions,
  type Weight,
} from "./layer";

export class GlobalAveragePooling2D implements Layer<readonly number[]> {
  readonly className = "GlobalAveragePooling2D";
  readonly activation = "linear";
  readonly weights: readonly Weight[] = [];
  readonly trainableWeights: readonly Weight[] = [];
  #name: string | undefined;
  #built = false;

  constructor(options: { name?: string } = {}) {
    this.#name = layerOptions("layers.globalAveragePooling2d", options, []);
  }

  get name(): string {
    return this.#name ?? "global_average_pooling2d";
  }

  build(inputShape: readonly number[], _rng: Rng, name: string): readonly number[] {
    checkNotBuilt(this.name, this.#built);
    this.#built = true;
    this.#name ??= name;
    const [, , c] = imageShape(layerLabel(this.name, this.className), inputShape);
    return [c];
  }

  forward(x: Tensor): Forward<readonly number[]> {
    return { y: globalAveragePooling2d(x), cache: x.shape };
  }

  backward(dy: Tensor, inputShape: readonly number[]): Backward {
    return { dx: globalAveragePooling2dGrad(inputShape, dy), grads: [] };
  }
}

/** Global average pooling (Keras' GlobalAveragePooling2D). */
export function globalAveragePooling2dLayer(
  options: { name?: string } = {},
): GlobalAveragePooling2D {
  return new GlobalAveragePooling2D(options);
}
