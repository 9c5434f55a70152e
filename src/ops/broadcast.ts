// NumPy-style broadcasting of a small tensor (bias, PReLU alpha) against an op's output:
// shapes align at the right, and each of the small tensor's dims must be 1 or equal the
// output's. The output never grows: broadcasting that would change its shape is an error.
import { ShapeError, fmtShape } from "../errors";
import type { Tensor } from "../tensor";

/** For every output element, the index of the `t` element that pairs with it. */
export function broadcastIndex(
  op: string,
  name: string,
  t: Tensor,
  outShape: readonly number[],
): (offset: number) => number {
  if (
    t.rank > outShape.length ||
    t.shape.some((d, i) => d !== 1 && d !== outShape[outShape.length - t.rank + i])
  ) {
    throw new ShapeError(
      op,
      `${name} ${fmtShape(t.shape)} does not broadcast against the output ${fmtShape(outShape)}` +
        ` (align at the right; each size must be 1 or equal the output's)`,
      { [name]: t.shape, output: outShape },
    );
  }
  const last = outShape[outShape.length - 1] ?? 1;
  // The common cases: one value, or one value per output channel.
  if (t.size === 1) return () => 0;
  if (t.size === last && t.shape[t.rank - 1] === last) return (offset) => offset % last;
  const rank = outShape.length;
  const tStrides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = t.rank - 1; i >= 0; i--) {
    const axis = rank - t.rank + i;
    if (t.shape[i] !== 1) tStrides[axis] = stride;
    stride *= t.shape[i]!;
  }
  return (offset) => {
    let index = 0;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const dim = outShape[axis]!;
      index += (offset % dim) * tStrides[axis]!;
      offset = Math.floor(offset / dim);
    }
    return index;
  };
}
