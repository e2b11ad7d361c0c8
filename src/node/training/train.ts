// `blockspin train` as a service: greedy CD / PCD training of one RBM or a
// stack, to a model bundle (model.json, layer{k}.*.npy, metrics.jsonl). The
// settings and their checks are train-settings.ts's; this file turns them
// into per-layer options, handles --resume and the checks that need the data,
// and calls runTraining (training-run.ts, shared with reproduce and sweep)
// with a progress bar and stop signals.

import { resolve } from "node:path";
import { loadCliCore } from "../runtime/simd-choice.js";
import { checkTrainingFits } from "../../rbm/memory-estimate.js";
import type { StackCheckpoint, StackResult } from "../../rbm/stack.js";
import { presetDefaults, validateLayerOptions, type LayerTrainingOptions } from "../../rbm/training-options.js";
import { readCheckpoint } from "./checkpoint.js";
import { watchStopSignals } from "../runtime/stop-signals.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { acquireDirectoryLock } from "../io/directory-lock.js";
import { createProgress } from "../runtime/progress.js";
import { stackProgressPlan, trainingRows } from "./training-progress.js";
import { encodeTrainingData, readTrainingData, type TrainingDataFile } from "../io/training-data.js";
import { TrainingDivergedError, dataDigest, runTraining } from "./training-run.js";
import { UsageError } from "../runtime/usage-error.js";
import {
  INVOCATION_TRAIN_KEYS, RESUME_TRAIN_KEYS,
  type LayerSettings, type RecordedTrainSettings, type TrainFlags, type TrainSettings,
} from "./train-settings.js";

/**
 * Per-layer options: preset defaults, overridden by flags; lists give one value per layer (or one for all).
 * Both layers and hidden, or a list of the wrong length, is a UsageError.
 *
 * @param flags - The settings that make the per-layer options.
 * @returns One LayerTrainingOptions per layer, bottom first.
 */
export function layerOptionsFromFlags(flags: LayerSettings): LayerTrainingOptions[] {
  const defaults = presetDefaults(flags.preset);
  if (flags.layers && flags.hidden !== undefined) throw new UsageError("--layers and --hidden: give one of them");
  const sizes = flags.layers ?? [flags.hidden ?? defaults.nHidden];
  const pick = <T>(values: T[] | undefined, layer: number, flag: string, fallback: T): T => {
    if (!values) return fallback;
    if (values.length !== 1 && values.length !== sizes.length) {
      throw new UsageError(`${flag}: give one value or ${sizes.length} (one per layer), got ${values.length}`);
    }
    return values[Math.min(layer, values.length - 1)]!;
  };
  return sizes.map((nHidden, layer) => ({
    ...defaults,
    nHidden,
    epochs: pick(flags.epochs, layer, "--epochs", defaults.epochs),
    batchSize: flags.batch ?? defaults.batchSize,
    learningRate: pick(flags.lr, layer, "--lr", defaults.learningRate),
    momentum: flags.momentum ?? defaults.momentum,
    momentumSwitch: flags.momentumSwitch ?? defaults.momentumSwitch,
    cdSteps: flags.cd ?? defaults.cdSteps,
    persistent: flags.pcd ?? defaults.persistent,
    penalty: pick(flags.penalty, layer, "--penalty", defaults.penalty),
    penaltyStrength: flags.penaltyStrength ?? defaults.penaltyStrength,
    initStd: flags.initStd ?? defaults.initStd,
    visibleBiasFromData: flags.visibleBiasInit ? flags.visibleBiasInit === "data" : defaults.visibleBiasFromData,
  }));
}

/**
 * `blockspin train` as a call: checks the settings, takes --out's lock and trains (or, with `resume`,
 * continues the run checkpointed there with its recorded settings). `explicit` names the settings given
 * on the command line, which `resume` refuses unless they are per invocation. Resolves to the result and
 * the settings the run had; bad settings throw UsageError, divergence TrainingDivergedError.
 *
 * @param given - The command's flags, parsed by trainSettingsSchema.
 * @param explicit - Keys of the settings given explicitly (not defaults); default none.
 * @returns The settings the run had and the trained stack.
 */
