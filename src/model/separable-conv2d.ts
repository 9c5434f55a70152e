// Keras SeparableConv2D: a depthwise step (the spatial filtering, per channel), then a pointwise
// 1x1 step (mixing channels) with the bias: depthwise kernel [KH, KW, C, M], pointwise kernel
// [1, 1, C*M, filters]. The forward keeps the depthwise output, which both backward steps use.

import type { Pair } from "../conv-info";
import { biasAddGrad } from "../grad/bias-add-grad";
import { depthwiseConv2dNativeBackpropFilter } from "../grad/depthwise-backprop-filter";
import {
  depthwiseConv2dNativeBackpropInput,
  depthwiseConv2dNativeBackpropInputOver,
} from "../grad/depthwise-backprop-input";
import { pointwiseConv2dBackpropFilter } from "../grad/pointwise-backprop-filter";
import { pointwiseConv2dBackpropInputOver } from "../grad/pointwise-backprop-input";
import { depthwiseConv2d } from "../ops/depthwise";
import { pointwiseConv2d } from "../ops/pointwise";
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
  requiredInt,
  useBiasOption,
  type Weight,
  weightValue,
} from "./layer";

export interface SeparableConv2DLayerOptions {
  /** Output channels of the pointwise step. */
  filters: number;
  kernelSize: Pair;
  /** Kernels per input channel in the depthwise step, default 1. */
  depthMultiplier?: number;
  strides?: Pair;
  padding?: "valid" | "same";
  dilationRate?: Pair;
  activation?: ActivationName;
  /** Default true (one bias per output channel, after the pointwise step). */
  useBias?: boolean;
  name?: string;
}

interface SeparableCache {
  readonly x: Tensor;
  /** The depthwise step's output, the pointwise step's input. */
  readonly mid: Tensor;
}

const KEYS = [
  "filters",
  "kernelSize",
  "depthMultiplier",
  "strides",
  "padding",
  "dilationRate",
  "activation",
  "useBias",
];

export class SeparableConv2D implements Layer<SeparableCache> {
  readonly className = "SeparableConv2D";
  readonly filters: number;
  readonly depthMultiplier: number;
  readonly geometry: ConvGeometry;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  #name: string | undefined;
  #depthwise: Weight | undefined;
  #pointwise: Weight | undefined;
  #bias: Weight | undefined;

  constructor(options: SeparableConv2DLayerOptions) {
    const op = "layers.separableConv2d";
    this.#name = layerOptions(op, options, KEYS);
    this.filters = requiredInt(op, "filters", options.filters);
    this.geometry = convGeometry(op, options);
    this.depthMultiplier = intOption(op, "depthMultiplier", options.depthMultiplier, 1) ?? 1;
    this.activation = activationOption(op, options.activation);
    this.useBias = useBiasOption(op, options.useBias);
  }

  get name(): string {
    return this.#name ?? "separable_conv2d";
  }

  get weights(): readonly Weight[] {
    return present(this.#depthwise, this.#pointwise, this.#bias);
  }

  get trainableWeights(): readonly Weight[] {
    return this.weights;
  }

  build(inputShape: readonly number[], rng: Rng, name: string): readonly number[] {
    checkNotBuilt(this.name, this.#depthwise !== undefined);
    this.#name ??= name;
    const { channels, outHeight, outWidth } = convShapes(this, inputShape, this.geometry);
    const [kh, kw] = this.geometry.kernelSize;
    const m = this.depthMultiplier;
    this.#depthwise = kernelWeight(`${this.name}/depthwise_kernel`, [kh, kw, channels, m], rng);
    const pointwiseShape = [1, 1, channels * m, this.filters];
    this.#pointwise = kernelWeight(`${this.name}/pointwise_kernel`, pointwiseShape, rng);
    this.#bias = biasWeight(this, this.filters);
    return [outHeight, outWidth, this.filters];
  }

  forward(x: Tensor): Forward<SeparableCache> {
    const bias = this.#bias?.value;
    const mid = depthwiseConv2d(x, weightValue(this.#depthwise, this), opGeometry(this.geometry));
    const y = pointwiseConv2d(mid, weightValue(this.#pointwise, this), bias ? { bias } : {});
    return { y, cache: { x, mid } };
  }

  /** The chain rule through the two steps, the last one first. Each filter gradient comes
   *  before the input gradient, so that mid (the layer's own) and, when the model gives it up,
   *  x are read for the last time and then written over by their gradients. */
  backward(
    dy: Tensor,
    { x, mid }: SeparableCache,
    inputGradient = true,
    overwriteInput = false,
  ): Backward {
    const depthwise = weightValue(this.#depthwise, this);
    const pointwise = weightValue(this.#pointwise, this);
    const geometry = opGeometry(this.geometry);
    const dPointwise = pointwiseConv2dBackpropFilter(mid, dy, pointwise.shape);
    const dMid = pointwiseConv2dBackpropInputOver(mid, dy, pointwise);
    const dDepthwise = depthwiseConv2dNativeBackpropFilter(x, dMid, depthwise.shape, geometry);
    let dx: Tensor | null = null;
    if (inputGradient && overwriteInput)
      dx = depthwiseConv2dNativeBackpropInputOver(x, dMid, depthwise, geometry);
    else if (inputGradient)
      dx = depthwiseConv2dNativeBackpropInput(x.shape, dMid, depthwise, geometry);
    const grads = [dDepthwise, dPointwise];
    return { dx, grads: this.useBias ? [...grads, biasAddGrad(dy)] : grads };
  }

  backwardReadsOutput(): boolean {
    return false;
  }
}

/** A depthwise-separable convolution layer (Keras' SeparableConv2D). */
export function separableConv2dLayer(options: SeparableConv2DLayerOptions): SeparableConv2D {
  return new SeparableConv2D(options);
}
