// Cost model: output shape, multiplies and parameters of one layer or a stack of layers.
//
// Conventions (the textbook's and the MobileNet paper's):
// - one multiply per kernel tap per output element, taps that land in the padding included;
// - output shapes come from computeConv2DInfo, so the cost table and the ops cannot disagree;
// - parameters follow Keras (kernel + optional bias; no batch-norm), useBias defaults to true;
// - avgPool and softmax cost 0 multiplies: the paper counts neither (a pool is adds and one
//   division per output, a softmax is exp/divide), and 568,740,352 for MobileNet 1.0-224 is
//   exact only with both at 0.
import { OptionError, SepconvError, ShapeError, fmtShape, fmtValue } from "./errors";
import {
  computeConv2DInfo,
  parsePair,
  type Conv2DInfo,
  type GeometryOptions,
  type Padding,
  type Pair,
} from "./conv-info";
import { booleanOption, checkInt, failOption, isInteger } from "./options";

export type LayerType =
  | "conv2d"
  | "depthwiseConv2d"
  | "pointwiseConv2d"
  | "separableConv2d"
  | "spatialSeparableConv2d"
  | "dense"
  | "avgPool"
  | "softmax";

export type Shape3 = [number, number, number];

export interface LayerSpec {
  type: LayerType;
  /** [H, W, C] of one example (no batch axis). */
  inputShape: readonly [number, number, number];
  name?: string;
  kernelSize?: Pair;
  filters?: number;
  depthMultiplier?: number;
  units?: number;
  strides?: Pair;
  padding?: Padding;
  dilations?: Pair;
  /** Default true, as in Keras. */
  useBias?: boolean;
}

export interface LayerCost {
  outputShape: Shape3;
  multiplies: number;
  params: number;
  /** Named parts of `params` and, where a layer has stages, of `multiplies`. */
  breakdown: Record<string, number>;
}

export interface ModelLayerCost extends LayerCost {
  name: string;
  type: LayerType;
  inputShape: Shape3;
}

export interface ModelCost {
  layers: ModelLayerCost[];
  totals: { multiplies: number; params: number };
}

export interface TypeShare {
  multiplies: number;
  params: number;
  /** Fractions of the model totals, in [0, 1]. */
  multipliesShare: number;
  paramsShare: number;
}

type OptionKey = Exclude<keyof LayerSpec, "type" | "inputShape" | "name">;

// Which options each layer type reads; any other option is rejected so a typo or a misplaced
// option (units on a conv2d) cannot silently be ignored.
const ALLOWED: Record<LayerType, readonly OptionKey[]> = {
  conv2d: ["kernelSize", "filters", "strides", "padding", "dilations", "useBias"],
  depthwiseConv2d: ["kernelSize", "depthMultiplier", "strides", "padding", "dilations", "useBias"],
  pointwiseConv2d: ["kernelSize", "filters", "strides", "padding", "useBias"],
  separableConv2d: [
    "kernelSize",
    "filters",
    "depthMultiplier",
    "strides",
    "padding",
    "dilations",
    "useBias",
  ],
  spatialSeparableConv2d: ["kernelSize", "strides", "padding", "dilations", "useBias"],
  dense: ["units", "useBias"],
  avgPool: ["kernelSize", "strides", "padding"],
  softmax: [],
};

export const LAYER_TYPES = Object.keys(ALLOWED) as LayerType[];

/** Who is reporting (`op`) and which layer, for messages: `layerCost: conv2d layer "c1": ...`. */
interface Ctx {
  op: string;
  label: string;
}

function optionError(ctx: Ctx, option: string, value: unknown, message: string): OptionError {
  return new OptionError(ctx.op, option, value, `${ctx.label}: ${message}`);
}

/** Runs a conv-info helper or an options.ts validator and re-issues its error with the layer
 *  named in the message. */
function relabel<T>(ctx: Ctx, inputShape: Shape3, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof SepconvError) || e.op !== ctx.op) throw e;
    const detail = e.message.slice(ctx.op.length + 2);
    if (e instanceof OptionError) throw optionError(ctx, e.option, e.value, detail);
    throw new ShapeError(ctx.op, `${ctx.label}: ${detail}`, { inputShape });
  }
}

