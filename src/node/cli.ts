#!/usr/bin/env node
// The blockspin command line (the package's bin): the program assembled from
// the commands in src/node/cli/, each a thin layer over a service of
// src/node/. Bad input is one line on stderr and exit code 2; anything else
// unexpected exits 1.

import { Command, CommanderError } from "commander";
import { analyzeCommand } from "./cli/analyze.js";
import { flowCommand } from "./cli/flow.js";
import { reportCommand } from "./cli/report.js";
import { reproduceCommand } from "./cli/reproduce.js";
import { rgCommand } from "./cli/rg.js";
import { rsmiCommand } from "./cli/rsmi.js";
import { sampleCommand } from "./cli/sample.js";
import { scoreCommand } from "./cli/score.js";
import { serveCommand } from "./cli/serve.js";
import { sweepCommand } from "./cli/sweep.js";
import { thermometerCommand } from "./cli/thermometer.js";
import { trainCommand } from "./cli/train.js";
import { TrainingDivergedError, TrainingInterruptedError } from "./training/training-run.js";
import { EXIT_USAGE, UsageError } from "./runtime/usage-error.js";
import { LIBRARY_VERSION } from "./runtime/version.js";

export function buildProgram(): Command {
  const program = new Command("blockspin")
    .description(
      "Sample the 2D Ising model and train stacked RBMs on it, to measure whether deep learning " +
      "performs block-spin renormalization (Mehta & Schwab 2014).",
    )
    .version(LIBRARY_VERSION)
    .showSuggestionAfterError()
    .exitOverride();
  for (const command of [reproduceCommand(), sampleCommand(), trainCommand(), scoreCommand(), analyzeCommand(), reportCommand(), rgCommand(), rsmiCommand(), serveCommand(), thermometerCommand(), flowCommand(), sweepCommand()]) {
    program.addCommand(command.exitOverride());
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof UsageError) {
      console.error(`blockspin: ${error.message}`);
      return EXIT_USAGE;
    }
    if (error instanceof TrainingInterruptedError) {
      console.error(error.message);
      return error.exitCode;
    }
    if (error instanceof TrainingDivergedError) {
      console.error(`blockspin: ${error.message}`);
      return 1;
    }
    // Unexpected: one line for users, the stack when asked for.
    if (process.env.BLOCKSPIN_DEBUG) console.error(error);
    else console.error(`blockspin: ${error instanceof Error ? error.message : String(error)} (set BLOCKSPIN_DEBUG=1 for details)`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
