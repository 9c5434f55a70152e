// The classification loss: softmax over each row of logits, then minus the log of the
// probability given to the true class, averaged over the batch (Keras'
// SparseCategoricalCrossentropy(from_logits=True); TensorFlow's
// sparse_softmax_cross_entropy_with_logits followed by a mean).
import { DataError, OptionError, ShapeError, fmtValue } from "../errors";
import { referenceSoftmaxCrossEntropy } from "../reference/layers";
import { Tensor, checkTensor, dimsOf } from "../tensor";

/** Integer class indices, one per example: an array, an Int32Array or a rank-1 Tensor. */
export type Labels = readonly number[] | Int32Array | Tensor;

/** Mean cross-entropy loss of logits [N,K] (unnormalized scores) against labels in 0..K-1. */
export function sparseSoftmaxCrossEntropy(labels: Labels, logits: Tensor): number {
  const op = "sparseSoftmaxCrossEntropy";
  const { batch, classes, classOf } = checkLabelsAndLogits(op, labels, logits);
  return referenceSoftmaxCrossEntropy(logits.data, classOf, batch, classes);
}

/** logits [N,K] and N integer labels in 0..K-1; shared with the gradient. */
export function checkLabelsAndLogits(
  op: string,
  labels: unknown,
  logits: unknown,
): { batch: number; classes: number; classOf: number[] } {
  const t = checkTensor(op, "logits", logits);
  if (t.rank !== 2)
    throw new ShapeError(op, `logits must be rank 2 [N,classes], got rank ${t.rank}`, {
      logits: t.shape,
    });
  if (t.size === 0)
    throw new ShapeError(op, `logits has a zero-sized dimension`, { logits: t.shape });
  const [batch, classes] = dimsOf(t) as [number, number];
  let values: ArrayLike<number>;
  if (labels instanceof Tensor) {
    if (labels.rank !== 1)
      throw new ShapeError(op, `labels must be rank 1 [N], got rank ${labels.rank}`, {
        labels: labels.shape,
        logits: t.shape,
      });
    values = labels.data;
  } else if (Array.isArray(labels) || labels instanceof Int32Array) {
    values = labels as ArrayLike<number>;
  } else {
    throw new DataError(
      op,
      `labels must be an array of class indices, an Int32Array or a rank-1 Tensor, got ${fmtValue(labels)}`,
    );
  }
  if (values.length !== batch) {
    throw new ShapeError(
      op,
      `labels has ${values.length} entries but logits has a batch of ${batch}`,
      { labels: [values.length], logits: t.shape },
    );
  }
  const classOf: number[] = [];
  for (let i = 0; i < batch; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new OptionError(
        op,
        "labels",
        v,
        `labels[${i}] = ${fmtValue(v)} is not an integer class index`,
      );
    }
    if (v < 0 || v >= classes) {
      throw new OptionError(
        op,
        "labels",
        v,
        `labels[${i}] = ${v} is out of range for ${classes} classes (0..${classes - 1})`,
      );
    }
    classOf.push(v);
  }
  return { batch, classes, classOf };
}
