// `blockspin reproduce`, `blockspin analyze` and `blockspin report`.

import { Command, Option } from "commander";
import { loadCore } from "../../index.js";
import { integerAtLeast, positiveFinite } from "../settings/flag-values.js";
import { createProgress, LOG_INTERVAL_HELP, parseLogInterval } from "../runtime/progress.js";
import { readTrainingData } from "../io/training-data.js";
import { UsageError } from "../runtime/usage-error.js";
import { SIMD_CHOICES, SIMD_HELP } from "../runtime/simd-choice.js";
import { analyzeModel } from "../reproduce/analyze.js";
import { ARM_NAMES } from "../reproduce/arms.js";
import { PAPER_COUPLING, reproduce, type ReproduceOptions } from "../reproduce/reproduce.js";
import { writeReport } from "../reproduce/report.js";
import { join } from "node:path";
import { availableParallelism } from "node:os";

type ReproduceFlags = ReproduceOptions & { quiet: boolean; logInterval?: number };

export function reproduceCommand(): Command {
  return new Command("reproduce")
    .description(
      "Reproduce Mehta & Schwab (2014) and the write-up's comparison: sample 20,000 40x40 Ising configurations " +
      "at K = 0.408 (cached; --coupling for another K), train the 1600-400-100-25 stack with L1 2e-4 (the paper), " +
      "L2 2e-4 (rbm.m's weight decay) and off-the-shelf scikit-learn rules, run the majority-rule block-spin reference " +
      "beside them, measure receptive-field locality and the physics of each layer's coarse variables " +
      "(is it renormalization?) and write report.html.",
    )
    .option("--out <dir>", "output directory", "runs/mehta-schwab")
    .option("--quick", "smoke run of about 15 seconds: 1,000 samples, 3 epochs per layer (2 for scikit-learn)", false)
    .option("--seeds <n>", "training seeds per arm (locality is reported as mean ± sd across them)", integerAtLeast(1), 1)
    .option("--epochs <n>", "epochs per layer of the L1 and L2 arms [200, the paper's; quick: 3]", integerAtLeast(1))
    .option("--sklearn-epochs <n>", "epochs per layer of the scikit-learn arm [10, its n_iter; quick: 2]", integerAtLeast(1))
    .option("--samples <n>", "Ising samples [20000; quick: 1000]", integerAtLeast(100))
    .option("--data-seed <s>", "seed of the Ising samples", integerAtLeast(0), 1)
    .option("--coupling <K>", "coupling K = J/kT of the Ising samples [0.408, the paper's; K_c = 0.4406868 makes MCRG's nu " +
      "the critical exponent]", positiveFinite("coupling K"), PAPER_COUPLING)
    .addOption(new Option("--arms <names...>", "arms to run [all; majority trains nothing and takes seconds]").choices(ARM_NAMES))
    .option("--validation <fraction>", "held-out fraction", positiveFinite("fraction in (0, 1)"), 0.1)
    .option("--threads <n>", "threads for training (results are identical for any count) [available cores]", integerAtLeast(1), availableParallelism())
    .option("--resume", "continue the interrupted run in --out with the settings it was started with " +
      "(finished arms are reused and the arm in progress continues from its checkpoint)", false)
    .addOption(new Option("--simd <build>", SIMD_HELP).choices(SIMD_CHOICES).default("baseline"))
    .option("--quiet", "no progress bar, progress lines or summary", false)
    .option("--log-interval <s>", LOG_INTERVAL_HELP, parseLogInterval)
    .option("--force", "take over --out's lock even if it is held on another host (whose process cannot be checked)", false)
    .action(async ({ quiet, logInterval, ...options }: ReproduceFlags) => {
      if (options.validation >= 1) throw new UsageError("--validation: expected a fraction in (0, 1)");
      const progress = createProgress(quiet, { logInterval });
      const log = (line: string) => { if (!quiet) console.error(line); };
      let result;
      try {
        result = await reproduce(options, progress, log);
      } finally {
        progress.stop();
      }
      if (!quiet) console.log(`wrote ${result.reportPath} (${result.runs} trained stacks)`);
    });
}

interface AnalyzeFlags {
  model: string;
  data: string;
  out: string;
  samples: number;
  seed: number;
}

export function analyzeCommand(): Command {
  return new Command("analyze")
    .description(
      "Analyze a model bundle: receptive fields r(l) = r(l-1) W(l), raw weights, reconstructions from each depth, " +
      "top-layer samples, training curves (PNG) and locality numbers (analysis.json).",
    )
    .requiredOption("--model <dir>", "model bundle directory")
    .requiredOption("--data <file.npy>", "samples of shape (N, L, L) the model was trained on")
    .option("--out <dir>", "output directory [MODEL/analysis]")
    .option("--samples <n>", "configurations to reconstruct", integerAtLeast(1), 8)
    .option("--seed <s>", "seed for top-layer sampling and the random-field reference", integerAtLeast(0), 1)
    .action(async (flags: AnalyzeFlags) => {
      const input = await readTrainingData(flags.data);
      const lattice = Math.round(Math.sqrt(input.data.nVisible));
      if (lattice * lattice !== input.data.nVisible) {
        throw new UsageError(`--data: ${input.data.nVisible} values per sample is not a square lattice`);
      }
      const out = flags.out ?? join(flags.model, "analysis");
      await analyzeModel(await loadCore(), flags.model, input.data, lattice, out, { samples: flags.samples, seed: flags.seed });
      console.log(`wrote ${join(out, "analysis.json")}`);
    });
}

export function reportCommand(): Command {
  return new Command("report")
    .description("Rebuild report.html from saved reproduce runs, without retraining.")
    .argument("<runDirs...>", "output directories of blockspin reproduce")
    .option("--out <file>", "report file [first RUN_DIR/report.html]")
    .action(async (runDirs: string[], flags: { out?: string }) => {
      const path = await writeReport(runDirs, flags.out ?? join(runDirs[0]!, "report.html"));
      console.log(`wrote ${path}`);
    });
}
