// RSMI (Koch-Janusz & Ringel, Nature Physics 14, 578, 2018; Goekmen, Ringel,
// Huber & Koch-Janusz, PRL 127, 240603 and PRE 104, 064106, 2021): the
// hand-written gradients against central finite differences, the InfoNCE
// bound against the exact mutual information of correlated binary pairs,
// the learned filter on Ising samples (Kadanoff's uniform block spin near
// T_c, little information at high temperature, less across a wider buffer
// above T_c), and the application of a uniform filter against majority rule.

import { afterAll, describe, expect, it } from "vitest";
import { binaryLayerData, CRITICAL_COUPLING, sampleIsing } from "../../src/index.js";
import { encodeDimers, sampleDimers } from "../../src/systems/dimer/index.js";
import { blockIndicatorFields, majorityBlockSpins } from "../../src/systems/ising/majority-rule.js";
import { Adam } from "../../src/rsmi/adam.js";
import { alignedFilter, applyRsmiFilter, rsmiLevels } from "../../src/rsmi/coarse.js";
import { checkRsmiRun, runRsmiLevels } from "../../src/rsmi/rsmi-run.js";
import { checkRsmiFilters, rsmiCoarseLevels, rsmiEffectiveFields, type RsmiLevelFilter } from "../../src/rg/rsmi-coarse-levels.js";
import { majorityCoarseLevels } from "../../src/rg/coarse-variables.js";
import { rgAnalysis } from "../../src/rg/rg-analysis.js";
import { createMlp, mlpBackward, mlpForward, separableScores, separableScoresBackward, type Mlp } from "../../src/rsmi/critic.js";
import { rsmiBatchObjective, type RsmiModel } from "../../src/rsmi/filter.js";
import { infoNceBound } from "../../src/rsmi/infonce.js";
import { RsmiKernelObjective } from "../../src/rsmi/kernel-objective.js";
import { SeededRandom } from "../../src/rsmi/random.js";
import { annealedTemperature, relaxedBernoulli, relaxedBernoulliBackward } from "../../src/rsmi/relaxed-bernoulli.js";
import { cutPairs, regionOffsets, type LatticeSamples, type PairBatch } from "../../src/rsmi/regions.js";
import { trainRsmiFilter, type RsmiOptions, type RsmiResult } from "../../src/rsmi/train.js";
import { testCore } from "../support/core.js";
import { principalCosines } from "../support/principal-cosines.js";

const log: string[] = [];
afterAll(() => console.log(log.join("\n")));

/** Central difference of f at x[i] with step h. */
function centralDifference(f: () => number, x: Float64Array, i: number, h = 1e-6): number {
  const saved = x[i]!;
  x[i] = saved + h;
  const up = f();
  x[i] = saved - h;
  const down = f();
  x[i] = saved;
  return (up - down) / (2 * h);
}

/** Every entry of `analytic` against central differences of f in x, to a relative tolerance. */
function expectGradient(f: () => number, x: Float64Array, analytic: Float64Array, tolerance = 1e-6): void {
  expect(analytic.length).toBe(x.length);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const numeric = centralDifference(f, x, i);
    const error = Math.abs(numeric - analytic[i]!) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic[i]!));
    worst = Math.max(worst, error);
  }
  expect(worst).toBeLessThan(tolerance);
}

function randomArray(n: number, random: SeededRandom, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * random.normal());
}

function randomSpins(n: number, random: SeededRandom): Float64Array {
  return Float64Array.from({ length: n }, () => (random.uniform() < 0.5 ? -1 : 1));
}

