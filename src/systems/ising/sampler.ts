// Equilibrium samples of the 2D Ising model. Policy lives here, the loops in
// the kernels: each chain starts hot, is equilibrated, has its integrated
// autocorrelation time measured on a pilot run, is burned in for 20 tau and
// then stores a configuration every ceil(2 tau) updates (tau the larger of
// the energy's and |m|'s, maximised over chains so all chains share one
// spacing). Chain c uses RNG stream c of the seed and its own buffers, and
// runs the same sequence of kernel calls however the chains are spread over
// threads, so the bytes depend on the seed and the chain count only.

import type { Core } from "../../wasm.js";
import { defaultThreads, threadTeam, type KernelCall } from "../../threads/pool.js";
import { IsingChain, allocWorkspace, type IsingAlgorithm } from "./chain.js";
import { integratedAutocorrelation, meanWithError, type MeanEstimate } from "./autocorrelation.js";

/** What sampleIsing draws: `count` configurations of the L x L torus (J = 1, no field) at coupling K. */
export interface SampleOptions {
  /** Lattice side L (>= 2); a configuration has L^2 spins. */
  size: number;
  /** Coupling K = J / kT (> 0); CRITICAL_COUPLING is K_c. */
  coupling: number;
  /** Configurations to store, split evenly across the chains. */
  count: number;
  /** Integer seed in [0, 2^53): the same seed gives the same bytes on any engine and thread count. */
  seed: number;
  /** Default "wolff". */
  algorithm?: IsingAlgorithm;
  /** Independent Markov chains, stored one after another (default 4). */
  chains?: number;
  /**
   * Threads the chains run on (chain c on thread c mod threads; default
   * defaultThreads(), 1 unless set). The bytes do not depend on it.
   */
  threads?: number;
  /** Updates discarded after the pilot run; default ceil(20 tau). */
  burnIn?: number;
  /** Updates between stored samples; default max(1, ceil(2 tau)). */
  spacing?: number;
  /** Called as updates are done (equilibration, then sampling). */
  onProgress?: (progress: SampleProgress) => void;
}

/** How far sampleIsing is: `done` of `total` steps of the current phase. */
export interface SampleProgress {
  /** "equilibrate": warm-up, pilot runs and burn-in; "sample": storing configurations. */
  phase: "equilibrate" | "sample";
  /** Equilibrate: chains whose pilot run has finished; sample: configurations stored so far. */
  done: number;
  /** Equilibrate: the number of chains; sample: `count`. */
  total: number;
}

/** What was sampled and how well: settings, autocorrelation times, burn-in and spacing, means with standard errors. */
export interface SampleStats {
  /** Lattice side L. */
  size: number;
  /** Coupling K = J / kT. */
  coupling: number;
  /** Temperature T = 1 / K (units J = k_B = 1). */
  temperature: number;
  /** Configurations stored. */
  count: number;
  /** The seed given. */
  seed: number;
  /** The update used. */
  algorithm: IsingAlgorithm;
  /** Independent chains run (at most count). */
  chains: number;
  /** What one update is: one cluster flip (Wolff) or one full sweep (Metropolis). */
  updateUnit: "cluster" | "sweep";
  /** tau_int of E and |m| on the pilot runs, in updates (max over chains). */
  tauEnergy: number;
  /** tau_int of |m| on the pilot runs, in updates (max over chains). */
  tauAbsMagnetization: number;
  /** Updates run before the first stored sample (warm-up + pilot + burn-in). */
  burnIn: number;
  /** Updates between stored configurations. */
  spacing: number;
  /** tau_int of the stored series, in samples (0.5 means uncorrelated). */
  storedTauEnergy: number;
  /** tau_int of |m| over the stored series, in samples. */
  storedTauAbsMagnetization: number;
  /** Mean energy per spin of the stored configurations (J = 1), with its standard error corrected for autocorrelation. */
  energyPerSpin: {
    /** Mean over stored configurations. */
    mean: number;
    /** Standard error of the mean, sqrt(2 tau_int var / n) (`docs/methods.md`, Sampling). */
    standardError: number;
  };
  /** Mean |m| per spin of the stored configurations, in [0, 1], with its standard error. */
  absMagnetization: {
    /** Mean over stored configurations. */
    mean: number;
    /** Standard error of the mean, corrected for autocorrelation. */
    standardError: number;
  };
  /** Mean spins flipped per update: cluster size (Wolff) or accepted flips per sweep. */
  meanFlipsPerUpdate: number;
  /** Wall-clock seconds the call took. */
  wallSeconds: number;
}

