// Per-layer quality numbers, on any data, in fixed-size chunks so memory
// stays small:
// - free energy F(v) = -v.b - sum_j softplus(c_j + (vW)_j), mean per sample;
// - pseudo-likelihood exactly as scikit-learn's BernoulliRBM.score_samples:
//   one uniformly chosen visible unit flipped per sample,
//   PL = -nVisible * softplus(-(F(v') - F(v)));
// - reconstruction error: mean squared difference per visible unit between
//   v and its deterministic one-step reconstruction sigmoid(b + sigmoid(c + vW) W^T).

import type { Core } from "../wasm.js";
import type { LayerData } from "./layer-data.js";
import { uploadParameters, type RbmParameters, type WasmRbm } from "./rbm-parameters.js";
import { allocStream } from "../rng.js";
import { bytesPerRow, hiddenProbabilitiesCall, uploadRows, visibleProbabilitiesCall } from "./propagate.js";
import { splitRange, threadTeam, type KernelCall, type Team } from "../threads/pool.js";

/**
 * Per-row means over `nSamples` rows. With visible bias b, hidden bias c and weights W:
 * free energy F(v) = -v.b - sum_j softplus(c_j + (vW)_j); pseudo-likelihood as scikit-learn's
 * BernoulliRBM.score_samples, PL = -nVisible softplus(-(F(v') - F(v))) with one uniformly chosen visible unit
 * flipped in v'; reconstruction error the mean squared difference per visible unit between v and
 * sigmoid(b + sigmoid(c + vW) W^T). All are dimensionless (natural logarithms).
 */
export interface LayerScores {
  /** Rows scored. */
  nSamples: number;
  /** Mean free energy F(v). */
  freeEnergy: number;
  /** Mean log pseudo-likelihood (<= 0; closer to 0 is better), as scikit-learn's score_samples. */
  pseudoLikelihood: number;
  /** Mean squared error per visible unit of the one-step mean-field reconstruction. */
  reconstructionError: number;
}

/** Per-thread scratch of the free-energy and pseudo-likelihood kernels: 2 nHidden floats. */
const SCRATCH_FLOATS_PER_HIDDEN = 2;

/** Rows scored per chunk: the scoring buffers hold this many rows whatever the data size. */
export const SCORE_CHUNK_ROWS = 256;

type ScoringBuffer =
  | "visible" | "flipped" | "hidden" | "reconstruction" | "flipIndex" | "energies" | "flippedEnergies" | "pseudoLikelihoods" | "scratch";

/**
 * Bytes of each kernel-memory buffer scoring allocates, in allocation order
 * (0: not needed for this kind of data); the memory estimate adds these up.
 */
export function scoringBufferBytes(
  kind: LayerData["kind"], nVisible: number, nHidden: number, threads: number, withReconstruction: boolean,
): Record<ScoringBuffer, number> {
  const rows = SCORE_CHUNK_ROWS;
  return {
    visible: rows * bytesPerRow(kind, nVisible),
    // Dense rows are flipped in a copy; 0/1 rows are flipped inside the kernel.
    flipped: kind === "binary" ? 0 : rows * nVisible * 4,
    // Binary rows: the hidden pre-activations, computed once for all three scores (then the reconstruction's sigmoid).
    hidden: withReconstruction || kind === "binary" ? rows * nHidden * 4 : 0,
    reconstruction: withReconstruction ? rows * nVisible * 4 : 0,
    flipIndex: rows * 4,
    energies: rows * 8,
    flippedEnergies: rows * 8,
    pseudoLikelihoods: rows * 8,
    // Only the dense kernels take per-row scratch; binary rows use the shared pre-activations.
    scratch: kind === "binary" ? 0 : threads * SCRATCH_FLOATS_PER_HIDDEN * nHidden * 4,
  };
}

/**
 * Flip indices are drawn from the stream at `rngPtr` (uniform u32 -> floor(u * n / 2^32)).
 * With a team, each chunk's rows are split across its threads; every row is
 * scored on its own and the sums run on the calling thread in row order, so
 * the numbers do not depend on the thread count.
 *
 * @param core - The loaded kernels.
 * @param rbm - The layer in kernel memory.
 * @param data - Rows of its visible units.
 * @param rngPtr - RNG stream for the flipped units (advanced).
 * @param team - Threads to split each chunk's rows over (default: the calling thread).
 * @returns The three means over all rows.
 */
