// Gradient checking: compare a backward pass with the slope measured by nudging each input
// value up and down. The engine computes in float32, so the step is larger than a float64
// check would use, the step actually taken is measured (x + epsilon rounds to a float32), and
// errors are relative to at least a fraction of the input's largest gradient: round-off makes
// a near-zero gradient's own relative error meaningless.
import { DataError, OptionError, ShapeError, fmtShape, fmtValue } from "../errors";
import { checkOptions, failOption, numberOption } from "../options";
import { Tensor, dimsOf, sameShape } from "../tensor";
import { unravel } from "../compare";

/** Tensors as a list or by name; the function receives them the same way. */
export type TensorGroup = readonly Tensor[] | Readonly<Record<string, Tensor>>;

export interface GradCheckOptions {
  /** The step of the central difference (default 1e-2: float32 round-off swamps much smaller ones). */
  epsilon?: number;
  /** The largest relative error that passes (default 1e-2). */
  tolerance?: number;
  /** Errors are relative to max(|analytic|, |numeric|, floor * the input's largest |numeric|) (default 1e-3). */
  floor?: number;
}

export interface GradCheckInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly maxRelativeError: number;
  readonly maxAbsoluteError: number;
  /** Where the relative error is largest, with both values there. */
  readonly worstIndex: readonly number[];
  readonly analytic: number;
  readonly numeric: number;
  /** The whole finite-difference gradient. */
  readonly numericGradient: Tensor;
  readonly passed: boolean;
}

export interface GradCheckResult {
  readonly inputs: readonly GradCheckInput[];
  readonly maxRelativeError: number;
  readonly passed: boolean;
  /** One line per input, as toString() prints it. */
  readonly report: string;
}

/**
 * Checks `analytic` (the gradients of f with respect to each input, same names or order,
 * same shapes) against float64 central differences (f(x + h) - f(x - h)) / 2h, one input
 * value at a time. f returns a number or a one-element Tensor; it is called 2 * (number of
 * input values) + 1 times, on copies of the inputs (yours are not changed).
 */
export function gradCheck<G extends TensorGroup>(
  f: (inputs: G) => number | Tensor,
  inputs: G,
  analytic: G,
  options: GradCheckOptions = {},
): GradCheckResult {
  const op = "gradCheck";
  if (typeof f !== "function")
    failOption(op, "f", f, "a function of the inputs returning a number");
  checkOptions(op, options, ["epsilon", "tolerance", "floor"]);
  const epsilon = positive(op, "epsilon", options.epsilon, 1e-2);
  const tolerance = positive(op, "tolerance", options.tolerance, 1e-2);
  const floor = positive(op, "floor", options.floor, 1e-3);
  const names = namesOf(op, "inputs", inputs);
  const given = namesOf(op, "analytic", analytic);
  if (names.join() !== given.join()) {
    throw new OptionError(
      op,
      "analytic",
      analytic,
      `analytic must hold one gradient per input (${names.join(", ")}), got ${given.join(", ") || "none"}`,
    );
  }
  const inputAt = (name: string): Tensor => (inputs as Record<string, Tensor>)[name]!;
  const gradAt = (name: string): Tensor => (analytic as Record<string, Tensor>)[name]!;
  for (const name of names) {
    if (!sameShape(dimsOf(gradAt(name)), dimsOf(inputAt(name)))) {
      throw new ShapeError(op, `the gradient of ${name} must have its shape`, {
        [name]: inputAt(name).shape,
        [`analytic ${name}`]: gradAt(name).shape,
      });
    }
  }
  // Copies, perturbed in place one value at a time and restored.
  const copies: Record<string, Tensor> = {};
  for (const name of names)
    copies[name] = new Tensor(Float32Array.from(inputAt(name).data), inputAt(name).shape);
  const group = (Array.isArray(inputs) ? names.map((n) => copies[n]!) : copies) as unknown as G;
  const evaluate = (): number => scalarOf(op, f(group));
  evaluate(); // fails early on a function that does not return a scalar

  const results: GradCheckInput[] = [];
  for (const name of names) {
    const data = copies[name]!.data;
    const numeric = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      data[i] = v + epsilon;
      const up = data[i]! - v; // the step float32 could take
      const fUp = evaluate();
      data[i] = v - epsilon;
      const down = v - data[i]!;
      const fDown = evaluate();
      data[i] = v;
      if (!(up + down > 0))
        throw new OptionError(
          op,
          "epsilon",
          epsilon,
          `epsilon ${epsilon} is too small to change ${name}[${i}] = ${v} in float32`,
        );
      numeric[i] = (fUp - fDown) / (up + down);
    }
    results.push(compare(name, inputAt(name).shape, gradAt(name).data, numeric, floor, tolerance));
  }
  const maxRelativeError = results.reduce(
    (m, r) => (r.maxRelativeError > m || Number.isNaN(r.maxRelativeError) ? r.maxRelativeError : m),
    0,
  );
  const header = `gradCheck: central differences with step ${epsilon}; relative error |analytic - numeric| / max(|analytic|, |numeric|, ${floor} * largest |numeric|); passes at <= ${tolerance}`;
  const width = Math.max(...names.map((n) => n.length));
  const lines = results.map((r) => {
    const head = `  ${r.name.padEnd(width)}  ${fmtShape(r.shape).padEnd(14)}  max relative error ${fmtError(r.maxRelativeError)}`;
    return r.passed
      ? `${head}  ok`
      : `${head}  FAILED at ${fmtShape(r.worstIndex)}: analytic ${Number(r.analytic.toPrecision(6))}, numeric ${Number(r.numeric.toPrecision(6))}`;
  });
  const report = [header, ...lines].join("\n");
  return {
    inputs: results,
    maxRelativeError,
    passed: results.every((r) => r.passed),
    report,
    toString: () => report,
  } as GradCheckResult;
}

