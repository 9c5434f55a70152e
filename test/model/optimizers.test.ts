// One and two optimizer steps on a tiny tensor against steps worked out by hand from Keras'
// formulas, and the optimizers' option errors.
import { describe, expect, it } from "vitest";
import { adam, OptionError, ShapeError, sgd, tensor, type Weight, zeros } from "../../src/index";

const start = (): Weight => ({ name: "w", value: tensor([0.5, -1, 2]), trainable: true });
const g1 = tensor([0.1, -0.2, 0.3]);
const g2 = tensor([-0.05, 0.4, 0]);
const values = (w: Weight): number[] => Array.from(w.value.data);

function expectNear(got: number[], want: number[]): void {
  got.forEach((v, i) => {
    expect(v).toBeCloseTo(want[i]!, 6);
  });
}

describe("SGD", () => {
  it("without momentum: w -= lr g", () => {
    const w = start();
    sgd({ learningRate: 0.1 }).applyGradients([w], [g1]);
    expectNear(values(w), [0.49, -0.98, 1.97]);
  });

  it("with momentum 0.9, lr 0.1: v = 0.9 v - 0.1 g; w += v", () => {
    const w = start();
    const opt = sgd({ learningRate: 0.1, momentum: 0.9 });
    opt.applyGradients([w], [g1]);
    // v = -0.1 g1 = [-0.01, 0.02, -0.03]
    expectNear(values(w), [0.49, -0.98, 1.97]);
    opt.applyGradients([w], [g2]);
    // v = 0.9 [-0.01, 0.02, -0.03] - 0.1 [-0.05, 0.4, 0] = [-0.004, -0.022, -0.027]
    expectNear(values(w), [0.486, -1.002, 1.943]);
    expect(opt.iterations).toBe(2);
  });

  it("Nesterov: w += momentum v - lr g", () => {
    const w = start();
    const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
    opt.applyGradients([w], [g1]);
    // v = [-0.01, 0.02, -0.03]; w += 0.9 v - 0.1 g1 = [-0.019, 0.038, -0.057]
    expectNear(values(w), [0.481, -0.962, 1.943]);
  });
});

describe("Adam (lr 0.1, Keras' beta1 0.9, beta2 0.999, epsilon 1e-7)", () => {
  it("first step: m = 0.1 g, v = 0.001 g^2, alpha = 0.1 sqrt(0.001) / 0.1, so the step is 0.1 g / (|g| + 1e-7 / sqrt(0.001))", () => {
    const w = start();
    adam({ learningRate: 0.1 }).applyGradients([w], [g1]);
    // 1e-7 / sqrt(0.001) = 3.16227766e-6: steps 0.1*0.1/0.10000316228, 0.1*0.2/0.20000316228, 0.1*0.3/0.30000316228
    expectNear(values(w), [0.5 - 0.09999683788, -1 + 0.0999984189, 2 - 0.09999894593]);
  });

  it("second step: the moments decay, the bias correction uses t = 2", () => {
    const w = start();
    const opt = adam({ learningRate: 0.1 });
    opt.applyGradients([w], [g1]);
    const after1 = values(w);
    opt.applyGradients([w], [g2]);
    const want = after1.map((wi, i) => {
      const a = g1.data[i]!;
      const b = g2.data[i]!;
      const m = 0.9 * (0.1 * a) + 0.1 * b;
      const v = 0.999 * (0.001 * a * a) + 0.001 * b * b;
      const alpha = (0.1 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
      return wi - (alpha * m) / (Math.sqrt(v) + 1e-7);
    });
    expectNear(values(w), want);
    expect(opt.iterations).toBe(2);
  });
});

describe("optimizer errors", () => {
  it("rejects bad options, naming them", () => {
    expect(() => sgd({ learningRate: 0 })).toThrow(OptionError);
    expect(() => sgd({ momentum: 1.5 })).toThrow(
      /momentum must be a finite number in \[0, 1\], got 1.5/,
    );
    expect(() => adam({ beta1: 1 })).toThrow(/beta1 must be a finite number in \[0, 1\)/);
    expect(() => adam({ lr: 0.1 } as never)).toThrow(/unknown option "lr"/);
  });

  it("rejects gradients that do not fit the weights", () => {
    expect(() => sgd().applyGradients([start()], [])).toThrow(ShapeError);
    expect(() => adam().applyGradients([start()], [zeros([2])])).toThrow(
      /the gradient of w must have its shape/,
    );
  });
});
