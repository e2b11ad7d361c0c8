// The settings of a training run, `blockspin train`'s flags: one zod schema
// for their values, checks and defaults. The command line parses each flag
// with it (src/node/cli/train.ts), a sweep spec's `train` keys are its keys
// (src/node/sweep/sweep-spec.ts), and a checkpoint records the run's values
// of the keys in RECORDED_TRAIN_KEYS, so `--resume` can take them back.

import { availableParallelism } from "node:os";
import { z } from "zod";
import { PENALTIES, PRESETS, type Penalty } from "../../rbm/training-options.js";
import { DIMER_ENCODINGS } from "../../systems/dimer/encodings.js";
import { SIMD_CHOICES } from "../runtime/simd-choice.js";
import {
  COMMA_STRING, choiceOf, finiteNumber, flagValue, integerAtLeast, listOf, logIntervalSeconds, switchFlag, text,
} from "../settings/flag-values.js";

const positiveInteger = integerAtLeast(1);
const nonNegative = finiteNumber("a finite number >= 0", (v) => v >= 0);

const momentumPair = flagValue<[number, number]>(
  (written) => {
    const parts = written.split(",").map(Number);
    return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined;
  },
  (value) => Array.isArray(value) && value.length === 2 && value.every((m) => typeof m === "number" && Number.isFinite(m) && m >= 0 && m < 1),
  "expected two numbers in [0, 1), e.g. 0.5,0.9",
).describe(COMMA_STRING);

const penaltyName = flagValue<Penalty>(
  (written) => written as Penalty,
  (value) => (PENALTIES as readonly unknown[]).includes(value),
  `expected one of ${PENALTIES.join(", ")}`,
);

/** Every flag of `blockspin train`, in the order of its help. Lists give per-layer values. */
export const trainSettingsSchema = z.object({
  /** Training data (--data): path of an .npy of int8 -1/+1 or uint8/bool 0/1, shape (samples, ...); required unless resuming. */
  data: text().optional(),
  /**
   * How dimer samples become visible units (--encoding, one of DIMER_ENCODINGS): `bonds` (2 L^2 units, the
   * default for dimer data), `kjr` or `kjr-correlated` (Koch-Janusz & Ringel's 2L x 2L image with decoy
   * spins seeded by `seed`). Dimer data only (the sidecar's `model`).
   */
  encoding: choiceOf(DIMER_ENCODINGS).optional(),
  /** Model bundle directory (--out); default `runs/model`. */
  out: text().default("runs/model"),
  /** Defaults preset (--preset): `rbm.m` (Mehta & Schwab 2014's rbm.m) or `sklearn` (scikit-learn's BernoulliRBM.fit); default `rbm.m`. */
  preset: choiceOf(PRESETS).default("rbm.m"),
  /** Hidden units per layer of a stack (--layers, e.g. 400,100,25); unset: one layer of `hidden` units. */
  layers: listOf(positiveInteger, undefined).optional(),
  /** Hidden units of a single layer (--hidden); default the preset's (rbm.m 400, sklearn 256). */
  hidden: positiveInteger.optional(),
  /** Epochs per layer (--epochs, one value or one per layer); default the preset's (rbm.m 200, sklearn 10). */
  epochs: listOf(integerAtLeast(0)).optional(),
  /** Mini-batch size in samples (--batch); default the preset's (rbm.m 100, sklearn 10). */
  batch: positiveInteger.optional(),
  /** Learning rate of weights and biases (--lr, one value or one per layer); default 0.1. */
  lr: listOf(finiteNumber("a finite number > 0", (v) => v > 0)).optional(),
  /** Momentum before and after the switch epoch (--momentum a,b, each in [0, 1)); default the preset's (rbm.m 0.5,0.9; sklearn 0,0). */
  momentum: momentumPair.optional(),
  /** Last epoch with the first momentum (--momentum-switch); default the preset's (rbm.m 5, sklearn 0). */
  momentumSwitch: integerAtLeast(0).optional(),
  /** Gibbs steps per update, k of CD-k (--cd); default 1. */
  cd: positiveInteger.optional(),
  /** Persistent chains, PCD (--pcd); default off for rbm.m, on for sklearn. */
  pcd: switchFlag().optional(),
  /** Weight penalty per layer (--penalty, one of PENALTIES); default the preset's (rbm.m l1, sklearn none). */
  penalty: listOf(penaltyName).optional(),
  /** Penalty strength, applied as rbm.m's weightcost (--penalty-strength, >= 0); default the preset's (rbm.m 2e-4, sklearn 0). */
  penaltyStrength: nonNegative.optional(),
  /** Standard deviation of the initial weights (--init-std, >= 0); default the preset's (rbm.m 0.1, sklearn 0.01). */
  initStd: nonNegative.optional(),
  /** Initial visible biases (--visible-bias-init): `zero`, or `data` for log(p/(1-p)) of the data's unit means; default `zero`. */
  visibleBiasInit: choiceOf(["zero", "data"] as const).optional(),
  /** Random seed, an integer >= 0 (--seed); default 1. */
  seed: integerAtLeast(0).default(1),
  /** Fraction of the samples held out for the overfitting signal (--validation, in [0, 1)); default 0.1. */
  validation: finiteNumber("a number in [0, 1)", (v) => v >= 0 && v < 1).default(0.1),
  /** Training samples scored each epoch (--monitor-samples); default 1000. */
  monitorSamples: positiveInteger.default(1000),
  /** What the next layer of a stack learns from (--propagate): hidden `probabilities` or sampled states; default `probabilities`. */
  propagate: choiceOf(["probabilities", "samples"] as const).default("probabilities"),
  /** Threads for training (--threads); results do not depend on it. Default: the available cores. */
  threads: positiveInteger.default(() => availableParallelism()),
  /** The wasm build (recorded in checkpoints as the build it resolved to). */
  simd: choiceOf(SIMD_CHOICES).default("baseline"),
  /** No progress bar, progress lines or summary (--quiet); default false. */
  quiet: switchFlag().default(false),
  /** Seconds between progress lines when stdout is not a terminal (default 30). */
  logInterval: logIntervalSeconds().optional(),
  /** Take over --out's lock even when it is held on another host. */
  force: switchFlag().default(false),
  /** Checkpoint after every N-th epoch of each layer (0: only at layer ends and on signals); default about once a minute. */
  checkpointEvery: integerAtLeast(0).optional(),
  /** Continue the run whose checkpoint is in this directory (its --out), with the settings recorded there. */
  resume: text().optional(),
});

