// `blockspin sweep run-task DIR INDEX`: one task of a plan, start to finish:
// its sample set (drawn if no one has), training with checkpoints, the
// analysis (for dimers, the locality numbers alone: dimer-task-analysis.ts) (or, for a flow task, the flow experiment), and DIR/tasks/<id>/result.json written last, atomically, as the
// mark of a finished task. Running it again skips a finished task and resumes
// an interrupted one from its checkpoint; the task directory's lock keeps a
// second copy (a requeued Slurm task, a double-started pool) out.

import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { removeIfExists, writeFileAtomic } from "../io/atomic-write.js";
import { acquireDirectoryLock } from "../io/directory-lock.js";
import { readModelBundle, readModelManifest } from "../io/model-bundle.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import type { Progress } from "../runtime/progress.js";
import { analyzeModel } from "../reproduce/analyze.js";
import { writeArmRg } from "../reproduce/rg-arm.js";
import { loadCliCore } from "../runtime/simd-choice.js";
import type { TrainFlags } from "../training/train-settings.js";
import { TrainingInterruptedError } from "../training/training-run.js";
import type { Core } from "../../wasm.js";
import type { LayerData } from "../../rbm/layer-data.js";
import { DIMER_ENCODINGS } from "../../systems/dimer/encodings.js";
import { analyzeDimerTask } from "./dimer-task-analysis.js";
import { ensureSampleSet } from "./sample-sets.js";
import { runFlow } from "../flow/flow.js";
import { flowJson } from "../flow/flow-run.js";
import {
  flowSampleDirectory, readPlan, taskAt, taskDirectory, taskLayers, type FlowSweepTask, type SweepPlan, type SweepTask, type TrainSweepTask,
} from "./sweep-plan.js";
import { FAILED_FILE, RESULT_FILE, readTaskResult, type TaskResult } from "./task-state.js";
import { taskTrainingData, trainTaskModel } from "./train-adapter.js";

/** Options of runTask (`blockspin sweep run-task`). */
export interface RunTaskOptions {
  /** Threads for sampling and training (results do not depend on it). */
  threads: number;
  /** No summary lines. */
  quiet: boolean;
  /** Seconds between progress lines when stdout is not a terminal. */
  logInterval?: number;
  /** Take over a lock held on another host. */
  force?: boolean;
  /** Progress display (createProgress) for sampling and training. */
  progress: Progress;
  /** Where status lines go (one line per call, no newline), e.g. console.error. */
  log: (line: string) => void;
}

/** Configurations reconstructed in a task's analysis figures (as reproduce draws them). */
const ANALYSIS_SAMPLES = 8;

/**
 * Runs task `index` of the plan in `dir`: draws its sample set if missing, trains (resuming from a checkpoint),
 * analyzes, and writes DIR/tasks/ID/result.json; a failure is recorded in failed.json. Throws
 * DirectoryLockedError (exit 2) when another process holds the task's lock, and TrainingInterruptedError on
 * SIGINT/SIGTERM after checkpointing.
 *
 * @param dir - The sweep directory (holding plan.json).
 * @param index - The task's index, 0-based (as $SLURM_ARRAY_TASK_ID).
 * @param options - Threads, logging and progress.
 * @returns The task, and whether it was skipped as already done.
 */
export async function runTask(dir: string, index: number, options: RunTaskOptions): Promise<{
  /** The task run. */
  task: SweepTask;
  /** True when its result was already there and nothing ran. */
  skipped: boolean;
}> {
  const plan = await readPlan(dir);
  const task = taskAt(plan, index);
  if (readTaskResult(dir, task)) return { task, skipped: true };
  const taskDir = taskDirectory(dir, task);
  prepareOutputDirectory(taskDir, "DIR");
  const lock = acquireDirectoryLock(taskDir, { command: `blockspin sweep run-task ${index}`, force: options.force ?? false });
  try {
    if (readTaskResult(dir, task)) return { task, skipped: true }; // finished while we waited for the lock
    await removeIfExists(join(taskDir, FAILED_FILE));
    try {
      await runLocked(dir, plan, task, options);
    } catch (error) {
      // An interrupted task is not a failed one: it has a checkpoint and resumes.
      if (error instanceof TrainingInterruptedError) {
        throw new TrainingInterruptedError(
          `task ${index} (${task.id}) ${error.message.replace(/; resume with .*$/, "")}; resume with blockspin sweep run-task ${dir} ${index}`,
          error.exitCode,
        );
      } else {
        await writeFileAtomic(join(taskDir, FAILED_FILE), `${JSON.stringify({ message: (error as Error).message }, null, 2)}\n`);
      }
      throw error;
    }
  } finally {
    lock.release();
  }
  return { task, skipped: false };
}

