// TensorFlow.js (tfjs-backend-cpu) as an independent oracle for TensorFlow's semantics:
// padding placement, strides, dilations, explicit padding, depth multiplier, separable order.
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Tensor,
  compareTensors,
  conv2d,
  depthwiseConv2d,
  separableConv2d,
} from "../../src/index";
import { fromTf, pair, tf, tfPadding, toTf, useCpu } from "../grad/tfjs";
import { convCases, rand, tol } from "../helpers";

beforeAll(useCpu);

function expectClose(got: Tensor, expected: Tensor, terms: number): void {
  const c = compareTensors(got, expected, tol(terms));
  expect(c.kind === "close" ? "close" : c.message).toBe("close");
}

// tfjs wants rank 4, so rank-3 cases get a batch axis; every third case keeps the run short.
const cases = convCases().filter((_, i) => i % 3 === 0);

describe("sepconv == tfjs-backend-cpu", () => {
  for (const c of cases) {
    const x4 = c.x.length === 3 ? [1, ...c.x] : [...c.x];
    const cin = x4[3]!;
    const geometry = { strides: c.strides, padding: c.padding, dilations: c.dilations };
    it(`conv2d ${c.name}`, () => {
      const x = rand(x4);
      const f = rand([c.kh, c.kw, cin, c.cout]);
      const want = tf.conv2d(
        toTf(x) as tf.Tensor4D,
        toTf(f) as tf.Tensor4D,
        pair(c.strides),
        tfPadding(c.padding),
        "NHWC",
        pair(c.dilations),
      );
      expectClose(conv2d(x, f, geometry), fromTf(want), c.kh * c.kw * cin);
    });
    it(`depthwiseConv2d ${c.name}`, () => {
      const x = rand(x4);
      const f = rand([c.kh, c.kw, cin, c.multiplier]);
      const want = tf.depthwiseConv2d(
        toTf(x) as tf.Tensor4D,
        toTf(f) as tf.Tensor4D,
        pair(c.strides),
        tfPadding(c.padding),
        "NHWC",
        pair(c.dilations),
      );
      expectClose(depthwiseConv2d(x, f, geometry), fromTf(want), c.kh * c.kw);
    });
    if (typeof c.padding === "string") {
      // tf.separableConv2d accepts only "valid" and "same".
      it(`separableConv2d ${c.name}`, () => {
        const x = rand(x4);
        const dw = rand([c.kh, c.kw, cin, c.multiplier]);
        const pw = rand([1, 1, cin * c.multiplier, c.cout]);
        const want = tf.separableConv2d(
          toTf(x) as tf.Tensor4D,
          toTf(dw) as tf.Tensor4D,
          toTf(pw) as tf.Tensor4D,
          pair(c.strides),
          c.padding as "valid" | "same",
          pair(c.dilations),
        );
        expectClose(
          separableConv2d(x, dw, pw, geometry),
          fromTf(want),
          c.kh * c.kw * cin * c.multiplier,
        );
      });
    }
  }
});