export function scoreLayer(core: Core, rbm: WasmRbm, data: LayerData, rngPtr: number, team: Team = threadTeam(core, 1)): LayerScores {
  return scoreChunks(core, rbm, data, rngPtr, team, true);
}

/**
 * How well one layer models `data` (rows of the layer's visible units): mean
 * free energy, mean pseudo-likelihood (one visible unit flipped per row, drawn
 * from stream 0 of `seed`, as scikit-learn's score_samples does) and the mean
 * squared error per visible unit of the one-step mean-field reconstruction.
 * `threads` changes speed only, never the numbers.
 *
 * @param core - The loaded kernels.
 * @param parameters - The layer.
 * @param data - Rows of its visible units (nVisible must match).
 * @param options - Seed of the pseudo-likelihood's flips (default 0) and threads (default 1).
 * @returns The three means over all rows.
 * @throws RangeError when the rows do not fit the layer.
 *
 * @example
 * ```ts
 * const scores = scoreParameters(core, result.layers[0]!, heldOutRows, { seed: 1 });
 * console.log(scores.pseudoLikelihood, scores.reconstructionError);
 * ```
 */
export function scoreParameters(
  core: Core, parameters: RbmParameters, data: LayerData, options: {
    /** Seed whose stream 0 picks each row's flipped unit (default 0). */
    seed?: number;
    /** Threads (default 1); never changes the numbers. */
    threads?: number;
  } = {},
): LayerScores {
  if (data.nVisible !== parameters.nVisible) {
    throw new RangeError(`data rows have ${data.nVisible} values, the layer has ${parameters.nVisible} visible units`);
  }
  return core.arena.scoped(() => {
    const rbm = uploadParameters(core, parameters);
    return scoreLayer(core, rbm, data, allocStream(core, options.seed ?? 0, 0), threadTeam(core, options.threads ?? 1));
  });
}

/** scoreLayer without the reconstruction (for held-out rows, whose reconstruction error nobody reads). */
export function scoreEnergies(
  core: Core, rbm: WasmRbm, data: LayerData, rngPtr: number, team: Team = threadTeam(core, 1),
): Omit<LayerScores, "reconstructionError"> {
  const { reconstructionError: _skipped, ...scores } = scoreChunks(core, rbm, data, rngPtr, team, false);
  return scores;
}

