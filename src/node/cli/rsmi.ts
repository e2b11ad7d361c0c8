// `blockspin rsmi`: the flags (values, checks and defaults are
// rsmiSettingsSchema's), a call of runRsmi, the summary.

import { Command } from "commander";
import { LOG_INTERVAL_HELP } from "../runtime/progress.js";
import { runRsmi } from "../rsmi/rsmi.js";
import { rsmiSettingsSchema, type RsmiSettings } from "../rsmi/rsmi-settings.js";
import { settingOption } from "./options.js";

/** The commander definition of `blockspin rsmi`. */
export function rsmiCommand(): Command {
  const s = rsmiSettingsSchema.shape;
  return new Command("rsmi")
    .description(
      "Learn a coarse-graining by real-space mutual information (Koch-Janusz & Ringel 2018; RSMI-NE, Goekmen et al. 2021): " +
      "a linear filter per b x b block whose sign is the coarse variable, trained with two critics on the InfoNCE bound of " +
      "its mutual information with the environment beyond a buffer; level by level, each on the one below. Writes " +
      "OUT/rsmi-model.json (the filters; `rg --model OUT` measures them), OUT/rsmi.json (the bound per epoch), " +
      "OUT/filters-level<l>.png and OUT/rsmi-bound.png.",
    )
    .addOption(settingOption("--data <file.npy>", "int8 -1/+1 Ising samples of shape (N, L, L)", s.data).makeOptionMandatory())
    .addOption(settingOption("--block <b>", "block side b", s.block))
    .addOption(settingOption("--buffer <w>", "buffer width w between block and environment", s.buffer))
    .addOption(settingOption("--env <e>", "environment shell width e (thinner on coarse lattices too small for it)", s.env))
    .addOption(settingOption("--hidden <k>", "coarse variables per block (more than 1: one level only)", s.hidden))
    .addOption(settingOption("--levels <n>", "levels, each learned on the one below", s.levels))
    .addOption(settingOption("--epochs <n>", "epochs of 100 training steps per level", s.epochs))
    .addOption(settingOption("--batch <K>", "(block, environment) pairs per step; the bound cannot exceed ln K", s.batch))
    .addOption(settingOption("--seed <s>", "seed of the initial weights, pairs, noise and tie coins", s.seed))
    .addOption(settingOption("--out <dir>", "bundle directory", s.out))
    .addOption(settingOption("--quiet", "no progress bar, progress lines or summary", s.quiet))
    .addOption(settingOption("--log-interval <s>", LOG_INTERVAL_HELP, s.logInterval))
    .addOption(settingOption("--force", "take over --out's lock even if it is held on another host", s.force))
    .action(async (settings: RsmiSettings) => {
      const { levels } = await runRsmi(settings);
      if (settings.quiet) return;
      for (const level of levels) {
        const weights = level.filters.map((row) => `[${row.map((w) => w.toFixed(3)).join(", ")}]`).join(" ");
        console.log(`level ${level.level} (${level.side}x${level.side}, b ${level.block}, w ${level.buffer}, e ${level.environment}): ` +
          `bound ${level.bound.toFixed(4)} +- ${level.boundError.toFixed(4)} nats (${(level.bound / (level.hidden * Math.LN2)).toFixed(3)} of ${level.hidden} ln 2), filter ${weights}`);
      }
      console.log(`wrote ${settings.out}/rsmi-model.json`);
    });
}
