// summary() against Keras: the textbook layers (19,456 and 1,099 parameters) and the network of
// issue 16 (3x3 conv stem, two blocks doubling the channels with stride 2, global average
// pooling, dense 10) in its standard and separable forms. The expected counts are Keras' (each
// worked out below from its weight shapes); tfjs's tf.layers give the same, checked too.
import { beforeAll, describe, expect, it } from "vitest";
import { type Layer, layers, sequential } from "../../src/index";
import { tf, useCpu } from "../grad/tfjs";

beforeAll(useCpu);

describe("the textbook layers", () => {
  it("conv2d 5x5x3 -> 256 with bias on 12x12x3: 5*5*3*256 + 256 = 19,456", () => {
    const s = sequential([layers.conv2d({ filters: 256, kernelSize: 5 })], {
      inputShape: [12, 12, 3],
    }).summary();
    expect(s.rows).toEqual([
      {
        name: "conv2d",
        className: "Conv2D",
        outputShape: [null, 8, 8, 256],
        params: 19456,
        trainableParams: 19456,
      },
    ]);
    expect(s.totalParams).toBe(19456);
    expect(s.text).toContain(" conv2d (Conv2D)             (None, 8, 8, 256)         19,456\n");
    expect(s.text).toContain(" Layer (type)                Output Shape              Param #\n");
    expect(s.text).toContain("Total params: 19,456 (76.00 KB)");
    expect(s.text).toContain("Non-trainable params: 0 (0.00 B)");
  });

  it("separableConv2d 5x5 depthwise + 1x1 -> 256 with bias: 75 + 768 + 256 = 1,099", () => {
    const model = sequential([layers.separableConv2d({ filters: 256, kernelSize: 5 })], {
      inputShape: [12, 12, 3],
    });
    const s = model.summary();
    expect(s.rows[0]).toMatchObject({
      name: "separable_conv2d",
      className: "SeparableConv2D",
      outputShape: [null, 8, 8, 256],
      params: 1099,
    });
    expect(model.weights.map((w) => [w.name, w.value.size])).toEqual([
      ["separable_conv2d/depthwise_kernel", 75],
      ["separable_conv2d/pointwise_kernel", 768],
      ["separable_conv2d/bias", 256],
    ]);
    expect(s.text).toContain("Total params: 1,099 (4.29 KB)");
  });

  it("prints Keras' table", () => {
    const printed: string[] = [];
    const model = sequential(
      [
        layers.conv2d({ filters: 256, kernelSize: 5 }),
        layers.separableConv2d({ filters: 256, kernelSize: 3 }),
      ],
      { inputShape: [12, 12, 3], name: "textbook" },
    );
    const s = model.summary((text) => printed.push(text));
    expect(printed).toEqual([s.text]);
    expect(String(s)).toBe(s.text);
    expect(s.text).toBe(
      [
        'Model: "textbook"',
        "_".repeat(73),
        " Layer (type)                        Output Shape              Param #",
        "=".repeat(73),
        " conv2d (Conv2D)                     (None, 8, 8, 256)         19,456",
        "",
        " separable_conv2d (SeparableConv2D)  (None, 6, 6, 256)         68,096",
        "=".repeat(73),
        "Total params: 87,552 (342.00 KB)",
        "Trainable params: 87,552 (342.00 KB)",
        "Non-trainable params: 0 (0.00 B)",
        "_".repeat(73),
      ].join("\n"),
    );
  });
});

