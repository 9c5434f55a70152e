// The reference outputs: two independent implementations must agree (each fixture, public and
// hidden, and each public case as the grader regenerates it, against the engine's own ops), the
// files on disk are current, and regenerating them is deterministic.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildFixtureFile } from "../../grader/fixtures";
import { gradedPublicCases } from "../../grader/grade/public-cases";
import {
  allClose,
  conv2DBackpropInput,
  conv2d,
  course,
  depthwiseConv2d,
  depthwiseConv2dNativeBackpropFilter,
  type LayerSpec,
  layerCost,
  pointwiseConv2d,
  separableConv2d,
  separateKernel,
  sparseSoftmaxCrossEntropyGrad,
  spatialSeparableConv2d,
  Tensor,
} from "../../src/index";
import { courseCopy, ROOT } from "./helpers";

type Args = course.Value[];
const T = (v: course.Value) => v as Tensor;
const as3 = (t: Tensor) => t.reshape([t.shape[0]!, t.shape[1]!, 1]);
const as2 = (t: Tensor) => t.reshape([t.shape[0]!, t.shape[1]!]);

/** The engine's answer for each exercise, from the public API. */
const ENGINE: Record<string, (args: Args) => course.Value> = {
  convolve2d: ([img, k]) => as2(conv2d(as3(T(img!)), T(k!).reshape([...T(k!).shape, 1, 1]))),
  separateKernel: ([k]) => separateKernel(T(k!)) as course.Value,
  spatialSeparableConvolve: ([img, col, row]) =>
    as2(spatialSeparableConv2d(as3(T(img!)), T(col!), T(row!))),
  conv2d: ([x, f, s, p]) =>
    conv2d(T(x!), T(f!), { strides: s as number, padding: p as "valid" | "same" }),
  depthwiseConv2d: ([x, f, s, p]) =>
    depthwiseConv2d(T(x!), T(f!), { strides: s as number, padding: p as "valid" | "same" }),
  pointwiseConv2d: ([x, f]) => pointwiseConv2d(T(x!), T(f!)),
  separableConv2d: ([x, dw, pw, s, p]) =>
    separableConv2d(T(x!), T(dw!), T(pw!), {
      strides: s as number,
      padding: p as "valid" | "same",
    }),
  countMultiplications: ([layer]) => {
    const l = layer as {
      type: string;
      inputShape: [number, number, number];
      kernelSize: number;
      filters?: number;
      depthMultiplier?: number;
      stride?: number;
      padding?: "valid" | "same";
    };
    const types: Record<string, LayerSpec["type"]> = {
      standard: "conv2d",
      depthwise: "depthwiseConv2d",
      pointwise: "pointwiseConv2d",
      separable: "separableConv2d",
    };
    const type = types[l.type]!;
    const spec: LayerSpec = { type, inputShape: l.inputShape };
    if (type !== "pointwiseConv2d") spec.kernelSize = l.kernelSize;
    if (l.filters !== undefined) spec.filters = l.filters;
    if (l.depthMultiplier !== undefined) spec.depthMultiplier = l.depthMultiplier;
    if (l.stride !== undefined) spec.strides = l.stride;
    if (l.padding !== undefined) spec.padding = l.padding;
    return layerCost(spec).multiplies;
  },
  oneByOneBlock: ([x, f, act, alpha]) =>
    pointwiseConv2d(
      T(x!),
      T(f!),
      act === "prelu" ? { activation: "prelu", preluAlpha: T(alpha!) } : { activation: "relu" },
    ),
  // The backward exercises against the engine's gradient ops (notebook 07).
  sparseSoftmaxCrossEntropyGrad: ([labels, logits]) =>
    sparseSoftmaxCrossEntropyGrad(labels as number[], T(logits!)),
  conv2DBackpropInput: ([shape, dy, f, s, p, d]) =>
    conv2DBackpropInput(shape as number[], T(dy!), T(f!), {
      strides: s as number,
      padding: p as "valid" | "same",
      dilations: d as number,
    }),
  depthwiseConv2dNativeBackpropFilter: ([x, dy, shape, s, p]) =>
    depthwiseConv2dNativeBackpropFilter(T(x!), T(dy!), shape as number[], {
      strides: s as number,
      padding: p as "valid" | "same",
    }),
};

