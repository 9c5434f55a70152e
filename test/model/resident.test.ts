// Resident outputs (kernels/wasm.ts residentOutputs): inside a training step the ops' large
// outputs live in kernel memory and the next op reads them where they are. The same values as
// ordinary arrays, inputs never written, nothing resident ever reaches a caller, and steps
// reuse the same memory instead of growing it.
import { describe, expect, it } from "vitest";
import {
  conv2d,
  depthwiseConv2d,
  digitNetwork,
  fusedBatchNorm,
  ones,
  pointwiseConv2d,
  randomUniform,
  relu,
  separableConv2d,
  sgd,
  type Tensor,
  zeros,
} from "../../src/index";
import { kernels, recycleOutputs, residentOutputs } from "../../src/kernels/wasm";

const x = randomUniform([4, 20, 20, 16], { seed: 1, min: -1 });
const dw = randomUniform([3, 3, 16, 1], { seed: 2, min: -1 });
const pw = randomUniform([1, 1, 16, 32], { seed: 3, min: -1 });
const f = randomUniform([3, 3, 16, 16], { seed: 4, min: -1 });

/** A chain of ops, each reading the previous one's output (4 x 20 x 20 x 16 and more: resident). */
function chain(): Tensor[] {
  const a = depthwiseConv2d(x, dw, { padding: "same" });
  const b = relu(a);
  const c = pointwiseConv2d(b, pw);
  const d = separableConv2d(a, dw, pw, { padding: "same" });
  const e = conv2d(b, f, { padding: "same" });
  const n = fusedBatchNorm(a, ones([16]), zeros([16]), { training: true, activation: "relu" });
  return [a, b, c, d, e, n.y];
}

const inKernelMemory = (t: Tensor) => t.data.buffer instanceof SharedArrayBuffer;

describe("resident outputs", () => {
  it("give the values ordinary arrays give, and leave their inputs as they were", () => {
    const want = chain().map((t) => Float32Array.from(t.data));
    let resident = 0;
    const got = residentOutputs(() => {
      const ys = chain();
      resident = ys.filter(inKernelMemory).length;
      const a = ys[0]!;
      const before = Float32Array.from(a.data);
      relu(a); // in place on its own output, never on a resident input
      expect(a.data).toEqual(before);
      return ys.map((t) => Float32Array.from(t.data));
    });
    expect(resident).toBe(6);
    expect(got).toEqual(want);
  });

  it("never reach a caller outside a step, even once recycled", () => {
    const inside = residentOutputs(() => depthwiseConv2d(x, dw, { padding: "same" }));
    recycleOutputs([inside.data]);
    for (let i = 0; i < 3; i++) {
      const y = depthwiseConv2d(x, dw, { padding: "same" });
      expect(y.data.buffer).toBeInstanceOf(ArrayBuffer);
      expect(y.data.buffer.byteLength).toBe(y.data.length * 4);
    }
  });

  it("are reused by the next step: training does not grow kernel memory", () => {
    const batch = randomUniform([16, 28, 28, 1], { seed: 5 });
    const labels = Array.from({ length: 16 }, (_, i) => i % 10);
    for (const form of ["separable", "standard"] as const) {
      const model = digitNetwork(8, form, { seed: 1 });
      const optimizer = sgd({ learningRate: 0.05, momentum: 0.9 });
      for (let i = 0; i < 3; i++) model.trainOnBatch(batch, labels, { optimizer });
      const bytes = kernels().memory.buffer.byteLength;
      for (let i = 0; i < 10; i++) model.trainOnBatch(batch, labels, { optimizer });
      expect(kernels().memory.buffer.byteLength).toBe(bytes);
    }
  });
});
