// `blockspin flow` as a library call: sample (or reuse) one Wolff set per
// temperature, train one RBM per training set, run the flows, read every
// step with the exact thermometer, and write flow.json, the charts and
// report.html. The numbers come from src/flow/ and src/systems/ising/; this file
// holds files and policy.

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Core } from "../../wasm.js";
import { CRITICAL_TEMPERATURE, couplingFromTemperature } from "../../systems/ising/coupling.js";
import { specificHeatMaximum } from "../../systems/ising/exact.js";
import { sampleIsing } from "../../systems/ising/sampler.js";
import { trainLayer } from "../../rbm/training/index.js";
import type { LayerTrainingOptions } from "../../rbm/training-options.js";
import { describeFlowTraining, flowLayerOptions } from "../../flow/flow-training.js";
import type { RbmParameters } from "../../rbm/rbm-parameters.js";
import {
  flowFixedPoint, orderedStart, randomStart, runFlow,
  type FlowStart, type FlowTrace,
} from "../../flow/temperature-flow.js";
import { presetTemperatures, type TrainingPreset } from "../../flow/training-temperatures.js";
import { flowChartSpec } from "../../charts/flow-chart.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import type { Progress } from "../runtime/progress.js";
import { renderSvg } from "../render/chart.js";
import { writeNpy } from "../io/npy.js";
import { writeSamples } from "../io/sample-files.js";
import { readTrainingData } from "../io/training-data.js";
import { LIBRARY_VERSION } from "../runtime/version.js";
import { flowReportHtml } from "./flow-report.js";
import type { FlowResult, FlowSetResult } from "./flow-result.js";
import { MAX_FLOW_SEED, type FlowOptions } from "./flow-settings.js";

/** Seed of the Wolff run at one temperature: distinct per (seed, T) for T on a 1e-3 grid below 1000. */
export function temperatureSeed(seed: number, temperature: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_FLOW_SEED) throw new RangeError(`seed must be an integer in [0, ${MAX_FLOW_SEED}], got ${seed}`);
  return seed * 1_000_003 + Math.round(temperature * 1000);
}

/**
 * Runs the whole flow experiment (docs/methods.md, "Temperature flow"): samples (or reuses) one Wolff set
 * per temperature, trains one RBM per training set, runs the flows, reads every step with the exact
 * thermometer, and writes flow.json, the charts and report.html under options.out.
 *
 * @param core - The loaded wasm kernels (loadCore).
 * @param options - The experiment's options.
 * @param progress - Progress display (createProgress).
 * @param log - Where status lines go (one line per call).
 * @returns The experiment's result.
 */
export async function runFlowExperiment(core: Core, options: FlowOptions, progress: Progress, log: (line: string) => void): Promise<FlowResult> {
  prepareOutputDirectory(options.out, "--out");
  const nSites = options.size ** 2;
  const heldOut = Math.max(1, Math.round(options.perTemperature * options.heldOutFraction));
  const trainRows = options.perTemperature - heldOut;
  const samples: Uint8Array[] = [];
  for (const [i, temperature] of options.temperatures.entries()) {
    progress.update(i, options.temperatures.length, `sampling T=${temperature}`);
    samples.push(await cachedTemperatureSamples(core, options, temperature, log));
  }
  const peak = specificHeatMaximum(options.size);
  const sets: FlowSetResult[] = [];
  for (const set of options.trainingSets) {
    const trainingTemperatures = set.temperatures ?? presetTemperatures(set.name as TrainingPreset, options.temperatures);
    const rows = trainingTemperatures.map((t) => samples[options.temperatures.indexOf(t)]!.subarray(0, trainRows * nSites));
    const train = new Uint8Array(rows.length * trainRows * nSites);
    rows.forEach((r, i) => train.set(r, i * trainRows * nSites));
    const layerOptions: LayerTrainingOptions = flowLayerOptions(options, options.hidden);
    const started = performance.now();
    const trained = trainLayer(core, {
      layer: 1, seed: options.seed, options: layerOptions, threads: options.threads, monitorSamples: 500,
      train: { kind: "binary", nSamples: rows.length * trainRows, nVisible: nSites, values: train },
      onEpoch: (m) => progress.update(m.epoch, options.epochs, `training (${set.name}) epoch ${m.epoch}/${options.epochs} PL ${m.pseudoLikelihood.toFixed(2)}`),
    });
    const seconds = (performance.now() - started) / 1000;
    log(`trained on ${trainingTemperatures.length} temperatures (${set.name}) in ${seconds.toFixed(1)} s`);
    const starts = flowStarts(core, options, samples, heldOut, trainRows);
    const flows = starts.map((start, i) => {
      progress.update(i, starts.length, `flows (${set.name}) start ${i + 1}/${starts.length}`);
      return runFlow(core, trained.parameters, start, { size: options.size, steps: options.steps, mode: options.mode, seed: options.seed, threads: options.threads }, i);
    });
    sets.push({
      trainingSet: set.name, trainingTemperatures,
      training: { options: layerOptions, metrics: trained.metrics, seconds },
      flows, fixedPoints: flows.map((f) => flowFixedPoint(f)),
    });
    await writeSetFiles(options, set.name, trained.parameters, flows, peak.temperature);
  }
  progress.stop();
  const { out: _out, dataDir: _dataDir, ...settings } = options;
  const result: Omit<FlowResult, "reportPath"> = {
    settings, criticalTemperature: CRITICAL_TEMPERATURE, specificHeatMaximum: peak, sets,
  };
  await writeFileAtomic(join(options.out, "flow.json"), `${flowJson({ libraryVersion: LIBRARY_VERSION, createdAt: new Date().toISOString(), ...result })}\n`);
  const reportPath = join(options.out, "report.html");
  await writeFileAtomic(reportPath, flowReportHtml(result));
  return { ...result, reportPath };
}

