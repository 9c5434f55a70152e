// `npm run bench`: the engine benchmark. sepconv against two TensorFlow.js peers measured in the
// same process and the same run: tfjs-backend-cpu (plain JavaScript) and tfjs-backend-wasm (its
// SIMD build, single-threaded). For every case, every engine gets the same seeded inputs; the
// engines are interleaved round by round (sepconv, sepconv writing into a reused output tensor,
// tfjs-cpu, tfjs-wasm for a case, then the next case; each round starts one engine further
// along that list), after warm-up runs, and each engine's median ms per call is reported. A
// separable case also times its own two steps (depthwiseConv2d then pointwiseConv2d into reused
// outputs), in the rounds and in pairs back to back with the separable call writing into one,
// so the fused path is set against simply running its halves. sepconv's opt-in multi-threaded
// mode (setThreads) gets a column of its own, measured in a phase after the rounds; so does a
// bare new Float32Array of each separable layer's output size, the floor under the targets that
// time fresh outputs.
//
// A benchmark script, not a test and not part of the library: it lives in test/bench/, compiles
// with test/bench/tsconfig.json to build/bench-js/ and imports the built package as "sepconv"
// (dist/). Output: a table on stdout, every number in build/bench/engine.json.
//
//   npm run bench -- [--rounds N] [--warmup N] [--filter TEXT] [--quick] [--budget SECONDS] [--threads N]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { getThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { z } from "zod";
import * as sepconvModule from "sepconv";
import {
  Tensor,
  conv2d,
  zeros,
  depthwiseConv2d,
  layerCost,
  pointwiseConv2d,
  randomNormal,
  separableConv2d,
  spatialSeparableConv2d,
  type LayerSpec,
} from "sepconv";

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `usage: npm run bench -- [options]
  --rounds N       timed rounds per case (default 11; --quick: 3)
  --warmup N       untimed warm-up samples (each one repeats the call for 2 ms) per engine and
                   case, >= 1 (default 2; --quick: 1), and more until the warm-up has taken
                   250 ms (--quick: 50 ms): V8 needs a few thousand calls of a small op before
                   its JIT and allocator settle (measured: a 20 us call runs 2-3x slower over
                   its first ~2000 calls). The first sample's output is checked against tfjs-cpu
  --filter TEXT    only the cases whose name contains TEXT (case-insensitive)
  --quick          fewer rounds, smaller time budget
  --budget S       time budget in seconds for the timed rounds of one case, all engines together
                   (default 8; --quick: 2); slow cases get fewer rounds, never fewer than 3 (--quick: 1)
  --threads N      threads for the sepconv multi-threaded column (setThreads(N), measured after the
                   single-threaded rounds; n/a if sepconv does not export setThreads) (default: cores)
  --help`;

const ArgsSchema = z
  .object({
    rounds: z.coerce.number().int().min(1).optional(),
    warmup: z.coerce.number().int().min(1).optional(),
    filter: z.string().min(1).optional(),
    quick: z.boolean().default(false),
    budget: z.coerce.number().positive().optional(),
    threads: z.coerce.number().int().min(1).max(64).optional(),
    help: z.boolean().default(false),
  })
  .strict();

interface Options {
  rounds: number;
  warmup: number;
  filter: string | null;
  quick: boolean;
  budgetMs: number;
  minRounds: number;
  /** An engine's warm-up goes on past `warmup` samples until it has taken this long... */
  warmupMinMs: number;
  /** ...and stops early once its samples have taken this long (>= 1 sample). */
  warmupCapMs: number;
  threads: number;
}