describe("exact gradients", () => {
  it("MLP critic: parameters and input against central differences", () => {
    const random = new SeededRandom(11);
    const mlp = createMlp([5, 7, 6, 3], random);
    for (let i = 0; i < mlp.parameters.length; i++) mlp.parameters[i]! += 0.1 * random.normal(); // nonzero biases too
    const K = 4;
    const input = randomArray(K * 5, random);
    const weights = randomArray(K * 3, random);
    const objective = (): number => {
      const out = mlpForward(mlp, input, K).activations.at(-1)!;
      return out.reduce((s, v, i) => s + v * weights[i]!, 0);
    };
    const back = mlpBackward(mlp, mlpForward(mlp, input, K), weights, true);
    expectGradient(objective, mlp.parameters, back.parameters);
    expectGradient(objective, input, back.input!);
  });

  it("InfoNCE: the bound's gradient in the score matrix, and the bound's range [ln K - ..., ln K]", () => {
    const random = new SeededRandom(12);
    const K = 6;
    const scores = randomArray(K * K, random, 2);
    const { gradient } = infoNceBound(scores, K);
    expectGradient(() => infoNceBound(scores, K).bound, scores, gradient);
    // A diagonal that dominates every row gives the ceiling ln K; equal scores give 0.
    const diagonal = Float64Array.from({ length: K * K }, (_, i) => (i % (K + 1) === 0 ? 60 : 0));
    expect(infoNceBound(diagonal, K).bound).toBeCloseTo(Math.log(K), 10);
    expect(infoNceBound(new Float64Array(K * K).fill(3), K).bound).toBeCloseTo(0, 12);
  });

  it("relaxed Bernoulli: the sample's gradient in its logit at fixed noise; the anneal schedule", () => {
    const random = new SeededRandom(13);
    const n = 9;
    const logits = randomArray(n, random);
    const noise = Float64Array.from({ length: n }, () => random.logistic());
    const weights = randomArray(n, random);
    const tau = 0.4;
    const objective = (): number => relaxedBernoulli(logits, noise, tau).reduce((s, h, i) => s + h * weights[i]!, 0);
    const analytic = relaxedBernoulliBackward(relaxedBernoulli(logits, noise, tau), weights, tau);
    expectGradient(objective, logits, analytic);
    expect(annealedTemperature(0, 0.75, 0.1, 5e-4)).toBe(0.75);
    expect(annealedTemperature(1000, 0.75, 0.1, 5e-4)).toBeCloseTo(0.75 * Math.exp(-0.5), 12);
    expect(annealedTemperature(10_000, 0.75, 0.1, 5e-4)).toBe(0.1);
  });

  it("the whole objective: InfoNCE of the separable critic in Lambda and both critics, fixed noise", () => {
    const random = new SeededRandom(14);
    const K = 7, hidden = 2, nSites = 4, nEnv = 10;
    const batch: PairBatch = { block: randomSpins(K * nSites, random), environment: randomSpins(K * nEnv, random), size: K };
    const perturb = (mlp: Mlp): Mlp => {
      for (let i = 0; i < mlp.parameters.length; i++) mlp.parameters[i]! += 0.1 * random.normal();
      return mlp;
    };
    const model: RsmiModel = {
      filter: randomArray(hidden * nSites, random, 0.5), hidden, blockSites: nSites,
      environmentCritic: perturb(createMlp([nEnv, 6, 5, 3], random)),
      coarseCritic: perturb(createMlp([hidden, 6, 5, 3], random)),
    };
    const noise = Float64Array.from({ length: K * hidden }, () => random.logistic());
    const tau = 0.6;
    const bound = (): number => rsmiBatchObjective(model, batch, noise, tau).bound;
    const result = rsmiBatchObjective(model, batch, noise, tau);
    expectGradient(bound, model.filter, result.filterGradient);
    expectGradient(bound, model.environmentCritic.parameters, result.environmentGradient);
    expectGradient(bound, model.coarseCritic.parameters, result.coarseGradient);
  });

  it("the objective on the kernels gives rsmiBatchObjective's bound and gradients to rounding", async () => {
    const core = await testCore();
    const random = new SeededRandom(18);
    // Awkward widths: odd batch, embedding and layer widths not multiples of the kernels' 8-column chunks.
    const K = 13, hidden = 3, nSites = 9, nEnv = 21;
    const model: RsmiModel = {
      filter: randomArray(hidden * nSites, random, 0.5), hidden, blockSites: nSites,
      environmentCritic: createMlp([nEnv, 19, 11, 5], random), coarseCritic: createMlp([hidden, 17, 5], random),
    };
    for (const mlp of [model.environmentCritic, model.coarseCritic]) for (let i = 0; i < mlp.parameters.length; i++) mlp.parameters[i]! += 0.1 * random.normal();
    const batch: PairBatch = { block: randomSpins(K * nSites, random), environment: randomSpins(K * nEnv, random), size: K };
    const noise = Float64Array.from({ length: K * hidden }, () => random.logistic());
    const reference = rsmiBatchObjective(model, batch, noise, 0.45);
    core.arena.scoped(() => {
      const objective = new RsmiKernelObjective(core, model, K);
      objective.views.batch.block.set(batch.block);
      objective.views.batch.environment.set(batch.environment);
      objective.views.noise.set(noise);
      // The products sum in the reference's order; only InfoNCE's exponentials differ (by an ulp or two).
      expect(Math.abs(objective.step(0.45) - reference.bound)).toBeLessThan(1e-13);
      const close = (a: Float64Array, b: Float64Array): number => {
        const scale = Math.max(...Array.from(b, Math.abs));
        return Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!))) / scale;
      };
      expect(objective.views.filterGradient.length).toBe(reference.filterGradient.length);
      expect(close(objective.views.filterGradient, reference.filterGradient)).toBeLessThan(1e-12);
      expect(close(objective.views.environmentGradient, reference.environmentGradient)).toBeLessThan(1e-12);
      expect(close(objective.views.coarseGradient, reference.coarseGradient)).toBeLessThan(1e-12);
    });
  });

  it("Adam's first step moves every parameter by the learning rate against its gradient's sign", () => {
    const adam = new Adam(3, { learningRate: 0.01 });
    const x = Float64Array.from([1, 2, 3]);
    adam.step(x, Float64Array.from([0.5, -2, 1e-3]));
    expect(x[0]! - 1).toBeCloseTo(-0.01, 9);
    expect(x[1]! - 2).toBeCloseTo(0.01, 9);
    expect(x[2]! - 3).toBeCloseTo(-0.01, 6); // |g| = 1e-3 against epsilon 1e-8
  });
});

