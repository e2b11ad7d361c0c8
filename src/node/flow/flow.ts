// `blockspin flow` as a service: the flags' settings checked and turned into
// FlowOptions (temperatures, training sets, starts), --out's lock, and
// runFlowExperiment (flow-run.ts) with a progress bar.

import { flowTrainingPreset, type FlowTraining } from "../../flow/flow-training.js";
import { TRAINING_PRESETS, parseTemperatures, presetTemperatures, type TrainingPreset } from "../../flow/training-temperatures.js";
import { acquireDirectoryLock } from "../io/directory-lock.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { createProgress } from "../runtime/progress.js";
import { loadCliCore } from "../runtime/simd-choice.js";
import { UsageError } from "../runtime/usage-error.js";
import type { FlowResult } from "./flow-result.js";
import { runFlowExperiment } from "./flow-run.js";
import { FLOW_DEFAULTS, FLOW_STARTS, MAX_FLOW_SEED, type FlowOptions, type FlowSettings, type FlowStartKind, type TrainingSet } from "./flow-settings.js";

/** The settings a flow experiment needs besides where it writes and how it reports: every flag but those. */
export type FlowRunSettings = Omit<FlowSettings, "out" | "threads" | "quiet" | "logInterval" | "force">;

/**
 * Checks the settings of a flow and turns them into FlowOptions (less out and threads); UsageError naming the flag
 * on a problem. `blockspin flow` and a sweep's flow tasks (at plan time) check with it.
 *
 * @param flags - The settings, parsed by flowSettingsSchema.
 * @returns The experiment's options, without `out` and `threads`.
 */
export function flowOptionsOf(flags: FlowRunSettings): Omit<FlowOptions, "out" | "threads"> {
  if (flags.seed > MAX_FLOW_SEED) throw new UsageError(`--seed must be at most ${MAX_FLOW_SEED}, got ${flags.seed}`);
  const temperatures = parseOrUsage("--temperatures", () => parseTemperatures(flags.temperatures));
  const trainingSets = parseTrainingSets(flags.trainTemperatures, temperatures);
  const starts = parseStarts(flags.starts);
  const training = flowTrainingOf(flags);
  const heldOutFraction = FLOW_DEFAULTS.heldOutFraction;
  const trainRows = flags.perTemperature - Math.max(1, Math.round(flags.perTemperature * heldOutFraction));
  const fewest = Math.min(...trainingSets.map((s) => s.temperatures?.length ?? temperatures.length));
  if (training.batchSize > trainRows * fewest) throw new UsageError(`--batch ${training.batchSize} is larger than the training set`);
  return {
    size: flags.size, temperatures, perTemperature: flags.perTemperature, trainingSets,
    hidden: flags.hidden ?? flags.size ** 2, preset: flags.preset, ...training, steps: flags.steps, starts, mode: flags.mode, seed: flags.seed,
    heldOutFraction,
  };
}

/**
 * `blockspin flow` as a call: checks the settings (UsageError naming the flag), takes --out's lock and runs
 * the experiment (runFlowExperiment) with a progress bar.
 *
 * @param flags - The command's flags, parsed by flowSettingsSchema.
 * @param dataDir - Where the Wolff samples are cached; default `out`/data (a sweep shares one per lattice and seed).
 * @returns The experiment's result, also written to `out`/flow.json.
 */
export async function runFlow(flags: FlowSettings, dataDir?: string): Promise<FlowResult> {
  const options = flowOptionsOf(flags);
  prepareOutputDirectory(flags.out, "--out");
  const lock = acquireDirectoryLock(flags.out, { command: "blockspin flow", force: flags.force });
  try {
    const core = await loadCliCore("baseline");
    const progress = createProgress(flags.quiet, { logInterval: flags.logInterval });
    const log = flags.quiet ? () => {} : (line: string) => console.error(line);
    return await runFlowExperiment(core, { ...options, out: flags.out, threads: flags.threads, ...(dataDir !== undefined ? { dataDir } : {}) }, progress, log);
  } finally {
    lock.release();
  }
}

/** The flags that make the training rules (flowTrainingOf). */
export type FlowTrainingSettings = Pick<FlowSettings,
  "preset" | "epochs" | "lr" | "batch" | "momentum" | "negative" | "initStd" | "cdSteps" | "persistent" | "bias">;

/**
 * The training rules of a flow: the preset's (flowTrainingPreset), overridden by the flags given.
 *
 * @param flags - The preset and the training flags, parsed by flowSettingsSchema (unset: the preset's).
 * @returns The rules runFlowExperiment trains with.
 */
export function flowTrainingOf(flags: FlowTrainingSettings): FlowTraining {
  const preset = flowTrainingPreset(flags.preset);
  return {
    epochs: flags.epochs ?? preset.epochs,
    learningRate: flags.lr ?? preset.learningRate,
    batchSize: flags.batch ?? preset.batchSize,
    momentum: flags.momentum ?? preset.momentum,
    negative: flags.negative ?? preset.negative,
    initStd: flags.initStd ?? preset.initStd,
    cdSteps: flags.cdSteps ?? preset.cdSteps,
    persistent: flags.persistent ?? preset.persistent,
    biases: flags.bias ?? preset.biases,
  };
}

function parseOrUsage<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

/** Preset names (comma-separated) or one explicit temperature list, every value among the sampled ones. */
function parseTrainingSets(spec: string, sampled: readonly number[]): TrainingSet[] {
  const items = spec.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length > 0 && items.every((s) => /^[a-z-]+$/.test(s))) {
    const unknown = items.find((s) => !(TRAINING_PRESETS as readonly string[]).includes(s));
    if (unknown) throw new UsageError(`--train-temperatures: unknown preset "${unknown}"; expected ${TRAINING_PRESETS.join(", ")} or a temperature list`);
    return [...new Set(items)].map((name) => {
      const temperatures = presetTemperatures(name as TrainingPreset, sampled);
      if (temperatures.length === 0) throw new UsageError(`--train-temperatures: preset ${name} keeps none of the sampled --temperatures`);
      return { name: name as TrainingPreset, temperatures };
    });
  }
  const list = parseOrUsage("--train-temperatures", () => parseTemperatures(spec));
  const missing = list.find((t) => !sampled.includes(t));
  if (missing !== undefined) throw new UsageError(`--train-temperatures: ${missing} is not among the sampled --temperatures`);
  return [{ name: "custom", temperatures: list }];
}

function parseStarts(spec: string): FlowStartKind[] {
  const items = spec.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw new UsageError("--starts: no starts given");
  const unknown = items.find((s) => !(FLOW_STARTS as readonly string[]).includes(s));
  if (unknown) throw new UsageError(`--starts: unknown start "${unknown}"; expected ${FLOW_STARTS.join(", ")}`);
  return [...new Set(items)] as FlowStartKind[];
}
