// Keras DepthwiseConv2D: each input channel convolved with its own depthMultiplier kernels,
// kernel [KH, KW, C, depthMultiplier]; output channel c*M + m comes from kernel[:, :, c, m].

import type { Pair } from "../conv-info";
import { biasAddGrad } from "../grad/bias-add-grad";
import { depthwiseConv2dNativeBackpropFilter } from "../grad/depthwise-backprop-filter";
import {
  depthwiseConv2dNativeBackpropInput,
  depthwiseConv2dNativeBackpropInputOver,
} from "../grad/depthwise-backprop-input";
import { depthwiseConv2d } from "../ops/depthwise";
import { intOption } from "../options";
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
  useBiasOption,
  type Weight,
  weightValue,
} from "./layer";

export interface DepthwiseConv2DLayerOptions {
  kernelSize: Pair;
  /** Kernels per input channel, default 1: the output has C * depthMultiplier channels. */
  depthMultiplier?: number;
  strides?: Pair;
  padding?: "valid" | "same";
  dilationRate?: Pair;
  activation?: ActivationName;
  /** Default true. */
  useBias?: boolean;
  name?: string;
}

const KEYS = [
  "kernelSize",
  "depthMultiplier",
  "strides",
  "padding",
  "dilationRate",
  "activation",
  "useBias",
];

export class DepthwiseConv2D implements Layer<Tensor> {
  readonly className = "DepthwiseConv2D";
  readonly depthMultiplier: number;
  readonly geometry: ConvGeometry;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  #name: string | undefined;
  #kernel: Weight | undefined;
  #bias: Weight | undefined;

  constructor(options: DepthwiseConv2DLayerOptions) {
    const op = "layers.depthwiseConv2d";
    this.#name = layerOptions(op, options, KEYS);
    this.geometry = convGeometry(op, options);
    this.depthMultiplier = intOption(op, "depthMultiplier", options.depthMultiplier, 1) ?? 1;
    this.activation = activationOption(op, options.activation);
    this.useBias = useBiasOption(op, options.useBias);
  }

  get name(): string {
    return this.#name ?? "depthwise_conv2d";
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
    const outChannels = channels * this.depthMultiplier;
    const kernelShape = [kh, kw, channels, this.depthMultiplier];
    this.#kernel = kernelWeight(`${this.name}/kernel`, kernelShape, rng);
    this.#bias = biasWeight(this, outChannels);
    return [outHeight, outWidth, outChannels];
  }

  forward(x: Tensor): Forward<Tensor> {
    const kernel = weightValue(this.#kernel, this);
    const bias = this.#bias?.value;
    const y = depthwiseConv2d(x, kernel, {
      ...opGeometry(this.geometry),
      ...(bias ? { bias } : {}),
    });
    return { y, cache: x };
  }

  /** The filter gradient first: it is the last read of x, which dx may then be written over. */
  backward(dy: Tensor, x: Tensor, inputGradient = true, overwriteInput = false): Backward {
    const kernel = weightValue(this.#kernel, this);
    const geometry = opGeometry(this.geometry);
    const dKernel = depthwiseConv2dNativeBackpropFilter(x, dy, kernel.shape, geometry);
    let dx: Tensor | null = null;
    if (inputGradient && overwriteInput)
      dx = depthwiseConv2dNativeBackpropInputOver(x, dy, kernel, geometry);
    else if (inputGradient) dx = depthwiseConv2dNativeBackpropInput(x.shape, dy, kernel, geometry);
    return { dx, grads: this.useBias ? [dKernel, biasAddGrad(dy)] : [dKernel] };
  }

  backwardReadsOutput(): boolean {
    return false;
  }
}

/** A depthwise convolution layer (Keras' DepthwiseConv2D). */
export function depthwiseConv2dLayer(options: DepthwiseConv2DLayerOptions): DepthwiseConv2D {
  return new DepthwiseConv2D(options);
}
