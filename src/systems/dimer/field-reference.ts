// The field reference: the dimer analogue of majority rule (src/systems/ising/majority-rule.ts),
// the coarse-graining that keeps exactly the degrees of freedom of the
// Coulomb phase (Koch-Janusz & Ringel, Nature Physics 14, 578, 2018;
// docs/methods.md, "Dimers: is it renormalization?"). Level l has blocks of
// side b = 2^l; each block carries two coarse variables,
//   s_x = sign(E_x), s_y = sign(E_y),
// E the block's electric field (observables.ts, blockElectricField), a tie
// (E = 0) broken by a seeded coin (rg/tie-coins.ts, keyed by the level, the
// sample and the unit). Unit 2 k + a is component a (0: x, 1: y) of block k,
// blocks row-major, k = by (L / b) + bx.
//
// Every level is computed from the fine bonds, not from the level below:
// the field is additive, E of a 2b block being the sum of its four b blocks'
// fields, so E at level l + 1 is the natural composition of level l's fields,
// while composing the signs would throw away the magnitudes the sum needs.
//
// Its receptive fields are what the signs read: unit 2 k of level l has
// weight (-1)^(x + y) on the horizontal bonds (x, y)-(x + 1, y) of block k and
// zero elsewhere, unit 2 k + 1 the same on its vertical bonds, so their dot
// product with a covering's bond vector is E_x or E_y (the analogue of
// majority rule's block indicators; the ideal row of the locality table).

import { levelTieKey, sampleTieKey, tieCoin } from "../../rg/tie-coins.js";
import { blockElectricField } from "./observables.js";

/** The blocking factor between levels: level l has blocks of side 2^l. */
export const FIELD_REFERENCE_BLOCK = 2;

/**
 * Block side of a field-reference level.
 *
 * @param level - Level l >= 1.
 * @returns b = 2^l lattice sites.
 */
export function fieldReferenceBlock(level: number): number {
  if (!Number.isInteger(level) || level < 1) throw new RangeError(`level must be a positive integer, got ${level}`);
  return FIELD_REFERENCE_BLOCK ** level;
}

/** Levels the dimer runs coarse-grain to by default: blocks of b = 2, 4, 8 sites. */
export const DIMER_LEVELS = 3;

/**
 * The levels whose blocks tile the L x L torus.
 *
 * @param size - Lattice side L.
 * @param most - The deepest level wanted; default DIMER_LEVELS.
 * @returns Levels 1, 2, ... up to `most` whose block side b = 2^l divides L.
 */
export function fieldReferenceLevelsOn(size: number, most: number = DIMER_LEVELS): number[] {
  return Array.from({ length: most }, (_, i) => i + 1).filter((level) => size % fieldReferenceBlock(level) === 0);
}

/**
 * Coarse variables of a level on the L x L torus: two per block, 2 (L / b)^2.
 *
 * @param size - Lattice side L.
 * @param level - Level l >= 1 (b = 2^l divides L).
 * @returns The count.
 */
export function fieldReferenceUnits(size: number, level: number): number {
  return 2 * (size / checkedBlock(size, level)) ** 2;
}

/**
 * The coarse variables of one level: sign(E_x), sign(E_y) of every b x b block (b = 2^level), ties by seeded coins.
 *
 * @param bonds - (N, 2, L, L) bond occupations 0/1.
 * @param size - Lattice side L, divisible by 2^level.
 * @param level - Level l >= 1.
 * @param seed - Integer seed in [0, 2^53) of the tie coins.
 * @returns (N, (L / b)^2, 2) row-major, +1 / -1: unit 2 k + a is component a of block k.
 * @throws RangeError when b does not divide L.
 *
 * @example
 * ```ts
 * const signs = fieldReferenceLevel(bonds, 16, 1, 7); // (N, 64, 2): 2 x 2 blocks
 * ```
 */
export function fieldReferenceLevel(bonds: ArrayLike<number>, size: number, level: number, seed: number): Int8Array {
  const fields = blockElectricField(bonds, size, fieldReferenceBlock(level));
  const units = fieldReferenceUnits(size, level);
  const count = fields.length / units;
  const key = levelTieKey(seed, level);
  const out = new Int8Array(fields.length);
  for (let sample = 0; sample < count; sample++) {
    const sampleKey = sampleTieKey(key, sample);
    for (let unit = 0; unit < units; unit++) {
      const e = fields[sample * units + unit]!;
      out[sample * units + unit] = e > 0 ? 1 : e < 0 ? -1 : tieCoin(sampleKey, unit);
    }
  }
  return out;
}

/**
 * Levels 1..levels of the field reference, each from the fine bonds (see the header).
 *
 * @param bonds - (N, 2, L, L) bond occupations 0/1.
 * @param size - Lattice side L, divisible by 2^levels.
 * @param levels - Levels (>= 1).
 * @param seed - Integer seed of the tie coins.
 * @returns Element l - 1 is fieldReferenceLevel(bonds, size, l, seed).
 */
export function fieldReferenceLevels(bonds: ArrayLike<number>, size: number, levels: number, seed: number): Int8Array[] {
  return Array.from({ length: levels }, (_, i) => fieldReferenceLevel(bonds, size, i + 1, seed));
}

/**
 * Receptive fields of a level: the staggered (-1)^(x + y) pattern on each block's horizontal (unit 2 k) or vertical
 * (unit 2 k + 1) bonds, so that the dot product with a covering's bond vector is E_x or E_y of block k.
 *
 * @param size - Lattice side L.
 * @param level - Level l >= 1 (b = 2^l divides L).
 * @returns 2 L^2 x 2 (L / b)^2 f32, row-major over the bonds of the (2, L, L) occupations (the `bonds` encoding's
 *   visible units), values -1, 0, +1.
 */
export function fieldReferenceFields(size: number, level: number): Float32Array {
  const b = checkedBlock(size, level);
  const perSide = size / b;
  const units = 2 * perSide * perSide;
  const n = size * size;
  const fields = new Float32Array(2 * n * units);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sign = (x + y) % 2 === 0 ? 1 : -1;
      const block = Math.floor(y / b) * perSide + Math.floor(x / b);
      fields[(y * size + x) * units + 2 * block] = sign;
      fields[(n + y * size + x) * units + 2 * block + 1] = sign;
    }
  }
  return fields;
}

/**
 * Where a level's units sit on the coarse torus: unit 2 k + a on block k = (bx, by).
 *
 * @param size - Lattice side L.
 * @param level - Level l >= 1.
 * @returns Per unit, the block's column x and row y in coarse spacings (0..L / b - 1), and the block index.
 */
export function fieldReferencePositions(size: number, level: number): {
  /** Each unit's block centre, column, in lattice sites. */
  x: Float64Array;
  /** Each unit's block centre, row, in lattice sites. */
  y: Float64Array;
  /** Each unit's block index (row-major over the coarse lattice). */
  block: Int32Array;
} {
  const perSide = size / checkedBlock(size, level);
  const units = 2 * perSide * perSide;
  const block = Int32Array.from({ length: units }, (_, u) => Math.floor(u / 2));
  return {
    x: Float64Array.from(block, (k) => k % perSide),
    y: Float64Array.from(block, (k) => Math.floor(k / perSide)),
    block,
  };
}

function checkedBlock(size: number, level: number): number {
  const b = fieldReferenceBlock(level);
  if (!Number.isInteger(size) || size < 2 || size % b !== 0) throw new RangeError(`block side ${b} must divide L = ${size}`);
  return b;
}
