// Validation and the fused epilogue shared by every conv op: options are checked before any
// work, inputs become NHWC rank 4, and bias + activation run once on the final output.
import type { GeometryOptions } from "../conv-info";
import { OptionError, ShapeError, fmtShape, fmtValue } from "../errors";
import { choiceOption } from "../options";
import { isCounting } from "../reference/counter";
import { Tensor, checkTensor, dimsOf, sameShape } from "../tensor";
import { ACTIVATIONS, type Activation, applyPrelu, applyRelu } from "./activations";
import { broadcastIndex } from "./broadcast";
import type { FastEpilogue } from "../kernels/fast";

export interface EpilogueOptions {
  /** Added to the output, broadcast NumPy-style (usually one value per output channel). */
  bias?: Tensor;
  activation?: Activation;
  /** PReLU slopes for negative values, broadcast against the output; needs activation "prelu". */
  preluAlpha?: Tensor;
  /** A tensor of exactly the output's shape to write the result into (it is returned), so
   *  repeated calls reuse one array instead of allocating a new output each time. It must not
   *  share memory with an input. */
  out?: Tensor;
}

export interface ConvOptions extends GeometryOptions, EpilogueOptions {}

/** "fast" kernels for normal calls, the instrumented "reference" loops while counting. */
export type Mode = "fast" | "reference";

export function currentMode(): Mode {
  return isCounting() ? "reference" : "fast";
}

export const GEOMETRY_KEYS = ["strides", "padding", "dilations"] as const;
const EPILOGUE_KEYS = ["bias", "activation", "preluAlpha", "out"] as const;
export const CONV_KEYS = [...GEOMETRY_KEYS, ...EPILOGUE_KEYS] as const;

export interface NHWC {
  tensor: Tensor;
  shape: readonly [number, number, number, number];
  wasRank3: boolean;
}

/** x as [N,H,W,C]; rank 3 [H,W,C] is read as a batch of one. */
export function asNHWC(op: string, x: unknown): NHWC {
  const t = checkTensor(op, "x", x);
  if (t.rank !== 3 && t.rank !== 4) {
    throw new ShapeError(op, `x must be rank 4 [N,H,W,C] or rank 3 [H,W,C], got rank ${t.rank}`, {
      x: t.shape,
    });
  }
  if (t.size === 0) throw new ShapeError(op, `x has a zero-sized dimension`, { x: t.shape });
  const s = dimsOf(t);
  const shape = (t.rank === 3 ? [1, ...s] : s) as readonly [number, number, number, number];
  return { tensor: t, shape, wasRank3: t.rank === 3 };
}

/** A filter of the given rank with no zero-sized dimension; errors list x's shape when given
 *  (the gradient ops that take only a filter pass none). */
export function checkFilter(
  op: string,
  name: string,
  filter: unknown,
  layout: string,
  x?: Tensor,
): Tensor {
  const f = checkTensor(op, name, filter);
  const rank = layout.split(",").length;
  const shapes = x === undefined ? { [name]: f.shape } : { x: x.shape, [name]: f.shape };
  if (f.rank !== rank) {
    throw new ShapeError(
      op,
      `${name} must be rank ${rank} [${layout}], got rank ${f.rank}`,
      shapes,
    );
  }
  if (f.size === 0) throw new ShapeError(op, `${name} has a zero-sized dimension`, shapes);
  return f;
}

/** Checks activation, bias, alpha and out against the output shape (and out against the
 *  inputs it must not overlap), before any work is done. */
export function checkEpilogue(
  op: string,
  options: EpilogueOptions,
  outShape4: readonly number[],
  wasRank3: boolean,
  inputs: Record<string, Tensor>,
): void {
  const { activation, preluAlpha, bias, out } = options;
  choiceOption(op, "activation", activation, ACTIVATIONS);
  if (activation === "prelu" && preluAlpha === undefined) {
    throw new OptionError(
      op,
      "preluAlpha",
      preluAlpha,
      `activation "prelu" needs preluAlpha (a Tensor of slopes)`,
    );
  }
  if (preluAlpha !== undefined && activation !== "prelu") {
    throw new OptionError(
      op,
      "preluAlpha",
      preluAlpha,
      `preluAlpha is only used with activation "prelu", got activation ${fmtValue(activation)}`,
    );
  }
  const shape = wasRank3 ? outShape4.slice(1) : outShape4;
  if (preluAlpha !== undefined)
    broadcastIndex(op, "preluAlpha", checkTensor(op, "preluAlpha", preluAlpha), shape);
  if (bias !== undefined) broadcastIndex(op, "bias", checkTensor(op, "bias", bias), shape);
  if (out !== undefined) {
    const o = checkTensor(op, "out", out);
    if (!sameShape(dimsOf(o), shape)) {
      throw new ShapeError(op, `out must have the output's shape ${fmtShape(shape)}`, {
        out: o.shape,
      });
    }
    // The kernels and the epilogue would read values already overwritten.
    for (const name in inputs) checkApart(op, o, name, inputs[name]!, shape);
    if (bias !== undefined) checkApart(op, o, "bias", bias, shape);
    if (preluAlpha !== undefined) checkApart(op, o, "preluAlpha", preluAlpha, shape);
  }
}

