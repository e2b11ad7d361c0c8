// Equilibrium samples of the 2D Ising model. Policy lives here, the loops in
// the kernels: each chain starts hot, is equilibrated, has its integrated
// autocorrelation time measured on a pilot run, is burned in for 20 tau and
// then stores a configuration every ceil(2 tau) updates (tau the larger of
// the energy's and |m|'s, maximised over chains so all chains share one
// spacing). Chain c uses RNG stream c of the seed, so results do not depend
// on how many chains run at once.

import type { Core } from "../wasm.js";
import { IsingChain, allocWorkspace, type IsingAlgorithm } from "./chain.js";
import { integratedAutocorrelation, meanWithError, type MeanEstimate } from "./autocorrelation.js";

export interface SampleOptions {
  size: number;
  coupling: number;
  count: number;
  seed: number;
  algorithm?: IsingAlgorithm;
  chains?: number;
  /** Updates discarded after the pilot run; default ceil(20 tau). */
  burnIn?: number;
  /** Updates between stored samples; default max(1, ceil(2 tau)). */
  spacing?: number;
  onProgress?: (progress: SampleProgress) => void;
}

export interface SampleProgress {
  phase: "equilibrate" | "sample";
  done: number;
  total: number;
}

export interface SampleStats {
  size: number;
  coupling: number;
  temperature: number;
  count: number;
  seed: number;
  algorithm: IsingAlgorithm;
  chains: number;
  /** What one update is: one cluster flip (Wolff) or one full sweep (Metropolis). */
  updateUnit: "cluster" | "sweep";
  /** tau_int of E and |m| on the pilot runs, in updates (max over chains). */
  tauEnergy: number;
  tauAbsMagnetization: number;
  /** Updates run before the first stored sample (warm-up + pilot + burn-in). */
  burnIn: number;
  spacing: number;
  /** tau_int of the stored series, in samples (0.5 means uncorrelated). */
  storedTauEnergy: number;
  storedTauAbsMagnetization: number;
  energyPerSpin: { mean: number; standardError: number };
  absMagnetization: { mean: number; standardError: number };
  /** Mean spins flipped per update: cluster size (Wolff) or accepted flips per sweep. */
  meanFlipsPerUpdate: number;
  wallSeconds: number;
}

export interface SampleResult {
  /** count * size * size spins (+1/-1), sample-major, row-major within a sample. */
  configs: Int8Array;
  energyPerSpin: Float64Array;
  absMagnetization: Float64Array;
  stats: SampleStats;
}

const PILOT_START = 4096;
const PILOT_MAX = 1 << 22;
const RECORD_CHUNK = 256;

