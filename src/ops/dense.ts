// A fully connected layer (Keras Dense): y = x kernel + bias, kernel [inUnits, units] as Keras
// stores it. The classifier at the end of a network, after global average pooling.
import { ShapeError } from "../errors";
import { fastDense } from "../kernels/dense";
import { currentMode } from "./common";
import { checkOptions } from "../options";
import { referenceDense } from "../reference/layers";
import { Tensor, checkTensor, dimsOf } from "../tensor";

export interface DenseOptions {
  /** One value per unit, [units]. */
  bias?: Tensor;
}

/** x [N,inUnits], kernel [inUnits,units] -> [N,units]. */
export function dense(x: Tensor, kernel: Tensor, options: DenseOptions = {}): Tensor {
  const op = "dense";
  checkOptions(op, options, ["bias"]);
  const { batch, inUnits, units } = checkDense(op, x, kernel);
  const bias = options.bias === undefined ? null : checkTensor(op, "bias", options.bias);
  if (bias !== null && (bias.rank !== 1 || bias.size !== units)) {
    throw new ShapeError(op, `bias must be [units] = [${units}]`, {
      kernel: kernel.shape,
      bias: bias.shape,
    });
  }
  const run = currentMode() === "reference" ? referenceDense : fastDense;
  return new Tensor(run(x.data, kernel.data, bias?.data ?? null, batch, inUnits, units), [
    batch,
    units,
  ]);
}

/** x [N,inUnits] and kernel [inUnits,units] that fit together; shared with denseGrad. */
export function checkDense(
  op: string,
  x: unknown,
  kernel: unknown,
): { batch: number; inUnits: number; units: number } {
  const t = checkTensor(op, "x", x);
  const k = checkTensor(op, "kernel", kernel);
  const shapes = { x: t.shape, kernel: k.shape };
  if (t.rank !== 2)
    throw new ShapeError(
      op,
      `x must be rank 2 [N,inUnits] (a batch of vectors; pool or reshape first), got rank ${t.rank}`,
      shapes,
    );
  if (k.rank !== 2)
    throw new ShapeError(op, `kernel must be rank 2 [inUnits,units], got rank ${k.rank}`, shapes);
  if (t.size === 0 || k.size === 0)
    throw new ShapeError(op, `x and kernel must have no zero-sized dimension`, shapes);
  const [batch, inUnits] = dimsOf(t) as [number, number];
  const [kin, units] = dimsOf(k) as [number, number];
  if (kin !== inUnits)
    throw new ShapeError(op, `kernel has ${kin} input units but x has ${inUnits}`, shapes);
  return { batch, inUnits, units };
}
