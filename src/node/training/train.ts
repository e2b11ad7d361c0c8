// `blockspin train`: greedy CD / PCD training of one RBM or a stack, to a
// model bundle (model.json, layer{k}.*.npy, metrics.jsonl). The flags and
// their checks live here; the run itself (checkpoints, interrupts, the
// bundle) is runTraining in training-run.ts, shared with reproduce.

import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { loadCliCore, SIMD_CHOICES, SIMD_HELP, type SimdChoice } from "../runtime/simd-choice.js";
import { checkTrainingFits } from "../../rbm/memory-estimate.js";
import type { StackCheckpoint, StackResult } from "../../rbm/stack.js";
import {
  PENALTIES, PRESETS, presetDefaults, validateLayerOptions,
  type LayerTrainingOptions, type Penalty, type Preset,
} from "../../rbm/training-options.js";
import { readCheckpoint } from "./checkpoint.js";
import { watchStopSignals } from "../runtime/stop-signals.js";
import { integerAtLeast } from "../settings/flag-values.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { acquireDirectoryLock } from "../io/directory-lock.js";
import { createProgress, LOG_INTERVAL_HELP, parseLogInterval } from "../runtime/progress.js";
import { stackProgressPlan, trainingRows } from "./training-progress.js";
import { readTrainingData, type TrainingDataFile } from "../io/training-data.js";
import { TrainingDivergedError, dataDigest, runTraining } from "./training-run.js";
import { UsageError } from "../runtime/usage-error.js";

export interface TrainFlags {
  data: string;
  out: string;
  preset: Preset;
  layers?: number[];
  hidden?: number;
  epochs?: number[];
  batch?: number;
  lr?: number[];
  momentum?: [number, number];
  momentumSwitch?: number;
  cd?: number;
  pcd?: boolean;
  penalty?: Penalty[];
  penaltyStrength?: number;
  initStd?: number;
  visibleBiasInit?: "zero" | "data";
  seed: number;
  validation: number;
  monitorSamples: number;
  propagate: "probabilities" | "samples";
  /** Threads for training; results do not depend on it. */
  threads?: number;
  /** The wasm build (saved in checkpoints as the build it resolved to). */
  simd?: SimdChoice;
  quiet: boolean;
  /** Checkpoint after every N-th epoch of each layer (0: only at layer ends and on signals); default about once a minute. */
  checkpointEvery?: number;
  /** Continue the run whose checkpoint is in this directory (its --out), with the flags saved there. */
  resume?: string;
  /** Seconds between progress lines when stdout is not a terminal (default 30). */
  logInterval?: number;
  /** Take over --out's lock even when it is held on another host. */
  force?: boolean;
}

/** Flags that may differ on --resume because they do not change the results. */
const RESUME_FLAGS = new Set(["resume", "threads", "quiet", "checkpointEvery", "logInterval", "force"]);
/** Flags not saved in a checkpoint: the output directory is the checkpoint's, the rest are per invocation. */
const UNSAVED_FLAGS = ["out", "resume", "threads", "quiet", "checkpointEvery", "logInterval", "force"] as const;

function list<T>(parse: (item: string) => T): (value: string) => T[] {
  return (value) => value.split(",").map((item) => parse(item.trim()));
}

function finiteNumber(what: string, check: (v: number) => boolean): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === "" || !Number.isFinite(parsed) || !check(parsed)) throw new InvalidArgumentError(`expected ${what}`);
    return parsed;
  };
}

