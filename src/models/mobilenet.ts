// MobileNet v1 (Howard et al. 2017, Table 1) as a list of LayerSpecs for the cost model.
// Every layer has useBias: false: the paper counts kernels only (no bias, no batch-norm).
// With this list modelCost gives 568,740,352 multiplies and 4,209,088 params for 1.0-224.
import { layerCost, type LayerSpec, type Shape3 } from "../cost";
import { checkOptions, choiceOption, intOption, numberOption } from "../options";

export type MobileNetVariant = "depthwise-separable" | "full-convolution" | "shallow";

export interface MobileNetOptions {
  /** alpha in (0, 1]; channels become max(1, floor(C * alpha)) as Keras' int(C * alpha). */
  widthMultiplier?: number;
  /** Square input side, default 224. */
  inputResolution?: number;
  variant?: MobileNetVariant;
}

/** Table 1's 13 depthwise-separable blocks: [pointwise filters, depthwise stride]. */
export const MOBILENET_V1_BLOCKS: readonly (readonly [number, number])[] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1], // the five 14x14x512 blocks
  [1024, 2],
  // Table 1 prints s2 here, but the 7x7 average pool that follows needs a 7x7 map: stride 1.
  [1024, 1],
];

const VARIANTS: readonly MobileNetVariant[] = [
  "depthwise-separable",
  "full-convolution",
  "shallow",
];
const OPTION_KEYS = ["widthMultiplier", "inputResolution", "variant"];

function readOptions(options: MobileNetOptions): {
  alpha: number;
  resolution: number;
  variant: MobileNetVariant;
} {
  const op = "mobilenetV1";
  checkOptions(op, options, OPTION_KEYS);
  const alpha =
    numberOption(op, "widthMultiplier", options.widthMultiplier, { above: 0, max: 1 }) ?? 1;
  const resolution = intOption(op, "inputResolution", options.inputResolution, 1) ?? 224;
  const variant = choiceOption(op, "variant", options.variant, VARIANTS) ?? "depthwise-separable";
  return { alpha, resolution, variant };
}

/** The MobileNet v1 layer list: conv1, 13 dw/pw pairs (or their replacements), pool, FC, softmax. */
export function mobilenetV1(options: MobileNetOptions = {}): LayerSpec[] {
  const { alpha, resolution, variant } = readOptions(options);
  const channels = (c: number): number => Math.max(1, Math.floor(c * alpha));
  const layers: LayerSpec[] = [];
  let shape: Shape3 = [resolution, resolution, 3];
  // Appends a layer fed by the previous one; layerCost gives its output shape (one source of truth).
  const add = (spec: Omit<LayerSpec, "inputShape">): void => {
    const layer = { ...spec, inputShape: shape } as LayerSpec;
    shape = layerCost(layer).outputShape;
    layers.push(layer);
  };

  add({
    type: "conv2d",
    name: "conv1",
    kernelSize: 3,
    filters: channels(32),
    strides: 2,
    padding: "same",
    useBias: false,
  });
  // Table 5's shallow net drops the five 14x14x512 blocks (indices 6..10).
  const blocks =
    variant === "shallow"
      ? MOBILENET_V1_BLOCKS.filter((_, i) => i < 6 || i > 10)
      : MOBILENET_V1_BLOCKS;
  blocks.forEach(([filters, stride], i) => {
    const n = i + 1;
    if (variant === "full-convolution") {
      add({
        type: "conv2d",
        name: `conv_${n}`,
        kernelSize: 3,
        filters: channels(filters),
        strides: stride,
        padding: "same",
        useBias: false,
      });
      return;
    }
    add({
      type: "depthwiseConv2d",
      name: `conv_dw_${n}`,
      kernelSize: 3,
      strides: stride,
      padding: "same",
      useBias: false,
    });
    add({
      type: "pointwiseConv2d",
      name: `conv_pw_${n}`,
      filters: channels(filters),
      useBias: false,
    });
  });
  // A global pool: 7x7 at 224, 6x6 at 192 ... as the paper's resolutions need.
  add({ type: "avgPool", name: "avg_pool" });
  add({ type: "dense", name: "fc", units: 1000, useBias: false });
  add({ type: "softmax", name: "softmax" });
  return layers;
}
