// Equilibrium samples of close-packed dimers on the L x L torus with the
// plaquette interaction of Alet et al. (PRL 94, 235702, 2005): weight
// exp(-V N_par / T). Policy lives here, the worms in assembly/dimer.ts.
//
// Each chain starts from a columnar covering and is warmed up by worms until
// 50 L^2 pivot moves are done; the mean worm length over the second half of
// the warm-up (pooled over chains) fixes the number of worms per "update",
// about one sweep's worth of moves. From then on samples are taken after a
// fixed number of updates, never when the worms' running length reaches a
// target: a stopping rule tied to the worms would correlate the measuring
// times with the configurations and bias the samples. The integrated
// autocorrelation times of N_par, the winding numbers W_x, W_y and the
// columnar order parameter's components M_x, M_y are measured on a pilot run
// (Sokal's window, as for the Ising sampler), the chain is burned in for
// 20 tau and stores a covering every ceil(2 tau) updates (tau the largest of
// the five, maximised over chains so all share one spacing). The columnar
// order is there because for V < 0 it is the slowest of them: on the 4 x 4
// torus at V = -1 its tau_int is about 4 updates at T = 0.65, 17 at T = 0.5
// and several hundred at T = 0.3 (the orientation of the columns tunnels),
// while N_par's stays near 1; with heat-bath exits it is the slowest even at V = 0. Deep
// in the columnar phase of a large torus the orientation never tunnels
// within a pilot run, and M's tau measures its fluctuations about the
// current columnar state, as |m| does for the Ising sampler below T_c.
//
// Chains run one after another on the calling thread (the worms are short
// kernel calls; threads are left for later). Chain c uses RNG stream c of the
// seed, so the bytes depend on the seed and the chain count only.

import type { Core } from "../../wasm.js";
import { integratedAutocorrelation, meanWithError, type MeanEstimate } from "../ising/autocorrelation.js";
import { DimerChain, OBSERVABLES_PER_RECORD, allocExitTable, coveringBytes } from "./chain.js";
import type { ExitRule } from "./directed-loop.js";

/** What sampleDimers draws: `count` coverings of the L x L torus at plaquette interaction V and temperature T. */
export interface DimerSampleOptions {
  /** Lattice side L (even, >= 2); a covering has 2 L^2 bonds and L^2 / 2 dimers. */
  size: number;
  /** Plaquette interaction V (energy per plaquette with two parallel dimers); V < 0 aligns. */
  interaction: number;
  /** Temperature T > 0, in units of the energy; Infinity gives the free model like V = 0. */
  temperature: number;
  /** Coverings to store, split evenly across the chains. */
  count: number;
  /** Integer seed in [0, 2^53): the same seed and chain count give the same bytes. */
  seed: number;
  /** Independent Markov chains, run one after another and stored one after another (default 4). */
  chains?: number;
  /** Updates discarded after the pilot run; default ceil(20 tau). */
  burnIn?: number;
  /** Updates between stored samples; default max(1, ceil(2 tau)). */
  spacing?: number;
  /** Worms per update; default max(1, round(L^2 / mean worm length)) from the warm-up. */
  wormsPerUpdate?: number;
  /** Solution of the directed-loop equations (src/systems/dimer/directed-loop.ts); default "minimal-bounce". */
  exitRule?: ExitRule;
}

/** A mean with its standard error (inflated by 2 tau_int for correlation). */
export interface DimerEstimate {
  /** The mean over the stored samples. */
  mean: number;
  /** Its standard error, from the spread of the chains' means. */
  standardError: number;
}

/** What was sampled and how well. */
export interface DimerSampleStats {
  /** Lattice side L. */
  size: number;
  /** Plaquette interaction V. */
  interaction: number;
  /** Temperature T, in the units of V. */
  temperature: number;
  /** V / T, the exponent's coefficient: weight exp(-coupling N_par). */
  coupling: number;
  /** Coverings stored. */
  count: number;
  /** The seed: chain c uses RNG stream c of it. */
  seed: number;
  /** Markov chains run (at most `count`). */
  chains: number;
  /** The solution of the directed-loop equations used (directed-loop.ts). */
  exitRule: ExitRule;
  /** What one update is: this many worms. */
  wormsPerUpdate: number;
  /** Mean pivot moves per worm over the second half of the warm-up. */
  meanWormLength: number;
  /** tau_int on the pilot runs, in updates (max over chains), of N_par, W_x and W_y. */
  tauParallel: number;
  /** tau_int of W_x on the pilot runs, in updates. */
  tauWindingX: number;
  /** tau_int of W_y on the pilot runs, in updates. */
  tauWindingY: number;
  /** tau_int of the columnar order parameter's components M_x, M_y on the pilot runs (max over both and over chains), in updates. */
  tauColumnar: number;
  /** Updates run before the first stored sample (pilot + burn-in; the warm-up is counted in worms, not here). */
  burnIn: number;
  /** Updates between stored samples. */
  spacing: number;
  /** tau_int of the stored series, in samples (0.5 means uncorrelated). */
  storedTauParallel: number;
  /** tau_int of the stored W_x series, in samples. */
  storedTauWindingX: number;
  /** tau_int of the stored W_y series, in samples. */
  storedTauWindingY: number;
  /** tau_int of the stored M_x, M_y series (max of the two), in samples. */
  storedTauColumnar: number;
  /** Flippable-plaquette density N_par / L^2. */
  flippableDensity: DimerEstimate;
  /** <W_x^2 + W_y^2> / 2. */
  windingSquared: DimerEstimate;
}

