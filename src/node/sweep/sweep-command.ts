// `blockspin sweep`: plan a grid of sample-train-analyze tasks from a spec,
// run them (one task, a local process pool, a Slurm job array, or any
// launcher that can call `sweep run-task DIR INDEX`), follow them, collect.

import { availableParallelism } from "node:os";
import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { integerAtLeast } from "../options.js";
import { UsageError } from "../usage-error.js";
import { prepareOutputDirectory } from "../output-path.js";
import { createProgress, LOG_INTERVAL_HELP, parseLogInterval } from "../progress.js";
import { ensureSampleSet } from "./sample-sets.js";
import { runTask } from "./run-task.js";
import { buildPlan, readPlan, writePlan } from "./sweep-plan.js";
import { parseSweepSpecText } from "./sweep-spec.js";
import { planStates, TASK_STATES } from "./task-state.js";

interface RunFlags {
  threads: number;
  quiet: boolean;
  logInterval?: number;
  force: boolean;
}

export function sweepCommand(): Command {
  return new Command("sweep")
    .description(
      "Sweeps: a JSON spec names sampling and training settings (a JSON list makes an axis); `plan` writes the " +
      "cross product as tasks, `run` runs them on a local process pool, `slurm` as a Slurm job array, " +
      "`run-task` one of them (for any other launcher, e.g. GNU parallel), `status` follows them and `collect` " +
      "writes sweep.csv, sweep.json and report.html.",
    )
    .addCommand(planCommand())
    .addCommand(sampleSetsCommand())
    .addCommand(runTaskCommand())
    .addCommand(statusCommand());
}

function planCommand(): Command {
  return new Command("plan")
    .description("Write DIR/plan.json: every task with a stable id, its full settings and a content hash. " +
      "Planning the same spec again changes nothing; a different spec into the same DIR is refused.")
    .argument("<spec.json>", "sweep spec, e.g. examples/sweeps/l1-strength.json")
    .requiredOption("--out <dir>", "sweep directory")
    .action(async (specPath: string, flags: { out: string }) => {
      const spec = parseSweepSpecText(await readSpec(specPath), specPath);
      const plan = buildPlan(spec);
      prepareOutputDirectory(flags.out, "--out");
      const outcome = await writePlan(flags.out, plan);
      console.log(`${outcome === "written" ? "wrote" : "unchanged:"} ${flags.out}/plan.json: ${plan.tasks.length} tasks ` +
        `(${plan.axes.map((a) => `${a.key} x${a.values.length}`).join(", ")}), ${plan.sampleSets.length} sample set${plan.sampleSets.length > 1 ? "s" : ""}`);
    });
}

async function readSpec(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

const threadsOption = (command: Command, fallback: number): Command =>
  command.option("--threads <n>", `threads (results are identical for any count) [${fallback}]`, integerAtLeast(1), fallback);

function withRunFlags(command: Command, threads: number): Command {
  return threadsOption(command, threads)
    .option("--quiet", "no progress bar, progress lines or summary", false)
    .option("--log-interval <s>", LOG_INTERVAL_HELP, parseLogInterval)
    .option("--force", "take over a lock held on another host (whose process cannot be checked)", false);
}

function sampleSetsCommand(): Command {
  return withRunFlags(new Command("sample"), availableParallelism())
    .description("Draw every sample set of the plan not on disk yet (run-task also draws the one it needs).")
    .argument("<dir>", "sweep directory")
    .action(async (dir: string, flags: RunFlags) => {
      const plan = await readPlan(dir);
      const progress = createProgress(flags.quiet, { logInterval: flags.logInterval });
      try {
        for (const set of plan.sampleSets) {
          await ensureSampleSet(dir, set, { ...flags, progress, log: (line) => { if (!flags.quiet) console.error(line); } });
        }
      } finally {
        progress.stop();
      }
    });
}

function runTaskCommand(): Command {
  return withRunFlags(new Command("run-task"), 1)
    .description("Run one task: its sample set if missing, training with checkpoints, the analysis; outputs in " +
      "DIR/tasks/<id>/. A finished task is skipped, an interrupted one resumes from its checkpoint.")
    .argument("<dir>", "sweep directory")
    .argument("<index>", "task index in plan.json (0-based, as $SLURM_ARRAY_TASK_ID)", integerAtLeast(0))
    .action(async (dir: string, index: number, flags: RunFlags) => {
      const progress = createProgress(flags.quiet, { logInterval: flags.logInterval });
      const log = (line: string) => { if (!flags.quiet) console.error(line); };
      let outcome;
      try {
        outcome = await runTask(dir, index, { ...flags, progress, log });
      } finally {
        progress.stop();
      }
      if (!flags.quiet) console.log(`task ${index} (${outcome.task.id}): ${outcome.skipped ? "already done" : "done"}`);
    });
}

function statusCommand(): Command {
  return new Command("status")
    .description("Done / running / failed / pending counts, and which tasks are in each but done.")
    .argument("<dir>", "sweep directory")
    .action(async (dir: string) => {
      const plan = await readPlan(dir);
      const states = planStates(dir, plan);
      console.log(`${plan.name}: ${plan.tasks.length} tasks: ` +
        TASK_STATES.map((s) => `${states.filter((t) => t.state.state === s).length} ${s}`).join(", "));
      for (const name of TASK_STATES.filter((s) => s !== "done")) {
        for (const { task, state } of states.filter((t) => t.state.state === name)) {
          console.log(`  ${name} ${task.index} ${task.id}${state.detail ? `: ${state.detail}` : ""}`);
        }
      }
    });
}