function required<K extends OptionKey>(
  ctx: Ctx,
  layer: LayerSpec,
  key: K,
): NonNullable<LayerSpec[K]> {
  const value = layer[key];
  if (value === undefined)
    throw optionError(ctx, key, value, `${key} is required for a ${layer.type} layer`);
  return value as NonNullable<LayerSpec[K]>;
}

function geometryOf(layer: LayerSpec, strides: Pair | undefined = layer.strides): GeometryOptions {
  const g: GeometryOptions = {};
  if (strides !== undefined) g.strides = strides;
  if (layer.padding !== undefined) g.padding = layer.padding;
  if (layer.dilations !== undefined) g.dilations = layer.dilations;
  return g;
}

function checkInputShape(ctx: Ctx, value: unknown): Shape3 {
  const ok =
    Array.isArray(value) && value.length === 3 && value.every((v: unknown) => isInteger(v, 1));
  if (!ok) {
    throw new ShapeError(
      ctx.op,
      `${ctx.label}: inputShape must be [H, W, C] of 3 positive integers, got ${fmtValue(value)}`,
    );
  }
  return [value[0], value[1], value[2]];
}

/** Validates the common fields and returns the parsed input shape and useBias. */
function checkLayer(ctx: Ctx, layer: LayerSpec): { shape: Shape3; useBias: boolean } {
  const shape = checkInputShape(ctx, layer.inputShape);
  const allowed: readonly string[] = ALLOWED[layer.type];
  for (const [key, value] of Object.entries(layer)) {
    if (key === "type" || key === "inputShape" || key === "name" || value === undefined) continue;
    if (!allowed.includes(key)) {
      const takes = allowed.length ? `it takes ${allowed.join(", ")}` : "it takes no options";
      throw optionError(
        ctx,
        key,
        value,
        `option ${key} does not apply to a ${layer.type} layer (${takes})`,
      );
    }
  }
  const useBias =
    relabel(ctx, shape, () => booleanOption(ctx.op, "useBias", layer.useBias)) ?? true;
  return { shape, useBias };
}

