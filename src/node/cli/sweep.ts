// `blockspin sweep`: plan a grid of sample-train-analyze tasks from a spec,
// run them (one task, a local process pool, a Slurm job array, or any
// launcher that can call `sweep run-task DIR INDEX`), follow them, collect.
// The flags and their printing; the work is src/node/sweep/'s.

import { Command } from "commander";
import { defaultOf } from "../settings/flag-values.js";
import {
  sweepPlanSettingsSchema, sweepRunSettingsSchema, sweepSampleSettingsSchema, sweepSlurmSettingsSchema, sweepTaskSettingsSchema,
  taskIndex, type SweepRunSettings, type SweepSlurmSettings, type SweepWorkSettings,
} from "../sweep/sweep-settings.js";
import { argParser, settingOption } from "./options.js";
import { TrainingInterruptedError } from "../training/training-run.js";
import { UsageError } from "../runtime/usage-error.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { createProgress, LOG_INTERVAL_HELP } from "../runtime/progress.js";
import { collectSweep } from "../sweep/collect.js";
import { runPool } from "../sweep/process-pool.js";
import { runSlurm } from "../sweep/slurm-executor.js";
import { ensurePlanSampleSets } from "../sweep/sample-sets.js";
import { runTask } from "../sweep/run-task.js";
import { buildPlan, readPlan, writePlan } from "../sweep/sweep-plan.js";
import { readSweepSpec } from "../sweep/sweep-spec.js";
import { planStates, TASK_STATES } from "../sweep/task-state.js";

/** The `blockspin sweep` command and its subcommands (plan, sample, run-task, run, slurm, status, collect). */
export function sweepCommand(): Command {
  return new Command("sweep")
    .description(
      "Sweeps: a JSON spec names sampling and training settings, or (\"kind\": \"flow\") flow settings (a JSON list makes an axis); `plan` writes the " +
      "cross product as tasks, `run` runs them on a local process pool, `slurm` as a Slurm job array, " +
      "`run-task` one of them (for any other launcher, e.g. GNU parallel), `status` follows them and `collect` " +
      "writes sweep.csv, sweep.json and report.html.",
    )
    .addCommand(planCommand())
    .addCommand(sampleSetsCommand())
    .addCommand(runTaskCommand())
    .addCommand(runPoolCommand())
    .addCommand(slurmCommand())
    .addCommand(statusCommand())
    .addCommand(collectCommand());
}

function runPoolCommand(): Command {
  const r = sweepRunSettingsSchema.shape;
  return new Command("run")
    .description("Run the plan's tasks not done yet on a local process pool (each `sweep run-task DIR INDEX`, " +
      "its output in DIR/logs/task-INDEX.log). One single-threaded job per core gives the highest throughput.")
    .argument("<dir>", "sweep directory")
    .addOption(settingOption("--jobs <n>", "tasks at once [one per core]", r.jobs))
    .addOption(settingOption("--threads-per-job <n>", "threads per task [1]", r.threadsPerJob))
    .addOption(settingOption("--quiet", "no progress bar, progress lines or summary", r.quiet))
    .addOption(settingOption("--log-interval <s>", LOG_INTERVAL_HELP, r.logInterval))
    .addOption(settingOption("--force", "take over locks held on another host", r.force))
    .action(async (dir: string, flags: SweepRunSettings) => {
      const progress = createProgress(flags.quiet, { logInterval: flags.logInterval });
      const log = (line: string) => { if (!flags.quiet) console.error(line); };
      let result;
      try {
        result = await runPool(dir, { ...flags, progress, log });
      } finally {
        progress.stop();
      }
      for (const failure of result.failed) {
        console.error(`task ${failure.task.index} (${failure.task.id}) failed (exit ${failure.exitCode}): ${failure.lastLine ?? "no output"} [${failure.log}]`);
      }
      if (!flags.quiet) console.log(`${result.done}/${result.total} tasks done${result.failed.length ? `, ${result.failed.length} failed` : ""}`);
      if (result.stopped !== undefined) {
        throw new TrainingInterruptedError(`sweep stopped; running tasks checkpointed; continue with blockspin sweep run ${dir}`, result.stopped);
      }
      if (result.failed.length > 0) throw new Error(`${result.failed.length} of ${result.total} tasks failed (see above); blockspin sweep run ${dir} retries them`);
    });
}

