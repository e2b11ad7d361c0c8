// `blockspin flow`: the flags (syntax and help; values, checks and defaults
// are flowSettingsSchema's), a call of runFlow (src/node/flow/flow.ts), the
// fixed-point summary.

import { availableParallelism } from "node:os";
import { Command } from "commander";
import { TRAINING_PRESETS } from "../../flow/training-temperatures.js";
import { runFlow } from "../flow/flow.js";
import { FLOW_STARTS, MAX_FLOW_SEED, flowSettingsSchema, type FlowSettings } from "../flow/flow-settings.js";
import { LOG_INTERVAL_HELP } from "../runtime/progress.js";
import { settingOption } from "./options.js";

export function flowCommand(): Command {
  const s = flowSettingsSchema.shape;
  return new Command("flow")
    .description(
      "The RBM flow of temperature (Iso, Shiba & Yokoo 2018): sample Wolff configurations at each temperature " +
      "(cached under OUT/data and reused), train one RBM (N_v = N_h = L^2; the training rules of --preset, changed by the flags) on the chosen training " +
      "temperatures, iterate v -> h -> v from random (T = infinity), all-up (T = 0) and held-out data starts, and read " +
      "every step with the exact thermometer (inverting the exact finite-L e(T)). Writes OUT/flow.json, " +
      "OUT/flow-SET.svg (+ .vl.json) with lines at T_c and T_Cmax(L), and OUT/report.html with the fixed-point table. " +
      "Presets: all (Iso et al.), extremes (T <= 0.5 and T >= 5.5 only: Veiga & Vicente's control), no-critical " +
      "(all but 1.8 <= T <= 2.8); give several, comma-separated, to put them side by side.",
    )
    .addOption(settingOption("--size <L>", "lattice side L (integer >= 2)", s.size))
    .addOption(settingOption("--temperatures <from:to:step|list>", "sampled temperatures, a range or a comma list", s.temperatures))
    .addOption(settingOption("--per-temperature <N>", "Wolff samples per temperature (20% held out as data starts)", s.perTemperature))
    .addOption(settingOption("--train-temperatures <preset,...|list>", `training set(s): ${TRAINING_PRESETS.join(", ")} (comma-separate several), or a list of sampled temperatures`, s.trainTemperatures))
    .addOption(settingOption("--hidden <N>", "hidden units [default: L^2]", s.hidden))
    .addOption(settingOption("--preset <name>", "training rules: iso (Iso, Shiba & Yokoo 2018: CD-1, batch 100, lr 0.01, momentum rbm.m, " +
      "negative probabilities, init std 0.01, 100 epochs, biases trained) or veiga-vicente (their code: CD-1, batch 100, lr 0.01, " +
      "no momentum, negative samples, init std 0.1, 8000 epochs, no biases); the flags below override it", s.preset))
    .addOption(settingOption("--epochs <N>", "training epochs [the preset's]", s.epochs))
    .addOption(settingOption("--lr <rate>", "learning rate [the preset's]", s.lr))
    .addOption(settingOption("--batch <N>", "mini-batch size [the preset's]", s.batch))
    .addOption(settingOption("--momentum <m>", "momentum: rbm.m (0.5 for 5 epochs, then 0.9), none, or a constant in [0, 1) [the preset's]", s.momentum))
    .addOption(settingOption("--negative <phase>", "negative visibles: samples (sampled states) or probabilities (rbm.m) [the preset's]", s.negative))
    .addOption(settingOption("--init-std <s>", "standard deviation of the initial weights [the preset's]", s.initStd))
    .addOption(settingOption("--cd-steps <k>", "Gibbs steps per update, k of CD-k [the preset's]", s.cdSteps))
    .addOption(settingOption("--persistent", "persistent chains (PCD) instead of chains restarted at the data", s.persistent))
    // Both forms, so that neither is a default: unset, the preset decides.
    .addOption(settingOption("--bias", "train the visible and hidden biases [iso]", s.bias))
    .addOption(settingOption("--no-bias", "keep visible and hidden biases at 0 [veiga-vicente]", s.bias))
    .addOption(settingOption("--steps <N>", "flow steps v -> h -> v", s.steps))
    .addOption(settingOption("--starts <list>", `flow starts, comma-separated from ${FLOW_STARTS.join(", ")}`, s.starts))
    .addOption(settingOption("--mode <mode>", "samples: Bernoulli states at both half-steps; probabilities: feed probabilities on (the thermometer reads one draw)", s.mode))
    .addOption(settingOption("--seed <S>", `seed for sampling, training and flows (integer 0..${MAX_FLOW_SEED})`, s.seed))
    .addOption(settingOption("--out <dir>", "output directory", s.out))
    .addOption(settingOption("--threads <N>", "threads for sampling, training and flows (results identical for any count); the default is 1 " +
      "because an L = 10 RBM's 100 x 100 mini-batch kernels are too small for a thread team to pay for its synchronisation " +
      `(this machine has ${availableParallelism()} cores; try more for L >= 32)`, s.threads))
    .addOption(settingOption("--quiet", "no progress bar and no summary", s.quiet))
    .addOption(settingOption("--log-interval <s>", LOG_INTERVAL_HELP, s.logInterval))
    .addOption(settingOption("--force", "take over --out's lock even if it is held on another host (whose process cannot be checked)", s.force))
    .action(async (flags: FlowSettings) => {
      const started = performance.now();
      const result = await runFlow(flags);
      if (!flags.quiet) {
        console.log(summary(result.sets, result.criticalTemperature, result.specificHeatMaximum.temperature, flags.size));
        console.log(`wrote ${result.reportPath} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    });
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

