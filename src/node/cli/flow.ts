// `blockspin flow`: the RBM flow of temperature, read with the exact
// thermometer. A thin layer over runFlowExperiment (src/node/flow/flow-run.ts).

import { availableParallelism } from "node:os";
import { Command, Option } from "commander";
import { FLOW_MODES, type FlowMode } from "../../flow/temperature-flow.js";
import { TRAINING_PRESETS, parseTemperatures, presetTemperatures, type TrainingPreset } from "../../flow/training-temperatures.js";
import { FLOW_DEFAULTS, FLOW_STARTS, MAX_FLOW_SEED, runFlowExperiment, type FlowStartKind, type TrainingSet } from "../flow/flow-run.js";
import { integerAtLeast, positiveFinite } from "../settings/flag-values.js";
import { acquireDirectoryLock } from "../io/directory-lock.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { createProgress, LOG_INTERVAL_HELP, parseLogInterval } from "../runtime/progress.js";
import { loadCliCore } from "../runtime/simd-choice.js";
import { UsageError } from "../runtime/usage-error.js";

interface FlowFlags {
  size: number;
  temperatures: string;
  perTemperature: number;
  trainTemperatures: string;
  hidden?: number;
  epochs: number;
  lr: number;
  batch: number;
  bias: boolean;
  steps: number;
  starts: string;
  mode: FlowMode;
  seed: number;
  out: string;
  threads: number;
  quiet: boolean;
  logInterval?: number;
  force: boolean;
}

export function flowCommand(): Command {
  return new Command("flow")
    .description(
      "The RBM flow of temperature (Iso, Shiba & Yokoo 2018): sample Wolff configurations at each temperature " +
      "(cached under OUT/data and reused), train one RBM (N_v = N_h = L^2, CD-1) on the chosen training " +
      "temperatures, iterate v -> h -> v from random (T = infinity), all-up (T = 0) and held-out data starts, and read " +
      "every step with the exact thermometer (inverting the exact finite-L e(T)). Writes OUT/flow.json, " +
      "OUT/flow-SET.svg (+ .vl.json) with lines at T_c and T_Cmax(L), and OUT/report.html with the fixed-point table. " +
      "Presets: all (Iso et al.), extremes (T <= 0.5 and T >= 5.5 only: Veiga & Vicente's control), no-critical " +
      "(all but 1.8 <= T <= 2.8); give several, comma-separated, to put them side by side.",
    )
    .option("--size <L>", "lattice side L (integer >= 2)", integerAtLeast(2), FLOW_DEFAULTS.size)
    .option("--temperatures <from:to:step|list>", "sampled temperatures, a range or a comma list", FLOW_DEFAULTS.temperatureSpec)
    .option("--per-temperature <N>", "Wolff samples per temperature (20% held out as data starts)", integerAtLeast(10), FLOW_DEFAULTS.perTemperature)
    .option("--train-temperatures <preset,...|list>", `training set(s): ${TRAINING_PRESETS.join(", ")} (comma-separate several), or a list of sampled temperatures`, "all")
    .option("--hidden <N>", "hidden units [default: L^2]", integerAtLeast(1))
    .option("--epochs <N>", "training epochs", integerAtLeast(1), FLOW_DEFAULTS.epochs)
    .option("--lr <rate>", "learning rate (momentum 0.5 for 5 epochs, then 0.9)", positiveFinite("learning rate"), FLOW_DEFAULTS.learningRate)
    .option("--batch <N>", "mini-batch size", integerAtLeast(1), FLOW_DEFAULTS.batchSize)
    .option("--no-bias", "keep visible and hidden biases at 0 (Veiga & Vicente)")
    .option("--steps <N>", "flow steps v -> h -> v", integerAtLeast(1), FLOW_DEFAULTS.steps)
    .option("--starts <list>", `flow starts, comma-separated from ${FLOW_STARTS.join(", ")}`, FLOW_STARTS.join(","))
    .addOption(new Option("--mode <mode>", "samples: Bernoulli states at both half-steps; probabilities: feed probabilities on (the thermometer reads one draw)")
      .choices(FLOW_MODES).default("samples"))
    .option("--seed <S>", `seed for sampling, training and flows (integer 0..${MAX_FLOW_SEED})`, integerAtLeast(0), FLOW_DEFAULTS.seed)
    .option("--out <dir>", "output directory", "runs/flow")
    .option("--threads <N>", "threads for sampling, training and flows (results identical for any count); the default is 1 " +
      "because an L = 10 RBM's 100 x 100 mini-batch kernels are too small for a thread team to pay for its synchronisation " +
      `(this machine has ${availableParallelism()} cores; try more for L >= 32)`, integerAtLeast(1), 1)
    .option("--quiet", "no progress bar and no summary", false)
    .option("--log-interval <s>", LOG_INTERVAL_HELP, parseLogInterval)
    .option("--force", "take over --out's lock even if it is held on another host (whose process cannot be checked)", false)
    .action(async (flags: FlowFlags) => {
      if (flags.seed > MAX_FLOW_SEED) throw new UsageError(`--seed must be at most ${MAX_FLOW_SEED}, got ${flags.seed}`);
      const temperatures = parseOrUsage("--temperatures", () => parseTemperatures(flags.temperatures));
      const trainingSets = parseTrainingSets(flags.trainTemperatures, temperatures);
      const starts = parseStarts(flags.starts);
      const heldOutFraction = FLOW_DEFAULTS.heldOutFraction;
      const trainRows = flags.perTemperature - Math.max(1, Math.round(flags.perTemperature * heldOutFraction));
      const fewest = Math.min(...trainingSets.map((s) => s.temperatures?.length ?? temperatures.length));
      if (flags.batch > trainRows * fewest) throw new UsageError(`--batch ${flags.batch} is larger than the training set`);
      prepareOutputDirectory(flags.out, "--out");
      const lock = acquireDirectoryLock(flags.out, { command: "blockspin flow", force: flags.force });
      try {
        await runFlowCommand(flags, temperatures, trainingSets, starts, heldOutFraction);
      } finally {
        lock.release();
      }
    });
}

