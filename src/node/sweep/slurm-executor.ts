// `blockspin sweep slurm DIR`: the plan as a Slurm job array.
//   DIR/slurm/sample.sbatch   draws the sample sets (`sweep sample DIR`)
//   DIR/slurm/array.sbatch    `--array` over the tasks not done, each `sweep run-task DIR $SLURM_ARRAY_TASK_ID`
// --submit submits both with `sbatch --parsable`, the array with
// --dependency=afterok on the sampling job; --wait follows them with squeue
// and reports failed tasks by index with the last line of their log.
// Resubmitting is safe: finished tasks are left out of the array, interrupted
// ones (scancel, time limit, a requeue) resume from their checkpoints.

import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic-write.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { UsageError } from "../runtime/usage-error.js";
import { blockspinArgv, lastLogLine } from "./child-cli.js";
import { estimateResources, type SlurmEstimate } from "./slurm-resources.js";
import { sampleSetReady } from "./sample-sets.js";
import { readPlan, type SweepPlan } from "./sweep-plan.js";
import { readTaskResult, taskState } from "./task-state.js";

/** Options of runSlurm (`blockspin sweep slurm`). */
export interface SlurmOptions {
  /** Slurm partition; unset: the cluster's default. */
  partition?: string;
  /** At most this many array tasks at once (`--array=...%M`). */
  maxParallel?: number;
  /** --time of each task as Slurm writes it (minutes, or [D-]HH:MM:SS); measured when absent. */
  timePerTask?: string;
  /** Further `#SBATCH` lines, e.g. --account=phys. */
  sbatchArgs: string[];
  /** CPUs (and training threads) per task. */
  cpusPerTask: number;
  /** Submit the scripts with `sbatch --parsable` (false: only write them). */
  submit: boolean;
  /** With submit: wait for the array with squeue and report failed tasks. */
  wait: boolean;
  /** Seconds between squeue polls with --wait; default 5. */
  pollSeconds?: number;
  /** Where status lines go (one line per call, no newline), e.g. console.error. */
  log: (line: string) => void;
}

/** An array task that ended without a result. */
export interface SlurmFailure {
  /** The task's index (its $SLURM_ARRAY_TASK_ID). */
  index: number;
  /** The task's id. */
  id: string;
  /** The last line of its log, DIR/slurm/logs/task-INDEX.log. */
  lastLine: string | undefined;
}

/** What runSlurm wrote and submitted. */
export interface SlurmOutcome {
  /** Path of DIR/slurm/array.sbatch (written only when some task is not done). */
  arrayScript: string;
  /** Path of DIR/slurm/sample.sbatch, which draws the sample sets. */
  sampleScript: string;
  /** The --mem and --time asked for, and the speeds measured for them (also in DIR/slurm/estimate.json). */
  estimate: SlurmEstimate;
  /** Task indices in the array (those not done when it was written). */
  indices: number[];
  /** Job ids, when submitted. */
  jobs?: {
    /** The sampling job's id. */
    sample: string;
    /** The array job's id (it depends on the sampling job: afterok). */
    array: string;
  };
  /** Failed tasks, when waited for. */
  failed?: SlurmFailure[];
}

export const slurmDirectory = (dir: string): string => join(dir, "slurm");
export const slurmTaskLog = (dir: string, index: number): string => join(slurmDirectory(dir), "logs", `task-${index}.log`);
const SLURM_TIME = /^(\d+|(\d+-)?\d{1,2}:\d{2}(:\d{2})?)$/;

/**
 * Writes the plan's Slurm scripts into DIR/slurm/ (sample.sbatch, and array.sbatch over the tasks not done)
 * with --mem and --time estimated on this machine, and, as asked, submits them and waits. Resubmitting is
 * safe: finished tasks are left out, interrupted ones resume from their checkpoints.
 *
 * @param dirGiven - The sweep directory (holding plan.json); the scripts name it as an absolute path.
 * @param options - Partition, resources, submission.
 * @returns The scripts' paths, the estimate, the task indices, and job ids and failures when submitted and waited for.
 */
export async function runSlurm(dirGiven: string, options: SlurmOptions): Promise<SlurmOutcome> {
  if (options.timePerTask !== undefined && !SLURM_TIME.test(options.timePerTask)) {
    throw new UsageError(`--time-per-task: expected minutes or [D-]HH:MM:SS as Slurm takes it, got ${options.timePerTask}`);
  }
  const dir = resolve(dirGiven); // the job runs wherever Slurm starts it
  const plan = await readPlan(dir);
  const indices = plan.tasks.filter((task) => !readTaskResult(dir, task)).map((task) => task.index);
  prepareOutputDirectory(join(slurmDirectory(dir), "logs"), "DIR");
  options.log(`measuring speed for --time on this machine (${options.cpusPerTask} thread${options.cpusPerTask > 1 ? "s" : ""})`);
  const estimate = await estimateResources(plan, options.cpusPerTask, options.timePerTask === undefined);
  await writeFileAtomic(join(slurmDirectory(dir), "estimate.json"), `${JSON.stringify(estimate, null, 2)}\n`);
  const sampleScript = join(slurmDirectory(dir), "sample.sbatch");
  const arrayScript = join(slurmDirectory(dir), "array.sbatch");
  await writeFileAtomic(sampleScript, sampleSbatch(dir, plan, estimate, options));
  const outcome: SlurmOutcome = { arrayScript, sampleScript, estimate, indices };
  if (indices.length === 0) {
    options.log(`every task of ${dir} is done; nothing to submit`);
    return outcome;
  }
  await writeFileAtomic(arrayScript, arraySbatch(dir, plan, indices, estimate, options));
  if (!options.submit) return outcome;
  const sample = sbatch([sampleScript]);
  const array = sbatch([`--dependency=afterok:${sample}`, arrayScript]);
  outcome.jobs = { sample, array };
  await writeFileAtomic(join(slurmDirectory(dir), "jobs.json"), `${JSON.stringify(outcome.jobs, null, 2)}\n`);
  options.log(`submitted sampling job ${sample} and array job ${array} (${indices.length} tasks)`);
  if (options.wait) outcome.failed = await waitForJobs(dir, plan, indices, outcome.jobs, options);
  return outcome;
}

