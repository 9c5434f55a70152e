// The conv backprops against TensorFlow.js's gradients (tf.grads on tfjs-backend-cpu) over the
// generated configurations: conv2d (input, filter, bias), depthwise with depth multiplier,
// pointwise, separable (depthwise then a 1x1 conv2d in tfjs, so explicit padding works too).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  biasAddGrad,
  conv2DBackpropFilter,
  conv2DBackpropInput,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  pointwiseConv2dBackpropFilter,
  pointwiseConv2dBackpropInput,
  separableConv2dGrad,
} from "../../src/index";
import { tol, rand } from "../helpers";
import { gradCases } from "./cases";
import { dilateFilter, fromTf, pair, tf, tfPadding, toTf, useCpu } from "./tfjs";
import { expectGradClose, worstErrors } from "./util";

beforeAll(useCpu);
const cases = gradCases(120);
afterAll(() =>
  console.log(
    `largest errors against tf.grads over ${cases.length} configurations\n${worstErrors()}`,
  ),
);

/** Output shape of the forward conv in tfjs, for dy. */
const outShape = (y: tf.Tensor): number[] => [...y.shape];

describe("conv backprops == tf.grads (tfjs-backend-cpu)", () => {
  it("at least 100 configurations", () => expect(cases.length).toBeGreaterThanOrEqual(100));
  for (const c of cases) {
    // tfjs wants rank 4; a rank-3 case runs as a batch of one on both sides.
    const x4 = c.x.length === 3 ? [1, ...c.x] : c.x;
    const [n, , , cin] = x4 as [number, number, number, number];
    const geometry = { strides: c.strides, padding: c.padding, dilations: c.dilations };
    const s = pair(c.strides);
    const pad = tfPadding(c.padding);
    it(`conv2d x, filter, bias ${c.name}`, () => {
      const x = rand(x4);
      const filter = rand([c.kh, c.kw, cin, c.cout]);
      const bias = rand([c.cout]);
      const f = (xt: tf.Tensor, ft: tf.Tensor, bt: tf.Tensor) =>
        tf.add(
          tf.conv2d(xt as tf.Tensor4D, dilateFilter(ft as tf.Tensor4D, c.dilations), s, pad),
          bt,
        );
      const dy = rand(outShape(f(toTf(x), toTf(filter), toTf(bias))));
      const [dx, dFilter, dBias] = tf.grads(f)([toTf(x), toTf(filter), toTf(bias)], toTf(dy));
      expectGradClose(
        "conv2d dx",
        conv2DBackpropInput(x.shape, dy, filter, geometry),
        fromTf(dx!),
        tol(c.kh * c.kw * c.cout),
      );
      expectGradClose(
        "conv2d dfilter",
        conv2DBackpropFilter(x, dy, filter.shape, geometry),
        fromTf(dFilter!),
        tol(n * dy.shape[1]! * dy.shape[2]!),
      );
      expectGradClose("conv2d dbias", biasAddGrad(dy), fromTf(dBias!), tol(dy.size));
    });
    it(`depthwiseConv2d x, filter ${c.name}`, () => {
      const x = rand(x4);
      const filter = rand([c.kh, c.kw, cin, c.multiplier]);
      const f = (xt: tf.Tensor, ft: tf.Tensor) =>
        tf.depthwiseConv2d(xt as tf.Tensor4D, dilateFilter(ft as tf.Tensor4D, c.dilations), s, pad);
      const dy = rand(outShape(f(toTf(x), toTf(filter))));
      const [dx, dFilter] = tf.grads(f)([toTf(x), toTf(filter)], toTf(dy));
      expectGradClose(
        "depthwiseConv2d dx",
        depthwiseConv2dNativeBackpropInput(x.shape, dy, filter, geometry),
        fromTf(dx!),
        tol(c.kh * c.kw * c.multiplier),
      );
      expectGradClose(
        "depthwiseConv2d dfilter",
        depthwiseConv2dNativeBackpropFilter(x, dy, filter.shape, geometry),
        fromTf(dFilter!),
        tol(n * dy.shape[1]! * dy.shape[2]!),
      );
    });
    it(`pointwiseConv2d x, filter ${c.name}`, () => {
      const x = rand(x4);
      const filter = rand([1, 1, cin, c.cout]);
      const f = (xt: tf.Tensor, ft: tf.Tensor) =>
        tf.conv2d(xt as tf.Tensor4D, ft as tf.Tensor4D, s, pad);
      const dy = rand(outShape(f(toTf(x), toTf(filter))));
      const [dx, dFilter] = tf.grads(f)([toTf(x), toTf(filter)], toTf(dy));
      expectGradClose(
        "pointwiseConv2d dx",
        pointwiseConv2dBackpropInput(x.shape, dy, filter, geometry),
        fromTf(dx!),
        tol(c.cout),
      );
      expectGradClose(
        "pointwiseConv2d dfilter",
        pointwiseConv2dBackpropFilter(x, dy, filter.shape, geometry),
        fromTf(dFilter!),
        tol(n * dy.shape[1]! * dy.shape[2]!),
      );
    });
    it(`separableConv2d x, depthwise, pointwise ${c.name}`, () => {
      const x = rand(x4);
      const dw = rand([c.kh, c.kw, cin, c.multiplier]);
      const pw = rand([1, 1, cin * c.multiplier, c.cout]);
      const f = (xt: tf.Tensor, dwt: tf.Tensor, pwt: tf.Tensor) =>
        tf.conv2d(
          tf.depthwiseConv2d(
            xt as tf.Tensor4D,
            dilateFilter(dwt as tf.Tensor4D, c.dilations),
            s,
            pad,
          ),
          pwt as tf.Tensor4D,
          1,
          "valid",
        );
      const dy = rand(outShape(f(toTf(x), toTf(dw), toTf(pw))));
      const [dx, dDw, dPw] = tf.grads(f)([toTf(x), toTf(dw), toTf(pw)], toTf(dy));
      const g = separableConv2dGrad(x, dw, pw, dy, geometry);
      const pixels = n * dy.shape[1]! * dy.shape[2]!;
      expectGradClose(
        "separableConv2d dx",
        g.dx,
        fromTf(dx!),
        tol(c.kh * c.kw * c.multiplier * c.cout),
      );
      expectGradClose(
        "separableConv2d ddepthwise",
        g.dDepthwiseFilter,
        fromTf(dDw!),
        tol(pixels * c.cout),
      );
      expectGradClose(
        "separableConv2d dpointwise",
        g.dPointwiseFilter,
        fromTf(dPw!),
        tol(pixels * c.kh * c.kw),
      );
    });
  }
});
