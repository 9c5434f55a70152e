// Tensor: a shape and a Float32Array in row-major (C) order. Nothing else: ops live in ops/.
import { DataError, OptionError, ShapeError, fmtShape, fmtValue } from "./errors";
import { checkNumber, checkOptions, failOption, isInteger } from "./options";
import { checkSeed, createRng } from "./random";

/** Nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | readonly NestedArray[];
export type TensorLike = NestedArray | Float32Array | Float64Array | Int32Array | readonly number[];

/** A tensor's dimensions as a plain array, for the engine's own hot paths (Tensor's #dims);
 *  not exported from the package. */
export let dimsOf: (t: Tensor) => readonly number[];

export class Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
  /** The same dimensions, not frozen, for the ops (V8 reads a frozen array's elements slowly, and
   *  an op reads shapes dozens of times: see test/bench/README.md). Private, so the frozen `shape`
   *  stays the only view anyone outside the engine has. */
  readonly #dims: readonly number[];
  static {
    dimsOf = (t) => t.#dims;
  }

  /** Wraps `data` without copying; the length must equal the product of the shape. */
  constructor(data: Float32Array, shape: readonly number[]) {
    const dims = checkShape("Tensor", "shape", shape);
    if (!(data instanceof Float32Array)) {
      throw new DataError("Tensor", `data must be a Float32Array, got ${fmtValue(data)}`);
    }
    if (data.length !== sizeOf(dims)) {
      throw new ShapeError(
        "Tensor",
        `data has ${data.length} values but the shape needs ${sizeOf(dims)}`,
        {
          shape: dims,
        },
      );
    }
    this.shape = Object.freeze(dims.slice());
    this.#dims = dims.slice();
    this.data = data;
  }

  get rank(): number {
    return this.#dims.length;
  }

  get size(): number {
    return this.data.length;
  }

  /** The element at a full index, e.g. `t.get(0, 2, 3, 1)` for a rank-4 tensor. */
  get(...index: number[]): number {
    if (index.length !== this.rank) {
      throw new ShapeError(
        "Tensor.get",
        `got ${index.length} indices for a rank-${this.rank} tensor`,
        {
          shape: this.shape,
        },
      );
    }
    let offset = 0;
    for (let i = 0; i < index.length; i++) {
      const k = index[i]!;
      const dim = this.shape[i]!;
      if (!isInteger(k, 0, dim - 1)) {
        throw new OptionError(
          "Tensor.get",
          "index",
          index,
          `index ${fmtValue(index)} is out of range for shape ${fmtShape(this.shape)} (axis ${i})`,
        );
      }
      offset = offset * dim + k;
    }
    return this.data[offset]!;
  }

  /** Nested plain arrays (a number for a rank-0 tensor). */
  toArray(): NestedArray {
    if (this.rank === 0) return this.data[0]!;
    const build = (axis: number, offset: number): NestedArray[] => {
      const dim = this.shape[axis]!;
      const stride = sizeOf(this.shape.slice(axis + 1));
      const out: NestedArray[] = new Array(dim);
      for (let i = 0; i < dim; i++) {
        out[i] =
          axis === this.rank - 1 ? this.data[offset + i]! : build(axis + 1, offset + i * stride);
      }
      return out;
    };
    return build(0, 0);
  }

  /** Same data, another shape with the same number of elements (no copy). */
  reshape(shape: readonly number[]): Tensor {
    const dims = checkShape("reshape", "shape", shape);
    if (sizeOf(dims) !== this.size) {
      throw new ShapeError("reshape", `cannot reshape ${this.size} values into ${fmtShape(dims)}`, {
        from: this.shape,
        to: dims,
      });
    }
    return new Tensor(this.data, dims);
  }

  toString(): string {
    return `Tensor ${fmtShape(this.shape)}`;
  }
}

/** Same rank and the same size on every axis. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Checks a shape argument: an array of non-negative integers. Returns a plain copy. */
export function checkShape(op: string, name: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) failOption(op, name, shape, "an array of sizes");
  const dims: number[] = [];
  for (const d of shape as unknown[]) {
    if (!isInteger(d, 0)) {
      throw new OptionError(
        op,
        name,
        shape,
        `${name} ${fmtValue(shape)} must hold non-negative integer sizes, got ${fmtValue(d)}`,
      );
    }
    dims.push(d);
  }
  return dims;
}

/** Checks that a function argument is a Tensor (and not, say, a nested array). */
export function checkTensor(op: string, name: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    throw new DataError(
      op,
      `${name} must be a Tensor (use tensor(values, shape)), got ${fmtValue(value)}`,
    );
  }
  return value;
}

