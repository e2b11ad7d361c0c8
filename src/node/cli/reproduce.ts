// `blockspin reproduce`: the flags (syntax and help; values, checks and
// defaults are reproduceSettingsSchema's), a call of runReproduce, the
// summary line.

import { Command, Option } from "commander";
import { LOG_INTERVAL_HELP } from "../runtime/progress.js";
import { SIMD_HELP } from "../runtime/simd-choice.js";
import { ARM_NAMES } from "../reproduce/arms.js";
import { runReproduce } from "../reproduce/reproduce.js";
import { reproduceSettingsSchema, type ReproduceSettings } from "../reproduce/reproduce-settings.js";
import { settingOption } from "./options.js";

export function reproduceCommand(): Command {
  const s = reproduceSettingsSchema.shape;
  return new Command("reproduce")
    .description(
      "Reproduce Mehta & Schwab (2014) and test whether its block spins come from the L1 penalty: sample 20,000 40x40 Ising configurations " +
      "at K = 0.408 (cached; --coupling for another K), train the 1600-400-100-25 stack with L1 2e-4 (the paper), " +
      "L2 2e-4 (rbm.m's weight decay) and off-the-shelf scikit-learn rules, run the majority-rule block-spin reference " +
      "and RSMI's learned coarse-graining beside them, measure receptive-field locality and the physics of each layer's coarse variables " +
      "(is it renormalization?) and write report.html. With --system dimer: the same arms on close-packed dimers " +
      "(Koch-Janusz & Ringel's counterexample; the block electric field as the reference); with --system digits: " +
      "on handwritten digits, data with no lattice physics, to see what L1 does to any data.",
    )
    .addOption(settingOption("--out <dir>", "output directory", s.out))
    .addOption(settingOption("--system <name>", "the data: ising (the paper's 40x40 Ising model), dimer (16x16 close-packed dimers) " +
      "or digits (binarized MNIST)", s.system))
    .addOption(settingOption("--encoding <name>", "dimer only: how the bonds become visible units: bonds, kjr or kjr-correlated " +
      "[kjr, Koch-Janusz & Ringel's image with decoy spins]", s.encoding))
    .addOption(settingOption("--interaction <V>", "dimer only: plaquette interaction V at T = 1 [0, the free, critical model]", s.interaction))
    .addOption(settingOption("--quick", "smoke run of about 15 seconds: 1,000 samples, 3 epochs per layer (2 for scikit-learn)", s.quick))
    .addOption(settingOption("--seeds <n>", "training seeds per arm (locality is reported as mean ± sd across them)", s.seeds))
    .addOption(settingOption("--epochs <n>", "epochs per layer of the L1 and L2 arms [200, the paper's, on every system; quick: 3]", s.epochs))
    .addOption(settingOption("--sklearn-epochs <n>", "epochs per layer of the scikit-learn arm [10, its n_iter; quick: 2]", s.sklearnEpochs))
    .addOption(settingOption("--samples <n>", "samples [Ising and dimers: 20000 (the paper's count); digits: all 10000; quick: 1000]", s.samples))
    .addOption(settingOption("--data-seed <s>", "seed of the samples (digits: of the subset; dimer: also of the kjr decoys)", s.dataSeed))
    .addOption(settingOption("--coupling <K>", "coupling K = J/kT of the Ising samples [0.408, the paper's; K_c = 0.4406868 makes MCRG's nu " +
      "the critical exponent]", s.coupling))
    // A variadic choice: commander collects the names and checks each against the arms.
    .addOption(new Option("--arms <names...>", "arms to run [all of the system's: l1 l2 sklearn, and majority rsmi (Ising) or field (dimer); majority and field train nothing and take seconds]").choices(ARM_NAMES))
    .addOption(new Option("--compare <dirs...>", "other reproduce output directories (another --system) to show beside this run in the report: " +
      "a verdict column per system"))
    .addOption(settingOption("--validation <fraction>", "held-out fraction", s.validation))
    .addOption(settingOption("--threads <n>", "threads for training (results are identical for any count) [available cores]", s.threads))
    .addOption(settingOption("--resume", "continue the interrupted run in --out with the settings it was started with " +
      "(finished arms are reused and the arm in progress continues from its checkpoint)", s.resume))
    .addOption(settingOption("--simd <build>", SIMD_HELP, s.simd))
    .addOption(settingOption("--quiet", "no progress bar, progress lines or summary", s.quiet))
    .addOption(settingOption("--log-interval <s>", LOG_INTERVAL_HELP, s.logInterval))
    .addOption(settingOption("--force", "take over --out's lock even if it is held on another host (whose process cannot be checked)", s.force))
    .action(async (settings: ReproduceSettings) => {
      const result = await runReproduce(settings);
      if (!settings.quiet) console.log(`wrote ${result.reportPath} (${result.runs} trained stacks)`);
    });
}
