// `blockspin score`: the flags (values, checks and defaults are
// scoreSettingsSchema's), a call of runScore, the scores as JSON.

import { Command } from "commander";
import { runScore } from "../score/score.js";
import { scoreSettingsSchema, type ScoreSettings } from "../score/score-settings.js";
import { settingOption } from "./options.js";

export function scoreCommand(): Command {
  const s = scoreSettingsSchema.shape;
  return new Command("score")
    .description(
      "Score a trained model on data and print JSON: mean free energy, mean pseudo-likelihood " +
      "(scikit-learn's score_samples: one random visible unit flipped per sample), reconstruction " +
      "error (mean squared error per visible unit of the one-step mean-field reconstruction), samples.",
    )
    .addOption(settingOption("--model <dir>", "model bundle directory (from blockspin train)", s.model).makeOptionMandatory())
    .addOption(settingOption("--data <file.npy>", "int8 -1/+1 or uint8/bool 0/1 samples", s.data).makeOptionMandatory())
    .addOption(settingOption("--layer <k>", "layer to score; data is propagated up through the layers below", s.layer))
    .addOption(settingOption("--seed <s>", "seed for the flipped units of the pseudo-likelihood", s.seed))
    .addOption(settingOption("--threads <n>", "threads for scoring (results are identical for any count) [available cores]", s.threads))
    .action(async (settings: ScoreSettings) => {
      console.log(JSON.stringify(await runScore(settings), null, 2));
    });
}
