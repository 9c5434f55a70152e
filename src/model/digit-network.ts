// The course's digit network (notebook 07, issue 16) in one place, so the notebook, the training
// benchmark and the tests build the same layers: a 3x3 conv stem 1 -> w, two blocks w -> 2w and
// 2w -> 4w with stride 2 (standard or separable convolutions), each conv followed by batch
// normalization and ReLU, then global average pooling and a dense layer of 10 logits.
import { checkInt, checkOptions, choiceOption, failOption, numberOption } from "../options";
import { activationLayer } from "./activation";
import { batchNormalizationLayer } from "./batch-normalization";
import { conv2dLayer } from "./conv2d";
import { denseLayer } from "./dense";
import { globalAveragePooling2dLayer } from "./global-average-pooling2d";
import type { Layer } from "./layer";
import { separableConv2dLayer } from "./separable-conv2d";
import { type Sequential, sequential } from "./sequential";

export type DigitNetworkForm = "standard" | "separable";

export interface DigitNetworkOptions {
  /** Seeds the initial weights (default 0, as sequential()). */
  seed?: number;
  /** Batch normalization's momentum (default 0.99, Keras'). */
  batchNormMomentum?: number;
  /** Default `${form}_w${width}`. */
  name?: string;
}

/** 28x28 grayscale digits, 10 classes: what the network is built for (MNIST). */
const DIGIT_INPUT = [28, 28, 1] as const;
const CLASSES = 10;

/**
 * The digit network at width w: stem 3x3 conv 1 -> w (stride 1), blocks w -> 2w and 2w -> 4w
 * (3x3, stride 2, `same` padding; separableConv2d in the separable form, conv2d in the standard
 * one), batch normalization and ReLU after each, global average pooling, dense 10 (logits).
 * The convolutions have no bias: the batch normalization after each has its own offset.
 */
export function digitNetwork(
  width: number,
  form: DigitNetworkForm,
  options: DigitNetworkOptions = {},
): Sequential {
  const op = "digitNetwork";
  checkInt(op, "width", width, 1);
  const f = choiceOption(op, "form", form, ["standard", "separable"] as const);
  if (f === undefined) failOption(op, "form", form, `"standard" or "separable" (it is required)`);
  if (options === null || typeof options !== "object")
    failOption(op, "options", options, "an object of options");
  checkOptions(op, options, ["seed", "batchNormMomentum", "name"]);
  const momentum = numberOption(op, "batchNormMomentum", options.batchNormMomentum, {
    min: 0,
    max: 1,
  });
  const conv = (filters: number, strides: number): Layer => {
    const o = { filters, kernelSize: 3, strides, padding: "same" as const, useBias: false };
    return f === "separable" && strides === 2 ? separableConv2dLayer(o) : conv2dLayer(o);
  };
  const bnRelu = (): Layer[] => [
    batchNormalizationLayer(momentum === undefined ? {} : { momentum }),
    activationLayer("relu"),
  ];
  return sequential(
    [
      conv(width, 1),
      ...bnRelu(),
      conv(2 * width, 2),
      ...bnRelu(),
      conv(4 * width, 2),
      ...bnRelu(),
      globalAveragePooling2dLayer(),
      denseLayer({ units: CLASSES }),
    ],
    {
      inputShape: DIGIT_INPUT,
      name: options.name ?? `${f}_w${width}`,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    },
  );
}
