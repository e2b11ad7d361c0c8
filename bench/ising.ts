// Ising sampler benchmark: wasm kernels vs the plain-TypeScript versions of
// the same algorithms (test/support/ising-reference.ts), measured in the same
// run, on 40 x 40 at the paper's K = 0.408 and at K_c.

import { CRITICAL_COUPLING, loadCore, sampleIsing, stopThreads, type Core } from "../src/index.js";
import { IsingChain, allocWorkspace } from "../src/core.js";
import { metropolisThresholds, wolffAddThreshold } from "../src/systems/ising/coupling.js";
import {
  Xoshiro128, metropolisSweepReference, neighborTable, wolffClusterReference,
} from "../test/support/ising-reference.js";
import { availableParallelism } from "node:os";
import { timeBest, type BenchRow } from "./timing.js";

const SIZE = 40;
const SAMPLES = 20_000;

export async function benchIsing(): Promise<BenchRow[]> {
  const core = await loadCore();
  const rows: BenchRow[] = [];
  const threadCounts = availableParallelism() > 1 ? [1, availableParallelism()] : [1];
  for (const [label, coupling] of [["K=0.408", 0.408], ["K_c", CRITICAL_COUPLING]] as const) {
    rows.push(...kernelRows(core, label, coupling));
    let oneThread = 0;
    for (const threads of threadCounts) {
      const { stats } = sampleIsing(core, { size: SIZE, coupling, count: SAMPLES, seed: 1, algorithm: "wolff", chains: 4, threads });
      if (threads === 1) oneThread = stats.wallSeconds;
      const speedUp = threads > 1 ? `; ${(oneThread / stats.wallSeconds).toFixed(2)}x 1 thread (same bytes)` : "";
      rows.push({
        name: `${SAMPLES} decorrelated samples, Wolff, ${label}, 4 chains on ${threads} thread${threads > 1 ? "s" : ""}`,
        value: stats.wallSeconds, unit: "s",
        note: `tau_int(E)=${stats.tauEnergy.toFixed(1)} tau_int(|m|)=${stats.tauAbsMagnetization.toFixed(1)} clusters, ` +
          `spacing ${stats.spacing}; ${(SAMPLES / stats.wallSeconds).toFixed(0)} samples/s (target at K=0.408: <= 2 s)${speedUp}`,
      });
    }
  }
  stopThreads(core);
  return rows;
}

function kernelRows(core: Core, label: string, coupling: number): BenchRow[] {
  return core.arena.scoped(() => {
    const workspace = allocWorkspace(core, SIZE);
    const nSites = SIZE * SIZE;
    const wolff = new IsingChain(core, workspace, coupling, "wolff", 1, 0);
    const metropolis = new IsingChain(core, workspace, coupling, "metropolis", 1, 1);
    wolff.update(2000);
    metropolis.update(200);
    const clusters = 20_000;
    const sweeps = 500;
    const wasmWolff = timeBest(() => wolff.update(clusters));
    const wasmMetropolis = timeBest(() => metropolis.update(sweeps));

    const table = neighborTable(SIZE);
    const spins = Int8Array.from(core.arena.i8(wolff.lattice, nSites));
    const stack = new Int32Array(nSites);
    const rng = new Xoshiro128([1, 2, 3, 4]);
    const addThreshold = wolffAddThreshold(coupling);
    const [accept4, accept8] = metropolisThresholds(coupling);
    const tsWolff = timeBest(() => {
      for (let u = 0; u < clusters; u++) wolffClusterReference(spins, table, rng, addThreshold, stack);
    });
    const tsMetropolis = timeBest(() => {
      for (let s = 0; s < sweeps; s++) metropolisSweepReference(spins, table, SIZE, rng, accept4, accept8);
    });
    const attempts = sweeps * nSites;
    return [
      { name: `Metropolis flip attempts, wasm, ${label}`, value: attempts / (wasmMetropolis * 1e9), unit: "/ns",
        note: `${(tsMetropolis / wasmMetropolis).toFixed(1)}x the TypeScript version` },
      { name: `Metropolis flip attempts, TypeScript, ${label}`, value: attempts / (tsMetropolis * 1e9), unit: "/ns" },
      { name: `Wolff cluster updates, wasm, ${label}`, value: clusters / wasmWolff, unit: "/s",
        note: `${(tsWolff / wasmWolff).toFixed(1)}x the TypeScript version` },
      { name: `Wolff cluster updates, TypeScript, ${label}`, value: clusters / tsWolff, unit: "/s" },
    ];
  });
}
