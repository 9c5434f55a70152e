/**
 * Exercise 10: sparseSoftmaxCrossEntropyGrad — where backpropagation starts.
 *
 * labels: N integers in 0..K-1 (the class of each example), logits [N, K] (unnormalized scores)
 * -> dLogits [N, K], the gradient of the mean loss
 *   loss = (1/N) * sum over n of -log(softmax(logits[n])[labels[n]])
 * with respect to every logit. Worked out by hand, it is
 *   dLogits[n][k] = (softmax(logits[n])[k] - (k === labels[n] ? 1 : 0)) / N
 * where softmax(z)[k] = exp(z[k]) / sum over j of exp(z[j]), one row at a time.
 * (TensorFlow's SparseSoftmaxCrossEntropyWithLogits gradient, and what Keras' loss on logits does.)
 *
 * Hints:
 * - Index of logits[n][k] in logits.data: n * K + k.
 * - The loss is a mean over the batch, so every row of the gradient is divided by N.
 * - Subtract the row's largest logit before exp: softmax does not change, and exp(1000) no longer
 *   overflows to Infinity (Infinity / Infinity is NaN); with very negative logits, every exp
 *   would underflow to 0 instead and 0 / 0 is NaN too.
 * - Each row of your answer sums to 0 (the softmax sums to 1, the one-hot too): a quick check.
 * - Check your gradient against finite differences in a notebook cell (gradCheck nudges each logit
 *   and measures how the engine's loss moves):
 *     import { gradCheck, loadExercise, randomNormal, sparseSoftmaxCrossEntropy, Tensor } from "sepconv";
 *     const mine = loadExercise("sparseSoftmaxCrossEntropyGrad");
 *     const labels = [2, 0, 1];
 *     const logits = randomNormal([3, 4], { seed: 1 });
 *     const r = gradCheck((t) => sparseSoftmaxCrossEntropy(labels, t.logits), { logits },
 *       { logits: mine(labels, logits) });
 *     console.log(String(r)); // "ok", or the first logit whose gradient is off, yours vs numeric
 *
 * Do not modify the inputs (return new arrays): the grader checks them after every call.
 */
import { Tensor } from "sepconv";

export function sparseSoftmaxCrossEntropyGrad(labels: number[], logits: Tensor): Tensor {
  // BEGIN SOLUTION
  const [batch, classes] = logits.shape as [number, number];
  const grad = new Float32Array(batch * classes);
  for (let n = 0; n < batch; n++) {
    const row = n * classes;
    let largest = -Infinity;
    for (let k = 0; k < classes; k++) largest = Math.max(largest, logits.data[row + k]!);
    let total = 0;
    for (let k = 0; k < classes; k++) total += Math.exp(logits.data[row + k]! - largest);
    for (let k = 0; k < classes; k++) {
      const probability = Math.exp(logits.data[row + k]! - largest) / total;
      const target = k === labels[n] ? 1 : 0;
      grad[row + k] = (probability - target) / batch;
    }
  }
  return new Tensor(grad, [batch, classes]);
  // END SOLUTION
}
