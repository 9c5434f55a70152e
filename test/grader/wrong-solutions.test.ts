// The backward-pass exercises (notebook 07) through the real grader: each deliberately wrong
// solution gets partial credit, loses exactly the cases its mistake breaks (public on the
// grader's own inputs, and hidden), and its feedback says where the values differ and what
// that mistake looks like; every other exercise of the submission keeps full marks.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SubmissionResult } from "../../grader/grade/types";
import { FAST_LIMITS, pipeline, ROOT, submission } from "./helpers";

const wrong = (file: string) => ({
  [`${file.split(".")[0]}.ts`]: readFileSync(
    path.join(ROOT, "test/fixtures/wrong-solutions", file),
    "utf8",
  ),
});

/** Each wrong solution: its score, and every case it fails (public by name, hidden by number). */
const EXPECTED: {
  file: string;
  submission: 0 | 1;
  score: number;
  max: number;
  failed: string[];
  feedback: RegExp[];
}[] = [
  {
    file: "sparseSoftmaxCrossEntropyGrad.no-batch-mean.ts",
    submission: 0,
    score: 2,
    max: 6,
    failed: ["N=5 K=4 (batch mean)", "hidden case 1", "hidden case 2"],
    feedback: [
      /^20 of 20 values differ; first at \[0,0\]: .*max rel error 4 \(/,
      /Values N = 5 times too large mean the division by the batch size is missing/,
    ],
  },
  {
    file: "conv2DBackpropInput.no-column-bounds.ts",
    submission: 0,
    score: 7,
    max: 10,
    failed: ["in=1x5x5x2 f=3x3x2x3 s=1 p=same", "in=2x6x7x2 f=4x4x2x3 s=2 p=same", "hidden case 1"],
    feedback: [
      /^\d+ of 50 values differ; first at \[0,\d,\d,\d\]/,
      /a tap in the padding was not skipped/,
    ],
  },
  {
    file: "depthwiseConv2dNativeBackpropFilter.no-batch-sum.ts",
    submission: 0,
    score: 5,
    max: 8,
    failed: ["x=3x5x5x2 f=3x3x2x1 s=1 p=valid (batch of 3)", "hidden case 1", "hidden case 2"],
    feedback: [
      /^18 of 18 values differ; first at \[0,0,0,0\]/,
      /A gradient equal to one image's means the batch sum is missing/,
    ],
  },
  {
    file: "sparseSoftmaxCrossEntropyGrad.unstable-softmax.ts",
    submission: 1,
    score: 4,
    max: 6,
    failed: ["N=1 K=10 logits near 1000 (stable softmax)", "hidden case 2"],
    feedback: [
      /^10 of 10 values differ; first at \[0,0\]: expected [\d.e-]+, got NaN/,
      /NaN here means exp overflowed/,
    ],
  },
  {
    file: "depthwiseConv2dNativeBackpropFilter.wrong-channel-order.ts",
    submission: 1,
    score: 4,
    max: 8,
    failed: ["x=1x5x4x2 f=3x3x2x3 s=1 p=valid (multiplier 3)", "hidden case 1", "hidden case 2"],
    feedback: [
      /^36 of 54 values differ; first at \[0,0,0,1\]/,
      /reads channel c\*M \+ m \(TensorFlow's order\), not m\*C \+ c/,
    ],
  },
];

let results: SubmissionResult[] = [];

beforeAll(async () => {
  const dirs = [0, 1].map((i) =>
    submission(
      Object.assign({}, ...EXPECTED.filter((w) => w.submission === i).map((w) => wrong(w.file))),
    ),
  );
  results = await pipeline().gradeAll(dirs, {
    root: ROOT,
    hidden: true,
    jobs: 2,
    limits: FAST_LIMITS,
  });
}, 240_000);

describe("the grader on the backward exercises' wrong solutions", () => {
  for (const w of EXPECTED) {
    const id = w.file.split(".")[0]!;
    it(`${w.file}: ${w.score}/${w.max}, failing ${w.failed.join("; ")}`, () => {
      const e = results[w.submission]!.exercises.find((x) => x.id === id)!;
      expect([e.score, e.maxScore]).toEqual([w.score, w.max]);
      const failed = e.cases.filter((c) => c.status !== "passed");
      expect(failed.map((c) => c.name)).toEqual(w.failed);
      expect(failed.every((c) => c.status === "failed")).toBe(true);
      const first = failed.find((c) => !c.hidden)!;
      for (const pattern of w.feedback) expect(first.message).toMatch(pattern);
    });
  }
  it("every other exercise of both submissions keeps full marks", () => {
    results.forEach((r, i) => {
      const changed = new Set(
        EXPECTED.filter((w) => w.submission === i).map((w) => w.file.split(".")[0]),
      );
      for (const e of r.exercises.filter((x) => !changed.has(x.id)))
        expect(e.score, `${e.id} in submission ${i}`).toBe(e.maxScore);
    });
  });
});
