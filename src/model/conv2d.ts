// Keras Conv2D: y = conv2d(x, kernel) + bias, kernel [KH, KW, Cin, filters].

import type { Pair } from "../conv-info";
import { biasAddGrad } from "../grad/bias-add-grad";
import { conv2DBackpropFilter } from "../grad/conv2d-backprop-filter";
import { conv2DBackpropInput, conv2DBackpropInputOver } from "../grad/conv2d-backprop-input";
import { conv2d } from "../ops/conv2d";
import type { Rng } from "../random";
import type { Tensor } from "../tensor";
import type { ActivationName } from "./activations";
import {
  activationOption,
  type Backward,
  biasWeight,
  type ConvGeometry,
  checkNotBuilt,
  convGeometry,
  convShapes,
  type Forward,
  kernelWeight,
  type Layer,
  layerOptions,
  opGeometry,
  present,
  requiredInt,
  useBiasOption,
  type Weight,
  weightValue,
} from "./layer";

export interface Conv2DLayerOptions {
  /** Output channels. */
  filters: number;
  kernelSize: Pair;
  strides?: Pair;
  padding?: "valid" | "same";
  dilationRate?: Pair;
  activation?: ActivationName;
  /** Default true. */
  useBias?: boolean;
  name?: string;
}

const KEYS = [
  "filters",
  "kernelSize",
  "strides",
  "padding",
  "dilationRate",
  "activation",
  "useBias",
];

export class Conv2D implements Layer<Tensor> {
  readonly className = "Conv2D";
  readonly filters: number;
  readonly geometry: ConvGeometry;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  #name: string | undefined;
  #kernel: Weight | undefined;
  #bias: Weight | undefined;

  constructor(options: Conv2DLayerOptions) {
    const op = "layers.conv2d";
    this.#name = layerOptions(op, options, KEYS);
    this.filters = requiredInt(op, "filters", options.filters);
    this.geometry = convGeometry(op, options);
    this.activation = activationOption(op, options.activation);
    this.useBias = useBiasOption(op, options.useBias);
  }

  get name(): string {
    return this.#name ?? "conv2d";
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
    const { channels, outHeight, outWidth } = convShapes(this, inputShape, this.geometry);
    const [kh, kw] = this.geometry.kernelSize;
    this.#kernel = kernelWeight(`${this.name}/kernel`, [kh, kw, channels, this.filters], rng);
    this.#bias = biasWeight(this, this.filters);
    return [outHeight, outWidth, this.filters];
  }

  forward(x: Tensor): Forward<Tensor> {
    const kernel = weightValue(this.#kernel, this);
    const bias = this.#bias?.value;
    const y = conv2d(x, kernel, { ...opGeometry(this.geometry), ...(bias ? { bias } : {}) });
    return { y, cache: x };
  }

  /** The filter gradient first: it is the last read of x, which dx may then be written over. */
  backward(dy: Tensor, x: Tensor, inputGradient = true, overwriteInput = false): Backward {
    const kernel = weightValue(this.#kernel, this);
    const geometry = opGeometry(this.geometry);
    const dKernel = conv2DBackpropFilter(x, dy, kernel.shape, geometry);
    let dx: Tensor | null = null;
    if (inputGradient && overwriteInput) dx = conv2DBackpropInputOver(x, dy, kernel, geometry);
    else if (inputGradient) dx = conv2DBackpropInput(x.shape, dy, kernel, geometry);
    return { dx, grads: this.useBias ? [dKernel, biasAddGrad(dy)] : [dKernel] };
  }

  backwardReadsOutput(): boolean {
    return false;
  }
}

/** A 2-D convolution layer (Keras' Conv2D). */
export function conv2dLayer(options: Conv2DLayerOptions): Conv2D {
  return new Conv2D(options);
}
