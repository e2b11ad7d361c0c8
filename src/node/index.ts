// blockspin/node: the Node-only half of the library (files, model bundles,
// training runs with checkpoints, the command-line program) beside everything
// of the main entry. Everything the CLI does is callable from here.

export * from "../index.js";
export {
  readNpy, writeNpy, NPY_MAX_ELEMENTS,
  type NpyArray, type NpyData, type NpyDtype, type DecodeNpyOptions,
} from "./io/npy.js";
export { writeFileAtomic, removeIfExists } from "./io/atomic-write.js";
export { writeSamples, sampleMetadata, sidecarPath, type SampleMetadata } from "./io/sample-files.js";
export {
  readModelBundle, writeModelBundle, modelManifestSchema, MODEL_FORMAT, MODEL_FORMAT_VERSION,
  type ModelBundle, type ModelManifest,
} from "./io/model-bundle.js";
export { readTrainingData, type TrainingDataFile } from "./io/training-data.js";
export {
  runTraining, dataDigest, checkpointDue, CHECKPOINT_SECONDS, TrainingInterruptedError, TrainingDivergedError,
  type TrainingRunOptions,
} from "./training/training-run.js";
export { watchStopSignals, type StopRequests } from "./runtime/stop-signals.js";
export { scoreModel } from "./score/score.js";
export { UsageError } from "./runtime/usage-error.js";
export { renderSvg, renderPng, svgToPng } from "./render/chart.js";
export { renderFieldGrid, renderLatticeGrid, colorForValue } from "./render/field-grid.js";
export { reproduce, type ReproduceOptions } from "./reproduce/reproduce.js";
export { analyzeModel } from "./reproduce/analyze.js";
export { writeReport } from "./reproduce/report.js";
export { startServer, serveCommand } from "./serve/serve.js";
// Issue #11: the exact thermometer and the RBM flow of temperature.
export { runFlowExperiment, FLOW_DEFAULTS, FLOW_STARTS, type FlowOptions, type FlowResult, type TrainingSet } from "./flow/flow-run.js";
export { acquireDirectoryLock, DirectoryLockedError, type DirectoryLock, type LockHolder } from "./io/directory-lock.js";
export { parseSweepSpec, type SweepSpec } from "./sweep/sweep-spec.js";
export { buildPlan, writePlan, readPlan, type SweepPlan, type SweepTask } from "./sweep/sweep-plan.js";
export { runTask, type RunTaskOptions } from "./sweep/run-task.js";
export { runPool, type PoolOptions, type PoolResult } from "./sweep/process-pool.js";
export { runSlurm, type SlurmOptions, type SlurmOutcome } from "./sweep/slurm-executor.js";
export { collectSweep, type CollectResult } from "./sweep/collect.js";
export { taskState, type TaskState, type TaskResult } from "./sweep/task-state.js";
