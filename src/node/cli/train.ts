// `blockspin train`: the flags (syntax and help; values, checks and defaults
// are trainSettingsSchema's), a call of runTrainCommand, the summary.

import { Command } from "commander";
import { PENALTIES } from "../../rbm/training-options.js";
import { LOG_INTERVAL_HELP } from "../runtime/progress.js";
import { SIMD_HELP } from "../runtime/simd-choice.js";
import { runTrainCommand } from "../training/train.js";
import { trainSettingsSchema, type TrainSettings } from "../training/train-settings.js";
import { settingOption } from "./options.js";

export function trainCommand(): Command {
  const s = trainSettingsSchema.shape;
  return new Command("train")
    .description(
      "Train a Bernoulli RBM (or a stack, greedily) on Ising samples with contrastive divergence. " +
      "Defaults are rbm.m's as used by Mehta & Schwab (2014): CD-1, lr 0.1, momentum 0.5 then 0.9 after " +
      "epoch 5, batch 100, weights 0.1*N(0,1), L1 penalty 2e-4, 200 epochs. Lists (a,b,c) give per-layer values.",
    )
    .addOption(settingOption("--data <file.npy>", "training data: int8 -1/+1 or uint8/bool 0/1, shape (samples, ...) (required unless --resume)", s.data))
    .addOption(settingOption("--encoding <name>", "dimer data only (sample --model dimer): bonds (2L^2 units) [default], or " +
      "kjr / kjr-correlated (Koch-Janusz & Ringel's 2L x 2L image with decoy spins: coins, or the face copying the vertex)", s.encoding))
    .addOption(settingOption("--out <dir>", "model bundle directory", s.out))
    .addOption(settingOption("--preset <name>", "defaults: rbm.m (the paper) or sklearn (BernoulliRBM.fit exactly)", s.preset))
    .addOption(settingOption("--layers <sizes>", "hidden units per layer for a stack, e.g. 400,100,25", s.layers))
    .addOption(settingOption("--hidden <n>", "hidden units of a single layer [rbm.m: 400, sklearn: 256]", s.hidden))
    .addOption(settingOption("--epochs <n[,n...]>", "epochs per layer [rbm.m: 200, sklearn: 10]", s.epochs))
    .addOption(settingOption("--batch <n>", "mini-batch size [rbm.m: 100, sklearn: 10]", s.batch))
    .addOption(settingOption("--lr <rate[,rate...]>", "learning rate, weights and biases [0.1]", s.lr))
    .addOption(settingOption("--momentum <a,b>", "momentum before and after the switch [rbm.m: 0.5,0.9; sklearn: 0,0]", s.momentum))
    .addOption(settingOption("--momentum-switch <epoch>", "last epoch with the first momentum [5]", s.momentumSwitch))
    .addOption(settingOption("--cd <k>", "Gibbs steps per update (CD-k) [1]", s.cd))
    .addOption(settingOption("--pcd", "persistent chains (PCD) [sklearn preset: on]", s.pcd))
    .addOption(settingOption("--penalty <name[,name...]>", `weight penalty: ${PENALTIES.join(", ")} [rbm.m: l1; sklearn: none]`, s.penalty))
    .addOption(settingOption("--penalty-strength <s>", "penalty strength, applied as rbm.m's weightcost [2e-4]", s.penaltyStrength))
    .addOption(settingOption("--init-std <s>", "initial weight std (rbm.m 0.1; the Practical Guide suggests 0.01) [rbm.m: 0.1, sklearn: 0.01]", s.initStd))
    .addOption(settingOption("--visible-bias-init <how>", "visible biases start at zero or at log(p/(1-p)) of the data", s.visibleBiasInit))
    .addOption(settingOption("--seed <s>", "random seed (integer >= 0)", s.seed))
    .addOption(settingOption("--validation <fraction>", "held-out fraction for the overfitting signal", s.validation))
    .addOption(settingOption("--monitor-samples <n>", "training samples scored each epoch", s.monitorSamples))
    .addOption(settingOption("--propagate <what>", "what the next layer learns from", s.propagate))
    .addOption(settingOption("--threads <n>", "threads for training (results are identical for any count) [available cores]", s.threads))
    .addOption(settingOption("--simd <build>", SIMD_HELP, s.simd))
    .addOption(settingOption("--quiet", "no progress bar, progress lines or summary", s.quiet))
    .addOption(settingOption("--log-interval <s>", LOG_INTERVAL_HELP, s.logInterval))
    .addOption(settingOption("--force", "take over --out's lock even if it is held on another host (whose process cannot be checked)", s.force))
    .addOption(settingOption("--checkpoint-every <n>", "checkpoint to <out>/checkpoint/ after every n-th epoch of a layer (0: only at layer ends) " +
      "[about once a minute]; also at layer ends and on SIGINT/SIGTERM", s.checkpointEvery))
    .addOption(settingOption("--resume <dir>", "continue the interrupted run in <dir> (its --out) with the flags saved in its checkpoint", s.resume))
    .action(async (given: TrainSettings, command: Command) => {
      const explicit = command.options
        .map((option) => option.attributeName())
        .filter((name) => command.getOptionValueSource(name) === "cli");
      const { flags, result } = await runTrainCommand(given, explicit);
      if (!flags.quiet) {
        for (const layer of result.layers.keys()) {
          const last = result.metrics.filter((m) => m.layer === layer + 1).at(-1);
          if (last) console.log(`layer ${layer + 1}: pseudo-likelihood ${last.pseudoLikelihood.toFixed(3)}, reconstruction error ${last.reconstructionError.toFixed(5)}`);
        }
        console.log(`wrote ${flags.out}/model.json`);
      }
    });
}