/** The issue's network on 28x28x1 digits at width w: stem 1 -> w, blocks w -> 2w -> 4w. */
function issueNetwork(w: number, separable: boolean): { ours: Layer[]; theirs: tf.layers.Layer[] } {
  const block = (filters: number): [Layer, tf.layers.Layer] =>
    separable
      ? [
          layers.separableConv2d({
            filters,
            kernelSize: 3,
            strides: 2,
            padding: "same",
            useBias: false,
          }),
          tf.layers.separableConv2d({
            filters,
            kernelSize: 3,
            strides: 2,
            padding: "same",
            useBias: false,
          }),
        ]
      : [
          layers.conv2d({ filters, kernelSize: 3, strides: 2, padding: "same", useBias: false }),
          tf.layers.conv2d({ filters, kernelSize: 3, strides: 2, padding: "same", useBias: false }),
        ];
  const pairs: [Layer, tf.layers.Layer][] = [
    [
      layers.conv2d({ filters: w, kernelSize: 3, padding: "same", useBias: false }),
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: w,
        kernelSize: 3,
        padding: "same",
        useBias: false,
      }),
    ],
    [layers.batchNormalization(), tf.layers.batchNormalization()],
    [layers.activation("relu"), tf.layers.activation({ activation: "relu" })],
    block(2 * w),
    [layers.batchNormalization(), tf.layers.batchNormalization()],
    [layers.activation("relu"), tf.layers.activation({ activation: "relu" })],
    block(4 * w),
    [layers.batchNormalization(), tf.layers.batchNormalization()],
    [layers.activation("relu"), tf.layers.activation({ activation: "relu" })],
    [layers.globalAveragePooling2d(), tf.layers.globalAveragePooling2d({})],
    [layers.dense({ units: 10 }), tf.layers.dense({ units: 10 })],
  ];
  return { ours: pairs.map((p) => p[0]), theirs: pairs.map((p) => p[1]) };
}

// Keras' rows for w = 16: name, output shape, parameters.
//   stem 3*3*1*16 = 144; batch norm 4*C (gamma, beta trainable; moving mean, variance not);
//   standard blocks 3*3*16*32 = 4,608 and 3*3*32*64 = 18,432;
//   separable blocks 3*3*16 + 16*32 = 656 and 3*3*32 + 32*64 = 2,336; dense 64*10 + 10 = 650.
const KERAS = {
  standard: {
    rows: [
      ["conv2d", [null, 28, 28, 16], 144],
      ["batch_normalization", [null, 28, 28, 16], 64],
      ["activation", [null, 28, 28, 16], 0],
      ["conv2d_1", [null, 14, 14, 32], 4608],
      ["batch_normalization_1", [null, 14, 14, 32], 128],
      ["activation_1", [null, 14, 14, 32], 0],
      ["conv2d_2", [null, 7, 7, 64], 18432],
      ["batch_normalization_2", [null, 7, 7, 64], 256],
      ["activation_2", [null, 7, 7, 64], 0],
      ["global_average_pooling2d", [null, 64], 0],
      ["dense", [null, 10], 650],
    ],
    total: 24282,
    nonTrainable: 224,
  },
  separable: {
    rows: [
      ["conv2d", [null, 28, 28, 16], 144],
      ["batch_normalization", [null, 28, 28, 16], 64],
      ["activation", [null, 28, 28, 16], 0],
      ["separable_conv2d", [null, 14, 14, 32], 656],
      ["batch_normalization_1", [null, 14, 14, 32], 128],
      ["activation_1", [null, 14, 14, 32], 0],
      ["separable_conv2d_1", [null, 7, 7, 64], 2336],
      ["batch_normalization_2", [null, 7, 7, 64], 256],
      ["activation_2", [null, 7, 7, 64], 0],
      ["global_average_pooling2d", [null, 64], 0],
      ["dense", [null, 10], 650],
    ],
    total: 4234,
    nonTrainable: 224,
  },
} as const;

describe("the issue's network (w = 16, 28x28x1)", () => {
  for (const form of ["standard", "separable"] as const) {
    it(`${form}: Keras' names, output shapes and parameters; tf.layers agrees`, () => {
      const { ours, theirs } = issueNetwork(16, form === "separable");
      const s = sequential(ours, { inputShape: [28, 28, 1] }).summary();
      const keras = KERAS[form];
      expect(s.rows.map((r) => [r.name, r.outputShape, r.params])).toEqual(keras.rows);
      expect(s.totalParams).toBe(keras.total);
      expect(s.nonTrainableParams).toBe(keras.nonTrainable);
      expect(s.trainableParams).toBe(keras.total - keras.nonTrainable);
      const model = tf.sequential({ layers: theirs });
      s.rows.forEach((row, i) => {
        expect(row.params).toBe(model.layers[i]!.countParams());
        expect(row.outputShape).toEqual(model.layers[i]!.outputShape);
      });
      expect(s.text).toContain(`Total params: ${keras.total.toLocaleString("en-US")}`);
      expect(s.text).toContain(" batch_normalization_1 (BatchNormalization)");
    });
  }
});