export async function runTrainCommand(
  given: TrainSettings, explicit: readonly string[] = [],
): Promise<{
  /** The settings the run had (with `resume`, the recorded ones). */
  flags: TrainFlags;
  /** The trained layers and their metrics. */
  result: StackResult;
}> {
  let flags: TrainSettings = given;
  let resume: ResumeFrom | undefined;
  if (given.resume !== undefined) {
    const extra = explicit.filter((name) => !RESUME_TRAIN_KEYS.has(name));
    if (extra.length > 0) {
      const names = extra.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ");
      throw new UsageError(`--resume takes every training flag from the checkpoint; drop ${names} (only --threads, --quiet, --log-interval, --force and --checkpoint-every may be given)`);
    }
    const saved = await readCheckpoint(given.resume);
    flags = {
      ...(saved.flags as unknown as RecordedTrainSettings),
      out: given.resume, threads: given.threads, quiet: given.quiet, checkpointEvery: given.checkpointEvery,
      logInterval: given.logInterval, force: given.force,
    };
    resume = { checkpoint: saved.checkpoint, dataSha256: saved.dataSha256 };
  }
  if (flags.data === undefined) throw new UsageError("--data is required (or --resume DIR to continue a run)");
  const run: TrainFlags = { ...flags, data: flags.data };
  const layers = layerOptionsFromFlags(run);
  prepareOutputDirectory(run.out, "--out");
  const lock = acquireDirectoryLock(run.out, { command: "blockspin train", force: run.force ?? false });
  try {
    return { flags: run, result: await checkAndTrain(run, layers, resume) };
  } finally {
    lock.release();
  }
}

async function checkAndTrain(flags: TrainFlags, layers: LayerTrainingOptions[], resume: ResumeFrom | undefined): Promise<StackResult> {
  const input = encodeTrainingData(await readTrainingData(flags.data), flags.encoding, flags.seed);
  const trainSamples = trainingRows(input.data.nSamples, flags.validation);
  try {
    checkTrainingFits(input.data.nSamples, input.data.nVisible, layers);
  } catch (error) {
    throw new UsageError(`--data: ${(error as Error).message}`);
  }
  for (const [i, options] of layers.entries()) {
    try {
      validateLayerOptions(options, trainSamples);
    } catch (error) {
      throw new UsageError(`layer ${i + 1}: ${(error as Error).message}`);
    }
  }
  const result = await trainModel(flags, layers, input, resume);
  if (result.diverged) {
    throw new TrainingDivergedError(
      `training diverged (non-finite parameters) at layer ${result.diverged.layer}, epoch ${result.diverged.epoch}; ` +
      `the last finite model is in ${flags.out}`,
    );
  }
  return result;
}

/** A checkpoint to continue from (readCheckpoint's, less its flags). */
export interface ResumeFrom {
  /** The training state to continue. */
  checkpoint: StackCheckpoint;
  /** SHA-256 of the data it was trained on: other data is a UsageError. */
  dataSha256: string;
}

/**
 * runTraining with `blockspin train`'s flags, progress bar, stop signals and resume checks; records the
 * flags (less the per-invocation ones) in every checkpoint.
 *
 * @param flags - The run's settings, data named.
 * @param layers - Per-layer options (layerOptionsFromFlags).
 * @param input - The training data (readTrainingData).
 * @param resume - A checkpoint to continue from, of the same data.
 * @returns The trained layers and their metrics (`diverged` set if training diverged).
 */
export async function trainModel(
  flags: TrainFlags, layers: LayerTrainingOptions[], input: TrainingDataFile, resume?: ResumeFrom,
): Promise<StackResult> {
  const core = await loadCliCore(flags.simd ?? "baseline");
  const digest = dataDigest(input);
  if (resume && resume.dataSha256 !== digest) {
    throw new UsageError(`--resume: ${flags.data} is not the data the checkpoint was trained on (its contents changed)`);
  }
  const saved: Record<string, unknown> = { ...flags, simd: core.simd, data: resolve(flags.data) };
  for (const name of INVOCATION_TRAIN_KEYS) delete saved[name];
  const progress = createProgress(flags.quiet, { logInterval: flags.logInterval });
  const plan = stackProgressPlan(layers, input.data.nVisible, trainingRows(input.data.nSamples, flags.validation));
  let lastPL = "";
  const stop = watchStopSignals();
  try {
    return await runTraining(core, {
      out: flags.out, input, layers, seed: flags.seed, validation: flags.validation,
      monitorSamples: flags.monitorSamples, propagate: flags.propagate, threads: flags.threads,
      checkpointFlags: saved, dataSha256: digest, checkpointEvery: flags.checkpointEvery, stop,
      resumeCommand: `blockspin train --resume ${flags.out}`,
      ...(resume ? { resume: resume.checkpoint } : {}),
      onBatch: (layer, epoch, batch) =>
        progress.update(plan.done(layer, epoch, batch), plan.total, `layer ${layer} epoch ${epoch}/${layers[layer - 1]!.epochs}${lastPL}`),
      onEpoch: (m) => { lastPL = ` PL ${m.pseudoLikelihood.toFixed(2)}`; },
    });
  } finally {
    progress.stop();
    stop.dispose();
  }
}
