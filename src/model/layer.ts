// What every layer of a model is: weights, a forward pass that returns what its backward pass
// will need (the "cache", as in CS231n's layer functions), and that backward pass. The model
// applies each layer's activation after its forward and before its backward (activations.ts), so
// a layer's own code is only its op and that op's gradients.
import { computeConv2DInfo, type Pair, parsePair } from "../conv-info";
import { OptionError, SepconvError, ShapeError } from "../errors";
import {
  booleanOption,
  checkInt,
  checkOptions,
  choiceOption,
  failOption,
  stringOption,
} from "../options";
import type { Rng } from "../random";
import { type Tensor, zeros } from "../tensor";
import { ACTIVATION_NAMES, type ActivationName } from "./activations";
import { glorotUniform } from "./initializers";

/** A weight of a layer. Its tensor's data is updated in place by the optimizers and setWeights. */
export interface Weight {
  /** Keras' name: "conv2d/kernel", "batch_normalization/moving_mean". */
  readonly name: string;
  readonly value: Tensor;
  /** false for batch normalization's moving averages: fit updates them, the optimizer does not. */
  readonly trainable: boolean;
}

export interface Forward<Cache> {
  readonly y: Tensor;
  readonly cache: Cache;
}

export interface Backward {
  /** The gradient of the loss with respect to the layer's input; null when the caller said it
   *  needs none (the first layer of a training step: nothing uses the data's gradient). */
  readonly dx: Tensor | null;
  /** One gradient per trainable weight, in the order of `trainableWeights`. */
  readonly grads: readonly Tensor[];
}

/** A layer of a sequential model. Shapes without the batch axis are "per example" shapes. */
export interface Layer<Cache = unknown> {
  /** Keras' class name, printed by summary(): "Conv2D", "SeparableConv2D", ... */
  readonly className: string;
  /** The name given as an option, or the one the model gave it ("conv2d", "conv2d_1"). */
  readonly name: string;
  /** Applied by the model after forward(); "linear" for none. */
  readonly activation: ActivationName;
  /** Every weight (trainable first, as Keras lists them); empty until built. */
  readonly weights: readonly Weight[];
  readonly trainableWeights: readonly Weight[];
  /** Creates the weights for a per-example input shape, drawing from `rng`, under `name` when
   *  none was given; returns the per-example output shape. Done once, by sequential(). */
  build(inputShape: readonly number[], rng: Rng, name: string): readonly number[];
  forward(x: Tensor, training: boolean): Forward<Cache>;
  /** `inputGradient` false: skip dx (layers with a costly input gradient return null).
   *  `overwriteInput` true: nothing reads the layer's input after this backward (the model says
   *  so only inside a training step), so dx may be written over it once the layer has read it. */
  backward(dy: Tensor, cache: Cache, inputGradient?: boolean, overwriteInput?: boolean): Backward;
  /** Whether backward() reads the layer's own output (through its cache): when false, the model
   *  may let the next layer overwrite that output. Absent: assumed true. */
  backwardReadsOutput?(cache: Cache): boolean;
}

/** The snake_case name Keras gives a layer class: SeparableConv2D -> separable_conv2d. */
export function kerasName(className: string): string {
  return className
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/2_D/g, "2D")
    .toLowerCase();
}

/** Options shared by every layer constructor: a plain object with known keys, a name. */
export function layerOptions(
  op: string,
  options: unknown,
  keys: readonly string[],
): string | undefined {
  if (options === null || typeof options !== "object" || Array.isArray(options))
    failOption(op, "options", options, "an object of layer options");
  checkOptions(op, options, [...keys, "name"]);
  const name = stringOption(op, "name", (options as { name?: unknown }).name);
  if (name === "") failOption(op, "name", name, "a non-empty string");
  return name;
}

export function activationOption(op: string, value: unknown): ActivationName {
  return choiceOption(op, "activation", value, ACTIVATION_NAMES) ?? "linear";
}

/** The useBias option of the layers with a kernel: default true. */
export function useBiasOption(op: string, value: unknown): boolean {
  return booleanOption(op, "useBias", value) ?? true;
}

/** A positive integer option that must be given (filters, units, kernelSize's parts). */
export function requiredInt(op: string, name: string, value: unknown): number {
  if (value === undefined) failOption(op, name, value, "a positive integer (it is required)");
  return checkInt(op, name, value, 1);
}

