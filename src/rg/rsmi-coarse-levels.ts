// The coarse levels of learned RSMI filters (Koch-Janusz & Ringel, Nature
// Physics 14, 578, 2018; src/rsmi/), measured like majority rule's
// (docs/methods.md, "Coarse variables", "RSMI"): level l is the level below
// with every b x b block replaced by h = sign(Lambda v), ties by majority
// rule's seeded coin, one coarse variable per block. The filter's overall
// sign is arbitrary (h and -h carry the same information), so each filter is
// first aligned, as a stack's units are: its largest-|weight| entry made
// positive, so a uniform filter becomes majority rule exactly. The units sit
// at their blocks' centres; their effective receptive field on the lattice
// is the composition of the level's filters, each site weighted by the
// product of the weights on its path up the blocks (the linear part of the
// map; the sign at each level is left out).

import { layerLocality } from "../analysis/locality.js";
import type { LayerData } from "../rbm/layer-data.js";
import { alignedFilter, applyRsmiFilter } from "../rsmi/coarse.js";
import { dataLevel, type CoarseLevel } from "./coarse-variables.js";

/** One level's learned map: a single coarse variable per b x b block. */
export interface RsmiLevelFilter {
  /** Lambda, b^2 weights over the block's sites row-major (trainRsmiFilter's filter with hidden = 1). */
  filter: Float64Array;
  /** Block side b. */
  block: number;
}

/**
 * Checks that the filters fit the lattice: each block side divides the
 * side of the level it applies to, and each filter has b^2 weights.
 *
 * @param L - Side of the original lattice.
 * @param filters - Level 1's filter first.
 * @throws RangeError naming the level that does not fit.
 */
export function checkRsmiFilters(L: number, filters: readonly RsmiLevelFilter[]): void {
  let side = L;
  for (const [i, { filter, block }] of filters.entries()) {
    if (!Number.isInteger(block) || block < 1 || side % block !== 0) throw new RangeError(`level ${i + 1}: block side ${block} does not divide the ${side} x ${side} lattice`);
    if (filter.length !== block * block) throw new RangeError(`level ${i + 1}: filter holds ${filter.length} weights, expected ${block * block}`);
    side /= block;
  }
}

/**
 * Effective receptive fields of level `filters.length` on the L x L lattice:
 * row-major (L^2, units), unit u's field at site s the product of the
 * aligned filters' weights on s's path up the blocks to u (zero outside its
 * block).
 *
 * @param L - Side of the original lattice.
 * @param filters - The levels' filters, level 1 first (checked with checkRsmiFilters).
 * @returns L^2 x (L / prod b)^2 f32, row-major.
 */
export function rsmiEffectiveFields(L: number, filters: readonly RsmiLevelFilter[]): Float32Array {
  checkRsmiFilters(L, filters);
  const size = filters.reduce((s, f) => s * f.block, 1);
  const side = L / size;
  const nUnits = side * side;
  const aligned = filters.map((f) => alignedFilter(f.filter));
  const fields = new Float32Array(L * L * nUnits);
  for (let y = 0; y < L; y++) {
    for (let x = 0; x < L; x++) {
      // Walk up: at each level the site (or block) has a position inside its block and a block index.
      let weight = 1, cy = y, cx = x;
      for (const [i, { block }] of filters.entries()) {
        weight *= aligned[i]![(cy % block) * block + (cx % block)]!;
        cy = Math.floor(cy / block);
        cx = Math.floor(cx / block);
      }
      fields[(y * L + x) * nUnits + cy * side + cx] = weight;
    }
  }
  return fields;
}

/**
 * Levels 0..filters.length of iterated RSMI on `data` (0/1 bytes over the
 * L x L lattice): block spins sign(Lambda v) of the aligned filters, ties by
 * the coins of (seed, level, sample, block), at their block centres, with
 * the spreads of their effective receptive fields.
 *
 * @param data - "binary" rows over the L x L lattice.
 * @param L - Lattice side.
 * @param filters - Level 1's filter first.
 * @param seed - Seed of the tie coins.
 * @returns filters.length + 1 levels, the data first.
 * @throws RangeError when a filter does not fit its level.
 */
export function rsmiCoarseLevels(data: LayerData, L: number, filters: readonly RsmiLevelFilter[], seed: number): CoarseLevel[] {
  checkRsmiFilters(L, filters);
  const level0 = dataLevel(data, L);
  const levels: CoarseLevel[] = [level0];
  let current = { values: level0.spins, count: data.nSamples, height: L, width: L };
  let size = 1;
  for (const [i, { filter, block }] of filters.entries()) {
    const level = i + 1;
    current = applyRsmiFilter(current, alignedFilter(filter), 1, block, seed, level);
    size *= block;
    const side = L / size;
    const nUnits = side * side;
    const offset = (size - 1) / 2;
    const locality = layerLocality(rsmiEffectiveFields(L, filters.slice(0, level)), L, nUnits, size);
    levels.push({
      level, nUnits, spins: current.values,
      x: Float64Array.from({ length: nUnits }, (_, s) => (s % side) * size + offset),
      y: Float64Array.from({ length: nUnits }, (_, s) => Math.floor(s / side) * size + offset),
      spread: Float64Array.from(locality.units, (u) => u.spread),
    });
  }
  return levels;
}