async function runFlowCommand(
  flags: FlowFlags, temperatures: number[], trainingSets: TrainingSet[], starts: FlowStartKind[], heldOutFraction: number,
): Promise<void> {
  const core = await loadCliCore("baseline");
  const progress = createProgress(flags.quiet, { logInterval: flags.logInterval });
  const log = flags.quiet ? () => {} : (line: string) => console.error(line);
  const started = performance.now();
  const result = await runFlowExperiment(core, {
    size: flags.size, temperatures, perTemperature: flags.perTemperature, trainingSets,
    hidden: flags.hidden ?? flags.size ** 2, epochs: flags.epochs, learningRate: flags.lr, batchSize: flags.batch,
    biases: flags.bias, steps: flags.steps, starts, mode: flags.mode, seed: flags.seed, out: flags.out,
    threads: flags.threads, heldOutFraction,
  }, progress, log);
  if (!flags.quiet) {
    console.log(summary(result.sets, result.criticalTemperature, result.specificHeatMaximum.temperature, flags.size));
    console.log(`wrote ${result.reportPath} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
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

function summary(sets: { trainingSet: string; fixedPoints: { start: string; finalTemperature: number; meanTemperature: number; spread: number }[] }[], tc: number, peak: number, size: number): string {
  const f = (t: number) => (t === Infinity ? "inf" : t.toFixed(3));
  const lines = [`fixed points (T after the last step; mean of last 10 ± SD); T_c = ${tc.toFixed(3)}, T_Cmax(${size}) = ${peak.toFixed(3)}`];
  for (const set of sets) {
    lines.push(`trained on ${set.trainingSet}:`);
    for (const p of set.fixedPoints) lines.push(`  ${p.start.padEnd(14)} ${f(p.finalTemperature).padStart(7)}   ${f(p.meanTemperature)} ± ${f(p.spread)}`);
  }
  return lines.join("\n");
}