/** The samples and their statistics. */
export interface SampleResult {
  /** count * size * size spins (+1/-1), sample-major, row-major within a sample. */
  configs: Int8Array;
  /** Energy per spin of each stored configuration (count values, J = 1). */
  energyPerSpin: Float64Array;
  /** |magnetization| per spin of each stored configuration (count values, in [0, 1]). */
  absMagnetization: Float64Array;
  /** Settings, autocorrelation times, burn-in, spacing and means. */
  stats: SampleStats;
}

const PILOT_START = 4096;
const PILOT_MAX = 1 << 22;
const RECORD_CHUNK = 256;
const METROPOLIS_WARM_UP = 100;

/**
 * Equilibrium configurations of the 2D Ising model on an L x L torus (J = 1,
 * no field): each chain starts hot, is equilibrated (20 tau_int after a pilot
 * run), and stores a configuration every ~2 tau_int updates (`docs/methods.md`,
 * Sampling). The bytes depend only on the seed, the settings and the chain
 * count, never on the thread count or the engine.
 *
 * @param core - The loaded kernels.
 * @param options - Lattice side, coupling, count and seed; algorithm, chains, threads, burn-in, spacing and progress optional.
 * @returns `configs` as (count, L, L) int8 +-1, sample-major, with each configuration's energy and |m| per spin and the run's statistics.
 *
 * @example
 * ```ts
 * const core = await loadCore();
 * const { configs, stats } = sampleIsing(core, { size: 32, coupling: CRITICAL_COUPLING, count: 1000, seed: 7 });
 * console.log(configs.length === 1000 * 32 * 32, stats.tauAbsMagnetization, stats.spacing);
 * ```
 */