/** The samples and their statistics. */
export interface DimerSampleResult {
  /** count * 2 L^2 bytes 0/1: (count, 2, L, L), [0, y, x] the bond (x, y)-(x + 1, y), [1, y, x] the bond (x, y)-(x, y + 1). */
  configs: Uint8Array;
  /** N_par of each stored covering (count values). */
  parallelPlaquettes: Int32Array;
  /** (W_x, W_y) of each stored covering, interleaved (2 count values; see windingNumbers in observables.ts). */
  windings: Int32Array;
  /** Columnar order parameter (M_x, M_y) of each stored covering, interleaved (2 count values; see columnarOrder in observables.ts). */
  columnar: Float64Array;
  /** What was sampled and how well. */
  stats: DimerSampleStats;
}

const WARM_UP_SWEEPS = 50;
const WARM_UP_CHUNK = 64;
const PILOT_START = 4096;
const PILOT_MAX = 1 << 20;
const RECORD_CHUNK = 256;

/**
 * Equilibrium coverings of the dimer model at interaction V and temperature
 * T by directed-loop worms (assembly/dimer.ts). Result `configs` is
 * (count, 2, L, L) bytes 0/1, sample-major.
 */
export function sampleDimers(core: Core, options: DimerSampleOptions): DimerSampleResult {
  const { size, interaction, temperature, count, seed } = options;
  if (!Number.isInteger(size) || size < 2 || size % 2 !== 0) throw new RangeError(`lattice side must be an even integer >= 2, got ${size}`);
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  if (!Number.isFinite(interaction)) throw new RangeError(`interaction must be finite, got ${interaction}`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const coupling = interaction === 0 ? 0 : interaction / temperature;
  const exitRule = options.exitRule ?? "minimal-bounce";
  const chainCount = Math.min(options.chains ?? 4, count);
  const nSites = size * size;
  const stateBytes = coveringBytes(size);

  return core.arena.scoped(() => {
    const table = allocExitTable(core, coupling, exitRule);
    const chains = Array.from({ length: chainCount }, (_, c) => new DimerChain(core, size, table, seed, c));

    const meanWormLength = warmUp(chains, nSites);
    const wormsPerUpdate = options.wormsPerUpdate ?? Math.max(1, Math.round(nSites / meanWormLength));
    const pilots = chains.map((chain) => measurePilot(core, chain, wormsPerUpdate));
    const tauParallel = Math.max(...pilots.map((p) => p.tau[0]));
    const tauWindingX = Math.max(...pilots.map((p) => p.tau[1]));
    const tauWindingY = Math.max(...pilots.map((p) => p.tau[2]));
    const tauColumnar = Math.max(...pilots.map((p) => Math.max(p.tau[3], p.tau[4])));
    const tau = Math.max(tauParallel, tauWindingX, tauWindingY, tauColumnar);
    const burnIn = options.burnIn ?? Math.ceil(20 * tau);
    const spacing = options.spacing ?? Math.max(1, Math.ceil(2 * tau));

    const configs = new Uint8Array(count * stateBytes);
    const parallel = new Int32Array(count);
    const windings = new Int32Array(2 * count);
    const columnar = new Float64Array(2 * count);
    const shares = chains.map((_, c) => Math.floor(count / chainCount) + (c < count % chainCount ? 1 : 0));
    const firsts = shares.map((_, c) => shares.slice(0, c).reduce((a, b) => a + b, 0));
    core.arena.scoped(() => {
      const configsBuffer = core.arena.alloc(RECORD_CHUNK * stateBytes);
      const observables = core.arena.alloc(RECORD_CHUNK * OBSERVABLES_PER_RECORD * 4);
      chains.forEach((chain, c) => {
        chain.worms(burnIn * wormsPerUpdate);
        for (let stored = 0; stored < shares[c]!;) {
          const chunk = Math.min(RECORD_CHUNK, shares[c]! - stored);
          chain.record(spacing * wormsPerUpdate, chunk, configsBuffer, observables);
          const at = firsts[c]! + stored;
          configs.set(core.arena.u8(configsBuffer, chunk * stateBytes), at * stateBytes);
          const values = core.arena.i32(observables, OBSERVABLES_PER_RECORD * chunk);
          for (let i = 0; i < chunk; i++) {
            const record = OBSERVABLES_PER_RECORD * i;
            parallel[at + i] = values[record]!;
            windings[2 * (at + i)] = values[record + 1]!;
            windings[2 * (at + i) + 1] = values[record + 2]!;
            columnar[2 * (at + i)] = (2 * values[record + 3]!) / nSites;
            columnar[2 * (at + i) + 1] = (2 * values[record + 4]!) / nSites;
          }
          stored += chunk;
        }
      });
    });

    const perChain = (values: ArrayLike<number>) => shares.map((share, c) =>
      Float64Array.from({ length: share }, (_, i) => values[firsts[c]! + i]!));
    const density = meanWithError(perChain(Float64Array.from(parallel, (p) => p / nSites)));
    const windingX = perChain(Float64Array.from({ length: count }, (_, i) => windings[2 * i]!));
    const windingY = perChain(Float64Array.from({ length: count }, (_, i) => windings[2 * i + 1]!));
    const columnarX = perChain(Float64Array.from({ length: count }, (_, i) => columnar[2 * i]!));
    const columnarY = perChain(Float64Array.from({ length: count }, (_, i) => columnar[2 * i + 1]!));
    const squared = meanWithError(perChain(Float64Array.from({ length: count }, (_, i) =>
      (windings[2 * i]! ** 2 + windings[2 * i + 1]! ** 2) / 2)));
    const stats: DimerSampleStats = {
      size, interaction, temperature, coupling, count, seed, chains: chainCount, exitRule,
      wormsPerUpdate, meanWormLength,
      tauParallel, tauWindingX, tauWindingY, tauColumnar,
      burnIn: Math.max(...pilots.map((p) => p.updates)) + burnIn,
      spacing,
      storedTauParallel: density.tau,
      storedTauWindingX: integratedAutocorrelation(windingX).tau,
      storedTauWindingY: integratedAutocorrelation(windingY).tau,
      storedTauColumnar: Math.max(integratedAutocorrelation(columnarX).tau, integratedAutocorrelation(columnarY).tau),
      flippableDensity: summary(density),
      windingSquared: summary(squared),
    };
    return { configs, parallelPlaquettes: parallel, windings, columnar, stats };
  });
}

function summary(estimate: MeanEstimate): DimerEstimate {
  return { mean: estimate.mean, standardError: estimate.standardError };
}

/**
 * Worms, WARM_UP_CHUNK at a time per chain, until each chain has made
 * WARM_UP_SWEEPS L^2 pivot moves; returns the mean worm length over the
 * chunks run after the first half of that, pooled over chains.
 */
function warmUp(chains: DimerChain[], nSites: number): number {
  let lateMoves = 0;
  let lateWorms = 0;
  for (const chain of chains) {
    let moves = 0;
    while (moves < WARM_UP_SWEEPS * nSites) {
      const made = chain.worms(WARM_UP_CHUNK);
      if (moves >= (WARM_UP_SWEEPS / 2) * nSites) {
        lateMoves += made;
        lateWorms += WARM_UP_CHUNK;
      }
      moves += made;
    }
  }
  // A chain whose first half took the whole warm-up contributes no late chunk: measure one.
  if (lateWorms === 0) {
    for (const chain of chains) lateMoves += chain.worms(WARM_UP_CHUNK);
    lateWorms = WARM_UP_CHUNK * chains.length;
  }
  return lateMoves / lateWorms;
}

interface PilotResult {
  /** tau_int of N_par, W_x, W_y, C_x, C_y in updates. */
  tau: [number, number, number, number, number];
  updates: number;
}

/**
 * Records N_par, W_x, W_y, C_x and C_y after every update and estimates their
 * tau_int, doubling the run until it is at least 50 tau long and Sokal's
 * window closed for all five (or PILOT_MAX updates). Only the last run is
 * used; earlier ones double as equilibration.
 */
function measurePilot(core: Core, chain: DimerChain, wormsPerUpdate: number): PilotResult {
  let length = PILOT_START;
  let updates = 0;
  for (;;) {
    const result = core.arena.scoped(() => {
      const observables = core.arena.alloc(length * OBSERVABLES_PER_RECORD * 4);
      chain.record(wormsPerUpdate, length, 0, observables);
      const values = core.arena.i32(observables, OBSERVABLES_PER_RECORD * length);
      return [0, 1, 2, 3, 4].map((k) => integratedAutocorrelation([
        Float64Array.from({ length }, (_, i) => values[OBSERVABLES_PER_RECORD * i + k]!),
      ]));
    });
    updates += length;
    const longEnough = result.every((r) => r.converged) && length >= 50 * Math.max(...result.map((r) => r.tau));
    if (longEnough || length >= PILOT_MAX) return { tau: result.map((r) => r.tau) as PilotResult["tau"], updates };
    length *= 2;
  }
}
