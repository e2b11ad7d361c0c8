// blockspin/node: the Node-only half of the library (files, model bundles,
// the command-line program). Everything the CLI does is callable from here.

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
export { scoreModel } from "./score-command.js";
export { UsageError } from "./usage-error.js";
export { renderSvg, renderPng } from "./render/chart.js";
export { renderFieldGrid, renderLatticeGrid, colorForValue } from "./render/field-grid.js";
export { reproduce, type ReproduceOptions } from "./reproduce/reproduce.js";
export { analyzeModel } from "./reproduce/analyze.js";
export { writeReport } from "./reproduce/report.js";
export { startServer, serveCommand } from "./serve-command.js";
export { acquireDirectoryLock, DirectoryLockedError, type DirectoryLock, type LockHolder } from "./directory-lock.js";
export { parseSweepSpec, type SweepSpec } from "./sweep/sweep-spec.js";
export { buildPlan, writePlan, readPlan, type SweepPlan, type SweepTask } from "./sweep/sweep-plan.js";
export { runTask, type RunTaskOptions } from "./sweep/run-task.js";
export { runPool, type PoolOptions, type PoolResult } from "./sweep/process-pool.js";
export { runSlurm, type SlurmOptions, type SlurmOutcome } from "./sweep/slurm-executor.js";
export { collectSweep, type CollectResult } from "./sweep/collect.js";
export { taskState, type TaskState, type TaskResult } from "./sweep/task-state.js";