describe("the InfoNCE estimate", () => {
  it("equals the mutual information of correlated binary pairs (MI << ln K) with the optimal critic", () => {
    // x = +-1 fair, y = x with probability p: I = ln 2 + p ln p + (1 - p) ln(1 - p).
    // The optimal critic is log p(y | x) / p(y); its InfoNCE falls short of I
    // by about chi^2 / 2K (chi^2 = (1 - 2p)^2 here, 0.0008 nats at K = 400).
    const p = 0.8, K = 400, batches = 100;
    const exact = Math.log(2) + p * Math.log(p) + (1 - p) * Math.log(1 - p);
    const random = new SeededRandom(15);
    const estimates: number[] = [];
    const x = new Int8Array(K), y = new Int8Array(K);
    const scores = new Float64Array(K * K);
    const same = Math.log(2 * p), differ = Math.log(2 * (1 - p));
    for (let b = 0; b < batches; b++) {
      for (let i = 0; i < K; i++) {
        x[i] = random.uniform() < 0.5 ? -1 : 1;
        y[i] = random.uniform() < p ? x[i]! : -x[i]!;
      }
      for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) scores[i * K + j] = x[i] === y[j] ? same : differ;
      estimates.push(infoNceBound(scores, K).bound);
    }
    const mean = estimates.reduce((s, v) => s + v, 0) / batches;
    const error = Math.sqrt(estimates.reduce((s, v) => s + (v - mean) ** 2, 0) / (batches - 1) / batches);
    log.push(`InfoNCE, optimal critic, p = ${p}, K = ${K}: ${mean.toFixed(4)} +- ${error.toFixed(4)} nats, exact ${exact.toFixed(4)}`);
    expect(Math.abs(mean - (exact - (1 - 2 * p) ** 2 / (2 * K)))).toBeLessThan(4 * error);
  });
  it("a trained separable critic recovers the mutual information of correlated Gaussians", () => {
    // x, y standard normal with correlation rho: I = -ln(1 - rho^2) / 2. Two
    // critics [1, 32, 32, 8] trained with Adam on InfoNCE, then evaluated frozen on fresh batches.
    const rho = 0.6, K = 200, steps = 400, evaluations = 40;
    const exact = -0.5 * Math.log(1 - rho * rho);
    const random = new SeededRandom(17);
    const g = createMlp([1, 32, 32, 8], random), u = createMlp([1, 32, 32, 8], random);
    const adamG = new Adam(g.parameters.length), adamU = new Adam(u.parameters.length);
    const x = new Float64Array(K), y = new Float64Array(K);
    const batch = (train: boolean): number => {
      for (let i = 0; i < K; i++) {
        x[i] = random.normal();
        y[i] = rho * x[i]! + Math.sqrt(1 - rho * rho) * random.normal();
      }
      const gTrace = mlpForward(g, x, K), uTrace = mlpForward(u, y, K);
      const G = gTrace.activations.at(-1)!, U = uTrace.activations.at(-1)!;
      const { bound, gradient } = infoNceBound(separableScores(G, U, K, 8), K);
      const back = separableScoresBackward(G, U, gradient, K, 8);
      const dG = mlpBackward(g, gTrace, back.environment).parameters;
      const dU = mlpBackward(u, uTrace, back.coarse).parameters;
      if (train) {
        adamG.step(g.parameters, dG.map((v) => -v));
        adamU.step(u.parameters, dU.map((v) => -v));
      }
      return bound;
    };
    for (let step = 0; step < steps; step++) batch(true);
    const estimates = Array.from({ length: evaluations }, () => batch(false));
    const mean = estimates.reduce((s, v) => s + v, 0) / evaluations;
    const error = Math.sqrt(estimates.reduce((s, v) => s + (v - mean) ** 2, 0) / (evaluations - 1) / evaluations);
    log.push(`InfoNCE, trained critic, Gaussians rho = ${rho}, K = ${K}: ${mean.toFixed(4)} +- ${error.toFixed(4)} nats, exact ${exact.toFixed(4)}`);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * error + 0.02);
  });
});

