// The demo's worker: samples the Ising model and trains layer 1 with the
// blockspin library's own training loop (trainStackAsync, the loop behind
// `blockspin train`), whose hook between epochs serves pause requests (and
// the page). A paused or finished model continues from its checkpoint, which
// the library resumes exactly, so a model trained here equals
// `blockspin train --hidden H --epochs E --seed S --penalty P
// --penalty-strength X` on the same samples. Everything heavy runs here. When
// the page is cross-origin isolated, training runs on a team of threads
// (kernel workers started from this worker on the core's shared memory); the
// parameters are the same bits for any thread count.

import {
  CRITICAL_COUPLING, binaryLayerData, encodeNpy, loadCore, modelManifest, rbmDefaults, reconstructionsByDepth,
  sampleIsing, splitData, startThreads, threadsUnavailableReason, trainStackAsync,
  type Core, type EpochMetrics, type LayerData, type LayerTrainingOptions, type RbmParameters, type SampleStats,
  type StackCheckpoint,
} from "../src/index.js";
import { version as LIBRARY_VERSION } from "../package.json";
import type { FileBlob, FromWorker, SampleRequest, ToWorker, TrainRequest } from "./protocol.js";

const VALIDATION_FRACTION = 0.1;
const PREVIEW_SAMPLES = 8;
const RECONSTRUCTION_ROWS = 8;
/** Most threads the demo uses: its layers are small, and more threads mostly add synchronisation. */
const MAX_THREADS = 4;

interface Samples {
  request: SampleRequest;
  coupling: number;
  stats: SampleStats;
  /** Every sample, as `blockspin train --data` would read the .npy. */
  data: LayerData;
}

