// The coarse variables of a trained stack, as spins a physicist can measure:
// for each layer l, hidden states sampled up the stack from the data,
// h(l) ~ p(h | h(l-1)) (h(0) = the data), as +-1 spins s = 2h - 1. Each
// unit's spin is multiplied by the sign of its effective receptive field
// (receptive-field.ts, Mehta & Schwab App. B) at the field's largest-|r|
// site, so that a unit which fires for "up" blocks reads +1 on them, and the
// unit is placed at the field's r^2 circular centre (locality.ts). With
// these, xi_2, the magnetization moments, the tiling and MCRG treat learned
// layers exactly as they treat majority-rule block spins.
//
// Sampling: the hidden probabilities of a chunk of rows are computed on the
// thread team (rows split between threads), then drawn on the calling thread
// with rbmBernoulliU8 from stream layerStream(l, "propagate") of the seed,
// in row order, so the states are those of propagateUp(..., "samples", seed,
// l) for any thread count.

import type { Core } from "../wasm.js";
import { allocStream } from "../rng.js";
import { splitRange, threadTeam, type Team } from "../threads/pool.js";
import { receptiveFields } from "../analysis/receptive-field.js";
import { kForLayer, layerLocality } from "../analysis/locality.js";
import { layerStream } from "../rbm/training/index.js";
import type { LayerData } from "../rbm/layer-data.js";
import { uploadParameters, type RbmParameters } from "../rbm/rbm-parameters.js";
import { bytesPerRow, hiddenProbabilitiesCall, uploadRows } from "../rbm/propagate.js";
import { latticePositions } from "./structure-factor.js";
import { MAJORITY_BLOCK, blockCentres, blockIndicatorFields, checkMajorityLevels, majorityLevels } from "../systems/ising/majority-rule.js";

/** One level of coarse variables: spins of its units and where the units sit (`docs/methods.md`, Coarse variables). */
export interface CoarseLevel {
  /** 0 = the data, l = layer l (or majority-rule step l). */
  level: number;
  /** Units (coarse spins) at this level. */
  nUnits: number;
  /** (nSamples, nUnits) row-major, +1 / -1, sign-aligned (see header). */
  spins: Int8Array;
  /** (nUnits) unit centres in original lattice spacings, x = column. */
  x: Float64Array;
  /** (nUnits) unit centres in original lattice spacings, y = row. */
  y: Float64Array;
  /** (nUnits) r^2 spread of each unit's receptive field in lattice spacings (0 for lattice sites). */
  spread: Float64Array;
}

const CHUNK_ROWS = 512;

/**
 * Level 0: the data's spins at their lattice sites.
 *
 * @param data - "binary" rows of 0/1 bytes over the L x L lattice.
 * @param L - Lattice side.
 * @returns The level, spins +-1, spreads 0.
 * @throws RangeError when the data is not binary over L^2 sites.
 */
export function dataLevel(data: LayerData, L: number): CoarseLevel {
  if (data.kind !== "binary" || data.nVisible !== L * L) throw new RangeError(`the data must be 0/1 bytes over ${L} x ${L} sites`);
  const noFlips = new Int8Array(L * L).fill(1);
  return { level: 0, nUnits: L * L, spins: bitsToSpins(data.values, noFlips), ...latticePositions(L), spread: new Float64Array(L * L) };
}

/**
 * Levels 0..layers.length of a trained stack on `data` (0/1 bytes over the
 * L x L lattice): states sampled up the stack from `seed` on `threads`
 * threads (results identical for any count), sign-aligned and placed.
 * Each unit's spin is its sampled state times the sign of its receptive field
 * at its largest site (fieldSigns), placed at the field's centre.
 *
 * @param core - The loaded kernels.
 * @param layers - The stack, layer 1 first.
 * @param data - "binary" rows over the L x L lattice.
 * @param L - Lattice side.
 * @param seed - The sampling seed (stream per layer, as propagateUp's).
 * @param threads - Threads (default 1).
 * @returns layers.length + 1 levels, the data first.
 */
export function stackCoarseLevels(
  core: Core, layers: readonly RbmParameters[], data: LayerData, L: number, seed: number, threads = 1,
): CoarseLevel[] {
  const levels = [dataLevel(data, L)];
  const fields = receptiveFields(core, layers);
  const team = threadTeam(core, threads);
  let below: LayerData = data;
  layers.forEach((params, index) => {
    const layer = index + 1;
    below = sampleHiddenStates(core, params, below, seed, layer, team);
    const field = fields[index]!;
    const locality = layerLocality(field, L, params.nHidden, kForLayer(L, L * L, params.nHidden));
    const signs = fieldSigns(field, L * L, params.nHidden);
    const spins = bitsToSpins(below.values, signs);
    levels.push({
      level: layer, nUnits: params.nHidden, spins,
      x: Float64Array.from(locality.units, (u) => u.centreX),
      y: Float64Array.from(locality.units, (u) => u.centreY),
      spread: Float64Array.from(locality.units, (u) => u.spread),
    });
  });
  return levels;
}

