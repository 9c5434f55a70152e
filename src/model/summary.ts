// Keras' model.summary(): one row per layer (name and class, output shape with None for the
// batch, parameters), then the totals, split into trainable and non-trainable parameters (batch
// normalization's moving averages). The layout is Keras 2's text table; the counts are printed
// as Keras 3 prints them, with thousands separators and their size as float32.
import type { Layer } from "./layer";

export interface SummaryRow {
  readonly name: string;
  readonly className: string;
  /** With null for the batch axis, as Keras prints None. */
  readonly outputShape: readonly (number | null)[];
  readonly params: number;
  readonly trainableParams: number;
}

export interface ModelSummary {
  readonly name: string;
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** The printed table; also toString(). */
  readonly text: string;
}

/** 19456 -> "19,456" (no locale: the same on every machine). */
function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Keras' memory size of n float32 parameters: "76.00 KB", "0.00 B". */
function bytes(params: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let size = params * 4;
  let u = 0;
  while (size >= 1024 && u < units.length - 1) {
    size /= 1024;
    u++;
  }
  return `${size.toFixed(2)} ${units[u]}`;
}

export function summarize(
  name: string,
  layers: readonly Layer[],
  outputShapes: readonly (readonly number[])[],
): ModelSummary {
  const rows: SummaryRow[] = layers.map((layer, i) => ({
    name: layer.name,
    className: layer.className,
    outputShape: [null, ...outputShapes[i]!],
    params: layer.weights.reduce((n, w) => n + w.value.size, 0),
    trainableParams: layer.trainableWeights.reduce((n, w) => n + w.value.size, 0),
  }));
  const totalParams = rows.reduce((n, r) => n + r.params, 0);
  const trainableParams = rows.reduce((n, r) => n + r.trainableParams, 0);
  const nonTrainableParams = totalParams - trainableParams;

  const cells = rows.map((r) => [
    `${r.name} (${r.className})`,
    `(${r.outputShape.map((d) => (d === null ? "None" : String(d))).join(", ")})`,
    withCommas(r.params),
  ]);
  const header = ["Layer (type)", "Output Shape", "Param #"];
  // Keras' columns start at 1, 29 and 55 of a 65-character line; they widen for long names.
  const widths = [28, 26, 10].map((least, c) =>
    Math.max(least, ...[header, ...cells].map((row) => row[c]!.length + 2)),
  );
  const line = (row: readonly string[]): string =>
    ` ${row.map((cell, c) => cell.padEnd(widths[c]!)).join("")}`.trimEnd();
  const width = widths.reduce((a, b) => a + b, 1);
  const text = [
    `Model: "${name}"`,
    "_".repeat(width),
    line(header),
    "=".repeat(width),
    cells.map(line).join("\n\n"),
    "=".repeat(width),
    `Total params: ${withCommas(totalParams)} (${bytes(totalParams)})`,
    `Trainable params: ${withCommas(trainableParams)} (${bytes(trainableParams)})`,
    `Non-trainable params: ${withCommas(nonTrainableParams)} (${bytes(nonTrainableParams)})`,
    "_".repeat(width),
  ].join("\n");
  return {
    name,
    rows,
    totalParams,
    trainableParams,
    nonTrainableParams,
    text,
    toString: () => text,
  } as ModelSummary;
}
