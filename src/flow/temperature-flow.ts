// The RBM flow of temperature (Iso, Shiba & Yokoo 2018, Phys. Rev. E 97,
// 053304): iterate v -> h -> v with one trained RBM from some start and read
// each step's ensemble with the exact thermometer (src/systems/ising/thermometer.ts)
// instead of a trained neural network, which Veiga & Vicente (arXiv:2006.10176)
// showed can report T_c for an RBM that never saw a configuration near it.
//
// The ensemble is cut into blocks of FLOW_BLOCK_ROWS rows; block b draws from
// its own RNG stream and runs the same kernel calls whichever thread runs it,
// so a flow's bytes depend on the seed only, never on the thread count.

import type { Core } from "../wasm.js";
import { allocStream } from "../rng.js";
import { defaultThreads, threadTeam, type KernelCall } from "../threads/pool.js";
import { uploadParameters, type RbmParameters } from "../rbm/rbm-parameters.js";
import { readTemperature, type ThermometerReading } from "../systems/ising/thermometer.js";

/** How the chain moves: sampled 0/1 states at both half-steps (Iso et al.; Veiga & Vicente), or probabilities fed on. */
export const FLOW_MODES = ["samples", "probabilities"] as const;
/** One of FLOW_MODES. */
export type FlowMode = (typeof FLOW_MODES)[number];

/** Rows per RNG block: the unit of work a thread takes. */
export const FLOW_BLOCK_ROWS = 50;

/**
 * RNG of flows: start i draws from seed flowSeed(seed, i), block b from stream FLOW_STREAM + b of it. Seeding
 * stream k costs k jumps (assembly/rng.ts), so each start gets its own seed and its blocks low stream numbers.
 */
const FLOW_STREAM = 16;

/**
 * A 53-bit seed for start `startIndex` of a run seeded `seed` (SplitMix64 finaliser of the pair).
 *
 * @param seed - The run's seed, an integer in [0, 2^53).
 * @param startIndex - Which start (negative indices seed randomStart's streams).
 * @returns An integer in [0, 2^53).
 */
export function flowSeed(seed: number, startIndex: number): number {
  let z = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + BigInt(startIndex + 1));
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return Number(BigInt.asUintN(53, z ^ (z >> 31n)));
}

/** Where one flow starts: `count` L x L configurations as 0/1 bytes (bit 1 = spin +1). */
export interface FlowStart {
  /** "random" (T = infinity), "ordered" (all up, T = 0) or "data T=..." (held-out samples at that temperature). */
  name: string;
  /** Temperature the start was drawn at (Infinity for random, 0 for ordered). */
  temperature: number;
  /** count * L^2 bytes, 0/1. */
  bits: Uint8Array;
  /** Configurations. */
  count: number;
}

/** Settings of runFlow. */
export interface FlowRunOptions {
  /** Lattice side L; the RBM has L^2 visible units. */
  size: number;
  /** v -> h -> v steps after the start (Iso et al. and Veiga & Vicente: 40). */
  steps: number;
  /** Sampled states at both half-steps ("samples", as Iso et al.) or probabilities carried on ("probabilities"). */
  mode: FlowMode;
  /** Integer seed in [0, 2^53); each start's streams derive from it (flowSeed). */
  seed: number;
  /** Threads for the per-step kernels (default defaultThreads()); results are identical for any count. */
  threads?: number;
  /** Called with each reading as it is made (step 0 is the start), e.g. to plot a flow live. */
  onStep?: (step: number, reading: ThermometerReading) => void;
}

/** One start's flow: readings[0] is the start itself, readings[k] the ensemble after k steps. */
export interface FlowTrace {
  /** The start's name (FlowStart.name). */
  start: string;
  /** The start's temperature, units of J / k_B (Infinity for random, 0 for ordered). */
  startTemperature: number;
  /** Configurations in the ensemble. */
  count: number;
  /** steps + 1 thermometer readings, the start first. */
  readings: ThermometerReading[];
}