function costOf(ctx: Ctx, layer: LayerSpec): LayerCost {
  const { shape, useBias } = checkLayer(ctx, layer);
  const [H, W, C] = shape;
  const kernel = (value: Pair | undefined): [number, number] =>
    relabel(ctx, shape, () => parsePair(ctx.op, "kernelSize", value));
  const positiveInt = (option: string, value: unknown): number =>
    relabel(ctx, shape, () => checkInt(ctx.op, option, value, 1));
  const geometry = (kh: number, kw: number, g: GeometryOptions): Conv2DInfo =>
    relabel(ctx, shape, () => computeConv2DInfo(ctx.op, [1, H, W, C], kh, kw, g));
  // Keras adds the bias key only when the layer has one.
  const withBias = (parts: Record<string, number>, bias: number): Record<string, number> =>
    useBias ? { ...parts, bias } : parts;
  const sum = (parts: Record<string, number>, keys: readonly string[]): number =>
    keys.reduce((total, k) => total + (parts[k] ?? 0), 0);

  switch (layer.type) {
    case "conv2d": {
      const [kh, kw] = kernel(required(ctx, layer, "kernelSize"));
      const F = positiveInt("filters", required(ctx, layer, "filters"));
      const { outHeight: Ho, outWidth: Wo } = geometry(kh, kw, geometryOf(layer));
      const breakdown = withBias({ kernel: kh * kw * C * F }, F);
      return {
        outputShape: [Ho, Wo, F],
        multiplies: Ho * Wo * kh * kw * C * F,
        params: sum(breakdown, ["kernel", "bias"]),
        breakdown,
      };
    }
    case "depthwiseConv2d": {
      const [kh, kw] = kernel(required(ctx, layer, "kernelSize"));
      const M = positiveInt("depthMultiplier", layer.depthMultiplier ?? 1);
      const { outHeight: Ho, outWidth: Wo } = geometry(kh, kw, geometryOf(layer));
      const breakdown = withBias({ depthwiseKernel: kh * kw * C * M }, C * M);
      return {
        outputShape: [Ho, Wo, C * M],
        multiplies: Ho * Wo * kh * kw * C * M,
        params: sum(breakdown, ["depthwiseKernel", "bias"]),
        breakdown,
      };
    }
    case "pointwiseConv2d": {
      const [kh, kw] = kernel(layer.kernelSize ?? 1);
      if (kh !== 1 || kw !== 1) {
        throw optionError(
          ctx,
          "kernelSize",
          layer.kernelSize,
          `a pointwise convolution has a 1x1 kernel, got ${kh}x${kw}; use conv2d`,
        );
      }
      const F = positiveInt("filters", required(ctx, layer, "filters"));
      const { outHeight: Ho, outWidth: Wo } = geometry(1, 1, geometryOf(layer));
      const breakdown = withBias({ kernel: C * F }, F);
      return {
        outputShape: [Ho, Wo, F],
        multiplies: Ho * Wo * C * F,
        params: sum(breakdown, ["kernel", "bias"]),
        breakdown,
      };
    }
    case "separableConv2d": {
      const [kh, kw] = kernel(required(ctx, layer, "kernelSize"));
      const F = positiveInt("filters", required(ctx, layer, "filters"));
      const M = positiveInt("depthMultiplier", layer.depthMultiplier ?? 1);
      // Strides, padding and dilations act on the depthwise step; the pointwise step is 1x1 s1.
      const { outHeight: Ho, outWidth: Wo } = geometry(kh, kw, geometryOf(layer));
      const depthwiseMultiplies = Ho * Wo * kh * kw * C * M;
      const pointwiseMultiplies = Ho * Wo * C * M * F;
      // Keras: one bias of size F after the pointwise step, none on the depthwise step.
      const params = withBias({ depthwiseKernel: kh * kw * C * M, pointwiseKernel: C * M * F }, F);
      return {
        outputShape: [Ho, Wo, F],
        multiplies: depthwiseMultiplies + pointwiseMultiplies,
        params: sum(params, ["depthwiseKernel", "pointwiseKernel", "bias"]),
        breakdown: { ...params, depthwiseMultiplies, pointwiseMultiplies },
      };
    }
    case "spatialSeparableConv2d": {
      // A KH x KW kernel factored as a KH x 1 column then a 1 x KW row, applied to every channel.
      // The column pass runs over the input padded top/bottom only and keeps all W columns
      // (the row pass needs them): Ho x W outputs. The row pass pads left/right: Ho x Wo outputs.
      // As in the lesson, one column and one row are shared by all channels: KH + KW weights
      // (+ one bias per channel).
      const [kh, kw] = kernel(required(ctx, layer, "kernelSize"));
      const { outHeight: Ho, outWidth: Wo } = geometry(kh, kw, geometryOf(layer));
      const columnMultiplies = Ho * W * kh * C;
      const rowMultiplies = Ho * Wo * kw * C;
      const params = withBias({ kernel: kh + kw }, C);
      return {
        outputShape: [Ho, Wo, C],
        multiplies: columnMultiplies + rowMultiplies,
        params: sum(params, ["kernel", "bias"]),
        breakdown: {
          ...params,
          columnMultiplies,
          rowMultiplies,
          fullKernelMultiplies: Ho * Wo * kh * kw * C,
        },
      };
    }
    case "dense": {
      const units = positiveInt("units", required(ctx, layer, "units"));
      const inputs = H * W * C; // the input is flattened
      const breakdown = withBias({ kernel: inputs * units }, units);
      return {
        outputShape: [1, 1, units],
        multiplies: inputs * units,
        params: sum(breakdown, ["kernel", "bias"]),
        breakdown,
      };
    }
    case "avgPool": {
      // Default: a global pool over the whole input, strides = kernel (as Keras pools).
      const [kh, kw] = kernel(layer.kernelSize ?? [H, W]);
      const { outHeight: Ho, outWidth: Wo } = geometry(
        kh,
        kw,
        geometryOf(layer, layer.strides ?? [kh, kw]),
      );
      return { outputShape: [Ho, Wo, C], multiplies: 0, params: 0, breakdown: {} };
    }
    case "softmax":
      return { outputShape: [H, W, C], multiplies: 0, params: 0, breakdown: {} };
  }
}

