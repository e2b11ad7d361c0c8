// What a Slurm job array asks for, derived rather than guessed: memory from
// the project's own kernel-memory estimate, time from training speed measured
// on this machine (one epoch per layer of each distinct task shape, on
// stand-in data of the task's size; for a flow task also its sampling), both
// with headroom.

import { loadCore, sampleIsing, type IsingAlgorithm } from "../../index.js";
import { binaryLayerData } from "../../rbm/layer-data.js";
import { sampleDimers } from "../../systems/dimer/sampler.js";
import { trainingMemoryBytes } from "../../rbm/memory-estimate.js";
import { trainStackAsync } from "../../rbm/stack.js";
import { loadCliCore } from "../runtime/simd-choice.js";
import { CRITICAL_TEMPERATURE, couplingFromTemperature } from "../../systems/ising/coupling.js";
import { trainLayer } from "../../rbm/training/index.js";
import { flowOptionsOf } from "../flow/flow.js";
import { taskLayers, taskVisibleUnits, type FlowSweepTask, type SampleSettings, type SweepPlan, type TrainSweepTask } from "./sweep-plan.js";

const MiB = 2 ** 20;
/** Node, the wasm module, the analysis figures (sharp, vega): measured peak RSS of a task outside the kernels is under 300 MiB. */
const PROCESS_BASELINE_MIB = 384;
/** Multiplies kernel memory: the estimate counts kernel buffers, not the host's copies of the data. */
const MEMORY_HEADROOM = 1.5;
/** Multiplies measured time: a busy node, a slower CPU model in the partition. */
const TIME_HEADROOM = 2;
/** Added per task for the analysis (receptive fields, figures) and start-up. */
const ANALYSIS_ALLOWANCE_SECONDS = 120;
/** Slurm rounds --time to minutes; a job shorter than this is not worth asking for. */
const MIN_MINUTES = 5;
/** Sampling probes this many configurations and scales; the pilot run and burn-in make it an overestimate. */
const SAMPLE_PROBE_COUNT = 100;

/** The resources a sweep's Slurm jobs ask for, and the measurements behind them (DIR/slurm/estimate.json). */
export interface SlurmEstimate {
  /** --mem of every task, MiB. */
  memMiB: number;
  /** --time of every task (the slowest task's estimate), minutes. */
  taskMinutes: number;
  /** --time of the sampling job, minutes. */
  sampleMinutes: number;
  /** Measured seconds per epoch of each layer, per distinct task shape. */
  epochSeconds: {
    /** The task shape as JSON: [visible units, samples, validation, monitorSamples, per layer [hidden, batch, cd, pcd]]. */
    shape: string;
    /** Threads the measurement ran with. */
    threads: number;
    /** Seconds per epoch, one per layer. */
    seconds: number[];
  }[];
}

export function memoryMiB(plan: SweepPlan): number {
  const kernelBytes = Math.max(...plan.tasks.map((task) => task.kind === "flow"
    ? trainingMemoryBytes(flowShape(task).rows, task.flow.size ** 2, taskLayers(task))
    : trainingMemoryBytes(task.sample.count, taskVisibleUnits(task), taskLayers(task))));
  return Math.ceil((kernelBytes * MEMORY_HEADROOM) / MiB) + PROCESS_BASELINE_MIB;
}

/** A flow task's training rows (the largest training set's), training sets and sampled temperatures. */
function flowShape(task: FlowSweepTask): { rows: number; sets: number; temperatures: number } {
  const options = flowOptionsOf(task.flow);
  const trainRows = options.perTemperature - Math.max(1, Math.round(options.perTemperature * options.heldOutFraction));
  const largest = Math.max(...options.trainingSets.map((set) => set.temperatures?.length ?? options.temperatures.length));
  return { rows: trainRows * largest, sets: options.trainingSets.length, temperatures: options.temperatures.length };
}

/** Seconds of one epoch of a flow task's RBM, on stand-in data of its size (the flow monitors 500 samples, as here). */
async function flowEpochSeconds(task: FlowSweepTask, threads: number): Promise<number> {
  const core = await loadCliCore("baseline");
  const nVisible = task.flow.size ** 2;
  const { rows } = flowShape(task);
  const values = new Uint8Array(rows * nVisible);
  for (let i = 0; i < values.length; i++) values[i] = (Math.imul(i + 1, 2654435761) >>> 15) & 1;
  const [layer] = taskLayers(task);
  const trained = trainLayer(core, {
    layer: 1, seed: 1, options: { ...layer!, epochs: 1 }, threads, monitorSamples: 500,
    train: { kind: "binary", nSamples: rows, nVisible, values },
  });
  return trained.metrics.reduce((sum, m) => sum + m.seconds + m.monitorSeconds, 0);
}