function scoreChunks(core: Core, rbm: WasmRbm, data: LayerData, rngPtr: number, team: Team, withReconstruction: boolean): LayerScores {
  const { nVisible, nHidden } = rbm;
  const binary = data.kind === "binary";
  const rowBytes = bytesPerRow(data.kind, nVisible);
  return core.arena.scoped(() => {
    const bytes = scoringBufferBytes(data.kind, nVisible, nHidden, team.size, withReconstruction);
    const at = (buffer: ScoringBuffer) => (bytes[buffer] === 0 ? 0 : core.arena.alloc(bytes[buffer]));
    const visible = at("visible"), flipped = at("flipped"), hidden = at("hidden"), reconstruction = at("reconstruction");
    const flipIndex = at("flipIndex"), energies = at("energies"), flippedEnergies = at("flippedEnergies");
    const pseudoLikelihoods = at("pseudoLikelihoods"), scratch = at("scratch");
    const scratchBytes = SCRATCH_FLOATS_PER_HIDDEN * nHidden * 4;
    let freeEnergy = 0, pseudoLikelihood = 0, squaredError = 0;
    for (let first = 0; first < data.nSamples; first += SCORE_CHUNK_ROWS) {
      const rows = Math.min(SCORE_CHUNK_ROWS, data.nSamples - first);
      uploadRows(core, data, first, rows, visible);
      drawFlipIndices(core, rngPtr, rows, nVisible, flipIndex);
      if (!binary) writeFlipped(core, visible, flipped, rows, nVisible, flipIndex);
      team.run((t) => {
        const [r0, r1] = splitRange(rows, team.size, t);
        if (r1 <= r0) return [];
        const n = r1 - r0;
        const vis = visible + r0 * rowBytes;
        const model = [rbm.weights, rbm.visibleBias, rbm.hiddenBias, nHidden, scratch + t * scratchBytes] as const;
        const hid = hidden + r0 * nHidden * 4;
        if (binary) {
          // One pass of row sums serves the free energy, the pseudo-likelihood and the reconstruction's hidden
          // probabilities (the per-row kernels summed the same rows of W twice more, one sample at a time).
          const calls: KernelCall[] = [
            { kernel: "rbmHiddenPreactivationsBin", args: [vis, n, nVisible, rbm.weights, rbm.hiddenBias, nHidden, hid] },
            { kernel: "rbmFreeEnergyBinFromPre", args: [vis, n, nVisible, rbm.visibleBias, hid, nHidden, energies + r0 * 8] },
            {
              kernel: "rbmPseudoLikelihoodBinFromPre",
              args: [vis, n, nVisible, flipIndex + r0 * 4, rbm.weights, rbm.visibleBias, hid, nHidden, pseudoLikelihoods + r0 * 8],
            },
          ];
          if (withReconstruction) calls.push(
            { kernel: "rbmSigmoid", args: [hid, n * nHidden, hid] },
            visibleProbabilitiesCall(rbm, hid, n, reconstruction + r0 * nVisible * 4),
          );
          return calls;
        }
        const calls: KernelCall[] = [
          { kernel: "rbmFreeEnergyDense", args: [vis, n, nVisible, ...model, energies + r0 * 8] },
          { kernel: "rbmFreeEnergyDense", args: [flipped + r0 * nVisible * 4, n, nVisible, ...model, flippedEnergies + r0 * 8] },
        ];
        // The deterministic one-step reconstruction for the squared error.
        if (withReconstruction) calls.push(
          hiddenProbabilitiesCall(rbm, data.kind, vis, n, hid),
          visibleProbabilitiesCall(rbm, hid, n, reconstruction + r0 * nVisible * 4),
        );
        return calls;
      });
      pseudoLikelihood += binary
        ? sum(core.arena.f64(pseudoLikelihoods, rows))
        : densePseudoLikelihood(core.arena.f64(energies, rows), core.arena.f64(flippedEnergies, rows), nVisible);
      freeEnergy += sum(core.arena.f64(energies, rows));
      const k = core.kernels;
      if (withReconstruction) {
        squaredError += binary
          ? k.rbmSquaredErrorBin(visible, reconstruction, rows * nVisible)
          : k.rbmSquaredErrorDense(visible, reconstruction, rows * nVisible);
      }
    }
    const n = data.nSamples;
    return {
      nSamples: n,
      freeEnergy: freeEnergy / n,
      pseudoLikelihood: pseudoLikelihood / n,
      reconstructionError: withReconstruction ? squaredError / (n * nVisible) : NaN,
    };
  });
}

function drawFlipIndices(core: Core, rngPtr: number, rows: number, nVisible: number, out: number): void {
  core.kernels.rngFillU32(rngPtr, out, rows);
  const draws = core.arena.u32(out, rows);
  const indices = core.arena.i32(out, rows);
  for (let r = 0; r < rows; r++) indices[r] = Math.floor((draws[r]! * nVisible) / 2 ** 32);
}

function writeFlipped(core: Core, visible: number, out: number, rows: number, nVisible: number, flipIndex: number): void {
  const source = core.arena.f32(visible, rows * nVisible);
  const target = core.arena.f32(out, rows * nVisible);
  target.set(source);
  const indices = core.arena.i32(flipIndex, rows);
  for (let r = 0; r < rows; r++) {
    const at = r * nVisible + indices[r]!;
    target[at] = 1 - target[at]!;
  }
}

function densePseudoLikelihood(energies: Float64Array, flippedEnergies: Float64Array, nVisible: number): number {
  let total = 0;
  for (let r = 0; r < energies.length; r++) total -= nVisible * softplus(-(flippedEnergies[r]! - energies[r]!));
  return total;
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