const manifest = course.readManifest(ROOT);

/** The reference output of one case, checked against the engine's answer for its inputs. */
function expectEngineAgrees(id: string, c: course.FixtureCase): void {
  const expected = course.decodeValue(c.expected);
  const engine = ENGINE[id]!(c.args.map((a) => course.decodeValue(a)));
  if (id === "separateKernel") {
    expect(engine === null, "rank-1 verdicts differ").toBe(expected === null);
    if (expected !== null) {
      const k = T(course.decodeValue(c.args[0]!));
      const { column, row } = expected as { column: Tensor; row: Tensor };
      const outer = new Tensor(
        Float32Array.from(
          k.data,
          (_, i) => column.data[Math.floor(i / k.shape[1]!)]! * row.data[i % k.shape[1]!]!,
        ),
        k.shape,
      );
      expect(allClose(outer, k, { rtol: 1e-5, atol: 1e-6 })).toBe(true);
    }
    return;
  }
  const verdict = course.judge(engine, expected, c);
  expect(verdict.passed ? "agree" : verdict.message).toBe("agree");
}

describe("reference outputs == the engine's ops", () => {
  it("every exercise has an engine equivalent", () => {
    for (const e of manifest.exercises) expect(ENGINE[e.id], e.id).toBeDefined();
  });
  for (const e of manifest.exercises) {
    for (const hidden of [false, true]) {
      const file = course.readFixtures(ROOT, e.id, hidden);
      for (const c of file.cases) {
        it(`${e.id}${hidden ? " (hidden)" : ""} ${c.name}`, () => expectEngineAgrees(e.id, c));
      }
    }
  }
  // The public cases the grader regenerates on its own seeds hold the same way.
  const graded = gradedPublicCases(ROOT, manifest).atLoad;
  for (const e of manifest.exercises) {
    for (const c of graded.get(e.id)!) {
      it(`${e.id} (graded) ${c.name}`, () => expectEngineAgrees(e.id, c));
    }
  }
});

describe("fixture files", () => {
  for (const e of manifest.exercises) {
    it(`${e.id}: the committed public and hidden fixtures are what the reference solutions give, twice over`, () => {
      for (const hidden of [false, true]) {
        const a = `${JSON.stringify(buildFixtureFile(ROOT, e.id, hidden), null, 1)}\n`;
        const b = `${JSON.stringify(buildFixtureFile(ROOT, e.id, hidden), null, 1)}\n`;
        expect(a).toBe(b);
        expect(readFileSync(course.fixturePath(ROOT, e.id, hidden), "utf8")).toBe(a);
      }
    });
  }
  it("points of public + hidden cases add up to the manifest's", () => {
    for (const e of manifest.exercises) {
      const total = [false, true]
        .flatMap((h) => course.readFixtures(ROOT, e.id, h).cases)
        .reduce((t, c) => t + c.points, 0);
      expect(total, e.id).toBe(e.points);
    }
  });
  it("hidden fixtures live under a path containing 'hidden', public ones do not", () => {
    for (const e of manifest.exercises) {
      expect(course.fixturePath(ROOT, e.id, true)).toMatch(/hidden/);
      expect(course.fixturePath(ROOT, e.id, false)).not.toMatch(/hidden/);
    }
  });
  it("a fixture file that breaks the schema is rejected with the file and the field named", () => {
    const dir = courseCopy();
    const file = course.fixturePath(dir, "conv2d", false);
    const fixture = JSON.parse(readFileSync(file, "utf8")) as { cases: { points: number }[] };
    fixture.cases[0]!.points = -1;
    writeFileSync(file, JSON.stringify(fixture));
    expect(() => course.readFixtures(dir, "conv2d", false)).toThrow(
      `${file} does not match its schema:\n✖ Too small`,
    );
    expect(() => course.readFixtures(dir, "conv2d", false)).toThrow("→ at cases[0].points");
  });
});