/** A flow task's seconds: its sampling (probed at T_c, where Wolff clusters are largest), its training sets' epochs and the allowance. */
async function flowTaskSeconds(task: FlowSweepTask, threads: number): Promise<number> {
  const { sets, temperatures } = flowShape(task);
  const perEpoch = await flowEpochSeconds(task, threads);
  const sampling = await sampleSeconds({
    size: task.flow.size, coupling: couplingFromTemperature(CRITICAL_TEMPERATURE), count: task.flow.perTemperature, seed: task.seed,
    algorithm: "wolff", chains: 4,
  }, threads);
  return sampling * temperatures + perEpoch * taskLayers(task)[0]!.epochs * sets + ANALYSIS_ALLOWANCE_SECONDS;
}

/** Tasks that train at the same speed: same data size and layer shapes, whatever the penalty, strength or seed. */
function shapeKey(task: TrainSweepTask): string {
  const layers = taskLayers(task).map((l) => [l.nHidden, l.batchSize, l.cdSteps, l.persistent]);
  return JSON.stringify([taskVisibleUnits(task), task.sample.count, task.train.validation, task.train.monitorSamples, layers]);
}

async function epochSecondsFor(task: TrainSweepTask, threads: number): Promise<number[]> {
  const core = await loadCliCore(task.train.simd ?? "baseline");
  const nVisible = taskVisibleUnits(task);
  // Stand-in spins of the task's shape; speed does not depend on their values.
  const spins = new Int8Array(task.sample.count * nVisible);
  for (let i = 0; i < spins.length; i++) spins[i] = (Math.imul(i + 1, 2654435761) >>> 15) & 1 ? 1 : -1;
  const data = binaryLayerData(spins, [task.sample.count, nVisible]);
  const layers = taskLayers(task).map((l) => ({ ...l, epochs: 1 }));
  const result = await trainStackAsync(core, data, {
    layers, seed: 1, validationFraction: task.train.validation, monitorSamples: task.train.monitorSamples,
    propagate: task.train.propagate, threads,
  });
  return result.metrics.map((m) => m.seconds + m.monitorSeconds);
}

async function sampleSeconds(settings: SampleSettings, threads: number): Promise<number> {
  const count = Math.min(settings.count, SAMPLE_PROBE_COUNT);
  const started = performance.now();
  if (settings.model === "dimer") {
    sampleDimers(await loadCore(), {
      size: settings.size, interaction: settings.interaction, temperature: settings.temperature, count, seed: settings.seed,
      chains: settings.chains, burnIn: settings.burnIn, spacing: settings.spacing,
    });
  } else {
    sampleIsing(await loadCore(), {
      size: settings.size, coupling: settings.coupling, count, seed: settings.seed,
      algorithm: settings.algorithm as IsingAlgorithm, chains: settings.chains, burnIn: settings.burnIn, spacing: settings.spacing, threads,
    });
  }
  return ((performance.now() - started) / 1000) * (settings.count / count);
}

const toMinutes = (seconds: number): number => Math.max(MIN_MINUTES, Math.ceil((seconds * TIME_HEADROOM) / 60));

/** Measures speed on this machine; `taskMinutes` is skipped (left as given) when the caller fixed --time-per-task. */
export async function estimateResources(plan: SweepPlan, threads: number, measureTasks: boolean): Promise<SlurmEstimate> {
  const epochSeconds: SlurmEstimate["epochSeconds"] = [];
  let taskSeconds = 0;
  if (measureTasks) {
    const byShape = new Map<string, number[]>();
    const flowSeconds = new Map<string, number>();
    for (const task of plan.tasks) {
      if (task.kind === "flow") {
        // Tasks of the same shape and training rules take the same time, whatever the seed.
        const key = JSON.stringify({ ...task.flow, seed: 0 });
        if (!flowSeconds.has(key)) flowSeconds.set(key, await flowTaskSeconds(task, threads));
        taskSeconds = Math.max(taskSeconds, flowSeconds.get(key)!);
        continue;
      }
      const shape = shapeKey(task);
      if (!byShape.has(shape)) {
        const seconds = await epochSecondsFor(task, threads);
        byShape.set(shape, seconds);
        epochSeconds.push({ shape, threads, seconds });
      }
      const perEpoch = byShape.get(shape)!;
      const seconds = taskLayers(task).reduce((sum, layer, i) => sum + layer.epochs * perEpoch[i]!, 0);
      taskSeconds = Math.max(taskSeconds, seconds + ANALYSIS_ALLOWANCE_SECONDS);
    }
  }
  let samplingSeconds = 0;
  for (const set of plan.sampleSets) samplingSeconds += await sampleSeconds(set.settings, threads);
  return { memMiB: memoryMiB(plan), taskMinutes: toMinutes(taskSeconds), sampleMinutes: toMinutes(samplingSeconds), epochSeconds };
}