/** The starts asked for: random and ordered ensembles as large as one temperature's held-out rows, then data starts. */
function flowStarts(core: Core, options: FlowOptions, samples: Uint8Array[], heldOut: number, trainRows: number): FlowStart[] {
  const nSites = options.size ** 2;
  const starts: FlowStart[] = [];
  if (options.starts.includes("random")) starts.push(randomStart(core, options.size, heldOut, options.seed, 0));
  if (options.starts.includes("ordered")) starts.push(orderedStart(options.size, heldOut));
  if (options.starts.includes("data")) {
    options.temperatures.forEach((temperature, i) => {
      starts.push({
        name: `data T=${temperature}`, temperature, count: heldOut,
        bits: samples[i]!.slice(trainRows * nSites, (trainRows + heldOut) * nSites),
      });
    });
  }
  return starts;
}

/** flow.json text: readings per step, Infinity written as "infinity" (JSON has none), never NaN. */
export function flowJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === Infinity) return "infinity";
    if (v instanceof Float32Array || v instanceof Uint8Array) return undefined;
    return v;
  }, 2);
}

async function writeSetFiles(options: FlowOptions, name: string, parameters: RbmParameters, flows: FlowTrace[], peak: number): Promise<void> {
  const spec = flowChartSpec(flows, {
    title: `L = ${options.size}, trained on: ${name}, ${options.mode}, seed ${options.seed}`,
    detail: `${options.preset} rules: ${describeFlowTraining(options)}`,
    criticalTemperature: CRITICAL_TEMPERATURE, specificHeatPeak: peak,
  });
  await writeFileAtomic(join(options.out, `flow-${name}.vl.json`), `${JSON.stringify(spec, null, 2)}\n`);
  await writeFileAtomic(join(options.out, `flow-${name}.svg`), await renderSvg(spec));
  // The trained RBM as float32 .npy, named like a model bundle's layer files: W is (nVisible, nHidden).
  const { nVisible, nHidden } = parameters;
  await writeNpy(join(options.out, `rbm-${name}.W.npy`), { dtype: "float32", shape: [nVisible, nHidden], data: parameters.weights });
  await writeNpy(join(options.out, `rbm-${name}.vbias.npy`), { dtype: "float32", shape: [nVisible], data: parameters.visibleBias });
  await writeNpy(join(options.out, `rbm-${name}.hbias.npy`), { dtype: "float32", shape: [nHidden], data: parameters.hiddenBias });
}

/** One temperature's samples as 0/1 bytes, from data/T=....npy when its sidecar matches, else sampled and written. */
async function cachedTemperatureSamples(core: Core, options: FlowOptions, temperature: number, log: (line: string) => void): Promise<Uint8Array> {
  const dataDir = options.dataDir ?? join(options.out, "data");
  const path = join(dataDir, `T=${temperature.toFixed(3)}.npy`);
  const sidecar = path.replace(/\.npy$/, ".json");
  const sampling = {
    size: options.size, coupling: couplingFromTemperature(temperature), count: options.perTemperature,
    seed: temperatureSeed(options.seed, temperature), algorithm: "wolff" as const, chains: 4,
  };
  if (existsSync(path) && existsSync(sidecar)) {
    const { stats } = JSON.parse(await readFile(sidecar, "utf8")) as { stats: Record<string, unknown> };
    if ((["size", "coupling", "count", "seed", "algorithm", "chains"] as const).every((key) => stats[key] === sampling[key])) {
      log(`reusing ${path}`);
      return (await readTrainingData(path, "cached samples")).data.values as Uint8Array;
    }
  }
  prepareOutputDirectory(dataDir, "--out");
  // Samples are a function of (size, T, count, seed): a sweep's tasks that share dataDir and race here write the same bytes.
  await writeSamples(path, sampleIsing(core, { ...sampling, threads: options.threads }));
  return (await readTrainingData(path, "samples")).data.values as Uint8Array;
}