describe("regions and cuts", () => {
  it("the environment is the square shell at Chebyshev distance w + 1 .. w + e", () => {
    const offsets = regionOffsets({ block: 2, buffer: 2, environment: 4 });
    expect(offsets.window).toBe(14);
    expect(offsets.blockDy.length).toBe(4);
    expect(offsets.environmentDy.length).toBe(14 * 14 - 6 * 6);
    expect(regionOffsets({ block: 2, buffer: 0, environment: 1 }).environmentDy.length).toBe(16 - 4);
    for (let i = 0; i < offsets.environmentDy.length; i++) {
      const dy = offsets.environmentDy[i]!, dx = offsets.environmentDx[i]!;
      expect(dy < -2 || dy > 3 || dx < -2 || dx > 3).toBe(true);
    }
  });

  it("cuts at positions aligned to the cell: with alignment 2 a 2 x 2-periodic pattern always gives the same block", () => {
    const L = 8;
    const values = Int8Array.from({ length: 3 * L * L }, (_, s) => (s % L) % 2 + 2 * (Math.floor(s / L) % 2));
    const samples: LatticeSamples = { values, count: 3, height: L, width: L };
    const offsets = regionOffsets({ block: 2, buffer: 1, environment: 1 });
    const aligned = cutPairs(samples, offsets, 50, 2, new SeededRandom(16));
    for (let i = 0; i < 50; i++) expect(Array.from(aligned.block.subarray(4 * i, 4 * i + 4))).toEqual([0, 1, 2, 3]);
    const free = cutPairs(samples, offsets, 50, 1, new SeededRandom(16));
    expect(new Set(Array.from({ length: 50 }, (_, i) => free.block[4 * i])).size).toBe(4);
  });
});