/**
 * Runs one flow from `start` through the RBM `parameters` (nVisible = size^2) and reads every step with the exact
 * thermometer. In "samples" mode each half-step draws Bernoulli states (rbmHiddenFromBin, rbmBernoulliU8,
 * rbmVisibleFromBinHidden, rbmBernoulliU8). In "probabilities" mode the chain carries probabilities
 * (rbmHiddenFromDenseT, rbmVisibleFromDense), and each step's thermometer reads one Bernoulli draw of the visible
 * probabilities from a separate stream that does not feed back. `startIndex` picks the start's RNG streams.
 * (`docs/methods.md`, Temperature flow.)
 *
 * @param core - The loaded kernels.
 * @param parameters - One trained RBM with size^2 visible units.
 * @param start - The starting ensemble.
 * @param options - Lattice side, steps, mode, seed; threads and a per-step callback optional.
 * @param startIndex - The start's index in the run (picks its RNG streams; give each start its own).
 * @returns The start and one reading per step. The bytes depend on the seed and startIndex, never on threads.
 * @throws RangeError when the RBM, the start or the step count do not fit.
 *
 * @example
 * ```ts
 * const rbm = stack.layers[0]!; // trained on 10 x 10 configurations
 * const trace = runFlow(core, rbm, randomStart(core, 10, 1000, 1, 0), { size: 10, steps: 40, mode: "samples", seed: 1 }, 0);
 * console.log(flowFixedPoint(trace).meanTemperature);
 * ```
 */
export function runFlow(core: Core, parameters: RbmParameters, start: FlowStart, options: FlowRunOptions, startIndex: number): FlowTrace {
  const { size, steps, mode, seed } = options;
  const nVisible = size * size;
  const { nHidden } = parameters;
  if (parameters.nVisible !== nVisible) throw new RangeError(`RBM has ${parameters.nVisible} visible units; a ${size} x ${size} lattice needs ${nVisible}`);
  if (start.bits.length !== start.count * nVisible) throw new RangeError(`start "${start.name}" has ${start.bits.length} bytes, not ${start.count} x ${nVisible}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be an integer >= 0, got ${steps}`);
  const rows = start.count;
  const read = (bits: Uint8Array) => readTemperature({ bits, count: rows, size });
  return core.arena.scoped(() => {
    const arena = core.arena;
    const rbm = uploadParameters(core, parameters);
    const weightsT = arena.alloc(nVisible * nHidden * 4);
    core.kernels.rbmTransposeRows(rbm.weights, nVisible, nHidden, weightsT, 0, nVisible);
    const visibleBits = arena.alloc(rows * nVisible);
    const visibleProb = arena.alloc(rows * nVisible * 4);
    const hiddenProb = arena.alloc(rows * nHidden * 4);
    const hiddenBits = arena.alloc(rows * nHidden);
    arena.u8(visibleBits, rows * nVisible).set(start.bits);
    const blocks = Math.ceil(rows / FLOW_BLOCK_ROWS);
    const startSeed = flowSeed(seed, startIndex);
    const streams = Array.from({ length: blocks }, (_, b) => allocStream(core, startSeed, FLOW_STREAM + b));
    const team = threadTeam(core, options.threads ?? defaultThreads());

    const blockCalls = (b: number, step: number): KernelCall[] => {
      const r0 = b * FLOW_BLOCK_ROWS;
      const n = Math.min(rows, r0 + FLOW_BLOCK_ROWS) - r0;
      const vBits = visibleBits + r0 * nVisible;
      const vProb = visibleProb + r0 * nVisible * 4;
      const hProb = hiddenProb + r0 * nHidden * 4;
      const hBits = hiddenBits + r0 * nHidden;
      const rng = streams[b]!;
      if (mode === "samples") {
        return [
          { kernel: "rbmHiddenFromBin", args: [vBits, n, nVisible, rbm.weights, rbm.hiddenBias, nHidden, hProb] },
          { kernel: "rbmBernoulliU8", args: [hProb, n * nHidden, rng, hBits] },
          { kernel: "rbmVisibleFromBinHidden", args: [hBits, n, nHidden, weightsT, rbm.visibleBias, nVisible, vProb] },
          { kernel: "rbmBernoulliU8", args: [vProb, n * nVisible, rng, vBits] },
        ];
      }
      const up: KernelCall = step === 1
        ? { kernel: "rbmHiddenFromBin", args: [vBits, n, nVisible, rbm.weights, rbm.hiddenBias, nHidden, hProb] }
        : { kernel: "rbmHiddenFromDenseT", args: [vProb, n, nVisible, weightsT, rbm.hiddenBias, nHidden, 0, nHidden, hProb] };
      return [
        up,
        { kernel: "rbmVisibleFromDense", args: [hProb, n, nHidden, rbm.weights, rbm.visibleBias, nVisible, vProb] },
        // The thermometer's draw: written to the bytes, never read back by the chain.
        { kernel: "rbmBernoulliU8", args: [vProb, n * nVisible, rng, vBits] },
      ];
    };

    const readings: ThermometerReading[] = [];
    const record = (step: number) => {
      const reading = read(arena.u8(visibleBits, rows * nVisible));
      readings.push(reading);
      options.onStep?.(step, reading);
    };
    record(0);
    for (let step = 1; step <= steps; step++) {
      // One block per thread per phase: a thread's call list must fit its control slot (src/threads/protocol.ts).
      for (let round = 0; round < blocks; round += team.size) {
        team.run((t) => (round + t < blocks ? blockCalls(round + t, step) : []));
      }
      record(step);
    }
    return { start: start.name, startTemperature: start.temperature, count: rows, readings };
  });
}