/** Train settings as parsed (flags given, defaults filled in). */
export type TrainSettings = z.output<typeof trainSettingsSchema>;

/**
 * Settings of one invocation rather than of the run: where it writes, how fast it runs, how it reports.
 * A checkpoint does not record them, a sweep spec does not take them, and `--resume` may change them
 * (all but `out`, which is the resumed directory).
 */
export const INVOCATION_TRAIN_KEYS = ["out", "resume", "threads", "quiet", "checkpointEvery", "logInterval", "force"] as const;
/** A key of INVOCATION_TRAIN_KEYS: a setting of the invocation, not of the run. */
export type InvocationTrainKey = (typeof INVOCATION_TRAIN_KEYS)[number];

/** Keys `--resume` accepts beside it on the command line. */
export const RESUME_TRAIN_KEYS: ReadonlySet<string> = new Set(INVOCATION_TRAIN_KEYS.filter((key) => key !== "out"));

/** The keys a checkpoint records (`data` as an absolute path, `simd` as the build it resolved to). */
export const RECORDED_TRAIN_KEYS = (Object.keys(trainSettingsSchema.shape) as (keyof TrainSettings)[])
  .filter((key) => !(INVOCATION_TRAIN_KEYS as readonly string[]).includes(key));

/** What a checkpoint records of a run's settings. */
export type RecordedTrainSettings = Omit<TrainSettings, InvocationTrainKey>;

/** The settings of a run with its data named: what runTrainCommand and trainModel take. */
export type TrainFlags = Omit<TrainSettings, "force"> & {
  /** Path of the training data (.npy), required here. */
  data: string;
  /** Take over --out's lock even when it is held on another host; default false. */
  force?: boolean;
};

/** The settings that make the per-layer options (layerOptionsFromFlags). */
export type LayerSettings = Pick<TrainSettings,
  "preset" | "layers" | "hidden" | "epochs" | "batch" | "lr" | "momentum" | "momentumSwitch" | "cd" | "pcd" |
  "penalty" | "penaltyStrength" | "initStd" | "visibleBiasInit">;
