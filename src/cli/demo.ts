// The textbook comparison, computed: shapes from the ops, multiplications counted by the
// reference loops, parameters from the cost model, and the MobileNet v1 totals.
import { allClose } from "../compare";
import { layerCost, modelCost } from "../cost";
import { mobilenetV1 } from "../models/mobilenet";
import { conv2d } from "../ops/conv2d";
import { separateKernel } from "../ops/kernel-rank";
import { separableConv2d } from "../ops/separable";
import { spatialSeparableConv2d } from "../ops/spatial";
import { countMultiplications } from "../reference/counter";
import { randomNormal, tensor } from "../tensor";

const n = (v: number): string => v.toLocaleString("en-US");
const shape = (s: readonly number[]): string => s.slice(s.length === 4 ? 1 : 0).join("x");

export function demoReport(): string {
  const lines: string[] = [];
  const x = randomNormal([1, 12, 12, 3], { seed: 1 });
  const standard = countMultiplications(() => conv2d(x, randomNormal([5, 5, 3, 256], { seed: 2 })));
  const dw = randomNormal([5, 5, 3, 1], { seed: 3 });
  const pw = randomNormal([1, 1, 3, 256], { seed: 4 });
  const separable = countMultiplications(() => separableConv2d(x, dw, pw));
  const std = layerCost({ type: "conv2d", inputShape: [12, 12, 3], kernelSize: 5, filters: 256 });
  const sep = layerCost({
    type: "separableConv2d",
    inputShape: [12, 12, 3],
    kernelSize: 5,
    filters: 256,
  });
  lines.push(
    "sepconv: the textbook layer, 12x12x3 input, 5x5 kernels, 256 output channels, no padding",
  );
  lines.push(
    `  standard conv   12x12x3 -> (5x5x3x256) -> ${shape(standard.result.shape)}: ${n(standard.multiplies)} multiplications, ${n(std.params)} parameters`,
  );
  lines.push(
    `  separable conv  depthwise ${n(sep.breakdown.depthwiseMultiplies!)} + pointwise ${n(sep.breakdown.pointwiseMultiplies!)}` +
      ` = ${n(separable.multiplies)} multiplications -> ${shape(separable.result.shape)}, ${n(sep.params)} parameters`,
  );
  lines.push(
    `  ratio           ${(standard.multiplies / separable.multiplies).toFixed(1)}x fewer multiplications`,
  );

  const sobel = tensor([
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ]);
  const parts = separateKernel(sobel);
  if (parts) {
    const img = randomNormal([1, 64, 64, 1], { seed: 5 });
    const full = countMultiplications(() => conv2d(img, sobel.reshape([3, 3, 1, 1])));
    const split = countMultiplications(() => spatialSeparableConv2d(img, parts.column, parts.row));
    const same = allClose(split.result, full.result, { rtol: 1e-5, atol: 1e-5 })
      ? "same output"
      : "OUTPUTS DIFFER";
    const fmt = (t: { data: Float32Array }) =>
      `[${Array.from(t.data, (v) => +v.toFixed(3)).join(",")}]`;
    lines.push(
      `Sobel Gx = column ${fmt(parts.column)} x row ${fmt(parts.row)} on 64x64: ${n(full.multiplies)} vs ${n(split.multiplies)} multiplications (${same})`,
    );
  }
  const mobile = modelCost(mobilenetV1()).totals;
  const full = modelCost(mobilenetV1({ variant: "full-convolution" })).totals;
  lines.push(
    `MobileNet v1 1.0-224: ${n(mobile.multiplies)} mult-adds, ${n(mobile.params)} parameters; as full convolutions ${n(full.multiplies)} and ${n(full.params)}`,
  );
  return lines.join("\n");
}
