// digitNetwork builds notebook 07's network (stem, two stride-2 blocks, batch norm + ReLU,
// pooling, dense 10) in both forms; trainOnBatch is one fit step: the same loss and the same
// weights as lossAndGradients followed by the optimizer, and the typed errors of both.
import { describe, expect, it } from "vitest";
import { digitNetwork, OptionError, randomUniform, ShapeError, sgd } from "../../src/index";
import { outputArray, recycleOutputs } from "../../src/kernels/wasm";

describe("digitNetwork", () => {
  it("builds the stem, two stride-2 blocks and the head at width w", () => {
    const rows = (form: "standard" | "separable") =>
      digitNetwork(8, form)
        .summary()
        .rows.map((r) => [r.className, r.outputShape, r.params]);
    // 3x3 stem 1 -> 8 (72), blocks 8 -> 16 (3x3x8x16 = 1152) and 16 -> 32 (4608).
    expect(rows("standard")).toEqual([
      ["Conv2D", [null, 28, 28, 8], 72],
      ["BatchNormalization", [null, 28, 28, 8], 32],
      ["Activation", [null, 28, 28, 8], 0],
      ["Conv2D", [null, 14, 14, 16], 1152],
      ["BatchNormalization", [null, 14, 14, 16], 64],
      ["Activation", [null, 14, 14, 16], 0],
      ["Conv2D", [null, 7, 7, 32], 4608],
      ["BatchNormalization", [null, 7, 7, 32], 128],
      ["Activation", [null, 7, 7, 32], 0],
      ["GlobalAveragePooling2D", [null, 32], 0],
      ["Dense", [null, 10], 330],
    ]);
    // Separable blocks: 3x3x8 + 8x16 = 200, 3x3x16 + 16x32 = 656.
    const sep = rows("separable");
    expect(sep[3]).toEqual(["SeparableConv2D", [null, 14, 14, 16], 200]);
    expect(sep[6]).toEqual(["SeparableConv2D", [null, 7, 7, 32], 656]);
    expect(sep[0]).toEqual(["Conv2D", [null, 28, 28, 8], 72]);
  });

  it("is named by form and width, seeded, and passes batch normalization's momentum on", () => {
    const a = digitNetwork(4, "separable", { seed: 3, batchNormMomentum: 0.9 });
    expect(a.name).toBe("separable_w4");
    expect(digitNetwork(4, "standard", { name: "mine" }).name).toBe("mine");
    const same = digitNetwork(4, "separable", { seed: 3 }).getWeights();
    expect(a.getWeights().map((w) => w.data)).toEqual(same.map((w) => w.data));
    const other = digitNetwork(4, "separable", { seed: 4 }).getWeights();
    expect(other[0]!.data).not.toEqual(same[0]!.data);
    const bn = a.layers[1] as unknown as { momentum: number };
    expect(bn.momentum).toBe(0.9);
  });

  it("rejects a bad width, form or option by name", () => {
    const bad = (f: () => unknown, option: string) => {
      expect(f).toThrow(OptionError);
      expect(f).toThrow(expect.objectContaining({ op: "digitNetwork", option }));
    };
    bad(() => digitNetwork(0, "standard"), "width");
    bad(() => digitNetwork(2.5, "standard"), "width");
    bad(() => digitNetwork(4, "depthwise" as "standard"), "form");
    bad(() => digitNetwork(4, undefined as unknown as "standard"), "form");
    bad(() => digitNetwork(4, "standard", { batchNormMomentum: 2 }), "batchNormMomentum");
    bad(() => digitNetwork(4, "standard", { seeds: 1 } as object), "seeds");
  });
});

describe("trainOnBatch", () => {
  // 8 x 28 x 28 x 4 activations: large enough for the step to recycle them (outputArray).
  const x = randomUniform([8, 28, 28, 1], { seed: 5 });
  const y = [0, 1, 2, 3, 4, 5, 6, 7];

  it("takes the step fit takes: lossAndGradients, then the optimizer (recycled arrays too)", () => {
    const a = digitNetwork(4, "separable", { seed: 1 });
    const b = digitNetwork(4, "separable", { seed: 1 });
    const optA = sgd({ learningRate: 0.1, momentum: 0.9 });
    const optB = sgd({ learningRate: 0.1, momentum: 0.9 });
    const before = Float32Array.from(x.data);
    for (let step = 0; step < 3; step++) {
      const r = a.trainOnBatch(x, y, { optimizer: optA });
      const g = b.lossAndGradients(x, y);
      optB.applyGradients(b.trainableWeights, g.gradients);
      expect(r.loss).toBe(g.loss);
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
    }
    const wb = b.getWeights();
    expect(a.getWeights().map((w) => w.data)).toEqual(wb.map((w) => w.data));
    expect(optA.iterations).toBe(3);
    expect(x.data).toEqual(before); // the caller's batch is never recycled
  });

  it("rejects a missing optimizer, bad labels and a batch of the wrong shape", () => {
    const m = digitNetwork(2, "standard");
    expect(() => m.trainOnBatch(x, y, {} as never)).toThrow(/an optimizer: sgd/);
    expect(() => m.trainOnBatch(x, [0, 1, 2, 3, 4, 5, 6, 10], { optimizer: sgd() })).toThrow(
      OptionError,
    );
    expect(() =>
      m.trainOnBatch(randomUniform([2, 8, 8, 1], { seed: 1 }), [0, 1], { optimizer: sgd() }),
    ).toThrow(ShapeError);
  });
});

describe("recycled outputs", () => {
  it("hands out arrays outputArray made and a step gave back, once each, never others", () => {
    const n = 1 << 16;
    const made = outputArray(n);
    const mine = new Float32Array(n);
    recycleOutputs([made, made, mine]);
    expect(outputArray(n)).toBe(made);
    const next = outputArray(n);
    expect(next).not.toBe(made);
    expect(next).not.toBe(mine);
    const small = outputArray(16);
    recycleOutputs([small]);
    expect(outputArray(16)).not.toBe(small);
  });
});
