// The settings of the `blockspin sweep` subcommands: one zod schema each for
// the values, checks and defaults of their flags (src/node/cli/sweep.ts
// parses them with it). A spec's own keys are sweep-spec.ts's, read from the
// sample and train schemas.

import { availableParallelism } from "node:os";
import { z } from "zod";
import { integerAtLeast, logIntervalSeconds, switchFlag, text } from "../settings/flag-values.js";

/** `sweep plan SPEC --out DIR`. */
export const sweepPlanSettingsSchema = z.object({
  out: text(),
});

/** Flags of the subcommands that run work in this process (`sweep sample`, `sweep run-task`). */
const workShape = (threads: () => number) => ({
  /** Threads; results do not depend on it. */
  threads: integerAtLeast(1).default(threads),
  quiet: switchFlag().default(false),
  logInterval: logIntervalSeconds().optional(),
  /** Take over a lock held on another host. */
  force: switchFlag().default(false),
});

/** `sweep sample DIR`: draws every sample set of the plan, on all cores by default. */
export const sweepSampleSettingsSchema = z.object(workShape(() => availableParallelism()));
/** `sweep run-task DIR INDEX`: one task, single-threaded by default (a pool or an array runs many at once). */
export const sweepTaskSettingsSchema = z.object(workShape(() => 1));
/** The INDEX argument of `sweep run-task`: 0-based, as $SLURM_ARRAY_TASK_ID. */
export const taskIndex = integerAtLeast(0);

export type SweepWorkSettings = z.output<typeof sweepTaskSettingsSchema>;

/** `sweep run DIR`: the local process pool. */
export const sweepRunSettingsSchema = z.object({
  jobs: integerAtLeast(1).default(() => availableParallelism()),
  threadsPerJob: integerAtLeast(1).default(1),
  quiet: switchFlag().default(false),
  logInterval: logIntervalSeconds().optional(),
  force: switchFlag().default(false),
});

export type SweepRunSettings = z.output<typeof sweepRunSettingsSchema>;

/** `sweep slurm DIR`: the job-array scripts, and their submission. */
export const sweepSlurmSettingsSchema = z.object({
  submit: switchFlag().default(false),
  wait: switchFlag().default(false),
  partition: text().optional(),
  maxParallel: integerAtLeast(1).optional(),
  cpusPerTask: integerAtLeast(1).default(1),
  /** --time of each task (minutes or [D-]HH:MM:SS); measured when absent. */
  timePerTask: text().optional(),
  /** Extra #SBATCH lines (the flag is repeatable). */
  sbatchArg: z.array(text()).default([]),
  quiet: switchFlag().default(false),
});

export type SweepSlurmSettings = z.output<typeof sweepSlurmSettingsSchema>;
