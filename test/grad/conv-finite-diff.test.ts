// The conv backprops against finite differences of the forward ops, over generated
// configurations. The ops are linear in each input, so a large step measures the slope
// exactly up to float32 round-off.
import { afterAll, describe, expect, it } from "vitest";
import {
  type Tensor,
  biasAddGrad,
  conv2DBackpropFilter,
  conv2DBackpropInput,
  conv2d,
  depthwiseConv2d,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  gradCheck,
  pointwiseConv2d,
  pointwiseConv2dBackpropFilter,
  pointwiseConv2dBackpropInput,
  separableConv2d,
  separableConv2dGrad,
} from "../../src/index";
import { rand } from "../helpers";
import { gradCases } from "./cases";
import { expectGradClose, fdTol, weightedSum, worstErrors } from "./util";

const STEP = 0.5;
const cases = gradCases(120);

/** gradCheck, then each analytic gradient against its numeric one within fdTol(terms). */
function check(
  label: string,
  f: (t: Record<string, Tensor>) => number,
  inputs: Record<string, Tensor>,
  analytic: Record<string, Tensor>,
  terms: number,
): void {
  const result = gradCheck(f, inputs, analytic, { epsilon: STEP, tolerance: 1e-3 });
  expect(result.passed, result.report).toBe(true);
  for (const r of result.inputs)
    expectGradClose(
      `${label} d${r.name}`,
      analytic[r.name]!,
      r.numericGradient,
      fdTol(terms, STEP),
    );
}

afterAll(() =>
  console.log(
    `largest errors against finite differences over ${cases.length} configurations\n${worstErrors()}`,
  ),
);

describe("conv backprops == finite differences", () => {
  it("the configurations cover every geometry", () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const p of ["valid", "same", "explicit"])
      expect(
        cases.some((c) => (typeof c.padding === "string" ? c.padding : "explicit") === p),
      ).toBe(true);
    expect(cases.some((c) => c.strides !== 1 && c.padding === "same")).toBe(true);
    expect(cases.some((c) => c.dilations !== 1 && typeof c.padding !== "string")).toBe(true);
    expect(new Set(cases.map((c) => c.multiplier)).size).toBe(3);
    expect(new Set(cases.map((c) => (c.x.length === 4 ? c.x[0] : 0))).size).toBe(4); // batches 1-3 and rank 3
  });
  for (const c of cases) {
    const cin = c.x[c.x.length - 1]!;
    const batch = c.x.length === 4 ? c.x[0]! : 1; // a rank-3 input is one image
    const geometry = { strides: c.strides, padding: c.padding, dilations: c.dilations };
    it(`conv2d x, filter, bias ${c.name}`, () => {
      const x = rand(c.x);
      const filter = rand([c.kh, c.kw, cin, c.cout]);
      const bias = rand([c.cout]);
      const dy = rand(conv2d(x, filter, geometry).shape);
      check(
        "conv2d",
        (t) => weightedSum(conv2d(t.x!, t.filter!, { ...geometry, bias: t.bias! }), dy),
        { x, filter, bias },
        {
          x: conv2DBackpropInput(x.shape, dy, filter, geometry),
          filter: conv2DBackpropFilter(x, dy, filter.shape, geometry),
          bias: biasAddGrad(dy),
        },
        c.kh * c.kw * Math.max(cin, c.cout) * batch,
      );
    });
    it(`depthwiseConv2d x, filter ${c.name}`, () => {
      const x = rand(c.x);
      const filter = rand([c.kh, c.kw, cin, c.multiplier]);
      const dy = rand(depthwiseConv2d(x, filter, geometry).shape);
      check(
        "depthwiseConv2d",
        (t) => weightedSum(depthwiseConv2d(t.x!, t.filter!, geometry), dy),
        { x, filter },
        {
          x: depthwiseConv2dNativeBackpropInput(x.shape, dy, filter, geometry),
          filter: depthwiseConv2dNativeBackpropFilter(x, dy, filter.shape, geometry),
        },
        c.kh * c.kw * c.multiplier * batch * 4,
      );
    });
    it(`pointwiseConv2d x, filter ${c.name}`, () => {
      const x = rand(c.x);
      const filter = rand([cin, c.cout]); // the [Cin,Cout] form
      const dy = rand(pointwiseConv2d(x, filter, geometry).shape);
      check(
        "pointwiseConv2d",
        (t) => weightedSum(pointwiseConv2d(t.x!, t.filter!, geometry), dy),
        { x, filter },
        {
          x: pointwiseConv2dBackpropInput(x.shape, dy, filter, geometry),
          filter: pointwiseConv2dBackpropFilter(x, dy, filter.shape, geometry),
        },
        Math.max(cin, c.cout) * batch * 16,
      );
    });
    it(`separableConv2d x, depthwise, pointwise ${c.name}`, () => {
      const x = rand(c.x);
      const dw = rand([c.kh, c.kw, cin, c.multiplier]);
      const pw = rand([1, 1, cin * c.multiplier, c.cout]);
      const dy = rand(separableConv2d(x, dw, pw, geometry).shape);
      const g = separableConv2dGrad(x, dw, pw, dy, geometry);
      // Not linear in (dw, pw) jointly but linear in each: one value moves at a time.
      check(
        "separableConv2d",
        (t) => weightedSum(separableConv2d(t.x!, t.dw!, t.pw!, geometry), dy),
        { x, dw, pw },
        { x: g.dx, dw: g.dDepthwiseFilter, pw: g.dPointwiseFilter },
        c.kh * c.kw * cin * c.multiplier * c.cout * batch * 4,
      );
    });
  }
});
