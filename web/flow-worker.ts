// Worker of the demo page's Flow panel: a small RBM flow of temperature
// (L = 10) on the same kernels and library calls as `blockspin flow`:
// Wolff samples per temperature, one CD-1 RBM, flows read every step by the
// exact thermometer and posted as they are made.

import {
  loadCore, couplingFromTemperature, sampleIsing, specificHeatMaximum, trainLayer, rbmDefaults,
  orderedStart, randomStart, runFlow, type FlowStart,
} from "../src/index.js";
import type { FlowFromWorker, FlowRequest } from "./flow-protocol.js";

const post = (message: FlowFromWorker) => (self as unknown as Worker).postMessage(message);

self.onmessage = async (event: MessageEvent<FlowRequest>) => {
  try {
    await runSmallFlow(event.data);
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};

async function runSmallFlow(request: FlowRequest): Promise<void> {
  const core = await loadCore();
  const { size, temperatures, perTemperature, epochs, learningRate, steps, seed, dataStarts } = request;
  const nSites = size * size;
  const heldOut = Math.round(perTemperature / 5);
  const trainRows = perTemperature - heldOut;
  const train = new Uint8Array(temperatures.length * trainRows * nSites);
  const starts: FlowStart[] = [randomStart(core, size, heldOut, seed, 0), orderedStart(size, heldOut)];
  temperatures.forEach((temperature, i) => {
    post({ type: "status", text: `sampling T = ${temperature} (${i + 1}/${temperatures.length})` });
    const { configs } = sampleIsing(core, { size, coupling: couplingFromTemperature(temperature), count: perTemperature, seed: seed * 1000 + i, chains: 2 });
    const bits = Uint8Array.from(configs, (s) => (s === 1 ? 1 : 0));
    train.set(bits.subarray(0, trainRows * nSites), i * trainRows * nSites);
    if (dataStarts.includes(temperature)) {
      starts.push({ name: `data T=${temperature}`, temperature, count: heldOut, bits: bits.slice(trainRows * nSites) });
    }
  });
  post({ type: "status", text: `training ${epochs} epochs on ${temperatures.length * trainRows} configurations` });
  const { parameters } = trainLayer(core, {
    layer: 1, seed, monitorSamples: 200,
    options: { ...rbmDefaults(), nHidden: nSites, epochs, learningRate, batchSize: 100, penalty: "none", penaltyStrength: 0, initStd: 0.01 },
    train: { kind: "binary", nSamples: temperatures.length * trainRows, nVisible: nSites, values: train },
    onEpoch: (m) => post({ type: "status", text: `training: epoch ${m.epoch}/${epochs}` }),
  });
  post({ type: "begin", size, specificHeatPeak: specificHeatMaximum(size).temperature, starts: starts.map((s) => ({ name: s.name, temperature: s.temperature })) });
  starts.forEach((start, index) => {
    runFlow(core, parameters, start, {
      size, steps, mode: "samples", seed,
      onStep: (step, reading) => post({ type: "step", start: start.name, step, temperature: reading.temperature, temperatureError: reading.temperatureError }),
    }, index);
  });
  post({ type: "done" });
}
