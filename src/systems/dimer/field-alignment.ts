// Field alignment: does a hidden unit of a dimer stack carry its block's
// electric field, the coarse variable of the Coulomb phase (Koch-Janusz &
// Ringel 2018; docs/methods.md, "Dimers: is it renormalization?")?
//
// For unit j with activation a_j (one value per sample: p(h = 1 | v)
// propagated up the stack) and the field (E_x, E_y) of the b x b block it
// sits on (observables.ts, blockElectricField), the squared multiple
// correlation of the least-squares fit a_j ~ c0 + c1 E_x + c2 E_y over the
// samples, with intercept:
//   R^2 = 1 - sum_s (a_s - fit_s)^2 / sum_s (a_s - mean a)^2,
// 1 when the unit is an affine function of its block's field, about
// 2 / (N - 1) for an activation independent of it (N samples).
//
// Which block a unit sits on. Its effective receptive field's r^2 centre on
// the 2L x 2L grid (locality.ts; the grid of layout.ts) halved is a point in
// lattice coordinates; the unit's block is the b-aligned block containing
// that point, (floor(cx / 2 / b), floor(cy / 2 / b)) mod L/b. The blocks are
// those of blockElectricField, so a unit that learned the field of a
// b-aligned block finds exactly that block: its field covers grid columns
// 2 b bx .. 2 b bx + 2b - 1, centred at 2 b bx + b - 1/2 (or half a grid
// site off), which halved lies inside the block for every b >= 1.

import { quartiles } from "../../analysis/locality.js";
import { blockElectricField } from "./observables.js";

/** The R^2 at and above which a unit counts as carrying its block's field. */
export const ALIGNED_R2 = 0.5;

/** Below this share of its own squared norm a regressor is taken as a combination of the earlier ones (dropped). */
const DEPENDENT_REGRESSOR = 1e-12;

/** How well each unit of a layer carries its block's electric field. */
export interface FieldAlignment {
  /** Per unit, R^2 in [0, 1] of its activation against (E_x, E_y) of its block; NaN for a constant activation. */
  r2: Float64Array;
  /** Median of r2 over the units with a value (NaN when none has one). */
  median: number;
  /** Share of all units with R^2 >= ALIGNED_R2, in [0, 1] (constant units count as not aligned). */
  alignedShare: number;
}

/**
 * Squared multiple correlation of `response` on `regressors` with an intercept: 1 - SS_residual / SS_total of the
 * least-squares fit. Computed by Gram-Schmidt on the centred regressors, so a constant or linearly dependent
 * regressor is dropped rather than making the normal equations singular.
 *
 * @param response - N values.
 * @param regressors - k arrays of N values each.
 * @returns R^2 in [0, 1]; NaN when the response is constant or N < 2.
 * @throws RangeError when a regressor's length differs from the response's.
 */
export function squaredMultipleCorrelation(response: ArrayLike<number>, regressors: readonly ArrayLike<number>[]): number {
  const n = response.length;
  for (const x of regressors) if (x.length !== n) throw new RangeError(`a regressor has ${x.length} values, the response ${n}`);
  const y = centred(response);
  const total = dot(y, y);
  if (n < 2 || !(total > 0)) return NaN;
  const basis: Float64Array[] = [];
  let explained = 0;
  for (const x of regressors) {
    const q = centred(x);
    const norm = dot(q, q);
    for (const e of basis) {
      const projection = dot(q, e) / dot(e, e);
      for (let s = 0; s < n; s++) q[s]! -= projection * e[s]!;
    }
    const rest = dot(q, q);
    if (!(rest > DEPENDENT_REGRESSOR * norm) || !(rest > 0)) continue;
    basis.push(q);
    explained += dot(y, q) ** 2 / rest;
  }
  return Math.min(1, Math.max(0, explained / total));
}