function compare(
  name: string,
  shape: readonly number[],
  analytic: Float32Array,
  numeric: Float64Array,
  floor: number,
  tolerance: number,
): GradCheckInput {
  let largest = 0;
  for (const v of numeric) largest = Math.max(largest, Math.abs(v));
  let maxRel = 0;
  let maxAbs = 0;
  let worst = 0;
  for (let i = 0; i < numeric.length; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    const abs = Math.abs(a - n);
    const scale = Math.max(Math.abs(a), Math.abs(n), floor * largest);
    const rel = abs === 0 ? 0 : abs / scale; // NaN when either is NaN
    if (!(rel <= maxRel)) {
      maxRel = rel;
      worst = i;
    }
    if (!(abs <= maxAbs)) maxAbs = abs;
  }
  return {
    name,
    shape,
    maxRelativeError: maxRel,
    maxAbsoluteError: maxAbs,
    worstIndex: unravel(worst, shape),
    analytic: analytic[worst]!,
    numeric: numeric[worst]!,
    numericGradient: new Tensor(Float32Array.from(numeric), shape),
    passed: maxRel <= tolerance,
  };
}

function namesOf(op: string, what: string, group: unknown): string[] {
  const isTensor = (t: unknown): t is Tensor => t instanceof Tensor;
  if (Array.isArray(group)) {
    if (group.length === 0 || !group.every(isTensor))
      throw new DataError(
        op,
        `${what} must be a non-empty list of Tensors or an object of Tensors, got ${fmtValue(group)}`,
      );
    return group.map((_, i) => String(i)); // a list's names are its indices
  }
  if (group === null || typeof group !== "object" || group instanceof Tensor) {
    throw new DataError(
      op,
      `${what} must be a non-empty list of Tensors or an object of Tensors, got ${fmtValue(group)}`,
    );
  }
  const names = Object.keys(group);
  if (names.length === 0 || !names.every((n) => isTensor((group as Record<string, unknown>)[n]))) {
    throw new DataError(
      op,
      `${what} must be a non-empty list of Tensors or an object of Tensors, got ${fmtValue(group)}`,
    );
  }
  return names;
}

function scalarOf(op: string, value: unknown): number {
  if (typeof value === "number") return value;
  if (value instanceof Tensor && value.size === 1) return value.data[0]!;
  if (value instanceof Tensor)
    throw new ShapeError(op, `f must return a number or a one-element Tensor (a loss)`, {
      result: value.shape,
    });
  throw new DataError(
    op,
    `f must return a number or a one-element Tensor (a loss), got ${fmtValue(value)}`,
  );
}

function positive(op: string, name: string, value: unknown, fallback: number): number {
  return numberOption(op, name, value, { above: 0 }) ?? fallback;
}

function fmtError(e: number): string {
  return e === 0 ? "0" : e.toExponential(2);
}