async function isingSamples(coupling: number, L: number, count: number, seed: number): Promise<LatticeSamples> {
  const core = await testCore();
  const { configs } = sampleIsing(core, { size: L, coupling, count, seed });
  return { values: configs, count, height: L, width: L };
}

function describeRun(label: string, run: RsmiResult): string {
  return `${label}: filter [${Array.from(run.filter).map((w) => w.toFixed(3)).join(", ")}], bound ${run.bound.toFixed(3)} +- ${run.boundError.toFixed(3)} nats (ln 2 = 0.693)`;
}

/** Settings the physics tests share: RSMI-NE's, with a thinner environment, a smaller batch and fewer steps to keep the tests short. */
const FAST: RsmiOptions = { block: 2, buffer: 2, environment: 2, batchSize: 100, steps: 1200 };

describe("RSMI on the 2D Ising model", () => {
  let critical: RsmiResult | undefined;

  it("at K_c, a 2 x 2 block and one coarse variable: a uniform filter (Kadanoff's block spin) carrying clear information", async () => {
    const samples = await isingSamples(CRITICAL_COUPLING, 16, 2000, 21);
    critical = trainRsmiFilter(await testCore(), samples, FAST, 22);
    log.push(describeRun("K_c, L 16, w 2, e 2", critical));
    const weights = Array.from(critical.filter);
    const sign = Math.sign(weights[0]!);
    const meanMagnitude = weights.reduce((s, w) => s + Math.abs(w), 0) / 4;
    for (const w of weights) {
      expect(Math.sign(w)).toBe(sign);
      expect(Math.abs(Math.abs(w) - meanMagnitude)).toBeLessThan(0.15 * meanMagnitude);
    }
    expect(critical.bound).toBeGreaterThan(0.25);
    expect(critical.bound).toBeLessThan(Math.log(2));
    expect(critical.ceiling).toBeCloseTo(Math.log(100), 12);
  });

  it("below T_c (K = 0.5, T = 2.0): a uniform filter and a bound near ln 2, above the critical one", async () => {
    const samples = await isingSamples(0.5, 16, 2000, 41);
    const cold = trainRsmiFilter(await testCore(), samples, FAST, 42);
    log.push(describeRun("K 0.5, L 16, w 2, e 2", cold));
    const weights = Array.from(cold.filter);
    const meanMagnitude = weights.reduce((s, w) => s + Math.abs(w), 0) / 4;
    for (const w of weights) {
      expect(Math.sign(w)).toBe(Math.sign(weights[0]!));
      expect(Math.abs(Math.abs(w) - meanMagnitude)).toBeLessThan(0.15 * meanMagnitude);
    }
    // The coarse spin of an ordered sample is the sign of its magnetization, which the environment knows:
    // I(H : E) tends to H(H) = ln 2 (0.59 nats at T = 2.0 measured with RSMI-NE's settings).
    expect(cold.bound).toBeGreaterThan(0.75 * Math.log(2));
    expect(cold.bound).toBeLessThan(Math.log(2));
    expect(cold.bound - (critical?.bound ?? Infinity)).toBeGreaterThan(3 * Math.hypot(cold.boundError, critical?.boundError ?? 0));
  });

  it("at high temperature (K = 0.3) the bound is much smaller", async () => {
    const samples = await isingSamples(0.3, 16, 2000, 23);
    const hot = trainRsmiFilter(await testCore(), samples, { ...FAST, steps: 600 }, 24);
    log.push(describeRun("K 0.3, L 16, w 2, e 2", hot));
    expect(hot.bound).toBeLessThan(0.05);
    expect(hot.bound).toBeLessThan((critical?.bound ?? 0.25) / 4);
  });

  it("above T_c (K = 0.408) the bound falls as the buffer widens (w = 0, 2, 4)", async () => {
    const samples = await isingSamples(0.408, 16, 2000, 25);
    const core = await testCore();
    const bounds = [0, 2, 4].map((buffer) => {
      const run = trainRsmiFilter(core, samples, { ...FAST, buffer, steps: 800 }, 26);
      log.push(describeRun(`K 0.408, L 16, w ${buffer}, e 2`, run));
      return run;
    });
    for (let i = 1; i < bounds.length; i++) {
      const [wider, narrower] = [bounds[i]!, bounds[i - 1]!];
      expect(narrower.bound - wider.bound).toBeGreaterThan(3 * Math.hypot(narrower.boundError, wider.boundError));
    }
  });

  it("training is reproducible: the same seed gives the same filter and bounds", async () => {
    const samples = await isingSamples(CRITICAL_COUPLING, 8, 200, 27);
    const options: RsmiOptions = { block: 2, buffer: 1, environment: 1, batchSize: 20, steps: 30 };
    const core = await testCore();
    const a = trainRsmiFilter(core, samples, options, 28), b = trainRsmiFilter(core, samples, options, 28);
    expect(Array.from(a.filter)).toEqual(Array.from(b.filter));
    expect(Array.from(a.boundPerStep)).toEqual(Array.from(b.boundPerStep));
    expect(Array.from(trainRsmiFilter(core, samples, options, 29).filter)).not.toEqual(Array.from(a.filter));
  });
});