/**
 * Sampled hidden states h ~ p(h | v) of every row as 0/1 bytes, (nSamples,
 * nHidden): the same states as propagateUp(core, params, data, "samples",
 * seed, layer), with the probabilities computed on `team`.
 *
 * @param core - The loaded kernels.
 * @param params - The layer.
 * @param data - Its visible rows.
 * @param seed - The stack's seed.
 * @param layer - The layer's index (1-based; picks the stream).
 * @param team - Threads for the probabilities (threadTeam).
 * @returns "binary" rows of nHidden sampled states.
 */
export function sampleHiddenStates(core: Core, params: RbmParameters, data: LayerData, seed: number, layer: number, team: Team): LayerData {
  const { nHidden } = params;
  if (data.nVisible !== params.nVisible) throw new RangeError(`layer ${layer} expects ${params.nVisible} inputs, got ${data.nVisible}`);
  const states = new Uint8Array(data.nSamples * nHidden);
  core.arena.scoped(() => {
    const rbm = uploadParameters(core, params);
    const rowBytes = bytesPerRow(data.kind, data.nVisible);
    const visible = core.arena.alloc(CHUNK_ROWS * rowBytes);
    const hidden = core.arena.alloc(CHUNK_ROWS * nHidden * 4);
    const sampled = core.arena.alloc(CHUNK_ROWS * nHidden);
    const rng = allocStream(core, seed, layerStream(layer, "propagate"));
    for (let first = 0; first < data.nSamples; first += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, data.nSamples - first);
      uploadRows(core, data, first, rows, visible);
      team.run((t) => {
        const [r0, r1] = splitRange(rows, team.size, t);
        return r1 > r0 ? [hiddenProbabilitiesCall(rbm, data.kind, visible + r0 * rowBytes, r1 - r0, hidden + r0 * nHidden * 4)] : [];
      });
      core.kernels.rbmBernoulliU8(hidden, rows * nHidden, rng, sampled);
      states.set(core.arena.u8(sampled, rows * nHidden), first * nHidden);
    }
  });
  return { kind: "binary", nSamples: data.nSamples, nVisible: nHidden, values: states };
}

/**
 * Spins s = (2 bit - 1) * signs[unit] of (nSamples, signs.length) 0/1 bytes.
 * A loop, not Int8Array.from(bits, mapFn): V8 collects a mapped from() into
 * a JavaScript array first, 8 bytes or more per value (about 0.9 GiB for
 * reproduce's 20,000 x 1600 samples, against 32 MB here).
 */
function bitsToSpins(bits: ArrayLike<number>, signs: Int8Array): Int8Array {
  const nUnits = signs.length;
  const spins = new Int8Array(bits.length);
  for (let base = 0; base < bits.length; base += nUnits) {
    for (let unit = 0; unit < nUnits; unit++) spins[base + unit] = (2 * bits[base + unit]! - 1) * signs[unit]!;
  }
  return spins;
}

/**
 * Per unit, the sign (+1 / -1) of its field at the site of largest |r| (the first such site on ties; +1 for an
 * all-zero field): the sign that aligns a hidden unit's state with the spins it sees.
 *
 * @param field - nVisible0 x nUnits receptive fields, row-major.
 * @param nVisible0 - Sites.
 * @param nUnits - Units.
 * @returns nUnits signs.
 */
export function fieldSigns(field: ArrayLike<number>, nVisible0: number, nUnits: number): Int8Array {
  if (field.length !== nVisible0 * nUnits) throw new RangeError(`field has ${field.length} values, expected ${nVisible0} x ${nUnits}`);
  const largest = new Float64Array(nUnits);
  const signs = new Int8Array(nUnits).fill(1);
  for (let site = 0; site < nVisible0; site++) {
    for (let unit = 0; unit < nUnits; unit++) {
      const value = field[site * nUnits + unit]!;
      if (Math.abs(value) > largest[unit]!) {
        largest[unit] = Math.abs(value);
        signs[unit] = value < 0 ? -1 : 1;
      }
    }
  }
  return signs;
}

/**
 * Levels 0..levels of majority rule on `data` (0/1 bytes over the L x L
 * lattice): block spins at their block centres, with the spreads of their
 * block indicator fields (sqrt((k^2 - 1)/6) for side k = 2^l).
 *
 * @param data - "binary" rows over the L x L lattice.
 * @param L - Lattice side, divisible by 2^levels.
 * @param levels - Majority-rule steps.
 * @param seed - Seed of the tie coins.
 * @returns levels + 1 levels, the data first.
 * @throws RangeError when L cannot be halved `levels` times or the data does not fit.
 */
export function majorityCoarseLevels(data: LayerData, L: number, levels: number, seed: number): CoarseLevel[] {
  checkMajorityLevels(L, levels);
  const level0 = dataLevel(data, L);
  const spins = majorityLevels(level0.spins, data.nSamples, L, levels, seed);
  return spins.map((levelSpins, level) => {
    if (level === 0) return level0;
    const centres = blockCentres(L, level);
    const nUnits = centres.x.length;
    const locality = layerLocality(blockIndicatorFields(L, level), L, nUnits, MAJORITY_BLOCK ** level);
    return { level, nUnits, spins: levelSpins, ...centres, spread: Float64Array.from(locality.units, (u) => u.spread) };
  });
}
