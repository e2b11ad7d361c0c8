// Where a task stands, read from its directory alone, so every executor
// (and `sweep status` on a login node) sees the same thing:
//   done     DIR/tasks/<id>/result.json records the task's hash
//   running  its directory's lock is held (by a live process on this host, or by another host)
//   failed   failed.json holds the error of the last attempt
//   pending  none of these (an interrupted task also has a checkpoint to resume from)

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hasCheckpoint } from "../training/checkpoint.js";
import { holderAlive, readLockHolder } from "../io/directory-lock.js";
import type { FlowFixedPoint } from "../../flow/temperature-flow.js";
import type { LayerAnalysis } from "../reproduce/analysis-summary.js";
import { taskDirectory, type SweepPlan, type SweepTask } from "./sweep-plan.js";
import type { SpecValue } from "./sweep-spec.js";

export const RESULT_FILE = "result.json";
export const FAILED_FILE = "failed.json";

/** DIR/tasks/<id>/result.json: the task's settings in brief and its analysis numbers per layer. */
export interface TaskResult {
  /** File format tag. */
  format: "blockspin-sweep-task";
  /** File format version. */
  formatVersion: 1;
  /** The task's index in the plan. */
  index: number;
  /** The task's directory name under DIR/tasks/. */
  id: string;
  /** The task's hash (SweepTask.hash); a result with another hash is stale and not read. */
  hash: string;
  /** `complete`, or `diverged` when training stopped on non-finite parameters (then nothing is analyzed: `layers` is empty). */
  status: "complete" | "diverged";
  /** Training seed. */
  seed: number;
  /** The task's value on every axis, as written in the spec. */
  axes: Record<string, SpecValue>;
  /** Where training diverged, for status `diverged`. */
  diverged?: {
    /** The layer, 1-based. */
    layer: number;
    /** The epoch, 1-based. */
    epoch: number;
  };
  /** analysis.json's layers as written (with any further numbers later analyses add, e.g. RG ones); empty for a flow task. */
  layers: LayerAnalysis[];
  /** A flow task's fixed points per training set (flow.json's, written as flowJson writes them: infinity as "infinity"). */
  flow?: {
    /** Flow steps v -> h -> v per start. */
    steps: number;
    /** One entry per training set, in the task's order. */
    sets: {
      /** The training set's name (a preset, or `custom`). */
      trainingSet: string;
      /** Each start's fixed point (flowFixedPoint). */
      fixedPoints: FlowFixedPoint[];
    }[];
  };
}

/**
 * Where a task stands: `done` (its result.json records its hash), `running` (its directory's lock is held),
 * `failed` (failed.json holds the last attempt's error) or `pending` (none of these).
 */
export type TaskStateName = "done" | "running" | "failed" | "pending";
/** Every TaskStateName, in the order `sweep status` counts them. */
export const TASK_STATES: readonly TaskStateName[] = ["done", "running", "failed", "pending"];

/** A task's state, read from its directory alone (taskState). */
export interface TaskState {
  /** The state. */
  state: TaskStateName;
  /** Failure message, lock holder, or "checkpoint" for a pending task that will resume. */
  detail?: string;
}

export function readTaskResult(dir: string, task: SweepTask): TaskResult | undefined {
  try {
    const result = JSON.parse(readFileSync(join(taskDirectory(dir, task), RESULT_FILE), "utf8")) as TaskResult;
    return result.hash === task.hash ? result : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a task stands, read from its directory alone, so every executor (and `sweep status` on a login
 * node) sees the same thing.
 *
 * @param dir - The sweep directory.
 * @param task - The task (a SweepPlan's).
 * @returns Its state, with the failure message, the lock holder or `checkpoint` as detail where there is one.
 */
export function taskState(dir: string, task: SweepTask): TaskState {
  const taskDir = taskDirectory(dir, task);
  if (readTaskResult(dir, task)) return { state: "done" };
  const holder = readLockHolder(taskDir);
  if (holder && holderAlive(holder)) return { state: "running", detail: `pid ${holder.pid} on ${holder.host}` };
  const failedPath = join(taskDir, FAILED_FILE);
  if (existsSync(failedPath)) {
    try {
      return { state: "failed", detail: String((JSON.parse(readFileSync(failedPath, "utf8")) as { message?: string }).message) };
    } catch {
      return { state: "failed" };
    }
  }
  return hasCheckpoint(join(taskDir, "model")) ? { state: "pending", detail: "checkpoint" } : { state: "pending" };
}

/**
 * The state of every task of a plan (taskState).
 *
 * @param dir - The sweep directory.
 * @param plan - Its plan (readPlan).
 * @returns One entry per task, in plan order.
 */
export function planStates(dir: string, plan: SweepPlan): {
  /** The task. */
  task: SweepTask;
  /** Its state. */
  state: TaskState;
}[] {
  return plan.tasks.map((task) => ({ task, state: taskState(dir, task) }));
}
