// The native dimer peer (bench/peers/dimer-loop.c) is a correct sampler, so
// that the benchmark compares equal work: on the 4 x 4 torus its mean N_par
// is the exact one from enumerating all 272 coverings, at V = 0 a quarter of
// the bonds of each direction are occupied, and at V = -1, T = 1 its mean
// N_par agrees with blockspin's sampleDimers run with the same worms per
// sample.
import { describe, expect, it } from "vitest";
import { meanWithError } from "../../src/systems/ising/autocorrelation.js";
import { parallelPlaquettes, sampleDimers } from "../../src/systems/dimer/index.js";
import { testCore } from "../support/core.js";
import { enumerateCoverings } from "../support/dimer-exact.js";
import { compileDimerPeer, runDimerPeer, type DimerPeerRun } from "../support/dimer-peer.js";

const build = compileDimerPeer();
if ("reason" in build) console.warn(`skipping the dimer peer tests: ${build.reason}`);

/** Column k of the peer's six int32 per sample, as numbers. */
function column(records: Int32Array, k: number): Float64Array {
  return Float64Array.from({ length: records.length / 6 }, (_, i) => records[6 * i + k]!);
}

function peer(run: DimerPeerRun): Int32Array {
  if ("reason" in build) throw new Error(build.reason);
  const result = runDimerPeer(build.binary, run, true);
  expect(result.defects).toBe(0);
  expect(result.samples).toBe(run.samples);
  return result.records!;
}

describe.skipIf("reason" in build)("the native directed-loop peer", () => {
  it("gives the exact mean N_par on the 4 x 4 torus at V = -1, T = 1", () => {
    const coverings = enumerateCoverings(4, 4);
    expect(coverings).toHaveLength(272);
    const counts = parallelPlaquettes(Uint8Array.from(coverings.flatMap((c) => Array.from(c))), 4);
    // weight exp(-(V / T) N_par) = exp(N_par) at V = -1, T = 1
    const weights = Array.from(counts, (n) => Math.exp(n));
    const z = weights.reduce((a, b) => a + b, 0);
    const exact = Array.from(counts).reduce((sum, n, i) => sum + n * weights[i]!, 0) / z;
    const records = peer({ size: 4, interaction: -1, temperature: 1, wormsPerSample: 4, samples: 200_000, burnInWorms: 10_000, seed: 3 });
    const estimate = meanWithError([column(records, 0)]);
    expect(Math.abs(estimate.mean - exact)).toBeLessThan(4 * estimate.standardError);
    expect(estimate.standardError).toBeLessThan(0.01 * exact);
  });

  it("occupies a quarter of the horizontal bonds at V = 0 on the 8 x 8 torus", () => {
    const records = peer({ size: 8, interaction: 0, temperature: 1, wormsPerSample: 8, samples: 50_000, burnInWorms: 10_000, seed: 5 });
    const occupation = meanWithError([column(records, 5).map((h) => h / 64)]);
    expect(Math.abs(occupation.mean - 0.25)).toBeLessThan(4 * occupation.standardError);
    expect(occupation.standardError).toBeLessThan(0.005);
  });

  it("agrees with blockspin's sampler on N_par at V = -1, T = 1 on the 8 x 8 torus, same worms per sample", async () => {
    const ours = sampleDimers(await testCore(), { size: 8, interaction: -1, temperature: 1, count: 20_000, seed: 7 });
    const wormsPerSample = ours.stats.wormsPerUpdate * ours.stats.spacing;
    const records = peer({ size: 8, interaction: -1, temperature: 1, wormsPerSample, samples: 20_000, burnInWorms: 100 * wormsPerSample, seed: 11 });
    const theirs = meanWithError([column(records, 0).map((n) => n / 64)]);
    const mine = ours.stats.flippableDensity;
    const combined = Math.hypot(theirs.standardError, mine.standardError);
    expect(Math.abs(theirs.mean - mine.mean)).toBeLessThan(4 * combined);
    expect(combined).toBeLessThan(0.01 * mine.mean);
  });
});