/**
 * The block each unit sits on: its receptive field's centre on the 2L x 2L grid, halved to lattice coordinates, in
 * the b-aligned block containing it (see the header).
 *
 * @param centreX - Per unit, the centre's column on the 2L x 2L grid (grid spacings, as layerLocality gives it).
 * @param centreY - Per unit, the centre's row on the grid.
 * @param size - Lattice side L.
 * @param block - Block side b in lattice sites (divides L).
 * @returns Per unit, block index by (L / b) + bx, row-major like blockElectricField's blocks.
 * @throws RangeError when b does not divide L or the arrays differ in length.
 */
export function unitBlocks(centreX: ArrayLike<number>, centreY: ArrayLike<number>, size: number, block: number): Int32Array {
  if (!Number.isInteger(block) || block < 1 || size % block !== 0) throw new RangeError(`block side ${block} must divide L = ${size}`);
  if (centreX.length !== centreY.length) throw new RangeError(`${centreX.length} x centres but ${centreY.length} y centres`);
  const side = size / block;
  const blockOf = (grid: number) => modulo(Math.floor(grid / 2 / block), side);
  return Int32Array.from({ length: centreX.length }, (_, unit) => blockOf(centreY[unit]!) * side + blockOf(centreX[unit]!));
}

/**
 * Field alignment of a layer: per unit, R^2 of its activation against the electric field (E_x, E_y) of its block.
 *
 * @param activations - (N, nUnits) row-major: per sample the units' activations (e.g. p(h = 1 | v) up the stack).
 * @param nUnits - Units of the layer.
 * @param bonds - (N, 2, L, L) bond occupations 0/1 of the same samples, in the same order.
 * @param size - Lattice side L.
 * @param block - Block side b in lattice sites (divides L).
 * @param blockOfUnit - Per unit, its block (unitBlocks).
 * @returns Per unit R^2, the median and the share with R^2 >= ALIGNED_R2.
 * @throws RangeError when the sizes do not agree.
 *
 * @example
 * ```ts
 * const b = dimerBlockSide(16, 128);
 * const centres = layerLocality(fieldsOnGrid(layout, fields[0]!, 128), layout.geometry, 128, 2 * b).units;
 * const blocks = unitBlocks(centres.map((u) => u.centreX), centres.map((u) => u.centreY), 16, b);
 * fieldAlignment(activations, 128, bonds, 16, b, blocks).median;
 * ```
 */
export function fieldAlignment(
  activations: ArrayLike<number>, nUnits: number, bonds: ArrayLike<number>, size: number, block: number, blockOfUnit: Int32Array,
): FieldAlignment {
  const fields = blockElectricField(bonds, size, block);
  const blocks = (size / block) ** 2;
  const count = fields.length / (2 * blocks);
  if (activations.length !== count * nUnits) throw new RangeError(`activations hold ${activations.length} values, expected ${count} x ${nUnits}`);
  if (blockOfUnit.length !== nUnits) throw new RangeError(`${blockOfUnit.length} unit blocks for ${nUnits} units`);
  const component = (blockIndex: number, axis: number) => Float64Array.from({ length: count }, (_, s) => fields[(s * blocks + blockIndex) * 2 + axis]!);
  const r2 = Float64Array.from({ length: nUnits }, (_, unit) => {
    const blockIndex = blockOfUnit[unit]!;
    if (blockIndex < 0 || blockIndex >= blocks) throw new RangeError(`unit ${unit}: block ${blockIndex} outside 0..${blocks - 1}`);
    const activation = Float64Array.from({ length: count }, (_, s) => activations[s * nUnits + unit]!);
    return squaredMultipleCorrelation(activation, [component(blockIndex, 0), component(blockIndex, 1)]);
  });
  let aligned = 0;
  for (const value of r2) if (value >= ALIGNED_R2) aligned++;
  return { r2, median: quartiles(Array.from(r2)).median, alignedShare: nUnits > 0 ? aligned / nUnits : NaN };
}

function centred(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  const mean = out.reduce((sum, v) => sum + v, 0) / Math.max(1, out.length);
  for (let s = 0; s < out.length; s++) out[s]! -= mean;
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let s = 0; s < a.length; s++) sum += a[s]! * b[s]!;
  return sum;
}

function modulo(value: number, period: number): number {
  return ((value % period) + period) % period;
}