export function sampleIsing(core: Core, options: SampleOptions): SampleResult {
  const started = performance.now();
  const { size, coupling, count, seed } = options;
  const algorithm = options.algorithm ?? "wolff";
  const chainCount = Math.min(options.chains ?? 4, count);
  const nSites = size * size;
  const report = options.onProgress ?? (() => {});

  return core.arena.scoped(() => {
    const workspace = allocWorkspace(core, size);
    const chains = Array.from({ length: chainCount }, (_, c) =>
      new IsingChain(core, workspace, coupling, algorithm, seed, c));

    let flips = 0;
    let updates = 0;
    const warmUp = algorithm === "wolff" ? 0 : 100;
    const pilots = chains.map((chain, c) => {
      report({ phase: "equilibrate", done: c, total: chainCount });
      const warm = warmUpChain(chain, warmUp, nSites);
      const pilot = measurePilot(core, chain);
      flips += warm.flips + pilot.flips;
      updates += warm.updates + pilot.updates;
      return { ...pilot, warmUpdates: warm.updates };
    });
    const tauEnergy = Math.max(...pilots.map((p) => p.tauEnergy));
    const tauAbsMagnetization = Math.max(...pilots.map((p) => p.tauAbsMagnetization));
    const tau = Math.max(tauEnergy, tauAbsMagnetization);
    const burnIn = options.burnIn ?? Math.ceil(20 * tau);
    const spacing = options.spacing ?? Math.max(1, Math.ceil(2 * tau));
    for (const chain of chains) {
      flips += chain.update(burnIn);
      updates += burnIn;
    }
    report({ phase: "equilibrate", done: chainCount, total: chainCount });

    const configs = new Int8Array(count * nSites);
    const energy = new Float64Array(count);
    const absMag = new Float64Array(count);
    const perChainEnergy: Float64Array[] = [];
    const perChainAbsMag: Float64Array[] = [];
    const buffers = {
      configs: core.arena.alloc(RECORD_CHUNK * nSites),
      energy: core.arena.alloc(RECORD_CHUNK * 4),
      magnetization: core.arena.alloc(RECORD_CHUNK * 4),
    };
    let written = 0;
    chains.forEach((chain, c) => {
      const share = Math.floor(count / chainCount) + (c < count % chainCount ? 1 : 0);
      perChainEnergy.push(energy.subarray(written, written + share));
      perChainAbsMag.push(absMag.subarray(written, written + share));
      for (let done = 0; done < share; done += RECORD_CHUNK) {
        const chunk = Math.min(RECORD_CHUNK, share - done);
        flips += chain.record(spacing, chunk, buffers);
        updates += spacing * chunk;
        configs.set(core.arena.i8(buffers.configs, chunk * nSites), written * nSites);
        const e = core.arena.i32(buffers.energy, chunk);
        const m = core.arena.i32(buffers.magnetization, chunk);
        for (let i = 0; i < chunk; i++) {
          energy[written + i] = e[i]! / nSites;
          absMag[written + i] = Math.abs(m[i]!) / nSites;
        }
        written += chunk;
        report({ phase: "sample", done: written, total: count });
      }
    });

    const energyEstimate = meanWithError(perChainEnergy);
    const absMagEstimate = meanWithError(perChainAbsMag);
    const stats: SampleStats = {
      size, coupling, temperature: 1 / coupling, count, seed, algorithm, chains: chainCount,
      updateUnit: algorithm === "wolff" ? "cluster" : "sweep",
      tauEnergy, tauAbsMagnetization,
      burnIn: Math.max(...pilots.map((p) => p.warmUpdates + p.updates)) + burnIn,
      spacing,
      storedTauEnergy: energyEstimate.tau,
      storedTauAbsMagnetization: absMagEstimate.tau,
      energyPerSpin: summary(energyEstimate),
      absMagnetization: summary(absMagEstimate),
      meanFlipsPerUpdate: flips / updates,
      wallSeconds: (performance.now() - started) / 1000,
    };
    return { configs, energyPerSpin: energy, absMagnetization: absMag, stats };
  });
}

function summary(estimate: MeanEstimate): { mean: number; standardError: number } {
  return { mean: estimate.mean, standardError: estimate.standardError };
}

/**
 * Metropolis: a fixed number of sweeps from the hot start. Wolff: cluster
 * updates until 50 sweeps' worth of spins have flipped, whatever the cluster
 * size at this temperature.
 */
function warmUpChain(chain: IsingChain, sweeps: number, nSites: number): { flips: number; updates: number } {
  if (chain.algorithm === "metropolis") return { flips: chain.update(sweeps), updates: sweeps };
  let flips = 0;
  let updates = 0;
  while (flips < 50 * nSites) {
    flips += chain.update(64);
    updates += 64;
  }
  return { flips, updates };
}

interface PilotResult {
  tauEnergy: number;
  tauAbsMagnetization: number;
  flips: number;
  updates: number;
}

/**
 * Records E and |m| after every update and estimates tau_int, doubling the
 * run until it is at least 50 tau long and the Sokal window closed. Only the
 * last (longest) run is used: earlier ones double as equilibration.
 */
function measurePilot(core: Core, chain: IsingChain): PilotResult {
  let flips = 0;
  let updates = 0;
  for (let length = PILOT_START; ; length *= 2) {
    const result = core.arena.scoped(() => {
      const out = { configs: 0, energy: core.arena.alloc(length * 4), magnetization: core.arena.alloc(length * 4) };
      const pilotFlips = chain.record(1, length, out);
      const energy = core.arena.i32(out.energy, length);
      const absMag = Float64Array.from(core.arena.i32(out.magnetization, length), Math.abs);
      return { flips: pilotFlips, e: integratedAutocorrelation([energy]), m: integratedAutocorrelation([absMag]) };
    });
    flips += result.flips;
    updates += length;
    const tau = Math.max(result.e.tau, result.m.tau);
    const longEnough = result.e.converged && result.m.converged && length >= 50 * tau;
    if (longEnough || length >= PILOT_MAX) {
      return { tauEnergy: result.e.tau, tauAbsMagnetization: result.m.tau, flips, updates };
    }
  }
}
