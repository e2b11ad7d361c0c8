// `blockspin analyze`: the flags (values, checks and defaults are
// analyzeSettingsSchema's), a call of runAnalyze, the file written.

import { Command } from "commander";
import { runAnalyze } from "../reproduce/analyze.js";
import { analyzeSettingsSchema, type AnalyzeSettings } from "../reproduce/reproduce-settings.js";
import { settingOption } from "./options.js";

export function analyzeCommand(): Command {
  const s = analyzeSettingsSchema.shape;
  return new Command("analyze")
    .description(
      "Analyze a model bundle: receptive fields r(l) = r(l-1) W(l), raw weights, reconstructions from each depth, " +
      "top-layer samples, training curves (PNG) and locality numbers (analysis.json).",
    )
    .addOption(settingOption("--model <dir>", "model bundle directory", s.model).makeOptionMandatory())
    .addOption(settingOption("--data <file.npy>", "samples of shape (N, L, L) the model was trained on", s.data).makeOptionMandatory())
    .addOption(settingOption("--out <dir>", "output directory [MODEL/analysis]", s.out))
    .addOption(settingOption("--samples <n>", "configurations to reconstruct", s.samples))
    .addOption(settingOption("--seed <s>", "seed for top-layer sampling and the random-field reference", s.seed))
    .action(async (settings: AnalyzeSettings) => {
      console.log(`wrote ${await runAnalyze(settings)}`);
    });
}