async function runLocked(dir: string, plan: SweepPlan, task: SweepTask, options: RunTaskOptions): Promise<void> {
  if (task.kind === "flow") return runFlowTask(dir, task, options);
  const taskDir = taskDirectory(dir, task);
  const modelDir = join(taskDir, "model");
  const set = plan.sampleSets.find((s) => s.id === task.sampleSet)!;
  const samples = await ensureSampleSet(dir, set, options);
  // model.json names its data relative to itself, so a task's outputs do not depend on where the sweep lives.
  const input = { ...(await taskTrainingData(samples, task.train)), path: relative(modelDir, samples).split("\\").join("/") };
  const flags: TrainFlags = {
    ...task.train, data: samples, out: modelDir, threads: options.threads, quiet: options.quiet,
    ...(options.logInterval !== undefined ? { logInterval: options.logInterval } : {}),
  };
  let diverged: TaskResult["diverged"];
  if (await finishedModel(modelDir)) {
    diverged = (await readModelManifest(modelDir)).diverged;
  } else {
    prepareOutputDirectory(modelDir, "DIR");
    options.log(`task ${task.index} (${task.id}): training`);
    diverged = (await trainTaskModel(flags, taskLayers(task), input)).diverged;
  }
  let layers: TaskResult["layers"] = [];
  if (!diverged) {
    const core = await loadCliCore(task.train.simd ?? "baseline");
    layers = task.sample.model === "dimer"
      ? await analyzeDimerTask(core, modelDir, input.encoding?.name ?? DIMER_ENCODINGS[0], task.sample.size, task.seed)
      : await analyzeIsingTask(core, taskDir, modelDir, input.data, task, options.threads);
  }
  const result: TaskResult = {
    format: "blockspin-sweep-task", formatVersion: 1, index: task.index, id: task.id, hash: task.hash,
    status: diverged ? "diverged" : "complete", seed: task.seed, axes: task.axes,
    ...(diverged ? { diverged } : {}), layers,
  };
  await writeFileAtomic(join(taskDir, RESULT_FILE), `${JSON.stringify(result, null, 2)}\n`);
}

/** An Ising task's analysis: the locality numbers and figures (analyzeModel), and beside each layer the RG numbers. */
async function analyzeIsingTask(
  core: Core, taskDir: string, modelDir: string, data: LayerData, task: TrainSweepTask, threads: number,
): Promise<TaskResult["layers"]> {
  const analysis = await analyzeModel(core, modelDir, data, task.sample.size, join(taskDir, "analysis"), {
    samples: ANALYSIS_SAMPLES, seed: task.seed, title: task.id,
  });
  // The RG numbers (docs/methods.md, "MCRG") beside each layer's locality (the sweep's RG columns); nu only where MCRG means something.
  const { layers: parameters } = await readModelBundle(modelDir);
  const rg = await writeArmRg(core, join(taskDir, "analysis"), data, task.sample.size, { layers: parameters }, task.seed, threads);
  return analysis.layers.map((layer, i) => {
    const level = rg.levels[i + 1]!;
    return { ...layer, rg: { xi2Ratio: level.xi2Ratio, tilingError: level.tilingError, nu: level.mcrgMeaningful ? level.nu : NaN } };
  });
}

/**
 * A flow task: `blockspin flow` with the task's settings into DIR/tasks/ID/flow (its samples cached in the
 * directory shared by the tasks of the same lattice and seed, flowSampleDirectory), then result.json with each
 * training set's fixed points. A rerun after an interruption starts the flow again (it has no checkpoints), reusing
 * the cached samples.
 */
async function runFlowTask(dir: string, task: FlowSweepTask, options: RunTaskOptions): Promise<void> {
  const taskDir = taskDirectory(dir, task);
  options.log(`task ${task.index} (${task.id}): flow`);
  const flow = await runFlow({
    ...task.flow, out: join(taskDir, "flow"), threads: options.threads, quiet: options.quiet, force: options.force ?? false,
    ...(options.logInterval !== undefined ? { logInterval: options.logInterval } : {}),
  }, flowSampleDirectory(dir, task));
  const result: TaskResult = {
    format: "blockspin-sweep-task", formatVersion: 1, index: task.index, id: task.id, hash: task.hash,
    status: "complete", seed: task.seed, axes: task.axes, layers: [],
    flow: {
      steps: flow.settings.steps,
      sets: flow.sets.map((set) => ({ trainingSet: set.trainingSet, fixedPoints: set.fixedPoints })),
    },
  };
  await writeFileAtomic(join(taskDir, RESULT_FILE), `${flowJson(result)}\n`);
}

/** A model bundle that training finished (complete or diverged), which a rerun after a crash in the analysis reuses. */
async function finishedModel(modelDir: string): Promise<boolean> {
  if (!existsSync(join(modelDir, "model.json"))) return false;
  try {
    await readModelManifest(modelDir);
    return true;
  } catch {
    return false;
  }
}
