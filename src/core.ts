// The engine: everything but the display helpers and the course tooling. Light to load (no
// TypeScript compiler, no DOM), so the grader's isolated child processes can import it quickly.
export { SepconvError, ShapeError, OptionError, DataError } from "./errors";
export {
  Tensor,
  tensor,
  zeros,
  ones,
  fill,
  randomNormal,
  randomUniform,
  type NestedArray,
  type TensorLike,
  type RandomNormalOptions,
  type RandomUniformOptions,
} from "./tensor";
export { allClose, compareTensors, type CloseOptions, type Comparison } from "./compare";
export {
  computeConv2DInfo,
  type Conv2DInfo,
  type Padding,
  type ExplicitPadding,
  type Pair,
  type GeometryOptions,
} from "./conv-info";
export type { ConvOptions, EpilogueOptions } from "./ops/common";
export { conv2d } from "./ops/conv2d";
export { depthwiseConv2d } from "./ops/depthwise";
export { pointwiseConv2d } from "./ops/pointwise";
export { separableConv2d } from "./ops/separable";
export { spatialSeparableConv2d } from "./ops/spatial";
export { relu, prelu, softmax, type Activation } from "./ops/activations";
export { countMultiplications, type Counted } from "./reference/counter";
export * as reference from "./reference/index";
export {
  kernelRank,
  separateKernel,
  lowRankApproximation,
  singularValues,
  DEFAULT_RANK_TOLERANCE,
  type KernelRankOptions,
  type SeparableFactors,
  type RankTerm,
  type LowRankApproximation,
} from "./ops/kernel-rank";
export {
  layerCost,
  modelCost,
  costShareByType,
  LAYER_TYPES,
  type LayerType,
  type LayerSpec,
  type LayerCost,
  type ModelCost,
  type ModelLayerCost,
  type TypeShare,
  type Shape3,
} from "./cost";
export {
  mobilenetV1,
  MOBILENET_V1_BLOCKS,
  type MobileNetOptions,
  type MobileNetVariant,
} from "./models/mobilenet";
export {
  timeIt,
  compareTimes,
  formatTime,
  describeSpeedup,
  arithmeticPeakGmacs,
  gmacsOrNull,
  type TimeOptions,
  type Timing,
  type TimeStats,
  type RatioStats,
  type CompareOptions,
  type TimeComparison,
} from "./timing";
export { setThreads, threadCount, kernelInfo, type KernelInfo } from "./kernels/threads";
export { dense, type DenseOptions } from "./ops/dense";
export { globalAveragePooling2d } from "./ops/global-average-pooling";
export {
  fusedBatchNorm,
  type FusedBatchNormOptions,
  type FusedBatchNormResult,
} from "./ops/batch-norm";
export { sparseSoftmaxCrossEntropy, type Labels } from "./ops/softmax-cross-entropy";
export { conv2DBackpropInput } from "./grad/conv2d-backprop-input";
export { conv2DBackpropFilter } from "./grad/conv2d-backprop-filter";
export { biasAddGrad } from "./grad/bias-add-grad";
export { depthwiseConv2dNativeBackpropInput } from "./grad/depthwise-backprop-input";
export { depthwiseConv2dNativeBackpropFilter } from "./grad/depthwise-backprop-filter";
export { pointwiseConv2dBackpropInput } from "./grad/pointwise-backprop-input";
export { pointwiseConv2dBackpropFilter } from "./grad/pointwise-backprop-filter";
export { separableConv2dGrad, type SeparableGradients } from "./grad/separable-grad";
export { reluGrad } from "./grad/relu-grad";
export { preluGrad, type PreluGradients } from "./grad/prelu-grad";
export { sparseSoftmaxCrossEntropyGrad } from "./grad/softmax-cross-entropy-grad";
export { denseGrad, type DenseGradients } from "./grad/dense-grad";
export { globalAveragePooling2dGrad } from "./grad/global-average-pooling-grad";
export {
  fusedBatchNormGrad,
  type FusedBatchNormGradOptions,
  type FusedBatchNormGradients,
} from "./grad/batch-norm-grad";
export {
  gradCheck,
  type GradCheckOptions,
  type GradCheckResult,
  type GradCheckInput,
  type TensorGroup,
} from "./grad/grad-check";
export * as layers from "./model/layers";
export {
  Sequential,
  sequential,
  type SequentialOptions,
  type FitOptions,
  type EpochLogs,
  type History,
  type Evaluation,
  type LossAndGradients,
} from "./model/sequential";
export {
  SGD,
  Adam,
  sgd,
  adam,
  type Optimizer,
  type SgdOptions,
  type AdamOptions,
} from "./model/optimizers";
export {
  digitNetwork,
  type DigitNetworkForm,
  type DigitNetworkOptions,
} from "./model/digit-network";
export type { Layer, Weight, Forward, Backward } from "./model/layer";
export type { ModelSummary, SummaryRow } from "./model/summary";
export type { ActivationName } from "./model/activations";
export { computeFans, glorotUniform } from "./model/initializers";
export type { Conv2D, Conv2DLayerOptions } from "./model/conv2d";
export type { DepthwiseConv2D, DepthwiseConv2DLayerOptions } from "./model/depthwise-conv2d";
export type { SeparableConv2D, SeparableConv2DLayerOptions } from "./model/separable-conv2d";
export type {
  BatchNormalization,
  BatchNormalizationLayerOptions,
} from "./model/batch-normalization";
export type { ActivationLayer } from "./model/activation";
export type { GlobalAveragePooling2D } from "./model/global-average-pooling2d";
export type { Dense, DenseLayerOptions } from "./model/dense";
export { setLanguage, language, LANGUAGES, type Language } from "./i18n";
