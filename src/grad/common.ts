// Validation shared by the gradient ops: shapes given as arrays (the forward input's or
// filter's, which a backprop op returns a gradient for) and dy, the gradient of the forward
// output, which must have exactly that output's shape.
import { type Conv2DInfo, computeConv2DInfo, type GeometryOptions } from "../conv-info";
import { ShapeError, fmtShape, type ShapeList } from "../errors";
import { type Tensor, checkShape, checkTensor, dimsOf, sameShape } from "../tensor";

/** A forward input's shape, [N,H,W,C] or [H,W,C] (a batch of one), as NHWC. */
export function inputShapeOf(
  op: string,
  inputShape: unknown,
): { shape: [number, number, number, number]; wasRank3: boolean } {
  const s = checkShape(op, "inputShape", inputShape);
  if (s.length !== 3 && s.length !== 4) {
    throw new ShapeError(op, `inputShape must be [N,H,W,C] or [H,W,C], got rank ${s.length}`, {
      inputShape: s,
    });
  }
  if (s.includes(0))
    throw new ShapeError(op, `inputShape has a zero-sized dimension`, { inputShape: s });
  const shape = (s.length === 3 ? [1, s[0]!, s[1]!, s[2]!] : s) as [number, number, number, number];
  return { shape, wasRank3: s.length === 3 };
}

/** A filter's shape of the layout's rank with positive sizes, e.g. "KH,KW,Cin,Cout". */
export function filterShapeOf(op: string, filterShape: unknown, layout: string): number[] {
  const s = checkShape(op, "filterShape", filterShape);
  const rank = layout.split(",").length;
  if (s.length !== rank) {
    throw new ShapeError(op, `filterShape must be rank ${rank} [${layout}], got rank ${s.length}`, {
      filterShape: s,
    });
  }
  if (s.includes(0))
    throw new ShapeError(op, `filterShape has a zero-sized dimension`, { filterShape: s });
  return s;
}

/** dy (or `name`, another tensor of the forward output's shape, such as the output itself) must
 *  be a tensor of exactly the forward output's shape. */
export function checkDy(
  op: string,
  dy: unknown,
  outputShape: readonly number[],
  shapes: ShapeList,
  name = "dy",
): Tensor {
  const t = checkTensor(op, name, dy);
  if (!sameShape(dimsOf(t), outputShape)) {
    throw new ShapeError(
      op,
      `${name} ${fmtShape(t.shape)} does not match the forward output's shape ${fmtShape(outputShape)}`,
      { ...shapes, [name]: t.shape },
    );
  }
  return t;
}

/** dy of an element-wise op must have x's shape (the forward output's). */
export function checkDyLikeX(op: string, dy: Tensor, x: Tensor): void {
  if (!sameShape(dimsOf(dy), dimsOf(x))) {
    throw new ShapeError(
      op,
      `dy ${fmtShape(dy.shape)} does not match the forward output's shape ${fmtShape(x.shape)} (x's)`,
      { x: x.shape, dy: dy.shape },
    );
  }
}

/**
 * The forward op's geometry (output size and padding, from conv-info) for an input and a filter
 * [KH, KW, outChannels], and dy checked to be that forward's output [N,Ho,Wo,outChannels] at the
 * input's rank.
 */
export function forwardGeometry(
  op: string,
  input: { shape: readonly [number, number, number, number]; wasRank3: boolean },
  [kh, kw, outChannels]: [number, number, number],
  options: GeometryOptions,
  dy: unknown,
  shapes: ShapeList,
): { info: Conv2DInfo; dy: Tensor } {
  const info = computeConv2DInfo(op, input.shape, kh, kw, options, shapes);
  const outputShape = [info.batch, info.outHeight, info.outWidth, outChannels];
  return { info, dy: checkDy(op, dy, atRank(outputShape, input.wasRank3), shapes) };
}

/** The forward output's shape at the caller's rank: rank-3 inputs give rank-3 outputs. */
export function atRank(shape4: readonly number[], wasRank3: boolean): number[] {
  return wasRank3 ? shape4.slice(1) : shape4.slice();
}
