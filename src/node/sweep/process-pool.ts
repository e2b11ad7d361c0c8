// `blockspin sweep run DIR`: the plan's tasks on a local pool of processes,
// each `blockspin sweep run-task DIR INDEX --threads T` with its output in
// DIR/logs/task-<index>.log. The default, one single-threaded job per core,
// has the highest throughput (see `npm run bench -- sweep`): training threads
// synchronise every mini-batch, independent tasks never do.

import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { prepareOutputDirectory } from "../io/output-path.js";
import type { Progress } from "../runtime/progress.js";
import { watchStopSignals } from "../runtime/stop-signals.js";
import { blockspinArgv, lastLogLine } from "./child-cli.js";
import { ensureSampleSet } from "./sample-sets.js";
import { readPlan, type SweepTask } from "./sweep-plan.js";
import { readTaskResult } from "./task-state.js";

/** Options of runPool (`blockspin sweep run`). */
export interface PoolOptions {
  /** Tasks run at once. */
  jobs: number;
  /** Threads per task (and jobs x threadsPerJob for drawing sample sets). */
  threadsPerJob: number;
  /** Seconds between a task's progress lines in its log (--log-interval of run-task); default 30. */
  logInterval?: number;
  /** Take over locks held on another host; default false. */
  force?: boolean;
  /** Progress display (createProgress), updated with tasks done of the total. */
  progress: Progress;
  /** Where status lines go (one line per call, no newline), e.g. console.error. */
  log: (line: string) => void;
}

/** A task whose child process failed. */
export interface FailedTask {
  /** The task. */
  task: SweepTask;
  /** The child's exit code (null when a signal ended it). */
  exitCode: number | null;
  /** The last line of the task's log. */
  lastLine: string | undefined;
  /** Path of the task's log, DIR/logs/task-INDEX.log. */
  log: string;
}

/** What runPool did. */
export interface PoolResult {
  /** Tasks finished, by this run or before it. */
  done: number;
  /** Tasks in the plan. */
  total: number;
  /** Tasks that failed in this run. */
  failed: FailedTask[];
  /** The exit code to end with when a signal stopped the pool (running tasks checkpointed); unset otherwise. */
  stopped?: number;
}

export const taskLogPath = (dir: string, index: number): string => join(dir, "logs", `task-${index}.log`);

/**
 * Draws missing sample sets, then runs every task not done on `jobs` child processes (`sweep run-task`);
 * never throws for a failed task (see `failed`). SIGINT/SIGTERM are forwarded to the children, which checkpoint.
 *
 * @param dir - The sweep directory (holding plan.json).
 * @param options - Parallelism, logging and progress.
 * @returns Tasks done and failed.
 */
export async function runPool(dir: string, options: PoolOptions): Promise<PoolResult> {
  const plan = await readPlan(dir);
  // Sample sets first, with every core: tasks would otherwise wait on each other's sampling.
  for (const set of plan.sampleSets) {
    await ensureSampleSet(dir, set, { threads: options.jobs * options.threadsPerJob, progress: options.progress, log: options.log, force: options.force });
  }
  prepareOutputDirectory(join(dir, "logs"), "DIR");
  const queue = plan.tasks.filter((task) => !readTaskResult(dir, task));
  const total = plan.tasks.length;
  let done = total - queue.length;
  const failed: FailedTask[] = [];
  const running = new Map<ChildProcess, SweepTask>();
  const report = () => options.progress.update(done, total,
    `sweep ${plan.name}: ${done}/${total} done, ${running.size} running${failed.length ? `, ${failed.length} failed` : ""}`);
  const stop = watchStopSignals();
  // Children run in their own process group, so a terminal's Ctrl-C reaches them once, forwarded from here.
  const forward = (signal: NodeJS.Signals) => () => { for (const child of running.keys()) child.kill(signal); };
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  try {
    report();
    await new Promise<void>((resolveAll) => {
      const startNext = () => {
        while (running.size < options.jobs && queue.length > 0 && stop.signal === undefined) start(queue.shift()!);
        if (running.size === 0) resolveAll();
      };
      const start = (task: SweepTask) => {
        const logPath = taskLogPath(dir, task.index);
        const fd = openSync(logPath, "a");
        const [node, ...args] = blockspinArgv([
          "sweep", "run-task", dir, String(task.index), "--threads", String(options.threadsPerJob),
          ...(options.logInterval !== undefined ? ["--log-interval", String(options.logInterval)] : []),
          ...(options.force ? ["--force"] : []),
        ]);
        const child = spawn(node!, args, { stdio: ["ignore", fd, fd], detached: true });
        closeSync(fd);
        running.set(child, task);
        report();
        child.on("exit", (code) => {
          running.delete(child);
          if (readTaskResult(dir, task)) done++;
          else if (stop.signal === undefined) failed.push({ task, exitCode: code, lastLine: lastLogLine(logPath), log: logPath });
          report();
          startNext();
        });
      };
      startNext();
    });
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    stop.dispose();
  }
  return { done, total, failed, ...(stop.signal !== undefined ? { stopped: stop.exitCode } : {}) };
}