/**
 * Builds a tensor from a number, flat or nested arrays, or a typed array. With `shape`, the
 * number of values must match it; without, nested arrays give the shape and flat ones are 1-D.
 */
export function tensor(values: TensorLike, shape?: readonly number[]): Tensor {
  const op = "tensor";
  let flat: Float32Array;
  let inferred: number[];
  if (ArrayBuffer.isView(values)) {
    if (
      !(
        values instanceof Float32Array ||
        values instanceof Float64Array ||
        values instanceof Int32Array
      )
    ) {
      throw new DataError(op, "typed arrays must be Float32Array, Float64Array or Int32Array");
    }
    flat = Float32Array.from(values);
    inferred = [flat.length];
  } else if (typeof values === "number") {
    flat = Float32Array.of(values);
    inferred = [];
  } else if (Array.isArray(values)) {
    inferred = inferNestedShape(values);
    flat = new Float32Array(sizeOf(inferred));
    let k = 0;
    const walk = (v: NestedArray, depth: number, path: number[]): void => {
      if (depth === inferred.length) {
        if (typeof v !== "number") {
          throw new DataError(
            op,
            `value at ${fmtValue(path)} must be a number, got ${fmtValue(v)}`,
          );
        }
        flat[k++] = v;
        return;
      }
      if (!Array.isArray(v) || v.length !== inferred[depth]) {
        throw new DataError(
          op,
          `ragged nesting at ${fmtValue(path)}: expected ${inferred[depth]} items like the first row, got ${
            Array.isArray(v) ? v.length : fmtValue(v)
          }`,
        );
      }
      (v as readonly NestedArray[]).forEach((item, i) => {
        walk(item, depth + 1, [...path, i]);
      });
    };
    walk(values as NestedArray, 0, []);
  } else {
    throw new DataError(
      op,
      `values must be a number, an array or a typed array, got ${fmtValue(values)}`,
    );
  }
  if (shape === undefined) return new Tensor(flat, inferred);
  const dims = checkShape(op, "shape", shape);
  if (sizeOf(dims) !== flat.length) {
    throw new ShapeError(
      op,
      `${flat.length} values do not fill shape ${fmtShape(dims)} (${sizeOf(dims)} values)`,
      {
        values: inferred,
        shape: dims,
      },
    );
  }
  return new Tensor(flat, dims);
}

function inferNestedShape(values: readonly unknown[]): number[] {
  const shape: number[] = [];
  let cur: unknown = values;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

export function zeros(shape: readonly number[]): Tensor {
  const dims = checkShape("zeros", "shape", shape);
  return new Tensor(new Float32Array(sizeOf(dims)), dims);
}

export function ones(shape: readonly number[]): Tensor {
  return fill(shape, 1, "ones");
}

export function fill(shape: readonly number[], value: number, op = "fill"): Tensor {
  const dims = checkShape(op, "shape", shape);
  checkNumber(op, "value", value, { finite: false });
  return new Tensor(new Float32Array(sizeOf(dims)).fill(value), dims);
}

export interface RandomNormalOptions {
  seed: number;
  mean?: number;
  stddev?: number;
}

/** Normally distributed values from the package's seeded generator. */
export function randomNormal(shape: readonly number[], options: RandomNormalOptions): Tensor {
  const op = "randomNormal";
  const dims = checkShape(op, "shape", shape);
  checkOptions(op, options, ["seed", "mean", "stddev"]);
  const rng = createRng(checkSeed(op, options?.seed));
  const mean = checkNumber(op, "mean", options.mean ?? 0);
  const stddev = checkNumber(op, "stddev", options.stddev ?? 1, { min: 0 });
  const data = new Float32Array(sizeOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = mean + stddev * rng.normal();
  return new Tensor(data, dims);
}

export interface RandomUniformOptions {
  seed: number;
  min?: number;
  max?: number;
}

/** Uniform values in [min, max) (default [0, 1)) from the package's seeded generator. */
export function randomUniform(shape: readonly number[], options: RandomUniformOptions): Tensor {
  const op = "randomUniform";
  const dims = checkShape(op, "shape", shape);
  checkOptions(op, options, ["seed", "min", "max"]);
  const rng = createRng(checkSeed(op, options?.seed));
  const min = checkNumber(op, "min", options.min ?? 0);
  const max = checkNumber(op, "max", options.max ?? 1);
  if (!(max > min))
    throw new OptionError(op, "max", max, `max (${max}) must be greater than min (${min})`);
  const data = new Float32Array(sizeOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = min + (max - min) * rng.next();
  return new Tensor(data, dims);
}
