import { type Labels, checkLabelsAndLogits } from "../ops/softmax-cross-entropy";
import { referenceSoftmaxCrossEntropyGrad } from "../reference/backward";
import { Tensor } from "../tensor";

/**
 * The gradient of sparseSoftmaxCrossEntropy(labels, logits) (the batch mean) with respect to
 * the logits: (softmax(logits) - onehot(labels)) / N. The loss is where backpropagation
 * starts, so there is no dy.
 */
export function sparseSoftmaxCrossEntropyGrad(labels: Labels, logits: Tensor): Tensor {
  const op = "sparseSoftmaxCrossEntropyGrad";
  const { batch, classes, classOf } = checkLabelsAndLogits(op, labels, logits);
  return new Tensor(
    referenceSoftmaxCrossEntropyGrad(logits.data, classOf, batch, classes),
    logits.shape,
  );
}
