/**
 * Exercise 8: countMultiplications — the cost of a layer, from shapes alone.
 *
 * Count one multiplication per kernel tap per output value, taps that land in the padding
 * included (the convention of the lesson and of the MobileNet paper). For an input
 * [H, W, C] and output size Ho x Wo (as in conv2d: "valid" or "same", with the stride):
 *   standard   KxK, F filters:                 Ho * Wo * K * K * C * F
 *   depthwise  KxK, depth multiplier M:        Ho * Wo * K * K * C * M
 *   pointwise  1x1, F filters (stride applies): Ho * Wo * C * F
 *   separable  depthwise (M) then pointwise (F): the sum of the two, the pointwise step
 *              running on the Ho x Wo x (C * M) output of the depthwise step.
 *
 * Fields left out take these defaults: filters 1, depthMultiplier 1, stride 1, padding "valid".
 * A pointwise layer ignores kernelSize (its kernel is 1x1).
 *
 * Hints: the textbook layer 12x12x3, K = 5, F = 256, valid: 1,228,800 standard and
 * 4,800 + 49,152 = 53,952 separable.
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
export interface LayerShape {
  type: "standard" | "depthwise" | "pointwise" | "separable";
  inputShape: [number, number, number];
  /** K (ignored by "pointwise"). */
  kernelSize: number;
  /** F, output channels of a standard, pointwise or separable layer (default 1). */
  filters?: number;
  /** M of a depthwise or separable layer (default 1). */
  depthMultiplier?: number;
  /** Default 1. */
  stride?: number;
  /** Default "valid". */
  padding?: "valid" | "same";
}

export function countMultiplications(layer: LayerShape): number {
  // BEGIN SOLUTION
  const [h, w, c] = layer.inputShape;
  const k = layer.type === "pointwise" ? 1 : layer.kernelSize;
  const s = layer.stride ?? 1;
  const same = layer.padding === "same";
  const outH = same ? Math.ceil(h / s) : Math.floor((h - k) / s) + 1;
  const outW = same ? Math.ceil(w / s) : Math.floor((w - k) / s) + 1;
  const f = layer.filters ?? 1;
  const m = layer.depthMultiplier ?? 1;
  switch (layer.type) {
    case "standard":
      return outH * outW * k * k * c * f;
    case "depthwise":
      return outH * outW * k * k * c * m;
    case "pointwise":
      return outH * outW * c * f;
    case "separable":
      return outH * outW * k * k * c * m + outH * outW * c * m * f;
  }
  // END SOLUTION
}