/** The geometry options of the conv layers, in Keras' names, read once by the constructor. */
export interface ConvGeometry {
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: "valid" | "same";
  readonly dilationRate: [number, number];
}

export function convGeometry(
  op: string,
  o: { kernelSize?: unknown; strides?: unknown; padding?: unknown; dilationRate?: unknown },
): ConvGeometry {
  if (o.kernelSize === undefined)
    failOption(op, "kernelSize", undefined, "a positive integer or a pair [h, w] (it is required)");
  const kernelSize = parsePair(op, "kernelSize", o.kernelSize as Pair);
  const strides = parsePair(op, "strides", o.strides as Pair | undefined);
  const dilationRate = parsePair(op, "dilationRate", o.dilationRate as Pair | undefined);
  const padding = choiceOption(op, "padding", o.padding, ["valid", "same"] as const) ?? "valid";
  if (Math.max(...strides) > 1 && Math.max(...dilationRate) > 1) {
    throw new OptionError(
      op,
      "dilationRate",
      o.dilationRate,
      `strides > 1 together with dilationRate > 1 is not supported (as in Keras); use one or the other`,
    );
  }
  return { kernelSize, strides, padding, dilationRate };
}

/** The ops' spelling of a layer's geometry (Keras' dilationRate is the ops' dilations). */
export function opGeometry(g: ConvGeometry): {
  strides: [number, number];
  padding: "valid" | "same";
  dilations: [number, number];
} {
  return { strides: g.strides, padding: g.padding, dilations: g.dilationRate };
}

/** An image shape [H, W, C] per example, or a ShapeError naming the layer. */
export function imageShape(layer: string, inputShape: readonly number[]): [number, number, number] {
  if (inputShape.length !== 3) {
    throw new ShapeError(
      layer,
      `expects images [H,W,C] per example, got a per-example shape of rank ${inputShape.length}`,
      { inputShape },
    );
  }
  return inputShape as [number, number, number];
}

/** What a conv layer's build needs from its per-example input shape [H, W, C]: the channels C and
 *  the output size Ho, Wo (a ShapeError naming the layer if the input is not an image or the
 *  kernel does not fit). */
export function convShapes(
  layer: Layer,
  inputShape: readonly number[],
  g: ConvGeometry,
): { channels: number; outHeight: number; outWidth: number } {
  const label = layerLabel(layer.name, layer.className);
  const [h, w, c] = imageShape(label, inputShape);
  const info = computeConv2DInfo(
    label,
    [1, h, w, c],
    g.kernelSize[0],
    g.kernelSize[1],
    opGeometry(g),
    { inputShape },
  );
  return { channels: c, outHeight: info.outHeight, outWidth: info.outWidth };
}

/** A layer is built once: one model owns its weights. */
export function checkNotBuilt(layer: string, built: boolean): void {
  if (built)
    throw new OptionError(
      layer,
      "layers",
      layer,
      `this layer is already part of a model; create a new layer for each model`,
    );
}

/** "conv2d (Conv2D)": how errors after build name a layer. */
export function layerLabel(name: string, className: string): string {
  return `${name} (${className})`;
}

/** A kernel weight, drawn with Keras' default initialiser (glorot_uniform). */
export function kernelWeight(name: string, shape: number[], rng: Rng): Weight {
  return { name, value: glorotUniform(shape, rng), trainable: true };
}

/** A layer's bias weight of `size` zeros, or none when the layer has useBias false. */
export function biasWeight(
  layer: { name: string; useBias: boolean },
  size: number,
): Weight | undefined {
  if (!layer.useBias) return undefined;
  return { name: `${layer.name}/bias`, value: zeros([size]), trainable: true };
}

/** The weights a layer has (a layer without bias has no bias weight). */
export function present(...weights: (Weight | undefined)[]): Weight[] {
  return weights.filter((w): w is Weight => w !== undefined);
}

/** A weight's value, once the layer is built (a model builds its layers; forward and backward
 *  need the weights). */
export function weightValue(weight: Weight | undefined, layer: Layer): Tensor {
  if (weight === undefined) {
    throw new SepconvError(
      layer.name,
      `this ${layer.className} layer has no weights yet: put it in a sequential model, which builds it`,
    );
  }
  return weight.value;
}
