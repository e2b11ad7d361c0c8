// `blockspin rg`: the flags (values, checks and defaults are
// rgSettingsSchema's), a call of runRgCommand (Ising or dimer data), the table.

import { Command } from "commander";
import { MAX_OPERATORS, MCRG_OPERATORS } from "../../rg/mcrg.js";
import { rgSettingsSchema, type RgSettings } from "../rg/rg-settings.js";
import { runRgCommand } from "../rg/rg-command.js";
import { settingOption } from "./options.js";

/** The commander definition of `blockspin rg`. */
export function rgCommand(): Command {
  const s = rgSettingsSchema.shape;
  return new Command("rg")
    .description(
      "Is it renormalization? Measure the coarse variables of a trained stack (hidden states sampled up the " +
      "stack from the data, as +-1 spins aligned to each unit's receptive field and placed at its centre), or of " +
      "majority-rule b = 2 block spins without --model, level by level (level 0 = the data): second-moment " +
      "correlation length xi2 in original lattice spacings and its ratio to the data's, <|m|>, Binder U, tiling " +
      "error of the coarse grid (coarse spacings), share of localized units, and Swendsen's linearized MCRG " +
      `(lambda_t, nu = ln b / ln lambda_t, ${MAX_OPERATORS} operators: ${MCRG_OPERATORS.join(", ")}; ` +
      "marked * when not meaningful: a tiling error >= 0.5 at that level or the one below). Writes OUT/rg.json and prints a table. " +
      "On dimer samples (blockspin sample --model dimer) it measures instead what each layer's units carry of their block's " +
      "electric field (median R^2, share with R^2 >= 0.5), their weight on decoy spins and the decay exponent of their " +
      "correlations, or without --model the block field's own signs, and writes OUT/dimer-rg.json.",
    )
    .addOption(settingOption("--data <file.npy>", "int8 -1/+1 spin samples of shape (N, L, L), or dimer samples (N, 2, L, L)", s.data).makeOptionMandatory())
    .addOption(settingOption("--model <dir>", "model bundle (from blockspin train); without it, majority rule", s.model))
    .addOption(settingOption("--levels <n>", "levels above the data [all the model's layers; majority rule: halvings down to a side >= 4, 3 for L = 40]", s.levels))
    .addOption(settingOption("--samples <n>", "use the first n samples [all]", s.samples))
    .addOption(settingOption("--seed <s>", "seed of the hidden-state sampling and the majority-rule tie coins", s.seed))
    .addOption(settingOption("--out <dir>", "output directory for rg.json", s.out))
    .addOption(settingOption("--threads <n>", "threads for propagating through the model (results are identical for any count) [available cores]", s.threads))
    .action(async (settings: RgSettings) => {
      const { table, path } = await runRgCommand(settings);
      console.log(table);
      console.log(`wrote ${path}`);
    });
}