/**
 * Fair-coin configurations (T = infinity): rbmBernoulliU8 on probabilities 1/2, seeded flowSeed(seed, -1 - stream).
 *
 * @param core - The loaded kernels.
 * @param size - Lattice side L.
 * @param count - Configurations.
 * @param seed - Integer seed in [0, 2^53).
 * @param stream - Which random start of the run (0, 1, ...).
 * @returns A start named "random" at temperature Infinity.
 */
export function randomStart(core: Core, size: number, count: number, seed: number, stream: number): FlowStart {
  const n = count * size * size;
  const bits = core.arena.scoped(() => {
    const half = core.arena.alloc(n * 4);
    core.arena.f32(half, n).fill(0.5);
    const out = core.arena.alloc(n);
    core.kernels.rbmBernoulliU8(half, n, allocStream(core, flowSeed(seed, -1 - stream), FLOW_STREAM), out);
    return core.arena.u8(out, n).slice();
  });
  return { name: "random", temperature: Infinity, bits, count };
}

/**
 * The all-up state (T = 0), `count` copies.
 *
 * @param size - Lattice side L.
 * @param count - Configurations.
 * @returns A start named "ordered" at temperature 0.
 */
export function orderedStart(size: number, count: number): FlowStart {
  return { name: "ordered", temperature: 0, bits: new Uint8Array(count * size * size).fill(1), count };
}

/** Fixed point of one flow: the mean temperature over its last `window` steps and their standard deviation. */
export interface FlowFixedPoint {
  /** The start's name. */
  start: string;
  /** The start's temperature, units of J / k_B. */
  startTemperature: number;
  /** Temperature after the last step and its thermometer error. */
  finalTemperature: number;
  /** The thermometer's standard error of finalTemperature. */
  finalError: number;
  /** Mean over the last `window` readings (Infinity if any read infinite). */
  meanTemperature: number;
  /** Sample standard deviation of those readings (Infinity if any read infinite). */
  spread: number;
  /** Readings averaged (fewer than asked when the flow is shorter). */
  window: number;
}

/**
 * Iso et al.'s fixed point read off a flow: mean T over the last `window` (default 10) steps +- their spread.
 *
 * @param trace - A flow (runFlow).
 * @param window - Last steps to average (the start itself never counts).
 * @returns Final reading, mean and spread, all in units of J / k_B.
 */
export function flowFixedPoint(trace: FlowTrace, window = 10): FlowFixedPoint {
  const last = trace.readings.slice(1).slice(-window);
  const final = trace.readings[trace.readings.length - 1]!;
  const values = last.map((r) => r.temperature);
  const finite = values.every(Number.isFinite) && values.length > 0;
  const mean = finite ? values.reduce((a, v) => a + v, 0) / values.length : Infinity;
  const spread = finite && values.length > 1
    ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1))
    : finite ? 0 : Infinity;
  return {
    start: trace.start, startTemperature: trace.startTemperature,
    finalTemperature: final.temperature, finalError: final.temperatureError,
    meanTemperature: mean, spread, window: values.length,
  };
}