/** Single-quoted for sh. */
const shellQuote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;

function commonHeader(plan: SweepPlan, options: SlurmOptions, name: string): string[] {
  return [
    "#!/bin/sh",
    `#SBATCH --job-name=${name}`,
    ...(options.partition ? [`#SBATCH --partition=${options.partition}`] : []),
    ...options.sbatchArgs.map((arg) => `#SBATCH ${arg}`),
  ];
}

function sampleSbatch(dir: string, plan: SweepPlan, estimate: SlurmEstimate, options: SlurmOptions): string {
  const command = blockspinArgv(["sweep", "sample", dir, "--threads"]).map(shellQuote).join(" ");
  return [
    ...commonHeader(plan, options, `blockspin-${plan.name}-sample`),
    `#SBATCH --cpus-per-task=${options.cpusPerTask}`,
    `#SBATCH --mem=${estimate.memMiB}M`,
    `#SBATCH --time=${estimate.sampleMinutes}`,
    `#SBATCH --output=${join(slurmDirectory(dir), "logs", "sample.log")}`,
    "#SBATCH --open-mode=append",
    `# blockspin sweep ${plan.name}: the sample sets every task reads, drawn once before the array starts.`,
    `exec ${command} "\${SLURM_CPUS_PER_TASK:-${options.cpusPerTask}}"`,
    "",
  ].join("\n");
}

function arraySbatch(dir: string, plan: SweepPlan, indices: readonly number[], estimate: SlurmEstimate, options: SlurmOptions): string {
  const command = blockspinArgv(["sweep", "run-task", dir]).map(shellQuote).join(" ");
  return [
    ...commonHeader(plan, options, `blockspin-${plan.name}`),
    `#SBATCH --array=${arrayRanges(indices)}${options.maxParallel ? `%${options.maxParallel}` : ""}`,
    `#SBATCH --cpus-per-task=${options.cpusPerTask}`,
    `#SBATCH --mem=${estimate.memMiB}M`,
    `#SBATCH --time=${options.timePerTask ?? estimate.taskMinutes}`,
    `#SBATCH --output=${join(slurmDirectory(dir), "logs", "task-%a.log")}`,
    "#SBATCH --open-mode=append",
    "#SBATCH --requeue",
    `# blockspin sweep ${plan.name}, written by \`blockspin sweep slurm\`. Submitting it again is safe: a task`,
    "# that is done is skipped, an interrupted (requeued, cancelled) one resumes from its checkpoint.",
    `exec ${command} "$SLURM_ARRAY_TASK_ID" --threads "\${SLURM_CPUS_PER_TASK:-${options.cpusPerTask}}"`,
    "",
  ].join("\n");
}

/** [0, 1, 2, 5, 7, 8] -> "0-2,5,7-8". */
export function arrayRanges(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    parts.push(i === j ? `${indices[i]}` : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

function sbatch(args: string[]): string {
  const run = spawnSync("sbatch", ["--parsable", ...args], { encoding: "utf8" });
  if (run.error) throw new Error(`sbatch: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`sbatch failed: ${(run.stderr || run.stdout).trim().split("\n").at(-1)}`);
  const id = run.stdout.trim().split(";")[0]!;
  if (!/^\d+$/.test(id)) throw new Error(`sbatch --parsable printed ${JSON.stringify(run.stdout.trim())}, not a job id`);
  return id;
}

/** Job ids of ours still known to squeue (pending, running, completing). */
function queued(jobs: readonly string[]): Set<string> {
  const run = spawnSync("squeue", ["-h", "-j", jobs.join(","), "-o", "%F"], { encoding: "utf8" });
  if (run.error) throw new Error(`squeue: ${run.error.message}`);
  // squeue exits non-zero once a job id is no longer known: then it is finished.
  return new Set(run.status === 0 ? run.stdout.split("\n").map((l) => l.trim()).filter(Boolean) : []);
}

async function waitForJobs(
  dir: string, plan: SweepPlan, indices: readonly number[], jobs: { sample: string; array: string }, options: SlurmOptions,
): Promise<SlurmFailure[]> {
  const sleep = () => new Promise((r) => setTimeout(r, (options.pollSeconds ?? 5) * 1000));
  for (;;) {
    const left = queued([jobs.sample, jobs.array]);
    if (left.size === 0) break;
    if (!left.has(jobs.sample) && plan.sampleSets.some((set) => !sampleSetReady(dir, set))) {
      // afterok can never be satisfied now; without this the array would wait forever (DependencyNeverSatisfied).
      spawnSync("scancel", [jobs.array]);
      const line = lastLogLine(join(slurmDirectory(dir), "logs", "sample.log"));
      throw new Error(`the sampling job ${jobs.sample} failed${line ? `: ${line}` : ""}; cancelled array job ${jobs.array}`);
    }
    await sleep();
  }
  return indices
    .map((index) => plan.tasks[index]!)
    .filter((task) => taskState(dir, task).state !== "done")
    .map((task) => ({ index: task.index, id: task.id, lastLine: lastLogLine(slurmTaskLog(dir, task.index)) }));
}