describe("applying a filter", () => {
  it("a uniform positive filter is majority rule, ties broken by the same seeded coin", async () => {
    const L = 16, count = 200;
    const samples = await isingSamples(CRITICAL_COUPLING, L, count, 31);
    const majority = majorityBlockSpins(samples.values, count, L, 32, 1);
    for (const weight of [1, 0.37]) {
      const coarse = applyRsmiFilter(samples, new Float64Array(4).fill(weight), 1, 2, 32, 1);
      expect([coarse.count, coarse.height, coarse.width]).toEqual([count, L / 2, L / 2]);
      expect(Buffer.from(coarse.values.buffer).equals(Buffer.from(majority.buffer))).toBe(true);
    }
    // There were ties, and the coin is not constant: another seed changes some of them.
    const other = majorityBlockSpins(samples.values, count, L, 33, 1);
    expect(other.some((v, i) => v !== majority[i])).toBe(true);
  });

  it("two coarse variables per block sit side by side, each the sign of its filter row", () => {
    // One 2 x 4 sample: blocks [[1, 1], [1, -1]] and [[-1, -1], [1, -1]].
    const values = Int8Array.from([1, 1, -1, -1, 1, -1, 1, -1]);
    const filter = Float64Array.from([1, 1, 1, 1, 1, -1, 1, -1]); // row 0: the block sum; row 1: left minus right column
    const coarse = applyRsmiFilter({ values, count: 1, height: 2, width: 4 }, filter, 2, 2, 1, 1);
    expect([coarse.count, coarse.height, coarse.width, coarse.channels]).toEqual([1, 1, 2, 2]);
    expect(Array.from(coarse.values)).toEqual([1, 1, -1, 1]);
  });

  it("rsmiLevels: each level learns a filter on the level below and halves the lattice", async () => {
    const samples = await isingSamples(CRITICAL_COUPLING, 16, 300, 34);
    const options: RsmiOptions[] = [
      { block: 2, buffer: 1, environment: 2, batchSize: 40, steps: 60 },
      { block: 2, buffer: 1, environment: 1, batchSize: 40, steps: 60 },
    ];
    const core = await testCore();
    const { levels, runs } = rsmiLevels(core, samples, 2, options, 35);
    expect(levels.map((l) => [l.count, l.height, l.width])).toEqual([[300, 16, 16], [300, 8, 8], [300, 4, 4]]);
    expect(runs.length).toBe(2);
    for (let l = 1; l <= 2; l++) {
      expect(Array.from(levels[l]!.values).every((v) => v === 1 || v === -1)).toBe(true);
      const again = applyRsmiFilter(levels[l - 1]!, runs[l - 1]!.filter, 1, 2, 35, l);
      expect(Array.from(again.values)).toEqual(Array.from(levels[l]!.values));
    }
    expect(() => rsmiLevels(core, samples, 1, { hidden: 2, environment: 1, buffer: 1 }, 1)).toThrow(RangeError);
  });
});