/** out must share no memory with an input. */
function checkApart(
  op: string,
  out: Tensor,
  name: string,
  input: Tensor,
  shape: readonly number[],
): void {
  const a = out.data;
  const b = input.data;
  if (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  ) {
    throw new OptionError(
      op,
      "out",
      out,
      `out shares memory with ${name}; pass a tensor of its own (for example zeros(${fmtShape(shape)}))`,
    );
  }
}

export function geometryOf(options: GeometryOptions): GeometryOptions {
  const g: GeometryOptions = {};
  if (options.strides !== undefined) g.strides = options.strides;
  if (options.padding !== undefined) g.padding = options.padding;
  if (options.dilations !== undefined) g.dilations = options.dilations;
  return g;
}

export function epilogueOf(options: EpilogueOptions): EpilogueOptions {
  const e: EpilogueOptions = {};
  if (options.bias !== undefined) e.bias = options.bias;
  if (options.activation !== undefined) e.activation = options.activation;
  if (options.preluAlpha !== undefined) e.preluAlpha = options.preluAlpha;
  if (options.out !== undefined) e.out = options.out;
  return e;
}

/**
 * Wraps a kernel's NHWC output (or copies it into `out`, unless the kernel wrote it there
 * already), adds the bias, applies the activation (in place, on the output the caller sees:
 * rank 3 in gives rank 3 out).
 */
export function finish(
  op: string,
  result: Float32Array,
  shape4: readonly number[],
  wasRank3: boolean,
  options: EpilogueOptions,
): Tensor {
  const shape = wasRank3 ? shape4.slice(1) : shape4;
  const data = options.out?.data ?? result;
  if (data !== result) data.set(result);
  if (options.bias !== undefined) {
    const bias = options.bias;
    const at = broadcastIndex(op, "bias", bias, shape);
    for (let i = 0; i < data.length; i++) data[i]! += bias.data[at(i)]!;
  }
  if (options.activation === "relu") applyRelu(data);
  else if (options.activation === "prelu" && options.preluAlpha !== undefined)
    applyPrelu(op, data, shape, options.preluAlpha);
  return options.out ?? new Tensor(data, shape);
}

/**
 * The end of every conv op: in counting mode the reference loops and finish() for the whole
 * epilogue; otherwise the fast kernels with the part of the epilogue they apply in their memory
 * (bias per channel, ReLU/PReLU), and finish() for what is left (general broadcasting).
 */
export function runConv(
  op: string,
  mode: Mode,
  outShape4: readonly number[],
  wasRank3: boolean,
  options: EpilogueOptions,
  reference: () => Float32Array,
  fast: (epilogue: FastEpilogue | null, out: Float32Array | null) => Float32Array,
): Tensor {
  if (mode === "reference") return finish(op, reference(), outShape4, wasRank3, options);
  const { fast: epilogue, rest } = splitEpilogue(options, outShape4[3]!);
  return finish(op, fast(epilogue, options.out?.data ?? null), outShape4, wasRank3, rest);
}

/** A bias/alpha the kernels can apply: one value per channel (any leading 1s), or a single value. */
function perChannel(t: Tensor | undefined, channels: number, allowScalar: boolean): boolean {
  if (t === undefined) return true;
  if (allowScalar && t.size === 1) return true;
  return t.size === channels && dimsOf(t)[t.rank - 1] === channels;
}

/**
 * Splits the epilogue: what the fast kernels apply in their memory (per-channel bias, ReLU,
 * per-channel or single PReLU slope) and what is left for finish() (general broadcasting;
 * `out` always stays with finish, which returns it).
 */
export function splitEpilogue(
  options: EpilogueOptions,
  channels: number,
): { fast: FastEpilogue | null; rest: EpilogueOptions } {
  const { bias, activation = "linear", preluAlpha, out } = options;
  if (!perChannel(bias, channels, false) || !perChannel(preluAlpha, channels, true))
    return { fast: null, rest: options };
  const rest: EpilogueOptions = out ? { out } : {};
  if (bias === undefined && activation === "linear") return { fast: null, rest };
  return { fast: { bias: bias?.data ?? null, activation, alpha: preluAlpha?.data ?? null }, rest };
}