function slurmCommand(): Command {
  const s = sweepSlurmSettingsSchema.shape;
  return new Command("slurm")
    .description("Write DIR/slurm/array.sbatch (a job array over the tasks not done: --cpus-per-task, --mem from the " +
      "kernel-memory estimate and --time from speed measured here, both with headroom, --output per task, --requeue) " +
      "and DIR/slurm/sample.sbatch; --submit submits sampling first and the array with afterok on it.")
    .argument("<dir>", "sweep directory (on a filesystem the compute nodes share)")
    .addOption(settingOption("--submit", "submit with sbatch --parsable", s.submit))
    .addOption(settingOption("--wait", "with --submit: wait for the array and report failed tasks with their log's last line", s.wait))
    .addOption(settingOption("--partition <name>", "Slurm partition [the cluster's default]", s.partition))
    .addOption(settingOption("--max-parallel <m>", "at most m tasks at once (--array=...%m)", s.maxParallel))
    .addOption(settingOption("--cpus-per-task <n>", "CPUs and training threads per task [1: the highest throughput]", s.cpusPerTask))
    .addOption(settingOption("--time-per-task <time>", "--time of each task (minutes or [D-]HH:MM:SS) [measured: 2 x the slowest task + 2 min]", s.timePerTask))
    // Repeatable: commander collects the values, starting from the schema's default ([]).
    .option("--sbatch-arg <arg>", "extra #SBATCH line, repeatable (e.g. --sbatch-arg=--account=phys)",
      (value: string, previous: string[]) => [...previous, value], defaultOf(s.sbatchArg) as string[])
    .addOption(settingOption("--quiet", "no messages", s.quiet))
    .action(async (dir: string, flags: SweepSlurmSettings) => {
      if (flags.wait && !flags.submit) throw new UsageError("--wait: needs --submit");
      const log = (line: string) => { if (!flags.quiet) console.error(line); };
      const outcome = await runSlurm(dir, { ...flags, sbatchArgs: flags.sbatchArg, log });
      if (outcome.indices.length === 0) {
        if (!flags.quiet) console.log(`every task is done; nothing to submit`);
        return;
      }
      if (!flags.quiet) {
        console.log(`wrote ${outcome.arrayScript} (${outcome.indices.length} tasks, --mem=${outcome.estimate.memMiB}M, ` +
          `--time=${flags.timePerTask ?? outcome.estimate.taskMinutes}) and ${outcome.sampleScript}`);
      }
      if (outcome.failed && outcome.failed.length > 0) {
        for (const failure of outcome.failed) console.error(`task ${failure.index} (${failure.id}) failed: ${failure.lastLine ?? "no output"}`);
        throw new Error(`${outcome.failed.length} of ${outcome.indices.length} tasks failed (see above); blockspin sweep slurm ${dir} --submit resubmits them`);
      }
      if (outcome.failed && !flags.quiet) console.log(`all ${outcome.indices.length} tasks done`);
    });
}

function collectCommand(): Command {
  return new Command("collect")
    .description("Write DIR/sweep.csv and DIR/sweep.json (one row per task and layer: axis values, seed, median spread, " +
      "block fraction, overlap, and the RG numbers when the analysis has them) and DIR/report.html (mean ± sd over " +
      "seeds, the conditions-map charts, which settings give localized fields, missing or failed tasks), and each chart " +
      "as a PNG beside it (DIR/spread.png, DIR/xi2-ratio.png).")
    .argument("<dir>", "sweep directory")
    .action(async (dir: string) => {
      const result = await collectSweep(dir);
      const tasks = new Set((result.flow?.rows ?? result.rows).map((r) => r.index)).size;
      const { csv, json, report, charts } = result.files;
      const written = [csv, json, report, ...charts];
      console.log(`wrote ${written.slice(0, -1).join(", ")} and ${written.at(-1)} (${tasks} tasks` +
        `${result.missing.length ? `; ${result.missing.length} missing or failed: ${result.missing.map((m) => m.index).join(", ")}` : ""})`);
    });
}

function planCommand(): Command {
  return new Command("plan")
    .description("Write DIR/plan.json: every task with a stable id, its full settings and a content hash. " +
      "Planning the same spec again changes nothing; a different spec into the same DIR is refused.")
    .argument("<spec.json>", "sweep spec, e.g. examples/sweeps/l1-strength.json")
    .addOption(settingOption("--out <dir>", "sweep directory", sweepPlanSettingsSchema.shape.out).makeOptionMandatory())
    .action(async (specPath: string, flags: { out: string }) => {
      const spec = await readSweepSpec(specPath);
      const plan = buildPlan(spec);
      prepareOutputDirectory(flags.out, "--out");
      const outcome = await writePlan(flags.out, plan);
      console.log(`${outcome === "written" ? "wrote" : "unchanged:"} ${flags.out}/plan.json: ${plan.tasks.length} tasks ` +
        `(${plan.axes.map((a) => `${a.key} x${a.values.length}`).join(", ")}), ` +
        (plan.kind === "flow" ? "flow experiments (each samples its own temperatures, shared by the tasks of one lattice and seed)"
          : `${plan.sampleSets.length} sample set${plan.sampleSets.length > 1 ? "s" : ""}`));
    });
}

function withRunFlags(command: Command, schema: typeof sweepTaskSettingsSchema): Command {
  const s = schema.shape;
  return command
    .addOption(settingOption("--threads <n>", "threads (results are identical for any count)", s.threads))
    .addOption(settingOption("--quiet", "no progress bar, progress lines or summary", s.quiet))
    .addOption(settingOption("--log-interval <s>", LOG_INTERVAL_HELP, s.logInterval))
    .addOption(settingOption("--force", "take over a lock held on another host (whose process cannot be checked)", s.force));
}

function sampleSetsCommand(): Command {
  return withRunFlags(new Command("sample"), sweepSampleSettingsSchema)
    .description("Draw every sample set of the plan not on disk yet (run-task also draws the one it needs).")
    .argument("<dir>", "sweep directory")
    .action(async (dir: string, flags: SweepWorkSettings) => {
      const progress = createProgress(flags.quiet, { logInterval: flags.logInterval });
      try {
        await ensurePlanSampleSets(dir, { ...flags, progress, log: (line) => { if (!flags.quiet) console.error(line); } });
      } finally {
        progress.stop();
      }
    });
}

function runTaskCommand(): Command {
  return withRunFlags(new Command("run-task"), sweepTaskSettingsSchema)
    .description("Run one task: its sample set if missing, training with checkpoints, the analysis; outputs in " +
      "DIR/tasks/<id>/. A finished task is skipped, an interrupted one resumes from its checkpoint.")
    .argument("<dir>", "sweep directory")
    .argument("<index>", "task index in plan.json (0-based, as $SLURM_ARRAY_TASK_ID)", argParser(taskIndex))
    .action(async (dir: string, index: number, flags: SweepWorkSettings) => {
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
    .description("Done / running / failed / pending counts, and which tasks are in each state but done.")
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