describe("RSMI levels for the RG measures", () => {
  it("uniform filters give majority rule's levels, fields and RG table; a flipped filter is aligned back", async () => {
    const core = await testCore();
    const L = 16, count = 300;
    const samples = await isingSamples(CRITICAL_COUPLING, L, count, 36);
    const data = binaryLayerData(samples.values, [count, L, L]);
    const uniform = (w: number): RsmiLevelFilter => ({ filter: new Float64Array(4).fill(w), block: 2 });
    // Negative filters (an arbitrary overall sign) and differing magnitudes per level.
    const filters = [uniform(-0.8), uniform(1.7), uniform(-0.3)];
    const majority = majorityCoarseLevels(data, L, 3, 37);
    const levels = rsmiCoarseLevels(data, L, filters, 37);
    levels.forEach((level, l) => {
      expect(Buffer.from(level.spins.buffer).equals(Buffer.from(majority[l]!.spins.buffer))).toBe(true);
      expect(Array.from(level.x)).toEqual(Array.from(majority[l]!.x));
      expect(Array.from(level.y)).toEqual(Array.from(majority[l]!.y));
      for (let u = 0; u < level.nUnits; u++) expect(level.spread[u]).toBeCloseTo(majority[l]!.spread[u]!, 12);
    });
    // Effective fields: the block indicators times the product of the aligned weights.
    const fields = rsmiEffectiveFields(L, filters);
    const indicators = blockIndicatorFields(L, 3);
    const product = 0.8 * 1.7 * 0.3;
    for (let i = 0; i < fields.length; i++) expect(fields[i]).toBeCloseTo(indicators[i]! * product, 6);
    const rsmi = rgAnalysis(core, data, L, { rsmi: filters, seed: 37 });
    const reference = rgAnalysis(core, data, L, { levels: 3, seed: 37 });
    expect(rsmi.method).toBe("rsmi");
    rsmi.levels.forEach((level, l) => {
      const ref = reference.levels[l]!;
      expect([level.xi2, level.binder, level.tilingError]).toEqual([ref.xi2, ref.binder, ref.tilingError]);
      if (l > 0) expect(level.nu).toBe(ref.nu);
    });
    expect(() => checkRsmiFilters(L, [uniform(1), { filter: new Float64Array(9), block: 3 }])).toThrow(/level 2: block side 3/);
  });

  it("effective fields of a non-uniform filter compose down the blocks, weight by weight", () => {
    // Level 1: weights [1, 2, 3, 4] over (0,0) (0,1) (1,0) (1,1); level 2: [0.5, -1, 2, 1] (largest |w| 2 at index 2: kept).
    const filters: RsmiLevelFilter[] = [{ filter: Float64Array.from([1, 2, 3, 4]), block: 2 }, { filter: Float64Array.from([0.5, -1, 2, 1]), block: 2 }];
    const fields = rsmiEffectiveFields(4, filters); // 16 sites, 1 unit
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) {
        const inner = filters[0]!.filter[(y % 2) * 2 + (x % 2)]!;
        const outer = filters[1]!.filter[Math.floor(y / 2) * 2 + Math.floor(x / 2)]!;
        expect(fields[y * 4 + x]).toBeCloseTo(inner * outer, 6);
      }
    }
    expect(Array.from(alignedFilter(Float64Array.from([0.5, -3, 2, 1])))).toEqual([-0.5, 3, -2, -1]);
  });

  it("runRsmiLevels: epochs of 100 steps, thinner environments on coarse lattices, aligned filters", async () => {
    const core = await testCore();
    const samples = await isingSamples(CRITICAL_COUPLING, 16, 300, 38);
    const settings = { block: 2, buffer: 1, environment: 3, hidden: 1, levels: 2, epochs: 2, batchSize: 30 };
    const levels = runRsmiLevels(core, samples, settings, 39);
    expect(levels.map((l) => [l.side, l.environment, l.epochs.length])).toEqual([[16, 3, 2], [8, 2, 2]]);
    const direct = trainRsmiFilter(core, samples, { block: 2, buffer: 1, environment: 3, batchSize: 30, steps: 200 }, 39);
    expect(levels[0]!.filters[0]).toEqual(Array.from(alignedFilter(direct.filter)));
    expect(levels[0]!.bound).toBe(direct.bound);
    const firstEpoch = direct.boundPerStep.subarray(0, 100).reduce((a, b) => a + b, 0) / 100;
    expect(levels[0]!.epochs[0]!.bound).toBeCloseTo(firstEpoch, 12);
    expect(() => checkRsmiRun(16, { ...settings, levels: 3 })).toThrow(/level 3: a 4 x 4 lattice/);
    expect(() => checkRsmiRun(16, { ...settings, hidden: 2 })).toThrow(/hidden 1/);
  });
});