interface Model {
  request: TrainRequest;
  /** The layer's options; epochs is the number asked for. */
  options: LayerTrainingOptions;
  /** Held-out rows shown with their reconstructions (the held-out split is the trainer's, from the training seed). */
  shown: LayerData;
  trainSamples: number;
  validationSamples: number;
  parameters?: RbmParameters;
  metrics: EpochMetrics[];
  /** Where training stands after the last epoch done: the next start continues from here. */
  checkpoint?: StackCheckpoint;
  diverged?: { layer: number; epoch: number };
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let corePromise: Promise<Core> | undefined;
/** Threads training uses (1 until the team has started). */
let threads = 1;
let samples: Samples | undefined;
let model: Model | undefined;
let running = false;
let pauseRequested = false;

const core = () => (corePromise ??= loadCore());

/** Loads the kernels, starts the thread team where possible and tells the page how many threads it got. */
async function start(): Promise<void> {
  const loaded = await core();
  const isolated = scope.crossOriginIsolated;
  const wanted = Math.max(1, Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1));
  let reason = isolated ? threadsUnavailableReason(loaded) : "not cross-origin isolated";
  if (!reason && wanted > 1) {
    try {
      threads = await startThreads(loaded, wanted);
    } catch (error) {
      reason = `kernel workers failed to start (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  if (!reason && threads === 1) reason = wanted > 1 ? "kernel workers unavailable" : "the browser reports one core";
  post({ type: "ready", crossOriginIsolated: isolated, threads, ...(threads === 1 && reason ? { reason } : {}) });
}

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case "sample": return sample(message, await core());
      case "train": await started; return await train(message, await core());
      case "pause": pauseRequested = running; return;
      case "export": return exportModel(await core());
    }
  } catch (error) {
    running = false;
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};

function sample(request: SampleRequest, core: Core): void {
  if (running) throw new Error("busy: pause training before sampling again");
  const coupling = CRITICAL_COUPLING / request.reducedTemperature;
  let lastPost = 0;
  const result = sampleIsing(core, {
    size: request.size, coupling, count: request.count, seed: request.seed, algorithm: "wolff", chains: 4,
    onProgress: ({ phase, done, total }) => {
      const now = performance.now();
      if (now - lastPost < 50 && done < total) return;
      lastPost = now;
      post({ type: "progress", phase: phase === "equilibrate" ? "equilibrating" : "sampling", done, total });
    },
  });
  const nSites = request.size * request.size;
  samples = { request, coupling, stats: result.stats, data: binaryLayerData(result.configs, [request.count, request.size, request.size]) };
  model = undefined;
  // Chains are stored one after another: show configurations from all of them.
  const previewRows = evenlySpaced(request.count, PREVIEW_SAMPLES);
  const preview = new Int8Array(previewRows.length * nSites);
  previewRows.forEach((row, i) => preview.set(result.configs.subarray(row * nSites, (row + 1) * nSites), i * nSites));
  post({ type: "samples", size: request.size, preview, previewCount: previewRows.length, stats: result.stats }, [preview.buffer]);
}

async function train(request: TrainRequest, core: Core): Promise<void> {
  if (running) return;
  if (!samples) throw new Error("sample the Ising model first");
  if (request.fresh || !model || model.request.nHidden !== request.nHidden || model.diverged) {
    model = newModel(request, samples, core);
  }
  // The latest settings apply from the next epoch on (epochs, penalty, strength).
  model.request = request;
  model.options = { ...model.options, penalty: request.penalty, penaltyStrength: request.penaltyStrength, epochs: request.epochs };
  const current = model;
  running = true;
  pauseRequested = false;
  const result = await trainStackAsync(core, samples.data, {
    layers: [current.options], seed: request.seed, validationFraction: VALIDATION_FRACTION, threads,
    ...(current.checkpoint ? { resume: current.checkpoint } : {}),
    onEpoch: (row, parameters) => {
      current.parameters = parameters();
      current.metrics.push(row);
      postEpoch(core, current, request.epochs);
    },
    between: async ({ layerEnd }, checkpoint) => {
      if (layerEnd) return undefined;
      current.checkpoint = checkpoint();
      // Let pause requests in between epochs.
      await new Promise((resolve) => setTimeout(resolve, 0));
      return pauseRequested ? "stop" : undefined;
    },
  });
  running = false;
  if (result.diverged) {
    current.diverged = result.diverged;
    post({ type: "done", epoch: current.metrics.length, diverged: true });
  } else if (result.stopped) {
    pauseRequested = false;
    post({ type: "paused", epoch: current.metrics.length });
  } else {
    post({ type: "done", epoch: current.metrics.length, diverged: false });
  }
}

function newModel(request: TrainRequest, samples: Samples, core: Core): Model {
  const { train, validation } = splitData(core, samples.data, VALIDATION_FRACTION, request.seed);
  if (!validation) throw new Error("too few samples for a held-out set");
  const nSites = samples.data.nVisible;
  const shownRows = evenlySpaced(validation.nSamples, RECONSTRUCTION_ROWS);
  const shown: LayerData = {
    kind: "binary", nSamples: shownRows.length, nVisible: nSites,
    values: concatRows(validation.values as Uint8Array, nSites, shownRows),
  };
  return {
    request, options: { ...rbmDefaults(), nHidden: request.nHidden }, shown,
    trainSamples: train.nSamples, validationSamples: validation.nSamples, metrics: [],
  };
}

function postEpoch(core: Core, model: Model, epochs: number): void {
  const params = model.parameters!;
  const { shown } = model;
  const [reconstructions] = reconstructionsByDepth(core, [params], shown);
  const originals = Int8Array.from(shown.values as Uint8Array, (bit) => 2 * bit - 1);
  const fields = params.weights.slice();
  const last = model.metrics.at(-1)!;
  post({
    type: "epoch", size: samples!.request.size, nHidden: params.nHidden, epochs,
    metrics: model.metrics, fields, originals, reconstructions: reconstructions!, secondsPerEpoch: last.seconds, threads,
  }, [fields.buffer, originals.buffer, reconstructions!.buffer]);
}

/** The model bundle the CLI writes: model.json, metrics.jsonl and layer1.{W,vbias,hbias}.npy. */
function exportModel(core: Core): void {
  if (!samples || !model?.parameters) throw new Error("train a model first");
  const p = model.parameters;
  const { request, coupling, stats } = samples;
  const manifest = modelManifest({
    seed: model.request.seed, validationFraction: VALIDATION_FRACTION, propagate: "probabilities",
    // The epochs done so far: what `blockspin train --epochs` reproduces.
    layers: [{ ...model.options, epochs: model.metrics.length }],
    data: {
      source: `browser demo: sampleIsing L=${request.size} K=${coupling} (T/T_c=${request.reducedTemperature}) ` +
        `wolff, 4 chains, seed ${request.seed}, burn-in ${stats.burnIn}, spacing ${stats.spacing}`,
      shape: [request.count, request.size, request.size],
      dtype: "int8",
    },
    result: {
      layers: [p], metrics: model.metrics, trainSamples: model.trainSamples, validationSamples: model.validationSamples,
      ...(model.diverged ? { diverged: model.diverged } : {}),
    },
    simd: core.simd, libraryVersion: LIBRARY_VERSION,
  });
  const text = (s: string) => new TextEncoder().encode(s);
  const npy = (name: string, shape: number[], data: Float32Array): FileBlob =>
    ({ name, bytes: encodeNpy({ dtype: "float32", shape, data }), mime: "application/octet-stream" });
  const files: FileBlob[] = [
    { name: "model.json", bytes: text(`${JSON.stringify(manifest, null, 2)}\n`), mime: "application/json" },
    npy("layer1.W.npy", [p.nVisible, p.nHidden], p.weights),
    npy("layer1.vbias.npy", [p.nVisible], p.visibleBias),
    npy("layer1.hbias.npy", [p.nHidden], p.hiddenBias),
    { name: "metrics.jsonl", bytes: text(model.metrics.map((row) => JSON.stringify(row)).join("\n") + "\n"), mime: "application/jsonl" },
  ];
  post({ type: "files", files }, files.map((f) => f.bytes.buffer as ArrayBuffer));
}

function evenlySpaced(n: number, count: number): number[] {
  return Array.from({ length: Math.min(n, count) }, (_, i) => Math.floor((i * n) / Math.min(n, count)));
}

function concatRows(values: Uint8Array, width: number, rows: number[]): Uint8Array {
  const out = new Uint8Array(rows.length * width);
  rows.forEach((row, i) => out.set(values.subarray(row * width, (row + 1) * width), i * width));
  return out;
}

const started = start().catch((error: unknown) => {
  post({ type: "error", message: `could not load the kernels: ${error instanceof Error ? error.message : String(error)}` });
});
