// Typed errors. Every message starts with the op at fault ("conv2d: ...") and names the shapes
// or the option involved, so a student sees what to fix rather than a stack trace.

export type ShapeList = Readonly<Record<string, readonly number[]>>;

/** Formats a shape the way messages print it: [1,12,12,3]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** Formats any value for a message without risking a throw from a hostile toString. */
export function fmtValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (
    typeof value === "number" ||
    typeof value === "boolean" ||
    value === null ||
    value === undefined
  ) {
    return String(value);
  }
  if (Array.isArray(value)) {
    try {
      return JSON.stringify(value);
    } catch {
      return "an array";
    }
  }
  if (typeof value === "function") return "a function";
  // Duck-typed (this module cannot import Tensor): what a tensor or a typed array is, not its data.
  const v = value as { shape?: unknown; data?: unknown };
  if (Array.isArray(v.shape) && ArrayBuffer.isView(v.data))
    return `a tensor [${v.shape.join(",")}]`;
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name} of ${(value as unknown as ArrayLike<unknown>).length ?? value.byteLength} values`;
  return typeof value === "object"
    ? `an object (${Object.prototype.toString.call(value)})`
    : typeof value;
}

/** Base class: `op` is the public function that rejected its input. */
export class SepconvError extends Error {
  override readonly name: string = "SepconvError";
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.op = op;
  }
}

/** Shapes that do not fit together: wrong rank, channel mismatch, kernel larger than input... */
export class ShapeError extends SepconvError {
  override readonly name: string = "ShapeError";
  readonly shapes: ShapeList;
  constructor(op: string, message: string, shapes: ShapeList = {}) {
    const listed = Object.entries(shapes)
      .map(([k, v]) => `${k} ${fmtShape(v)}`)
      .join(", ");
    super(op, listed ? `${message} (${listed})` : message);
    this.shapes = shapes;
  }
}

/** An option or argument with a bad value: strides, padding, activation, seed, axis... */
export class OptionError extends SepconvError {
  override readonly name: string = "OptionError";
  readonly option: string;
  readonly value: unknown;
  constructor(op: string, option: string, value: unknown, message: string) {
    super(op, message);
    this.option = option;
    this.value = value;
  }
}

/** Data that cannot become a tensor: non-numbers, ragged nesting, length/shape mismatch. */
export class DataError extends SepconvError {
  override readonly name: string = "DataError";
}
