// The share of a layer's units whose receptive field is localized: spread
// (locality.ts, r^2-weighted, lattice spacings) under half the median spread
// of unstructured random fields of the same shape. Per-unit spreads are
// bimodal (compact blobs and single-site detectors against diffuse fields),
// so a layer's median can move by sites between runs that agree on
// everything else, while this share does not (an independent NumPy rbm.m
// run gave layer-1 median 12.5 against blockspin's 10.8, but 29% against 32%
// of units under 8 sites). docs/methods.md, "Locality".

import { kForLayer, randomFieldReference } from "../analysis/locality.js";

/** A unit counts as localized when its spread is below this fraction of the random fields' median spread. */
export const LOCALIZED_SPREAD_FRACTION = 0.5;

/**
 * Share of non-NaN `spreads` below LOCALIZED_SPREAD_FRACTION x `randomMedianSpread` (`docs/methods.md`, Locality).
 *
 * @param spreads - Each unit's receptive-field spread, lattice spacings.
 * @param randomMedianSpread - The random fields' median spread (randomMedianSpread()).
 * @returns The share in [0, 1]; NaN when no spread is a number.
 */
export function localizedFraction(spreads: ArrayLike<number>, randomMedianSpread: number): number {
  const finite = Array.from(spreads).filter((s) => !Number.isNaN(s));
  if (finite.length === 0) return NaN;
  return finite.filter((s) => s < LOCALIZED_SPREAD_FRACTION * randomMedianSpread).length / finite.length;
}

/**
 * Seed of the random-field reference for layer `layer` of a run seeded
 * `seed`: the one the locality table and localizedFraction share.
 *
 * @param seed - The run's seed.
 * @param layer - Layer (or coarse level) index.
 * @returns seed * 16 + layer.
 */
export function randomReferenceSeed(seed: number, layer: number): number {
  return seed * 16 + layer;
}

/**
 * Median spread of nUnits random fields over the L x L lattice (the reference of localizedFraction). The spread does
 * not depend on the block side; asking with the locality table's side (kForLayer) shares its remembered reference.
 *
 * @param L - Lattice side.
 * @param nUnits - Units (random fields).
 * @param seed - Seed of the fields (randomReferenceSeed).
 * @returns The median spread, lattice spacings.
 */
export function randomMedianSpread(L: number, nUnits: number, seed: number): number {
  return randomFieldReference(L, nUnits, kForLayer(L, L * L, nUnits), seed).spread.median;
}