describe("RSMI on free dimers (Koch-Janusz & Ringel's encoding)", () => {
  it("kjr with coin decoys as +-1, 4 x 4-site block, two coarse variables, cuts aligned to the cell: no weight on decoys, both field directions", async () => {
    const core = await testCore();
    const L = 16, count = 2000, side = 2 * L;
    const { configs } = sampleDimers(core, { size: L, interaction: 0, temperature: 1, count, seed: 3 });
    const image = encodeDimers(configs, L, "kjr", 4);
    // Bits as +-1: the filter has no bias, and with 0/1 inputs the second direction does not emerge (docs/methods.md, "RSMI").
    const samples: LatticeSamples = { values: Int8Array.from(image, (v) => 2 * v - 1), count, height: side, width: side };
    // An 8 x 8 image block = 4 x 4 sites (RSMI-NE's dimer example); on a 2 x 2-site block the signs of the field
    // tie too often and the bound prefers other filters. Cuts at even image positions: the block never straddles a cell.
    const B = 8, nb = B * B;
    const run = trainRsmiFilter(core, samples, { block: B, buffer: 4, environment: 4, hidden: 2, alignment: 2, batchSize: 200, steps: 12000 }, 7);
    // Cell (y, x) of the block: vertex spin at (2y, 2x), bonds at (2y, 2x + 1) and (2y + 1, 2x), face spin at (2y + 1, 2x + 1).
    const decoy = (i: number) => Math.floor(i / B) % 2 === (i % B) % 2;
    const filter = Array.from(run.filter);
    const squared = (keep: (i: number) => boolean) => filter.reduce((s, w, i) => s + (keep(i % nb) ? w * w : 0), 0);
    const decoyShare = squared(decoy) / squared(() => true);
    // The block's staggered field patterns (blockElectricField): (-1)^(x + y) on horizontal and on vertical bonds.
    const ex = new Array<number>(nb).fill(0), ey = new Array<number>(nb).fill(0);
    for (let y = 0; y < B / 2; y++) for (let x = 0; x < B / 2; x++) {
      ex[2 * y * B + 2 * x + 1] = (x + y) % 2 === 0 ? 1 : -1;
      ey[(2 * y + 1) * B + 2 * x] = (x + y) % 2 === 0 ? 1 : -1;
    }
    const bondPart = (row: number) => filter.slice(nb * row, nb * row + nb).map((w, i) => (decoy(i) ? 0 : w));
    const cosines = principalCosines(bondPart(0), bondPart(1), ex, ey);
    log.push(`free dimers, kjr +-1, 4 x 4 sites, k = 2: decoy share ${decoyShare.toFixed(4)}, principal cosines with span(E_x, E_y) ` +
      `${cosines.map((c) => c.toFixed(3)).join(" / ")}, bound ${run.bound.toFixed(3)} nats`);
    expect(decoyShare).toBeLessThan(0.05);
    expect(cosines[0]).toBeGreaterThan(0.9);
    expect(cosines[1]).toBeGreaterThan(0.9);
  });
});