const positiveInteger = integerAtLeast(1);
const penaltyName = (value: string): Penalty => {
  if (!(PENALTIES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${PENALTIES.join(", ")}`);
  return value as Penalty;
};

export function trainCommand(): Command {
  return new Command("train")
    .description(
      "Train a Bernoulli RBM (or a stack, greedily) on Ising samples with contrastive divergence. " +
      "Defaults are rbm.m's as used by Mehta & Schwab (2014): CD-1, lr 0.1, momentum 0.5 then 0.9 after " +
      "epoch 5, batch 100, weights 0.1*N(0,1), L1 penalty 2e-4, 200 epochs. Lists (a,b,c) give per-layer values.",
    )
    .option("--data <file.npy>", "training data: int8 -1/+1 or uint8/bool 0/1, shape (samples, ...) (required unless --resume)")
    .option("--out <dir>", "model bundle directory", "runs/model")
    .addOption(new Option("--preset <name>", "defaults: rbm.m (the paper) or sklearn (BernoulliRBM.fit exactly)")
      .choices(PRESETS).default("rbm.m"))
    .option("--layers <sizes>", "hidden units per layer for a stack, e.g. 400,100,25", list(positiveInteger))
    .option("--hidden <n>", "hidden units of a single layer [rbm.m: 400, sklearn: 256]", positiveInteger)
    .option("--epochs <n[,n...]>", "epochs per layer [rbm.m: 200, sklearn: 10]", list(integerAtLeast(0)))
    .option("--batch <n>", "mini-batch size [rbm.m: 100, sklearn: 10]", positiveInteger)
    .option("--lr <rate[,rate...]>", "learning rate, weights and biases [0.1]", list(finiteNumber("a finite number > 0", (v) => v > 0)))
    .option("--momentum <a,b>", "momentum before and after the switch [rbm.m: 0.5,0.9; sklearn: 0,0]", parseMomentum)
    .option("--momentum-switch <epoch>", "last epoch with the first momentum [5]", integerAtLeast(0))
    .option("--cd <k>", "Gibbs steps per update (CD-k) [1]", positiveInteger)
    .option("--pcd", "persistent chains (PCD) [sklearn preset: on]")
    .option("--penalty <name[,name...]>", `weight penalty: ${PENALTIES.join(", ")} [rbm.m: l1; sklearn: none]`, list(penaltyName))
    .option("--penalty-strength <s>", "penalty strength, applied as rbm.m's weightcost [2e-4]", finiteNumber("a finite number >= 0", (v) => v >= 0))
    .option("--init-std <s>", "initial weight std (rbm.m 0.1; the Practical Guide suggests 0.01) [rbm.m: 0.1, sklearn: 0.01]", finiteNumber("a finite number >= 0", (v) => v >= 0))
    .addOption(new Option("--visible-bias-init <how>", "visible biases start at zero or at log(p/(1-p)) of the data").choices(["zero", "data"]))
    .option("--seed <s>", "random seed (integer >= 0)", integerAtLeast(0), 1)
    .option("--validation <fraction>", "held-out fraction for the overfitting signal", finiteNumber("a number in [0, 1)", (v) => v >= 0 && v < 1), 0.1)
    .option("--monitor-samples <n>", "training samples scored each epoch", positiveInteger, 1000)
    .addOption(new Option("--propagate <what>", "what the next layer learns from").choices(["probabilities", "samples"]).default("probabilities"))
    .option("--threads <n>", "threads for training (results are identical for any count) [available cores]", positiveInteger, availableParallelism())
    .addOption(new Option("--simd <build>", SIMD_HELP).choices(SIMD_CHOICES).default("baseline"))
    .option("--quiet", "no progress bar, progress lines or summary", false)
    .option("--log-interval <s>", LOG_INTERVAL_HELP, parseLogInterval)
    .option("--force", "take over --out's lock even if it is held on another host (whose process cannot be checked)", false)
    .option("--checkpoint-every <n>", "checkpoint to <out>/checkpoint/ after every n-th epoch of a layer (0: only at layer ends) " +
      "[about once a minute]; also at layer ends and on SIGINT/SIGTERM", integerAtLeast(0))
    .option("--resume <dir>", "continue the interrupted run in <dir> (its --out) with the flags saved in its checkpoint")
    .action(runTrain);
}

function parseMomentum(value: string): [number, number] {
  const parts = value.split(",").map(Number);
  if (parts.length !== 2 || parts.some((m) => !Number.isFinite(m) || m < 0 || m >= 1)) {
    throw new InvalidArgumentError("expected two numbers in [0, 1), e.g. 0.5,0.9");
  }
  return [parts[0]!, parts[1]!];
}

/** Per-layer options: preset defaults, overridden by flags; lists give one value per layer. */
export function layerOptionsFromFlags(flags: TrainFlags): LayerTrainingOptions[] {
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

async function runTrain(given: TrainFlags, command: Command): Promise<void> {
  let flags = given;
  let resume: ResumeFrom | undefined;
  if (given.resume !== undefined) {
    const extra = command.options
      .map((option) => option.attributeName())
      .filter((name) => command.getOptionValueSource(name) === "cli" && !RESUME_FLAGS.has(name));
    if (extra.length > 0) {
      const names = extra.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ");
      throw new UsageError(`--resume takes every training flag from the checkpoint; drop ${names} (only --threads, --quiet, --log-interval, --force and --checkpoint-every may be given)`);
    }
    const saved = await readCheckpoint(given.resume);
    flags = {
      ...(saved.flags as unknown as TrainFlags),
      out: given.resume, threads: given.threads, quiet: given.quiet, checkpointEvery: given.checkpointEvery,
      logInterval: given.logInterval, force: given.force,
    };
    resume = { checkpoint: saved.checkpoint, dataSha256: saved.dataSha256 };
  }
  if (flags.data === undefined) throw new UsageError("--data is required (or --resume DIR to continue a run)");
  const layers = layerOptionsFromFlags(flags);
  prepareOutputDirectory(flags.out, "--out");
  const lock = acquireDirectoryLock(flags.out, { command: "blockspin train", force: flags.force ?? false });
  try {
    await checkAndTrain(flags, layers, resume);
  } finally {
    lock.release();
  }
}

async function checkAndTrain(flags: TrainFlags, layers: LayerTrainingOptions[], resume: ResumeFrom | undefined): Promise<void> {
  const input = await readTrainingData(flags.data);
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
  if (!flags.quiet) {
    for (const layer of result.layers.keys()) {
      const last = result.metrics.filter((m) => m.layer === layer + 1).at(-1);
      if (last) console.log(`layer ${layer + 1}: pseudo-likelihood ${last.pseudoLikelihood.toFixed(3)}, reconstruction error ${last.reconstructionError.toFixed(5)}`);
    }
    console.log(`wrote ${flags.out}/model.json`);
  }
}

export interface ResumeFrom {
  checkpoint: StackCheckpoint;
  dataSha256: string;
}

/** runTraining with this command's flags, progress bar and resume checks. */
export async function trainModel(
  flags: TrainFlags, layers: LayerTrainingOptions[], input: TrainingDataFile, resume?: ResumeFrom,
): Promise<StackResult> {
  const core = await loadCliCore(flags.simd ?? "baseline");
  const digest = dataDigest(input);
  if (resume && resume.dataSha256 !== digest) {
    throw new UsageError(`--resume: ${flags.data} is not the data the checkpoint was trained on (its contents changed)`);
  }
  const saved: Record<string, unknown> = { ...flags, simd: core.simd, data: resolve(flags.data) };
  for (const name of UNSAVED_FLAGS) delete saved[name];
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
