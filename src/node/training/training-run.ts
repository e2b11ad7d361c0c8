// One training run to a model bundle, as `blockspin train` and every arm of
// `blockspin reproduce` make it: trainStackAsync with checkpoints to
// <out>/checkpoint/ (the one checkpoint rule below), a stop on SIGINT/SIGTERM
// after the current epoch (checkpointed, with the one "interrupted at"
// message), then the bundle (also after divergence) and the checkpoint
// removed. The commands add their own flags, progress labels and resume
// checks around it.

import type { Core } from "../../wasm.js";
import { trainStackAsync, type AsyncStackResult, type Propagation, type StackCheckpoint } from "../../rbm/stack.js";
import type { EpochMetrics } from "../../rbm/training/index.js";
import type { LayerTrainingOptions } from "../../rbm/training-options.js";
import { modelManifest } from "../../rbm/model-manifest.js";
import { removeCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { sha256 } from "../io/digest.js";
import { writeModelBundle } from "../io/model-bundle.js";
import type { StopRequests } from "../runtime/stop-signals.js";
import type { TrainingDataFile } from "../io/training-data.js";
import { LIBRARY_VERSION } from "../runtime/version.js";

const NEVER_STOP: StopRequests = { signal: undefined, exitCode: 0, dispose() {} };

/** Wall time between checkpoints when no epoch interval is given. */
export const CHECKPOINT_SECONDS = 60;

/** The run stopped on SIGINT/SIGTERM: the checkpoint is written; exit with 128 + the signal number. */
export class TrainingInterruptedError extends Error {
  /**
   * @param message - The "interrupted at" message, with the command that resumes the run.
   * @param exitCode - The exit code the process should end with: 128 + the signal number.
   */
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** Parameters became non-finite; the bundle holds the last finite ones. */
export class TrainingDivergedError extends Error {}

/**
 * SHA-256 of the training data's values: a checkpoint is resumed only on the data it was made from.
 *
 * @param input - The training data (readTrainingData).
 * @returns The digest of its 0/1 values' bytes, lowercase hex.
 */
export function dataDigest(input: TrainingDataFile): string {
  const { values } = input.data;
  return sha256(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** One run of runTraining: where, on what, with which settings, checkpoint policy and hooks. */
export interface TrainingRunOptions {
  /** Bundle directory; checkpoints go to its checkpoint/ subdirectory. */
  out: string;
  /** The training data (readTrainingData). */
  input: TrainingDataFile;
  /** Per-layer training options, bottom first (layerOptionsFromFlags). */
  layers: LayerTrainingOptions[];
  /** Integer seed in [0, 2^53): splits, initialisation, shuffles and Gibbs chains all derive from it. */
  seed: number;
  /** Held-out fraction in [0, 1). */
  validation: number;
  /** Training (and held-out) rows scored each epoch, evenly spaced; default 1000. */
  monitorSamples?: number;
  /** What the next layer learns from: hidden `probabilities` (default) or sampled states. */
  propagate?: Propagation;
  /** Threads for training; results do not depend on it. */
  threads?: number;
  /** Saved in every checkpoint: what a resume needs to know the run by (for `train`, its RECORDED_TRAIN_KEYS). */
  checkpointFlags: Record<string, unknown>;
  /** dataDigest(input), saved in every checkpoint. */
  dataSha256: string;
  /** Continue from this checkpoint (of the same data and settings). */
  resume?: StackCheckpoint;
  /** Checkpoint after every n-th epoch of a layer (0: only at layer ends); default every CHECKPOINT_SECONDS. */
  checkpointEvery?: number;
  /** SIGINT/SIGTERM as the caller watches them (watchStopSignals): when one arrives, the run checkpoints and stops. Default: never. */
  stop?: StopRequests;
  /** Said after "interrupted" (e.g. "in arm l1 seed 2"), if anything. */
  interruptedWhere?: string;
  /** The command that resumes the run, quoted in the interrupted message. */
  resumeCommand: string;
  /** After every mini-batch: batch `batch` of `batches` in epoch `epoch` of layer `layer` (all 1-based). */
  onBatch?: (layer: number, epoch: number, batch: number, batches: number) => void;
  /** After every epoch, with its metrics (a line of metrics.jsonl). */
  onEpoch?: (metrics: EpochMetrics) => void;
}

/**
 * Whether to checkpoint at this pause: at every layer end; after an epoch
 * when the interval (or, without one, CHECKPOINT_SECONDS of wall time) is
 * due, except at a layer's last epoch, whose layer end follows at once.
 *
 * @param where - The pause: its layer (1-based), the epoch just finished (1-based), and whether the layer ended.
 * @param layers - The run's per-layer options (their epochs).
 * @param every - Checkpoint after every n-th epoch (0: only at layer ends); undefined: by wall time.
 * @param secondsSinceLast - Wall-clock seconds since the last checkpoint.
 * @returns Whether to write a checkpoint now.
 */
export function checkpointDue(
  where: { layer: number; epoch?: number; layerEnd: boolean }, layers: readonly LayerTrainingOptions[],
  every: number | undefined, secondsSinceLast: number,
): boolean {
  if (where.layerEnd) return true;
  if (where.epoch === undefined || where.epoch === layers[where.layer - 1]!.epochs) return false;
  return every === undefined ? secondsSinceLast >= CHECKPOINT_SECONDS : every > 0 && where.epoch % every === 0;
}

/** "layer 2 epoch 17": the last epoch a stopped run finished (a layer's last epoch at a layer end). */
export function stoppedAt(stopped: StackCheckpoint, layers: readonly LayerTrainingOptions[]): string {
  if (stopped.current) return `layer ${stopped.current.layer} epoch ${stopped.current.epoch}`;
  const layer = stopped.layers.length;
  return `layer ${layer} epoch ${layers[layer - 1]?.epochs ?? 0}`;
}

/**
 * Trains the stack with checkpoints, writes the bundle (status "diverged" if it diverged) and removes the
 * checkpoint. On SIGINT/SIGTERM it finishes the epoch, checkpoints and throws TrainingInterruptedError.
 *
 * @param core - The loaded wasm kernels (loadCore).
 * @param run - Where, on what, with which settings, checkpoint policy and hooks.
 * @returns The trained layers, their metrics and whether (and where) training diverged.
 */
export async function runTraining(core: Core, run: TrainingRunOptions): Promise<AsyncStackResult> {
  const stop = run.stop ?? NEVER_STOP;
  const save = (checkpoint: StackCheckpoint) =>
    writeCheckpoint(run.out, { flags: run.checkpointFlags, dataSha256: run.dataSha256, checkpoint });
  let lastSave = performance.now();
  const result = await trainStackAsync(core, run.input.data, {
    layers: run.layers, seed: run.seed, validationFraction: run.validation,
    monitorSamples: run.monitorSamples, propagate: run.propagate, threads: run.threads,
    ...(run.resume ? { resume: run.resume } : {}),
    onBatch: run.onBatch,
    onEpoch: (metrics) => { run.onEpoch?.(metrics); },
    between: async (where, checkpoint) => {
      await new Promise(setImmediate); // lets a pending SIGINT/SIGTERM handler run
      const stopping = stop.signal !== undefined;
      if (stopping || checkpointDue(where, run.layers, run.checkpointEvery, (performance.now() - lastSave) / 1000)) {
        await save(checkpoint());
        lastSave = performance.now();
      }
      return stopping ? "stop" : undefined;
    },
  });
  if (result.stopped) {
    const where = run.interruptedWhere ? ` ${run.interruptedWhere}` : "";
    throw new TrainingInterruptedError(
      `interrupted${where} at ${stoppedAt(result.stopped, run.layers)}; resume with ${run.resumeCommand}`, stop.exitCode,
    );
  }
  const { input } = run;
  const manifest = modelManifest({
    seed: run.seed, validationFraction: run.validation, propagate: run.propagate ?? "probabilities", layers: run.layers,
    data: {
      source: input.path, shape: input.shape, dtype: input.dtype,
      // Data of another system than Ising records it and its grid: an Ising run's model.json is as it was.
      ...(input.model !== undefined && input.model !== "ising" ? { model: input.model } : {}),
      ...(input.encoding ? { encoding: input.encoding } : {}),
      ...(input.geometry && input.model !== "ising" ? { geometry: input.geometry } : {}),
    },
    result, simd: core.simd, libraryVersion: LIBRARY_VERSION,
  });
  await writeModelBundle(run.out, { manifest, layers: result.layers }, result.metrics);
  await removeCheckpoint(run.out);
  return result;
}
