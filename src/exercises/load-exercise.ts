// A student's own exercise function, for a notebook cell to call: loaded exactly as check() loads
// it (the manifest's allowed imports, transpiled, evaluated with this package), typed by the
// exercise's signature, so a gradient check or a plot can run the student's code directly.
import { language } from "../i18n";
import { DataError } from "../errors";
import { checkOptions, choiceOption, failOption, stringOption } from "../options";
import type { Tensor } from "../tensor";
import { CourseFileError, exerciseEntry, findCourseRoot, readManifest } from "./course-files";
import { loadExerciseExport } from "./check";
import { FILES, say } from "./messages";

type Padding = "valid" | "same";

/** countMultiplications' argument, as exercises/countMultiplications.ts declares it. */
export interface ExerciseLayerShape {
  type: "standard" | "depthwise" | "pointwise" | "separable";
  inputShape: [number, number, number];
  kernelSize: number;
  filters?: number;
  depthMultiplier?: number;
  stride?: number;
  padding?: Padding;
}

/** Each exercise's function, as its file in exercises/ declares it. */
export interface ExerciseFunctions {
  convolve2d(image: Tensor, kernel: Tensor): Tensor;
  separateKernel(kernel: Tensor): { column: Tensor; row: Tensor } | null;
  spatialSeparableConvolve(image: Tensor, column: Tensor, row: Tensor): Tensor;
  conv2d(x: Tensor, filter: Tensor, stride: number, padding: Padding): Tensor;
  countMultiplications(layer: ExerciseLayerShape): number;
  depthwiseConv2d(x: Tensor, filter: Tensor, stride: number, padding: Padding): Tensor;
  pointwiseConv2d(x: Tensor, filter: Tensor): Tensor;
  separableConv2d(
    x: Tensor,
    depthwiseFilter: Tensor,
    pointwiseFilter: Tensor,
    stride: number,
    padding: Padding,
  ): Tensor;
  oneByOneBlock(x: Tensor, filter: Tensor, activation: "relu" | "prelu", alpha?: Tensor): Tensor;
  sparseSoftmaxCrossEntropyGrad(labels: number[], logits: Tensor): Tensor;
  conv2DBackpropInput(
    inputShape: readonly number[],
    dy: Tensor,
    filter: Tensor,
    stride: number,
    padding: Padding,
    dilation: number,
  ): Tensor;
  depthwiseConv2dNativeBackpropFilter(
    x: Tensor,
    dy: Tensor,
    filterShape: readonly number[],
    stride: number,
    padding: Padding,
  ): Tensor;
}

export interface LoadExerciseOptions {
  /** A folder inside the course (default: the current folder, as check()). */
  from?: string;
}

/**
 * Your function for exercise `id`, from your file in exercises/: `loadExercise("conv2d")(x, f,
 * 1, "valid")`. An unknown id is an OptionError listing the exercises; no course folder or a file
 * without the export, a DataError naming it; a file that does not load or imports what the
 * exercise does not allow throws what check() reports.
 */
export function loadExercise<K extends keyof ExerciseFunctions>(
  id: K,
  options: LoadExerciseOptions = {},
): ExerciseFunctions[K] {
  const op = "loadExercise";
  checkOptions(op, options, ["from"]);
  const lang = language();
  const from = stringOption(op, "from", options.from);
  // A course problem (no course folder, no such export) is a DataError, like the engine's.
  const courseError = (e: unknown) =>
    e instanceof CourseFileError ? new DataError(op, e.message) : e;
  let root: string;
  try {
    root = findCourseRoot(from, lang);
  } catch (e) {
    throw courseError(e);
  }
  const manifest = readManifest(root);
  const ids = manifest.exercises.map((e) => e.id);
  if (choiceOption(op, "id", id, ids) === undefined)
    failOption(op, "id", id, `one of ${ids.map((i) => JSON.stringify(i)).join(", ")}`);
  const fn = loadExerciseExport(root, exerciseEntry(manifest, id, lang), lang);
  if (typeof fn !== "function") throw new DataError(op, say(FILES.notExported, lang, id));
  return fn as ExerciseFunctions[K];
}