function checkType(op: string, layer: unknown, where: string): LayerSpec {
  if (typeof layer !== "object" || layer === null || Array.isArray(layer)) {
    throw new OptionError(
      op,
      "layer",
      layer,
      `${where}must be an object { type, inputShape, ... }, got ${fmtValue(layer)}`,
    );
  }
  const type = (layer as { type?: unknown }).type;
  if (typeof type !== "string" || !(LAYER_TYPES as string[]).includes(type)) {
    const valid = LAYER_TYPES.map((t) => JSON.stringify(t)).join(", ");
    throw new OptionError(
      op,
      "type",
      type,
      `${where}type must be one of ${valid}, got ${fmtValue(type)}`,
    );
  }
  return layer as LayerSpec;
}

function nameOf(layer: LayerSpec): string | undefined {
  return typeof layer.name === "string" ? layer.name : undefined;
}

/** Output shape, multiplies and parameters of one layer. */
export function layerCost(layer: LayerSpec): LayerCost {
  const op = "layerCost";
  const spec = checkType(op, layer, "layer ");
  const name = nameOf(spec);
  return costOf(
    { op, label: `${spec.type} layer${name === undefined ? "" : ` ${JSON.stringify(name)}`}` },
    spec,
  );
}

/**
 * Costs of a stack of layers and their totals. Each layer's inputShape must equal the previous
 * layer's outputShape: a table built from mismatched layers would add up costs of a network
 * that does not exist.
 */
export function modelCost(layers: readonly LayerSpec[]): ModelCost {
  const op = "modelCost";
  if (!Array.isArray(layers)) failOption(op, "layers", layers, "an array of layer specs");
  const rows: ModelLayerCost[] = [];
  layers.forEach((raw, i) => {
    const layer = checkType(op, raw, `layer ${i}: `);
    const name = nameOf(layer) ?? `${layer.type}_${i}`;
    const cost = costOf({ op, label: `layer ${i} ${JSON.stringify(name)} (${layer.type})` }, layer);
    const inputShape: Shape3 = [layer.inputShape[0], layer.inputShape[1], layer.inputShape[2]];
    const prev = rows[i - 1];
    if (prev && fmtShape(prev.outputShape) !== fmtShape(inputShape)) {
      throw new ShapeError(
        op,
        `layer ${i} ${JSON.stringify(name)} does not take the output of layer ${i - 1} ${JSON.stringify(prev.name)}`,
        { [`${prev.name} outputShape`]: prev.outputShape, [`${name} inputShape`]: inputShape },
      );
    }
    rows.push({ name, type: layer.type, inputShape, ...cost });
  });
  const totals = {
    multiplies: rows.reduce((t, r) => t + r.multiplies, 0),
    params: rows.reduce((t, r) => t + r.params, 0),
  };
  return { layers: rows, totals };
}

/** Multiplies and params per layer type with their share of the totals (the paper's Table 2). */
export function costShareByType(cost: ModelCost): Partial<Record<LayerType, TypeShare>> {
  const c = cost as Partial<ModelCost> | null | undefined;
  if (
    typeof c !== "object" ||
    c === null ||
    !Array.isArray(c.layers) ||
    typeof c.totals?.multiplies !== "number"
  ) {
    failOption("costShareByType", "cost", cost, "what modelCost returns");
  }
  const out: Partial<Record<LayerType, TypeShare>> = {};
  const { multiplies: totalM, params: totalP } = cost.totals;
  for (const row of cost.layers) {
    const share = out[row.type] ?? { multiplies: 0, params: 0, multipliesShare: 0, paramsShare: 0 };
    share.multiplies += row.multiplies;
    share.params += row.params;
    share.multipliesShare = totalM > 0 ? share.multiplies / totalM : 0;
    share.paramsShare = totalP > 0 ? share.params / totalP : 0;
    out[row.type] = share;
  }
  return out;
}
