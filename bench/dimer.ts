// Dimer sampler benchmark: blockspin's directed-loop worms (assembly/dimer.ts)
// against a native C peer of the same algorithm (bench/peers/dimer-loop.c,
// gcc -O3 at bench time) doing the same work: the same L, V, T, exit rule and
// worms per stored sample (blockspin's wormsPerUpdate x spacing at that
// point), each storing the coverings and computing N_par, the winding numbers
// and the columnar sums per sample. Before timing, both samplers' mean N_par
// are compared (they must agree within errors, or the comparison is not of
// equal work). For context: sampleDimers end to end (pilot and burn-in
// included) and blockspin's Ising Wolff sampler on the same lattice side.

import { CRITICAL_COUPLING, loadCore, sampleIsing, type Core } from "../src/index.js";
import { meanWithError } from "../src/systems/ising/autocorrelation.js";
import { DimerChain, allocExitTable, coveringBytes, sampleDimers } from "../src/systems/dimer/index.js";
import { compileDimerPeer, runDimerPeer, DIMER_PEER_FLAGS } from "../test/support/dimer-peer.js";
import { timeBest, type BenchRow } from "./timing.js";

const SIZE = 32;
const SAMPLES = 2000;
const RECORD_CHUNK = 256;
/** Blockspin's time over the C peer's that the suite aims under. */
const TARGET_RATIO = 1.5;
/** The points timed: the free model and Alet et al.'s V = -1 in the Coulomb phase (T_c = 0.65). */
const POINTS = [{ interaction: 0, temperature: 1 }, { interaction: -1, temperature: 1 }] as const;

/** The peer's compiler line, or why it did not build (for the result file's peers). */
export function dimerPeerVersion(): string {
  const build = compileDimerPeer();
  return "reason" in build ? build.reason : `${build.compiler}, ${DIMER_PEER_FLAGS.join(" ")}`;
}

/** The suite's rows; `size` other than SIZE only to check that the suite runs (its numbers are not the benchmark's). */
export async function benchDimer(size = SIZE): Promise<BenchRow[]> {
  const core = await loadCore();
  const build = compileDimerPeer();
  if ("reason" in build) throw new Error(`the C peer did not build: ${build.reason}`);
  const rows: BenchRow[] = [];
  for (const { interaction, temperature } of POINTS) {
    const label = `L=${size}, V=${interaction}, T=${temperature}`;
    const start = performance.now();
    const sampled = sampleDimers(core, { size, interaction, temperature, count: SAMPLES, seed: 1, chains: 1 });
    const endToEnd = (performance.now() - start) / 1000;
    const wormsPerSample = sampled.stats.wormsPerUpdate * sampled.stats.spacing;
    const burnInWorms = sampled.stats.burnIn * sampled.stats.wormsPerUpdate;
    const run = { size, interaction, temperature, wormsPerSample, samples: SAMPLES, burnInWorms, seed: 1 };

    const check = runDimerPeer(build.binary, run, true);
    const records = check.records!;
    const peerDensity = meanWithError([Float64Array.from({ length: SAMPLES }, (_, i) => records[6 * i]! / (size * size))]);
    const ours = sampled.stats.flippableDensity;
    const z = (peerDensity.mean - ours.mean) / Math.hypot(peerDensity.standardError, ours.standardError);
    const agreement = `N_par/L^2 ${ours.mean.toFixed(4)} +- ${ours.standardError.toFixed(4)} (blockspin) vs ` +
      `${peerDensity.mean.toFixed(4)} +- ${peerDensity.standardError.toFixed(4)} (C), z = ${z.toFixed(1)}; ${check.defects} non-coverings`;
    if (check.defects > 0 || Math.abs(z) > 5) throw new Error(`the C peer does not sample the same distribution at ${label}: ${agreement}`);

    const ourSeconds = timeRecords(core, run);
    let peerSeconds = Infinity;
    for (let r = 0; r < 5; r++) peerSeconds = Math.min(peerSeconds, runDimerPeer(build.binary, run, false).seconds);
    const ratio = ourSeconds / peerSeconds;
    rows.push(
      { name: `dimer samples, blockspin worms, ${label}`, value: SAMPLES / ourSeconds, unit: "/s",
        note: `${wormsPerSample} worms per sample; ${ratio.toFixed(2)}x the C time (target <= ${TARGET_RATIO}x); ${agreement}` },
      { name: `dimer samples, C peer (gcc -O3), ${label}`, value: SAMPLES / peerSeconds, unit: "/s",
        note: `${(check.moves / check.samples).toFixed(0)} pivot moves per sample` },
      { name: `dimer samples, sampleDimers end to end, ${label}`, value: SAMPLES / endToEnd, unit: "/s",
        note: `1 chain, pilot and burn-in included: tau_int N_par ${sampled.stats.tauParallel.toFixed(1)}, ` +
          `M ${sampled.stats.tauColumnar.toFixed(1)}, W ${Math.max(sampled.stats.tauWindingX, sampled.stats.tauWindingY).toFixed(1)} updates; spacing ${sampled.stats.spacing}` },
    );
  }
  const ising = sampleIsing(core, { size, coupling: CRITICAL_COUPLING, count: SAMPLES, seed: 1, algorithm: "wolff", chains: 4, threads: 1 });
  rows.push({
    name: `Ising samples, Wolff, L=${size}, K_c, 4 chains on 1 thread`, value: SAMPLES / ising.stats.wallSeconds, unit: "/s",
    note: `for context: decorrelated samples (spacing ${ising.stats.spacing} clusters), pilot and burn-in included`,
  });
  return rows;
}

/** Best-of-5 seconds for blockspin's chain to record `run.samples` coverings as sampleDimers does, after the same burn-in. */
function timeRecords(core: Core, run: { size: number; interaction: number; temperature: number; wormsPerSample: number; samples: number; burnInWorms: number }): number {
  return core.arena.scoped(() => {
    const table = allocExitTable(core, run.interaction === 0 ? 0 : run.interaction / run.temperature, "minimal-bounce");
    const chain = new DimerChain(core, run.size, table, 1, 0);
    chain.worms(run.burnInWorms);
    const stateBytes = coveringBytes(run.size);
    const buffer = core.arena.alloc(RECORD_CHUNK * stateBytes);
    const observables = core.arena.alloc(RECORD_CHUNK * 5 * 4);
    const configs = new Uint8Array(run.samples * stateBytes);
    return timeBest(() => {
      for (let at = 0; at < run.samples; at += RECORD_CHUNK) {
        const chunk = Math.min(RECORD_CHUNK, run.samples - at);
        chain.record(run.wormsPerSample, chunk, buffer, observables);
        configs.set(core.arena.u8(buffer, chunk * stateBytes), at * stateBytes);
      }
    });
  });
}
