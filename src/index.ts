// sepconv's public API: named re-exports only.
export * from "./core";
export * from "./display/index";
export {
  loadBaboon,
  toGray,
  downsample,
  BABOON_SOURCE,
  baboonSource,
  type LoadBaboonOptions,
} from "./data/images";
export {
  loadMnist,
  MNIST_SOURCE,
  mnistSource,
  MNIST_SIDE,
  type LoadMnistOptions,
  type MnistData,
  type MnistSplit,
} from "./data/mnist";
export { check, type CheckOptions, type CheckSummary } from "./exercises/check";
export {
  loadExercise,
  type ExerciseFunctions,
  type ExerciseLayerShape,
  type LoadExerciseOptions,
} from "./exercises/load-exercise";
export type { CaseSpec, CaseSeed } from "./exercises/schema";
export * as course from "./exercises/index";
export { crop, channel, kernelSlice, outer, maxAbsDiff } from "./tensor-tools";
