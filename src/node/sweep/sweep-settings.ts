// The settings of the `blockspin sweep` subcommands: one zod schema each for
// the values, checks and defaults of their flags (src/node/cli/sweep.ts
// parses them with it). A spec's own keys are sweep-spec.ts's, read from the
// sample and train schemas.

import { availableParallelism } from "node:os";
import { z } from "zod";
import { integerAtLeast, logIntervalSeconds, switchFlag, text } from "../settings/flag-values.js";

/** `sweep plan SPEC --out DIR`. */
export const sweepPlanSettingsSchema = z.object({
  /** The sweep directory to write the plan into (--out, required). */
  out: text(),
});

/** Flags of the subcommands that run work in this process (`sweep sample`, `sweep run-task`). */
const workShape = (threads: () => number) => ({
  /** Threads (--threads); results do not depend on it. Default: all cores for `sweep sample`, 1 for `sweep run-task`. */
  threads: integerAtLeast(1).default(threads),
  /** No progress bar, progress lines or summary (--quiet); default false. */
  quiet: switchFlag().default(false),
  /** Seconds between progress lines when stdout is not a terminal (--log-interval; 0: every epoch); default 30. */
  logInterval: logIntervalSeconds().optional(),
  /** Take over a lock held on another host (--force); default false. */
  force: switchFlag().default(false),
});

/** `sweep sample DIR`: draws every sample set of the plan, on all cores by default. */
export const sweepSampleSettingsSchema = z.object(workShape(() => availableParallelism()));
/** `sweep run-task DIR INDEX`: one task, single-threaded by default (a pool or an array runs many at once). */
export const sweepTaskSettingsSchema = z.object(workShape(() => 1));
/** The INDEX argument of `sweep run-task`: 0-based, as $SLURM_ARRAY_TASK_ID. */
export const taskIndex = integerAtLeast(0);

/** Settings of `sweep sample` and `sweep run-task` as parsed (flags given, defaults filled in). */
export type SweepWorkSettings = z.output<typeof sweepTaskSettingsSchema>;

/** `sweep run DIR`: the local process pool. */
export const sweepRunSettingsSchema = z.object({
  /** Tasks at once (--jobs); default one per core. */
  jobs: integerAtLeast(1).default(() => availableParallelism()),
  /** Threads per task (--threads-per-job); default 1. */
  threadsPerJob: integerAtLeast(1).default(1),
  /** No progress bar, progress lines or summary (--quiet); default false. */
  quiet: switchFlag().default(false),
  /** Seconds between progress lines when stdout is not a terminal (--log-interval; 0: every epoch); default 30. */
  logInterval: logIntervalSeconds().optional(),
  /** Take over task locks held on another host (--force); default false. */
  force: switchFlag().default(false),
});

/** Settings of `sweep run` as parsed (flags given, defaults filled in). */
export type SweepRunSettings = z.output<typeof sweepRunSettingsSchema>;

/** `sweep slurm DIR`: the job-array scripts, and their submission. */
export const sweepSlurmSettingsSchema = z.object({
  /** Submit the scripts with `sbatch --parsable` (--submit); default false: only write them. */
  submit: switchFlag().default(false),
  /** With submit: wait for the array and report failed tasks with their log's last line (--wait); default false. */
  wait: switchFlag().default(false),
  /** Slurm partition (--partition); default the cluster's. */
  partition: text().optional(),
  /** At most this many tasks at once (--max-parallel m: --array=...%m); default no limit. */
  maxParallel: integerAtLeast(1).optional(),
  /** CPUs and training threads per task (--cpus-per-task); default 1, the highest throughput. */
  cpusPerTask: integerAtLeast(1).default(1),
  /** --time of each task (minutes or [D-]HH:MM:SS); measured when absent. */
  timePerTask: text().optional(),
  /** Extra #SBATCH lines (the flag is repeatable). */
  sbatchArg: z.array(text()).default([]),
  /** No messages (--quiet); default false. */
  quiet: switchFlag().default(false),
});

/** Settings of `sweep slurm` as parsed (flags given, defaults filled in). */
export type SweepSlurmSettings = z.output<typeof sweepSlurmSettingsSchema>;
