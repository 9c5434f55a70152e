import { fastDenseGrad } from "../kernels/dense";
import { currentMode } from "../ops/common";
import { checkDense } from "../ops/dense";
import { referenceBroadcastSum, referenceDenseGrad } from "../reference/backward";
import { Tensor } from "../tensor";
import { checkDy } from "./common";

export interface DenseGradients {
  /** [N,inUnits] = dy kernel^T */
  readonly dx: Tensor;
  /** [inUnits,units] = x^T dy */
  readonly dKernel: Tensor;
  /** [units]: dy summed over the batch */
  readonly dBias: Tensor;
}

/** The gradients of dense(x, kernel, { bias }) given dy [N,units] (the bias's value does not enter them). */
export function denseGrad(x: Tensor, kernel: Tensor, dy: Tensor): DenseGradients {
  const op = "denseGrad";
  const { batch, inUnits, units } = checkDense(op, x, kernel);
  const g = checkDy(op, dy, [batch, units], { x: x.shape, kernel: kernel.shape });
  const run = currentMode() === "reference" ? referenceDenseGrad : fastDenseGrad;
  const { dx, dKernel } = run(x.data, kernel.data, g.data, batch, inUnits, units);
  const dBias = referenceBroadcastSum(g.data, units, (i) => i % units);
  return {
    dx: new Tensor(dx, [batch, inUnits]),
    dKernel: new Tensor(dKernel, [inUnits, units]),
    dBias: new Tensor(dBias, [units]),
  };
}