function parseOptions(argv: string[]): Options {
  let raw: Record<string, unknown>;
  try {
    raw = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        rounds: { type: "string" },
        warmup: { type: "string" },
        filter: { type: "string" },
        quick: { type: "boolean" },
        budget: { type: "string" },
        threads: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const parsed = ArgsSchema.safeParse(raw);
  if (!parsed.success) {
    console.error(`bench: invalid options\n${z.prettifyError(parsed.error)}\n${USAGE}`);
    process.exit(2);
  }
  const a = parsed.data;
  if (a.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = a.quick;
  return {
    rounds: a.rounds ?? (quick ? 3 : 11),
    warmup: a.warmup ?? (quick ? 1 : 2),
    filter: a.filter ?? null,
    quick,
    budgetMs: (a.budget ?? (quick ? 2 : 8)) * 1000,
    minRounds: Math.min(quick ? 1 : 3, a.rounds ?? Infinity),
    warmupMinMs: quick ? 50 : 250,
    warmupCapMs: quick ? 300 : 1000,
    threads: a.threads ?? os.availableParallelism(),
  };
}

// ---------------------------------------------------------------------------------------------
// Cases

type Variant = "standard" | "separable" | "depthwise" | "pointwise" | "full" | "two-pass";

interface Input {
  tensor: Tensor;
  /** The shape tfjs gets, when it differs (spatial column [K,1] -> depthwise filter [K,1,1,1]). */
  tfShape?: number[];
}

interface CaseDef {
  name: string;
  group: string;
  variant: Variant;
  /** Multiply-accumulates per call, from layerCost (padding taps included, as the paper counts). */
  macs: number;
  /** Shapes and options, for the JSON report. */
  spec: string;
  inputs: () => Record<string, Input>;
  /** `o` is {} or { out } (sepconv's out option: the output written into a tensor reused across calls). */
  sepconv: (t: Record<string, Tensor>, o: { out?: Tensor }) => Tensor;
  tfjs: (t: Record<string, tf.Tensor4D>) => tf.Tensor;
  /** Separable cases: the same layer as its two steps, depthwiseConv2d then pointwiseConv2d,
   *  each into an output reused across calls (the "two-step" engine, set against sepconv-out). */
  twoStep?: {
    depthwise: (t: Record<string, Tensor>, o: { out?: Tensor }) => Tensor;
    pointwise: (t: Record<string, Tensor>, mid: Tensor, o: { out?: Tensor }) => Tensor;
  };
}

const macsOf = (spec: LayerSpec): number => layerCost(spec).multiplies;
const rn = (shape: number[], seed: number): Input => ({ tensor: randomNormal(shape, { seed }) });

function textbookCases(): CaseDef[] {
  const group = "textbook 12x12x3 k5 ->256";
  const inputShape = [12, 12, 3] as const;
  return [
    {
      name: `${group} standard`,
      group,
      variant: "standard",
      macs: macsOf({ type: "conv2d", inputShape, kernelSize: 5, filters: 256 }),
      spec: "conv2d x[1,12,12,3] f[5,5,3,256] valid",
      inputs: () => ({ x: rn([1, 12, 12, 3], 1), f: rn([5, 5, 3, 256], 2) }),
      sepconv: (t, o) => conv2d(t.x, t.f, o),
      tfjs: (t) => tf.conv2d(t.x, t.f, 1, "valid"),
    },
    {
      name: `${group} separable`,
      group,
      variant: "separable",
      macs: macsOf({ type: "separableConv2d", inputShape, kernelSize: 5, filters: 256 }),
      spec: "separableConv2d x[1,12,12,3] dw[5,5,3,1] pw[1,1,3,256] valid",
      inputs: () => ({
        x: rn([1, 12, 12, 3], 1),
        dw: rn([5, 5, 3, 1], 3),
        pw: rn([1, 1, 3, 256], 4),
      }),
      sepconv: (t, o) => separableConv2d(t.x, t.dw, t.pw, o),
      tfjs: (t) => tf.separableConv2d(t.x, t.dw, t.pw, 1, "valid"),
      twoStep: {
        depthwise: (t, o) => depthwiseConv2d(t.x, t.dw, o),
        pointwise: (t, mid, o) => pointwiseConv2d(mid, t.pw, o),
      },
    },
  ];
}

function mobilenetCases(size: number, cin: number, cout: number): CaseDef[] {
  const group = `mobilenet ${size}x${size}x${cin} ->${cout}`;
  const inputShape = [size, size, cin] as const;
  const xShape = [1, size, size, cin];
  const x = (): Input => rn(xShape, 10 + cin);
  const dw = (): Input => rn([3, 3, cin, 1], 20 + cin);
  const pw = (): Input => rn([1, 1, cin, cout], 30 + cin);
  const xs = `x[${xShape.join(",")}]`;
  return [
    {
      name: `${group} separable`,
      group,
      variant: "separable",
      macs: macsOf({
        type: "separableConv2d",
        inputShape,
        kernelSize: 3,
        filters: cout,
        padding: "same",
      }),
      spec: `separableConv2d ${xs} dw[3,3,${cin},1] pw[1,1,${cin},${cout}] same`,
      inputs: () => ({ x: x(), dw: dw(), pw: pw() }),
      sepconv: (t, o) => separableConv2d(t.x, t.dw, t.pw, { padding: "same", ...o }),
      tfjs: (t) => tf.separableConv2d(t.x, t.dw, t.pw, 1, "same"),
      twoStep: {
        depthwise: (t, o) => depthwiseConv2d(t.x, t.dw, { padding: "same", ...o }),
        pointwise: (t, mid, o) => pointwiseConv2d(mid, t.pw, o),
      },
    },
    {
      name: `${group} depthwise`,
      group,
      variant: "depthwise",
      macs: macsOf({ type: "depthwiseConv2d", inputShape, kernelSize: 3, padding: "same" }),
      spec: `depthwiseConv2d ${xs} dw[3,3,${cin},1] same`,
      inputs: () => ({ x: x(), dw: dw() }),
      sepconv: (t, o) => depthwiseConv2d(t.x, t.dw, { padding: "same", ...o }),
      tfjs: (t) => tf.depthwiseConv2d(t.x, t.dw, 1, "same"),
    },
    {
      name: `${group} pointwise`,
      group,
      variant: "pointwise",
      macs: macsOf({ type: "pointwiseConv2d", inputShape, filters: cout }),
      spec: `pointwiseConv2d ${xs} pw[1,1,${cin},${cout}] (tfjs: conv2d 1x1)`,
      inputs: () => ({ x: x(), pw: pw() }),
      sepconv: (t, o) => pointwiseConv2d(t.x, t.pw, o),
      tfjs: (t) => tf.conv2d(t.x, t.pw, 1, "valid"),
    },
    {
      name: `${group} standard`,
      group,
      variant: "standard",
      macs: macsOf({ type: "conv2d", inputShape, kernelSize: 3, filters: cout, padding: "same" }),
      spec: `conv2d ${xs} f[3,3,${cin},${cout}] same`,
      inputs: () => ({ x: x(), f: rn([3, 3, cin, cout], 40 + cin) }),
      sepconv: (t, o) => conv2d(t.x, t.f, { padding: "same", ...o }),
      tfjs: (t) => tf.conv2d(t.x, t.f, 1, "same"),
    },
  ];
}

function spatialCases(k: number): CaseDef[] {
  const group = `spatial 224x224x1 k${k}`;
  const inputShape = [224, 224, 1] as const;
  const x = (): Input => rn([1, 224, 224, 1], 50);
  const column = randomNormal([k, 1], { seed: 51 + k });
  const row = randomNormal([1, k], { seed: 61 + k });
  // The full kernel is the outer product column * row, so both variants compute the same output.
  const full = new Float32Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) full[i * k + j] = column.data[i]! * row.data[j]!;
  return [
    {
      name: `${group} full`,
      group,
      variant: "full",
      macs: macsOf({ type: "conv2d", inputShape, kernelSize: k, filters: 1 }),
      spec: `conv2d x[1,224,224,1] f[${k},${k},1,1] (column*row) valid`,
      inputs: () => ({ x: x(), f: { tensor: new Tensor(full.slice(), [k, k, 1, 1]) } }),
      sepconv: (t, o) => conv2d(t.x, t.f, o),
      tfjs: (t) => tf.conv2d(t.x, t.f, 1, "valid"),
    },
    {
      name: `${group} two-pass`,
      group,
      variant: "two-pass",
      // Ho*W*K + Ho*Wo*K (column pass, then row pass).
      macs: macsOf({ type: "spatialSeparableConv2d", inputShape, kernelSize: k }),
      spec: `spatialSeparableConv2d x[1,224,224,1] column[${k},1] row[1,${k}] valid (tfjs: depthwiseConv2d [${k},1,1,1] then [1,${k},1,1], valid)`,
      inputs: () => ({
        x: x(),
        column: { tensor: column, tfShape: [k, 1, 1, 1] },
        row: { tensor: row, tfShape: [1, k, 1, 1] },
      }),
      sepconv: (t, o) => spatialSeparableConv2d(t.x, t.column, t.row, o),
      tfjs: (t) =>
        tf.depthwiseConv2d(tf.depthwiseConv2d(t.x, t.column, 1, "valid"), t.row, 1, "valid"),
    },
  ];
}

function allCases(): CaseDef[] {
  return [
    ...textbookCases(),
    ...mobilenetCases(112, 32, 64),
    ...mobilenetCases(56, 128, 128),
    ...mobilenetCases(14, 512, 512),
    ...mobilenetCases(7, 1024, 1024),
    ...spatialCases(3),
    ...spatialCases(7),
  ];
}

// ---------------------------------------------------------------------------------------------
// Engines

type EngineName =
  | "sepconv"
  | "sepconv-out"
  | "two-step"
  | "tfjs-cpu"
  | "tfjs-wasm"
  | "sepconv-mt"
  | "sepconv-mt-out"
  | "fresh-array";
const PEERS = ["tfjs-cpu", "tfjs-wasm"] as const;

interface Output {
  data: Float32Array;
  shape: readonly number[];
}

/** Where the fresh-array floor keeps its latest array, so no compiler can drop the allocation. */
let freshArraySink: Float32Array | null = null;

/** sepconv's opt-in multi-threading (setThreads(n), synchronous); the column says n/a without it. */
type SetThreads = (n: number) => unknown;
function findSetThreads(): SetThreads | null {
  const candidate = (sepconvModule as unknown as Record<string, unknown>).setThreads;
  return typeof candidate === "function" ? (candidate as SetThreads) : null;
}

interface WasmInfo {
  binary: string;
  simd: boolean;
  multithreadFlag: boolean;
  threads: number;
}

/** Registers the wasm backend's files, initialises it single-threaded and notes which binary it read. */
async function initWasm(): Promise<WasmInfo> {
  const dist =
    path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") +
    path.sep;
  setWasmPaths(dist);
  // Threads are off on Node anyway (tfjs' flag says false under IS_NODE); set it so it stays so.
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  // Emscripten reads the binary with fs.readFileSync on Node: watch which .wasm file that is.
  const fsObject = fs as unknown as Record<string, unknown>;
  const original = fs.readFileSync;
  const read: string[] = [];
  fsObject.readFileSync = function (this: unknown, ...args: unknown[]) {
    if (String(args[0]).endsWith(".wasm")) read.push(path.basename(String(args[0])));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  try {
    if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') failed");
  } finally {
    fsObject.readFileSync = original;
  }
  const info: WasmInfo = {
    binary: read.join(", ") || "unknown",
    simd: Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")),
    multithreadFlag: Boolean(await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT")),
    threads: getThreadsCount(),
  };
  return info;
}

// ---------------------------------------------------------------------------------------------
// Running

interface EngineRun {
  engine: EngineName;
  call: () => Output;
  warmupMs: number[];
  runsMs: number[];
  error: string | null;
}

interface CaseRun {
  def: CaseDef;
  engines: EngineRun[];
  rounds: number;
  capped: boolean;
  /** tfjs-cpu's output (first warm-up call): the reference of the check. */
  reference: Output | null;
  relErrors: Partial<Record<EngineName, number>>;
  shapeNote: Partial<Record<EngineName, string>>;
  /** sepconv's output shape (first warm-up call). */
  outShape: readonly number[] | null;
  /** Separable cases: ms of sepconv-out and two-step timed back to back, PAIRS_PER_ROUND pairs a
   *  round, half of them in each order (pair i is sep[i] with two[i]). */
  pairs: { sep: number[]; two: number[] };
}

/** Back-to-back pairs of the separable call and its two steps per round, after the round's
 *  engines; half of them two steps first, so neither side always runs second, right after the
 *  other has warmed the caches. */
const PAIRS_PER_ROUND = 4;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One timed sample: the call repeated until at least 2 ms have passed (small ops would
 *  otherwise measure the timer and one-off jitter), as the mean time per call. */
function timeCall(call: () => Output): { ms: number; out: Output } {
  const t0 = process.hrtime.bigint();
  let n = 0;
  let out: Output;
  let elapsed = 0;
  do {
    out = call();
    n++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  } while (elapsed < 2 && n < 1000);
  return { ms: elapsed / n, out };
}

/** max |got - want| / max |want|: the error relative to the output's scale. */
function relError(got: Output, want: Output): number {
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i]))
    return Infinity;
  let maxErr = 0;
  let scale = 0;
  for (let i = 0; i < want.data.length; i++) {
    const a = got.data[i]!;
    const b = want.data[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
    maxErr = Math.max(maxErr, Math.abs(a - b));
    scale = Math.max(scale, Math.abs(b));
  }
  return scale === 0 ? maxErr : maxErr / scale;
}

const CHECK_TOLERANCE = 1e-3;

interface Check {
  pass: boolean;
  /** Relative error of each engine's output against tfjs-cpu's (null: no output). */
  relErrors: Partial<Record<EngineName, number>>;
  message: string;
}

/** sepconv (and its multi-threaded mode, when measured) must match tfjs-cpu; tfjs-wasm's error is for information. */
function checkOf(run: CaseRun): Check {
  const errorOf = (engine: EngineName) =>
    run.engines.find((e) => e.engine === engine)?.error ?? "?";
  const problems: string[] = [];
  if (!run.reference) {
    problems.push(`tfjs-cpu gave no output (${errorOf("tfjs-cpu")})`);
  } else {
    for (const e of run.engines) {
      if (e.engine === "tfjs-cpu" || e.engine === "tfjs-wasm" || e.engine === "fresh-array")
        continue;
      const err = run.relErrors[e.engine];
      if (err === undefined) problems.push(`${e.engine} gave no output (${errorOf(e.engine)})`);
      else if (!(err <= CHECK_TOLERANCE)) {
        problems.push(
          `${e.engine} relative error ${err.toExponential(2)} > ${CHECK_TOLERANCE}${run.shapeNote[e.engine] ?? ""}`,
        );
      }
    }
  }
  return {
    pass: problems.length === 0,
    relErrors: run.relErrors,
    message: problems.length === 0 ? "ok" : problems.join("; "),
  };
}

class Bench {
  private backend = "";

  constructor(
    private readonly options: Options,
    private readonly setThreads: SetThreads | null,
  ) {}

  /** Makes a tfjs backend the active one; never inside a timed region. sepconv needs nothing. */
  async activate(engine: EngineName): Promise<void> {
    if (engine !== "tfjs-cpu" && engine !== "tfjs-wasm") return;
    const backend = engine === "tfjs-cpu" ? "cpu" : "wasm";
    if (this.backend !== backend) {
      if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
      this.backend = backend;
    }
  }

  /** Untimed calls; returns the first output (null if the engine threw: e.error says why). */
  private warm(e: EngineRun): Output | null {
    let first: Output | null = null;
    try {
      let spent = 0;
      const t0 = performance.now();
      for (let i = 0; ; i++) {
        const { ms, out } = timeCall(e.call);
        if (i === 0) first = out;
        e.warmupMs.push(ms);
        spent = performance.now() - t0;
        if (spent >= this.options.warmupCapMs) break;
        if (i + 1 >= this.options.warmup && spent >= this.options.warmupMinMs) break;
      }
    } catch (err) {
      e.error = err instanceof Error ? err.message : String(err);
      return null;
    }
    return first;
  }

  private record(run: CaseRun, engine: EngineName, out: Output | null): void {
    if (!out || !run.reference) return;
    run.relErrors[engine] = relError(out, run.reference);
    const same =
      out.shape.length === run.reference.shape.length &&
      out.shape.every((d, i) => d === run.reference!.shape[i]);
    if (!same)
      run.shapeNote[engine] =
        ` (shape [${out.shape.join(",")}] vs tfjs-cpu [${run.reference.shape.join(",")}])`;
  }

  /** Inputs for every engine (tfjs tensors created on their own backend, once), warm-up, check. */
  async prepare(def: CaseDef): Promise<CaseRun> {
    const inputs = def.inputs();
    const sepInputs: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) sepInputs[k] = v.tensor;
    const engines: EngineRun[] = [];
    const names: EngineName[] = [
      "sepconv",
      "sepconv-out",
      ...(def.twoStep ? (["two-step"] as const) : []),
      ...PEERS,
    ];
    for (const engine of names) {
      await this.activate(engine);
      let call: () => Output;
      if (engine === "two-step") {
        // Right after sepconv-out in every round, with outputs allocated here, untimed.
        const steps = def.twoStep!;
        const mid = zeros(steps.depthwise(sepInputs, {}).shape);
        const out = zeros(def.sepconv(sepInputs, {}).shape);
        call = () => {
          const y = steps.pointwise(sepInputs, steps.depthwise(sepInputs, { out: mid }), { out });
          return { data: y.data, shape: y.shape };
        };
      } else if (engine === "sepconv") {
        call = () => {
          const y = def.sepconv(sepInputs, {});
          return { data: y.data, shape: y.shape };
        };
      } else if (engine === "sepconv-out") {
        // The same call writing into one output tensor allocated here, untimed: what is left is
        // the engine's work without the allocation of a fresh output array.
        const out = zeros(def.sepconv(sepInputs, {}).shape);
        call = () => {
          const y = def.sepconv(sepInputs, { out });
          return { data: y.data, shape: y.shape };
        };
      } else {
        const tfInputs: Record<string, tf.Tensor4D> = {};
        for (const [k, v] of Object.entries(inputs)) {
          const shape: number[] = v.tfShape ?? [...v.tensor.shape];
          const t: tf.Tensor = tf.tensor(v.tensor.data.slice(), shape);
          tfInputs[k] = t as tf.Tensor4D;
        }
        call = () => {
          // tidy disposes the result and intermediates. It must return nothing: tidy walks what
          // it returns looking for tensors, element by element for a typed array.
          const box: { out: Output | null } = { out: null };
          tf.tidy(() => {
            const y = def.tfjs(tfInputs);
            box.out = { data: y.dataSync() as Float32Array, shape: y.shape };
          });
          if (!box.out) throw new Error("no output");
          return box.out;
        };
      }
      engines.push({ engine, call, warmupMs: [], runsMs: [], error: null });
    }

    // Warm-up, engine by engine; the first call's outputs are checked against tfjs-cpu's.
    const run: CaseRun = {
      def,
      engines,
      rounds: 0,
      capped: false,
      reference: null,
      relErrors: {},
      shapeNote: {},
      outShape: null,
      pairs: { sep: [], two: [] },
    };
    const first = new Map<EngineName, Output | null>();
    for (const e of engines) {
      await this.activate(e.engine);
      first.set(e.engine, this.warm(e));
    }
    run.reference = first.get("tfjs-cpu") ?? null;
    run.outShape = first.get("sepconv")?.shape ?? null;
    for (const [engine, out] of first)
      if (engine !== "tfjs-cpu" && engine !== "fresh-array") this.record(run, engine, out);

    // Rounds: as many as asked, unless one round (all engines) would not fit the time budget.
    const perCall = (e: EngineRun) => (e.error ? 0 : Math.min(...e.warmupMs));
    const paired = engines.filter((e) => e.engine === "sepconv-out" || e.engine === "two-step");
    const perRound =
      engines.reduce((s, e) => s + perCall(e), 0) +
      (paired.length === 2 ? PAIRS_PER_ROUND * paired.reduce((s, e) => s + perCall(e), 0) : 0);
    const fit = Math.floor(this.options.budgetMs / Math.max(perRound, 1e-3));
    run.rounds = Math.max(this.options.minRounds, Math.min(this.options.rounds, fit));
    run.capped = run.rounds < this.options.rounds;
    return run;
  }

  /** Round r: every case that still has rounds to do, its engines one after the other. */
  async runRounds(runs: CaseRun[], only: readonly EngineName[] | null = null): Promise<void> {
    const maxRounds = Math.max(0, ...runs.map((r) => r.rounds));
    for (let r = 0; r < maxRounds; r++) {
      const t0 = performance.now();
      for (const run of runs) {
        if (r >= run.rounds) continue;
        // Round r starts at engine r (mod their number): no engine always comes first, after the
        // previous case's peers (a fresh output allocated there paid for the garbage collections
        // tfjs-cpu's calls had set up: 0.4 ms more per 4 ms call than a reused output, measured).
        const engines = run.engines.filter(
          (e) => !e.error && (only === null || only.includes(e.engine)),
        );
        for (let i = 0; i < engines.length; i++) {
          const e = engines[(i + r) % engines.length]!;
          await this.activate(e.engine);
          e.runsMs.push(timeCall(e.call).ms);
        }
        if (only === null) this.pairUp(run);
      }
      process.stderr.write(
        `  round ${r + 1}/${maxRounds}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
      );
    }
  }

  /** PAIRS_PER_ROUND back-to-back pairs of sepconv-out and two-step, half of them two steps first. */
  private pairUp(run: CaseRun): void {
    const sep = run.engines.find((e) => e.engine === "sepconv-out");
    const two = run.engines.find((e) => e.engine === "two-step");
    if (!sep || !two || sep.error || two.error) return;
    for (let i = 0; i < PAIRS_PER_ROUND; i++) {
      const twoFirst = i % 2 === 1;
      const first = timeCall((twoFirst ? two : sep).call).ms;
      const second = timeCall((twoFirst ? sep : two).call).ms;
      run.pairs.sep.push(twoFirst ? second : first);
      run.pairs.two.push(twoFirst ? first : second);
    }
  }

  /**
   * sepconv's multi-threaded mode, in a phase of its own after the single-threaded rounds:
   * setThreads switches sepconv as a whole and starts fresh workers, so switching it on and off
   * around every call would time cold workers. Same inputs, warm-up, check and round counts.
   */
  async runThreads(runs: CaseRun[]): Promise<void> {
    if (!this.setThreads) return;
    await this.setThreads(this.options.threads);
    try {
      // Both ways of calling, as in the single-threaded rounds.
      const pairs = [
        ["sepconv", "sepconv-mt"],
        ["sepconv-out", "sepconv-mt-out"],
      ] as const;
      for (const run of runs) {
        for (const [single, multi] of pairs) {
          const one = run.engines.find((e) => e.engine === single)!;
          const e: EngineRun = {
            engine: multi,
            call: one.call,
            warmupMs: [],
            runsMs: [],
            error: null,
          };
          run.engines.push(e);
          this.record(run, multi, this.warm(e));
        }
      }
      await this.runRounds(runs, ["sepconv-mt", "sepconv-mt-out"]);
    } finally {
      await this.setThreads(1);
    }
  }

  /**
   * Not an engine: a bare new Float32Array of the output size of each separable case with a
   * realized-speedup target, the floor under any op that returns a fresh array in this process
   * (the fresh-output targets' table sets it against them). In a phase of its own after
   * the others, with the same warm-up and round counts: arrays allocated back to back set off
   * garbage collections that would land in the next engines' samples.
   */
  async runFreshArrays(runs: CaseRun[]): Promise<void> {
    for (const run of runs) {
      const shape = run.outShape;
      if (run.def.variant !== "separable" || realizedNeed(run.def.group) === null || !shape)
        continue;
      const size = shape.reduce((a, b) => a * b, 1);
      const call = (): Output => {
        freshArraySink = new Float32Array(size);
        return { data: freshArraySink, shape };
      };
      const e: EngineRun = { engine: "fresh-array", call, warmupMs: [], runsMs: [], error: null };
      run.engines.push(e);
      this.warm(e);
    }
    await this.runRounds(runs, ["fresh-array"]);
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

interface EngineResult {
  medianMs: number | null;
  minMs: number | null;
  gmacPerS: number | null;
  runsMs: number[];
  warmupMs: number[];
  error: string | null;
}

function engineResult(run: CaseRun, engine: EngineName): EngineResult | null {
  const e = run.engines.find((x) => x.engine === engine);
  if (!e) return null;
  const ok = !e.error && e.runsMs.length > 0;
  const medianMs = ok ? median(e.runsMs) : null;
  return {
    medianMs,
    minMs: ok ? Math.min(...e.runsMs) : null,
    gmacPerS: medianMs ? run.def.macs / (medianMs * 1e6) : null,
    runsMs: e.runsMs.map((x) => +x.toFixed(4)),
    warmupMs: e.warmupMs.map((x) => +x.toFixed(4)),
    error: e.error,
  };
}

function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "-";
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}
const fmtRate = (g: number | null | undefined): string =>
  g === null || g === undefined ? "-" : g < 10 ? g.toFixed(2) : g.toFixed(1);
const fmtX = (x: number | null): string =>
  x === null || !Number.isFinite(x) ? "-" : `${x < 10 ? x.toFixed(2) : x.toFixed(1)}x`;
const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a && b ? a / b : null;

/** Fixed-width text table; columns right-aligned except those named in `left`. */
function table(headers: string[], rows: string[][], left: number[] = [0]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------
// The engine issue's targets, checked on one run's ratios (none of this is a test: timings on a
// shared machine vary from run to run; the table says what this run reached).

interface CaseResult {
  name: string;
  variant: Variant;
  sepconvSpeedRatio: { vsTfjsCpu: number | null; vsTfjsWasm: number | null };
}
interface SpeedupResult {
  group: string;
  theoreticalMacRatio: number;
  realized: { sepconv: number | null; "sepconv-out": number | null };
}
interface TargetResult {
  target: string;
  cases: number;
  met: number;
  missed: string[];
  worst: string;
}

/** The realized-speedup targets: the share of the MAC ratio a layer group must reach (null: none). */
function realizedNeed(group: string): number | null {
  if (group.startsWith("mobilenet")) return 0.85;
  if (group.startsWith("textbook")) return 0.5;
  return null;
}

interface TwoStepResult {
  group: string;
  separableOutMs: number | null;
  twoStepMs: number | null;
  /** separable out= ms / two-step ms, medians. */
  ratioOfMedians: number | null;
  /** The same ratio pair by pair (the two calls timed back to back, PAIRS_PER_ROUND pairs a round): median, min, max. */
  paired: { median: number; min: number; max: number; pairs: number } | null;
}

/** The separable call against its own two steps, both writing into reused outputs. */
function twoStepResult(run: CaseRun): TwoStepResult | null {
  if (!run.def.twoStep) return null;
  const sep = run.engines.find((e) => e.engine === "sepconv-out");
  const two = run.engines.find((e) => e.engine === "two-step");
  const ok = (e: EngineRun | undefined) => (e && !e.error && e.runsMs.length > 0 ? e : null);
  const s = ok(sep);
  const t = ok(two);
  const ratios = run.pairs.sep.map((v, i) => v / run.pairs.two[i]!);
  return {
    group: run.def.group,
    separableOutMs: s ? median(s.runsMs) : null,
    twoStepMs: t ? median(t.runsMs) : null,
    ratioOfMedians: s && t ? median(s.runsMs) / median(t.runsMs) : null,
    paired:
      ratios.length > 0
        ? {
            median: median(ratios),
            min: Math.min(...ratios),
            max: Math.max(...ratios),
            pairs: ratios.length,
          }
        : null,
  };
}

function evaluateTargets(
  results: readonly CaseResult[],
  speedups: readonly SpeedupResult[],
  twoSteps: readonly TwoStepResult[],
): TargetResult[] {
  const out: TargetResult[] = [];
  /** Each item meets its target when value >= need (or value <= need: atMost). */
  const check = (
    target: string,
    items: { name: string; value: number | null; need: number }[],
    show: (v: number) => string,
    atMost = false,
  ) => {
    if (items.length === 0) return;
    const missed = items.filter(
      (i) => i.value === null || (atMost ? i.value > i.need : i.value < i.need),
    );
    // The worst item: the one furthest from its target on the side that fails.
    const margin = (i: { value: number | null; need: number }) =>
      i.value === null ? -Infinity : atMost ? i.need / i.value : i.value / i.need;
    const worst = items.reduce((w, i) => (margin(i) < margin(w) ? i : w));
    out.push({
      target,
      cases: items.length,
      met: items.length - missed.length,
      missed: missed.map((i) => `${i.name} (${i.value === null ? "n/a" : show(i.value)})`),
      worst: `${worst.name}: ${worst.value === null ? "n/a" : show(worst.value)}`,
    });
  };
  const faster = results.filter((r) =>
    ["depthwise", "separable", "full", "two-pass"].includes(r.variant),
  );
  const dense = results.filter((r) => r.variant === "standard" || r.variant === "pointwise");
  check(
    "faster than tfjs-wasm: depthwise, separable, spatial (ratio > 1)",
    faster.map((r) => ({ name: r.name, value: r.sepconvSpeedRatio.vsTfjsWasm, need: 1 + 1e-9 })),
    fmtX,
  );
  const separable = results.filter((r) => r.variant === "separable");
  const timeShare = (x: number | null) => (x === null ? null : 1 / x);
  check(
    "separable: at most 0.90x tfjs-wasm's time (sepconv ms / tfjs-wasm ms)",
    separable.map((r) => ({
      name: r.name,
      value: timeShare(r.sepconvSpeedRatio.vsTfjsWasm),
      need: 0.9,
    })),
    (v) => v.toFixed(3),
    true,
  );
  check(
    "separable no slower than its two steps (out=, median of back-to-back paired ratios <= 1.00)",
    twoSteps.map((t) => ({ name: t.group, value: t.paired?.median ?? null, need: 1 })),
    (v) => v.toFixed(3),
    true,
  );
  check(
    "standard, pointwise: no slower than 1.25x tfjs-wasm (ratio >= 0.8)",
    dense.map((r) => ({ name: r.name, value: r.sepconvSpeedRatio.vsTfjsWasm, need: 0.8 })),
    fmtX,
  );
  check(
    "at least 10x faster than tfjs-cpu, every case",
    results.map((r) => ({ name: r.name, value: r.sepconvSpeedRatio.vsTfjsCpu, need: 10 })),
    fmtX,
  );
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  // Both ways of calling: fresh outputs (the default) and one reused output (the out option).
  for (const [engine, how] of [
    ["sepconv", "fresh outputs"],
    ["sepconv-out", "out= reused output"],
  ] as const) {
    const share = (s: SpeedupResult) =>
      s.realized[engine] === null ? null : s.realized[engine]! / s.theoreticalMacRatio;
    check(
      `realized separable speedup >= 85% of the MAC ratio (MobileNet layers; ${how})`,
      speedups
        .filter((s) => s.group.startsWith("mobilenet"))
        .map((s) => ({ name: s.group, value: share(s), need: realizedNeed(s.group)! })),
      pct,
    );
    check(
      `realized separable speedup >= 50% of the MAC ratio (textbook; ${how})`,
      speedups
        .filter((s) => s.group.startsWith("textbook"))
        .map((s) => ({ name: s.group, value: share(s), need: realizedNeed(s.group)! })),
      pct,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const root = path.dirname(require.resolve("sepconv/package.json"));
  const setThreads = findSetThreads();

  tf.enableProdMode(); // only silences tfjs' console messages (its "install tfjs-node" notice)
  const wasmInfo = await initWasm();
  if (!(await tf.setBackend("cpu"))) throw new Error("tf.setBackend('cpu') failed");

  const filter = options.filter?.toLowerCase() ?? null;
  const defs = allCases().filter((c) => filter === null || c.name.toLowerCase().includes(filter));
  if (defs.length === 0) {
    console.error(
      `bench: no case matches --filter ${JSON.stringify(options.filter)}; cases:\n  ${allCases()
        .map((c) => c.name)
        .join("\n  ")}`,
    );
    process.exit(2);
  }
  const cpuModel = os.cpus()[0]?.model ?? "unknown CPU";
  const started = new Date();
  const threadsLabel = `sepconv x${options.threads}thr`;
  console.log(`sepconv engine benchmark  ${started.toISOString()}`);
  console.log(
    `Node ${process.version}, ${cpuModel}, ${os.availableParallelism()} cores; tfjs ${tf.version_core}`,
  );
  console.log(
    `tfjs-wasm binary: ${wasmInfo.binary} (SIMD ${wasmInfo.simd ? "on" : "OFF"}, threads ${wasmInfo.threads}); ` +
      `sepconv multi-threaded mode: ${setThreads ? `setThreads(${options.threads})` : "not available (column shows n/a)"}`,
  );
  console.log(
    `sepconv kernels: ${sepconvModule.kernelInfo().variant} build (relaxed SIMD = fused multiply-add, the default on every supported Node; npm run bench:plain runs plain SIMD)`,
  );
  if (!wasmInfo.binary.includes("simd") || wasmInfo.threads !== 1) {
    console.log(
      `WARNING: tfjs-wasm is not the single-threaded SIMD build here; its numbers are not the intended peer`,
    );
  }
  console.log(
    `${defs.length} cases; rounds ${options.rounds} (at least ${options.minRounds}, within ${options.budgetMs / 1000} s per case), ` +
      `warm-up ${options.warmup} sample(s) per engine and at least ${options.warmupMinMs} ms (fewer once an engine's warm-up has taken ${options.warmupCapMs} ms)${options.quick ? ", --quick" : ""}\n`,
  );

  const bench = new Bench(options, setThreads);
  const runs: CaseRun[] = [];
  process.stderr.write(`warm-up and check:\n`);
  for (const def of defs) {
    const t0 = performance.now();
    const run = await bench.prepare(def);
    runs.push(run);
    process.stderr.write(
      `  ${def.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s, ${run.rounds} rounds${run.capped ? " (capped)" : ""}\n`,
    );
  }
  process.stderr.write(`timed rounds:\n`);
  await bench.runRounds(runs);
  if (setThreads) {
    process.stderr.write(
      `multi-threaded sepconv (setThreads(${options.threads})): warm-up, check, rounds:\n`,
    );
    await bench.runThreads(runs);
  }
  process.stderr.write(
    `fresh-array floor (a bare new Float32Array of each separable case's output size): warm-up, rounds:\n`,
  );
  await bench.runFreshArrays(runs);
  const checks = new Map(runs.map((run) => [run, checkOf(run)]));

  // Main table.
  const headers = [
    "case",
    "MMAC",
    "rounds",
    "sepconv ms",
    "GMAC/s",
    "out= ms",
    "tfjs-cpu ms",
    "GMAC/s",
    "tfjs-wasm ms",
    "GMAC/s",
    "vs cpu",
    "vs wasm",
    threadsLabel,
    "out=",
    "thr gain",
    "check",
  ];
  const rows: string[][] = [];
  const results = runs.map((run) => {
    const sep = engineResult(run, "sepconv");
    const sepOut = engineResult(run, "sepconv-out");
    const cpu = engineResult(run, "tfjs-cpu");
    const wasm = engineResult(run, "tfjs-wasm");
    const mt = engineResult(run, "sepconv-mt");
    const mtOut = engineResult(run, "sepconv-mt-out");
    const vsCpu = ratio(cpu?.medianMs, sep?.medianMs);
    const vsWasm = ratio(wasm?.medianMs, sep?.medianMs);
    const threadsGain = ratio(sep?.medianMs, mt?.medianMs);
    const threadsGainOut = ratio(sepOut?.medianMs, mtOut?.medianMs);
    const check = checks.get(run)!;
    const cell = (r: EngineResult | null) => (r?.error ? "ERROR" : fmtMs(r?.medianMs));
    rows.push([
      run.def.name,
      (run.def.macs / 1e6).toFixed(run.def.macs < 1e7 ? 2 : 1),
      `${run.rounds}${run.capped ? "*" : ""}`,
      cell(sep),
      fmtRate(sep?.gmacPerS),
      cell(sepOut),
      cell(cpu),
      fmtRate(cpu?.gmacPerS),
      cell(wasm),
      fmtRate(wasm?.gmacPerS),
      fmtX(vsCpu),
      fmtX(vsWasm),
      setThreads ? cell(mt) : "n/a",
      setThreads ? cell(mtOut) : "n/a",
      setThreads ? fmtX(threadsGainOut) : "n/a",
      check.pass ? "ok" : "FAIL",
    ]);
    return {
      name: run.def.name,
      group: run.def.group,
      variant: run.def.variant,
      spec: run.def.spec,
      macs: run.def.macs,
      rounds: run.rounds,
      cappedByBudget: run.capped,
      engines: {
        sepconv: sep,
        "sepconv-out": sepOut,
        "tfjs-cpu": cpu,
        "tfjs-wasm": wasm,
        "sepconv-threads": setThreads ? mt : null,
        "sepconv-threads-out": setThreads ? mtOut : null,
        "fresh-array": engineResult(run, "fresh-array"),
      },
      sepconvSpeedRatio: {
        vsTfjsCpu: vsCpu,
        vsTfjsWasm: vsWasm,
        threadsVsOneThread: threadsGain,
        threadsVsOneThreadOut: threadsGainOut,
      },
      check: {
        reference: "tfjs-cpu",
        metric: "max|out - ref| / max|ref|",
        tolerance: CHECK_TOLERANCE,
        pass: check.pass,
        relErrors: check.relErrors,
        message: check.message,
      },
    };
  });
  console.log(table(headers, rows));
  const capped = runs.filter((r) => r.capped);
  const notes = [
    "",
    "ms: median per call (tfjs: op + dataSync(), in tf.tidy). MMAC: million multiply-accumulates per call (layerCost,",
    "  padding taps counted; spatial two-pass: Ho*W*K + Ho*Wo*K). GMAC/s: MACs / median time.",
    "out= ms: sepconv writing into one output tensor reused across calls (the out option), median ms: the",
    "  same work without allocating a fresh output array (tfjs' dataSync() allocates one too, so the peer",
    "  ratios use the sepconv column).",
    "vs cpu / vs wasm: peer ms / sepconv ms (>1: sepconv is faster).",
    setThreads
      ? `${threadsLabel}: sepconv with setThreads(${options.threads}), median ms, measured in a phase of its own after the rounds above\n` +
        `  (switching it on and off around every call would time freshly started workers); out=: the same with the out option.\n` +
        `  thr gain: out= ms / ${threadsLabel} out= ms, the gain on the computation (a fresh 1.6-3.2 MB output cost 0.2-1.6 ms more\n` +
        `  in mixed sequences of layers on this machine, on one thread as on two: it would drown the threads' effect).` +
        (os.availableParallelism() <= options.threads &&
        !process.execArgv.includes("--single-threaded-gc")
          ? `\n  With as many threads as cores, V8's garbage-collection threads compete with the workers (run node --single-threaded-gc\n` +
            `  build/bench-js/test/bench/engine.js to see the threads without them; see test/bench/README.md).`
          : "")
      : `${threadsLabel}, thr gain: sepconv's opt-in multi-threaded mode (setThreads(n)): n/a, sepconv does not export it.`,
    `check: max|sepconv - tfjs-cpu| / max|tfjs-cpu| <= ${CHECK_TOLERANCE}, on the first warm-up call's outputs` +
      (setThreads ? " (the multi-threaded output too)." : "."),
  ];
  console.log(notes.join("\n"));
  if (capped.length > 0) {
    console.log(
      `rounds*: ${capped.length} slow case(s) ran fewer than ${options.rounds} rounds to keep each case's timed rounds within ` +
        `about ${options.budgetMs / 1000} s (never fewer than ${options.minRounds}).`,
    );
  }

  // Realized speedup of the factorised layer vs theory, per engine.
  const pairs: Array<{
    group: string;
    std: (typeof results)[number];
    sep: (typeof results)[number];
  }> = [];
  for (const r of results) {
    const partner =
      r.variant === "standard" ? "separable" : r.variant === "full" ? "two-pass" : null;
    const other = partner && results.find((s) => s.group === r.group && s.variant === partner);
    if (other) pairs.push({ group: r.group, std: r, sep: other });
  }
  const speedups = pairs.map((p) => {
    const realized = (e: "sepconv" | "sepconv-out" | "tfjs-cpu" | "tfjs-wasm") =>
      ratio(p.std.engines[e]?.medianMs, p.sep.engines[e]?.medianMs);
    // From each side's fastest sample: what the layers cost when the machine leaves them alone
    // (information only; the targets use the medians).
    const best = (e: "sepconv" | "sepconv-out") =>
      ratio(p.std.engines[e]?.minMs, p.sep.engines[e]?.minMs);
    return {
      group: p.group,
      standard: p.std.name,
      factorised: p.sep.name,
      theoreticalMacRatio: p.std.macs / p.sep.macs,
      realized: {
        sepconv: realized("sepconv"),
        "sepconv-out": realized("sepconv-out"),
        "tfjs-cpu": realized("tfjs-cpu"),
        "tfjs-wasm": realized("tfjs-wasm"),
      },
      realizedFromFastestSamples: { sepconv: best("sepconv"), "sepconv-out": best("sepconv-out") },
    };
  });
  if (speedups.length > 0) {
    console.log(
      `\nRealized speedup of the factorised layer (standard ms / separable ms; spatial: full ms / two-pass ms) next to the MAC ratio:`,
    );
    console.log(
      table(
        [
          "layer",
          "MAC ratio",
          "sepconv",
          "sepconv out=",
          "tfjs-cpu",
          "tfjs-wasm",
          "sepconv best",
          "out= best",
        ],
        speedups.map((s) => [
          s.group,
          fmtX(s.theoreticalMacRatio),
          fmtX(s.realized.sepconv),
          fmtX(s.realized["sepconv-out"]),
          fmtX(s.realized["tfjs-cpu"]),
          fmtX(s.realized["tfjs-wasm"]),
          fmtX(s.realizedFromFastestSamples.sepconv),
          fmtX(s.realizedFromFastestSamples["sepconv-out"]),
        ]),
      ),
    );
    console.log(
      `(medians of the timed samples; "best": from each layer's fastest sample, for information on a busy machine: the targets use the medians)`,
    );
  }

  // The separable call against its own two steps.
  const twoSteps = runs.map(twoStepResult).filter((t): t is TwoStepResult => t !== null);
  if (twoSteps.length > 0) {
    const r3 = (v: number | null | undefined) =>
      v === null || v === undefined ? "-" : v.toFixed(3);
    console.log(
      `\nThe separable call against its own two steps, every output reused (out=; ms, medians; target: ratio <= 1.00):`,
    );
    console.log(
      table(
        [
          "layer",
          "separable",
          "dw then pw",
          "ratio of medians",
          "pairs",
          "paired ratio",
          "paired min-max",
          "met",
        ],
        twoSteps.map((t) => [
          t.group,
          fmtMs(t.separableOutMs),
          fmtMs(t.twoStepMs),
          r3(t.ratioOfMedians),
          String(t.paired?.pairs ?? 0),
          r3(t.paired?.median),
          t.paired ? `${r3(t.paired.min)}-${r3(t.paired.max)}` : "-",
          t.paired === null ? "-" : t.paired.median <= 1 ? "yes" : "NO",
        ]),
      ),
    );
    console.log(
      [
        `separable: separableConv2d(x, dw, pw, { out }); dw then pw: depthwiseConv2d(x, dw, { out: mid }) then pointwiseConv2d(mid, pw, { out }),`,
        `  timed as one call; separable and dw then pw columns: medians of the rounds' samples (the main table's out= column).`,
        `paired ratio: separable / dw then pw, timed back to back, ${PAIRS_PER_ROUND} pairs a round (half of them dw then pw first), median`,
        `  over the pairs: pairs taken moments apart cancel this shared machine's drift, which moves medians by a few %; the target uses it.`,
      ].join("\n"),
    );
  }

  // What a fresh output leaves for the work, under the realized-speedup targets with fresh outputs.
  const floors = pairs.flatMap((p) => {
    const need = realizedNeed(p.group);
    const standardMs = p.std.engines.sepconv?.medianMs;
    const freshArrayMs = p.sep.engines["fresh-array"]?.medianMs;
    if (need === null || !standardMs || !freshArrayMs) return [];
    const separableAllowedMs = standardMs / (need * (p.std.macs / p.sep.macs));
    return [
      {
        group: p.group,
        need,
        standardMs,
        separableAllowedMs,
        freshArrayMs,
        allowedAfterArrayMs: separableAllowedMs - freshArrayMs,
        separableOutMs: p.sep.engines["sepconv-out"]?.medianMs ?? null,
        separableMs: p.sep.engines.sepconv?.medianMs ?? null,
      },
    ];
  });
  if (floors.length > 0) {
    const us = (ms: number | null) => (ms === null ? "-" : (ms * 1000).toFixed(ms < 0.1 ? 1 : 0));
    console.log(
      `\nThe fresh-output targets against the cost of a bare output array (us, medians):`,
    );
    console.log(
      table(
        [
          "layer",
          "target",
          "standard",
          "separable allowed",
          "new Float32Array",
          "allowed - array",
          "separable out=",
          "separable",
        ],
        floors.map((f) => [
          f.group,
          `${(100 * f.need).toFixed(0)}%`,
          us(f.standardMs),
          us(f.separableAllowedMs),
          us(f.freshArrayMs),
          us(f.allowedAfterArrayMs),
          us(f.separableOutMs),
          us(f.separableMs),
        ]),
      ),
    );
    console.log(
      [
        `separable allowed: standard (fresh output) / (target x MAC ratio), the slowest fresh-output separable call that meets the target.`,
        `new Float32Array: a bare array of the separable output's size (no computation), timed like an engine in a phase of its own`,
        `  after the rounds (allocating back to back sets off garbage collections that would land in other engines' samples): any op`,
        `  that returns a fresh array pays at least this here. allowed - array: what is left for the layer's work, to set against`,
        `  separable out= (the same work writing into a reused output).`,
      ].join("\n"),
    );
  }

  const failed = runs.filter((r) => !checks.get(r)!.pass);
  for (const r of failed) console.log(`FAIL ${r.def.name}: ${checks.get(r)!.message}`);

  const targets = evaluateTargets(results, speedups, twoSteps);
  if (targets.length > 0) {
    console.log(`\nTargets (the engine issue's, single thread, on this run's ratios):`);
    console.log(
      table(
        ["target", "met", "worst case", "misses"],
        targets.map((t) => [
          t.target,
          `${t.met}/${t.cases}`,
          t.worst,
          t.cases === t.met ? "-" : t.missed.join(", "),
        ]),
        [0, 2, 3],
      ),
    );
  }

  const maxRssKb = process.resourceUsage().maxRSS;
  const peakRssMb = Math.round(maxRssKb / 1024);
  console.log(`\npeak RSS ${peakRssMb} MB; JSON: build/bench/engine.json`);
  const report = {
    benchmark: "sepconv engine",
    date: started.toISOString(),
    node: process.version,
    cpu: cpuModel,
    cores: os.availableParallelism(),
    platform: `${process.platform} ${process.arch}`,
    tfjs: { core: tf.version_core, wasm: wasmInfo },
    sepconvThreads: { available: setThreads !== null, requested: options.threads },
    sepconvKernels: sepconvModule.kernelInfo().variant,
    options: { ...options },
    method:
      "NHWC float32, batch 1, seeded inputs shared by all engines; per round: sepconv, sepconv-out (the out option: one output tensor reused), two-step (separable cases), tfjs-cpu, tfjs-wasm for a case, then the next case, round r starting at engine r (mod their number) so that no engine always runs first after another case; " +
      "warm-up per engine and case: the given number of untimed samples and at least warmupMinMs of them (at most warmupCapMs); " +
      "each timed sample repeats the call until 2 ms have passed and takes the mean per call; median of the timed samples; " +
      "tfjs timed as op + dataSync() inside tf.tidy, input tensors created once per backend; " +
      "two-step (separable cases): depthwiseConv2d then pointwiseConv2d into reused outputs, an engine of the rounds, and " +
      `${PAIRS_PER_ROUND} back-to-back pairs of sepconv-out and two-step after each round (alternating which runs first); separableVsTwoSteps.paired is the median of the per-pair ratios; ` +
      "sepconv-threads and sepconv-threads-out (setThreads) in a separate phase after the rounds, same inputs and round counts; threadsVsOneThreadOut compares the out= variants; " +
      "fresh-array (separable cases with a realized-speedup target): a bare new Float32Array of the output's size, the floor under any op that returns a fresh array, timed like an engine in a phase of its own after the others (same warm-up and round counts).",
    cases: results,
    speedups,
    separableVsTwoSteps: twoSteps,
    freshOutputFloor: floors,
    targets,
    failedChecks: failed.map((r) => r.def.name),
    peakRssBytes: maxRssKb * 1024,
  };
  const out = path.join(root, "build/bench/engine.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
