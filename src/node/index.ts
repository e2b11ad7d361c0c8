/**
 * `blockspin/node`: the Node-only half of the library, beside everything of
 * the main entry (re-exported here, so one import serves a Node program).
 *
 * What this entry promises:
 * - **Everything the command line does is callable from here**: the
 *   `blockspin` subcommands parse their options and call functions of this
 *   entry or the main one (sample files, training runs with checkpoints and
 *   exact resume, scoring, the RG and flow experiments, reproduce, sweeps,
 *   the demo server), so scripts need not shell out.
 * - **Files are written atomically** (writeFileAtomic: a temporary file, then
 *   a rename) and carry their provenance: sample sidecars, model bundles with
 *   a zod-checked `model.json` and SHA-256 digests of their arrays, run
 *   directories guarded by a lock.
 * - **Node only** (>= 20.16): it imports Node built-ins (fs, worker_threads,
 *   child_process) and native modules (sharp for PNG); never bundle it for a
 *   browser — use `blockspin` there.
 *
 * @packageDocumentation
 */

export * from "../index.js";
export {
  readNpy, writeNpy, NPY_MAX_ELEMENTS,
  type NpyArray, type NpyData, type NpyDtype, type DecodeNpyOptions,
} from "./npy.js";
export { writeFileAtomic, removeIfExists } from "./atomic-write.js";
export { writeSamples, sampleMetadata, sidecarPath, type SampleMetadata } from "./sample-files.js";
export {
  readModelBundle, writeModelBundle, modelManifestSchema, MODEL_FORMAT, MODEL_FORMAT_VERSION,
  type ModelBundle, type ModelManifest,
} from "./model-bundle.js";
export { readTrainingData, type TrainingDataFile } from "./training-data.js";
export {
  runTraining, dataDigest, checkpointDue, CHECKPOINT_SECONDS, TrainingInterruptedError, TrainingDivergedError,
  type TrainingRunOptions,
} from "./training-run.js";
export { watchStopSignals, type StopRequests } from "./stop-signals.js";
export { scoreModel } from "./score-command.js";
export { UsageError } from "./usage-error.js";
export { renderSvg, renderPng, svgToPng } from "./render/chart.js";
export { renderFieldGrid, renderLatticeGrid, colorForValue } from "./render/field-grid.js";
export { reproduce, type ReproduceOptions } from "./reproduce/reproduce.js";
export { analyzeModel } from "./reproduce/analyze.js";
export { writeReport } from "./reproduce/report.js";
export { startServer, serveCommand } from "./serve-command.js";
// Issue #11: the exact thermometer and the RBM flow of temperature.
export { runFlowExperiment, FLOW_DEFAULTS, FLOW_STARTS, type FlowOptions, type FlowResult, type TrainingSet } from "./flow/flow-run.js";
export { acquireDirectoryLock, DirectoryLockedError, type DirectoryLock, type LockHolder } from "./directory-lock.js";
export { parseSweepSpec, type SweepSpec } from "./sweep/sweep-spec.js";
export { buildPlan, writePlan, readPlan, type SweepPlan, type SweepTask } from "./sweep/sweep-plan.js";
export { runTask, type RunTaskOptions } from "./sweep/run-task.js";
export { runPool, type PoolOptions, type PoolResult } from "./sweep/process-pool.js";
export { runSlurm, type SlurmOptions, type SlurmOutcome } from "./sweep/slurm-executor.js";
export { collectSweep, type CollectResult } from "./sweep/collect.js";
export { taskState, type TaskState, type TaskResult } from "./sweep/task-state.js";