export function sampleIsing(core: Core, options: SampleOptions): SampleResult {
  const started = performance.now();
  const { size, coupling, count, seed } = options;
  const algorithm = options.algorithm ?? "wolff";
  const chainCount = Math.min(options.chains ?? 4, count);
  const nSites = size * size;
  const report = options.onProgress ?? (() => {});
  const team = threadTeam(core, Math.min(options.threads ?? defaultThreads(), chainCount));

  return core.arena.scoped(() => {
    const workspace = allocWorkspace(core, size);
    const chains = Array.from({ length: chainCount }, (_, c) =>
      new IsingChain(core, workspace, coupling, algorithm, seed, c));
    let flips = 0;
    /** One call per chain that has one (chain c on thread c mod team size), run at once; the spins each flipped. */
    const step = (callFor: (c: number) => KernelCall | undefined): (number | undefined)[] => {
      const calls = chains.map((_, c) => callFor(c));
      const results = team.run((t) => calls.filter((call, c): call is KernelCall => call !== undefined && c % team.size === t));
      const next = results.map(() => 0);
      return calls.map((call, c) => {
        if (call === undefined) return undefined;
        const result = results[c % team.size]![next[c % team.size]!++]!;
        flips += result;
        return result;
      });
    };

    report({ phase: "equilibrate", done: 0, total: chainCount });
    const warmUpdates = warmUp(chains, nSites, step);
    const pilots = measurePilots(core, chains, step, (done) => report({ phase: "equilibrate", done, total: chainCount }));
    const tauEnergy = Math.max(...pilots.map((p) => p.tauEnergy));
    const tauAbsMagnetization = Math.max(...pilots.map((p) => p.tauAbsMagnetization));
    const tau = Math.max(tauEnergy, tauAbsMagnetization);
    const burnIn = options.burnIn ?? Math.ceil(20 * tau);
    const spacing = options.spacing ?? Math.max(1, Math.ceil(2 * tau));
    step((c) => chains[c]!.updateCall(burnIn));
    let updates = warmUpdates.reduce((a, b) => a + b, 0) + pilots.reduce((a, p) => a + p.updates, 0) + chainCount * burnIn;
    report({ phase: "equilibrate", done: chainCount, total: chainCount });

    // Chain c stores rows [first_c, first_c + share_c) of the output, RECORD_CHUNK at a time.
    const configs = new Int8Array(count * nSites);
    const energy = new Float64Array(count);
    const absMag = new Float64Array(count);
    const shares = chains.map((_, c) => Math.floor(count / chainCount) + (c < count % chainCount ? 1 : 0));
    const firsts = shares.map((_, c) => shares.slice(0, c).reduce((a, b) => a + b, 0));
    const buffers = chains.map(() => ({
      configs: core.arena.alloc(RECORD_CHUNK * nSites),
      energy: core.arena.alloc(RECORD_CHUNK * 4),
      magnetization: core.arena.alloc(RECORD_CHUNK * 4),
    }));
    const stored = chains.map(() => 0);
    let written = 0;
    while (written < count) {
      const chunks = shares.map((share, c) => Math.min(RECORD_CHUNK, share - stored[c]!));
      step((c) => (chunks[c]! > 0 ? chains[c]!.recordCall(spacing, chunks[c]!, buffers[c]!) : undefined));
      chunks.forEach((chunk, c) => {
        if (chunk === 0) return;
        const at = firsts[c]! + stored[c]!;
        configs.set(core.arena.i8(buffers[c]!.configs, chunk * nSites), at * nSites);
        const e = core.arena.i32(buffers[c]!.energy, chunk);
        const m = core.arena.i32(buffers[c]!.magnetization, chunk);
        for (let i = 0; i < chunk; i++) {
          energy[at + i] = e[i]! / nSites;
          absMag[at + i] = Math.abs(m[i]!) / nSites;
        }
        stored[c]! += chunk;
        written += chunk;
        updates += spacing * chunk;
      });
      report({ phase: "sample", done: written, total: count });
    }

    const perChain = (values: Float64Array) => shares.map((share, c) => {
      const first = firsts[c]!;
      return values.subarray(first, first + share);
    });
    const energyEstimate = meanWithError(perChain(energy));
    const absMagEstimate = meanWithError(perChain(absMag));
    const stats: SampleStats = {
      size, coupling, temperature: 1 / coupling, count, seed, algorithm, chains: chainCount,
      updateUnit: algorithm === "wolff" ? "cluster" : "sweep",
      tauEnergy, tauAbsMagnetization,
      burnIn: Math.max(...pilots.map((p, c) => warmUpdates[c]! + p.updates)) + burnIn,
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

type Step = (callFor: (c: number) => KernelCall | undefined) => (number | undefined)[];

function summary(estimate: MeanEstimate): { mean: number; standardError: number } {
  return { mean: estimate.mean, standardError: estimate.standardError };
}

/**
 * Metropolis: 100 sweeps from the hot start. Wolff: cluster updates, 64 at a
 * time, until 50 sweeps' worth of spins have flipped, whatever the cluster
 * size at this temperature. Returns each chain's updates.
 */
function warmUp(chains: IsingChain[], nSites: number, step: Step): number[] {
  if (chains[0]?.algorithm === "metropolis") {
    step((c) => chains[c]!.updateCall(METROPOLIS_WARM_UP));
    return chains.map(() => METROPOLIS_WARM_UP);
  }
  const flipped = chains.map(() => 0);
  const updates = chains.map(() => 0);
  for (;;) {
    const warming = flipped.map((f) => f < 50 * nSites);
    if (!warming.includes(true)) return updates;
    step((c) => (warming[c] ? chains[c]!.updateCall(64) : undefined)).forEach((f, c) => {
      if (f === undefined) return;
      flipped[c]! += f;
      updates[c]! += 64;
    });
  }
}

interface PilotResult {
  tauEnergy: number;
  tauAbsMagnetization: number;
  updates: number;
}

/**
 * Per chain: records E and |m| after every update and estimates tau_int,
 * doubling the run until it is at least 50 tau long and the Sokal window
 * closed. Only the last (longest) run is used: earlier ones double as
 * equilibration. Chains still measuring run side by side.
 */
function measurePilots(core: Core, chains: IsingChain[], step: Step, onDone: (done: number) => void): PilotResult[] {
  const results: (PilotResult | undefined)[] = chains.map(() => undefined);
  const lengths = chains.map(() => PILOT_START);
  const updates = chains.map(() => 0);
  while (results.includes(undefined)) {
    core.arena.scoped(() => {
      const out = chains.map((_, c) => results[c] ? undefined : {
        configs: 0, energy: core.arena.alloc(lengths[c]! * 4), magnetization: core.arena.alloc(lengths[c]! * 4),
      });
      step((c) => (out[c] ? chains[c]!.recordCall(1, lengths[c]!, out[c]) : undefined));
      out.forEach((buffers, c) => {
        if (!buffers) return;
        const length = lengths[c]!;
        const e = integratedAutocorrelation([core.arena.i32(buffers.energy, length)]);
        const m = integratedAutocorrelation([Float64Array.from(core.arena.i32(buffers.magnetization, length), Math.abs)]);
        updates[c]! += length;
        const longEnough = e.converged && m.converged && length >= 50 * Math.max(e.tau, m.tau);
        if (longEnough || length >= PILOT_MAX) results[c] = { tauEnergy: e.tau, tauAbsMagnetization: m.tau, updates: updates[c]! };
        else lengths[c] = 2 * length;
      });
    });
    onDone(results.filter((r) => r !== undefined).length);
  }
  return results as PilotResult[];
}
