// RSMI on dimers (Koch-Janusz & Ringel, Nature Physics 14, 578, 2018;
// Goekmen, Ringel, Huber & Koch-Janusz, PRE 104, 064106, 2021;
// docs/methods.md, "RSMI"): a linear filter with two coarse variables per
// block of b x b lattice sites, learned by maximising the InfoNCE bound on
// I(H : E), then applied to every block as h = sign(Lambda . v).
//
// The data are the bond occupations, laid on the 2L x 2L grid of layout.ts
// (bond (x, y)-(x + 1, y) at row 2y, column 2x + 1; bond (x, y)-(x, y + 1) at
// row 2y + 1, column 2x; the vertex and face sites empty, value 0), so that a
// block of b x b sites is a 2b x 2b image block and cuts aligned to the 2 x 2
// cell never split a site's bonds (regions.ts, cutPairs). An occupied bond
// enters as +1, an empty one as -1: the filter has no bias (RSMI-NE's has
// none), and with 0/1 bits the logit of a filter on part of the block moves
// with the number of dimers it covers, which the staggered patterns do not
// see; with +-1 the patterns' logits are centred (docs/methods.md, "RSMI",
// the dimer paragraph, has the cosines measured both ways).
//
// Every level is learned directly on the fine bonds with its own block side
// b = 2^level, as the field reference does (field-reference.ts): the field is
// additive, so E of a 2b block is read from the bonds rather than from the
// signs of level l, which have lost the magnitudes; and the filter's weights
// are then directly comparable with the staggered patterns at every level.
//
// A filter is stored as bond weights, (2 units, 2 axes, b, b): unit c's
// weight on the horizontal (axis 0) or vertical (axis 1) bond of block site
// (x, y), the order of the `bonds` encoding restricted to the block.

import type { Core } from "../../wasm.js";
import { alignedFilter, applyRsmiFilter } from "../../rsmi/coarse.js";
import type { LatticeSamples } from "../../rsmi/regions.js";
import { trainRsmiFilterFromStreams, type RsmiOptions } from "../../rsmi/train.js";

/** Coarse variables per block: the two components of the block's electric field, if RSMI finds them. */
export const RSMI_DIMER_HIDDEN = 2;

/** Streams of the seed one level's training uses (train.ts draws from three consecutive streams). */
const STREAMS_PER_LEVEL = 3;

/** Stream offset between restarts: room for 32 levels, so restart 0 of a level draws the same whatever the restart count. */
const STREAMS_PER_RESTART = 32 * STREAMS_PER_LEVEL;

/** Region widths of one level, in lattice sites. */
export interface RsmiDimerGeometry {
  /** Block side b = 2^level. */
  block: number;
  /** Buffer width w between block and environment. */
  buffer: number;
  /** Environment shell width e. */
  environment: number;
}

/** Training settings of a level; everything else is RSMI-NE's default (rsmiDefaults). */
export interface RsmiDimerTraining {
  /** Training steps per level. */
  steps: number;
  /** Pairs per batch K. */
  batchSize: number;
  /**
   * Independent trainings per level (>= 1), the one with the highest bound kept: whether the second field direction
   * separates from the first depends on the run, and the bound ranks the runs (docs/methods.md, "RSMI").
   */
  restarts: number;
}

/** One learned level. */
export interface RsmiDimerLevel extends RsmiDimerGeometry {
  /** The level, 1-based. */
  level: number;
  /** Bond weights (2, 2, b, b) row-major (see the header), each unit's row sign-aligned (largest |weight| positive). */
  filters: Float64Array;
  /** Final InfoNCE estimate of I(H : E), nats. */
  bound: number;
  /** Its standard error over the averaged steps. */
  boundError: number;
  /** ln K, the most the estimate can give. */
  ceiling: number;
  /** The final bound of every restart, nats; `restart` indexes the one kept. */
  restartBounds: number[];
  /** The restart kept (0-based): the highest bound, the first on ties. */
  restart: number;
}

/**
 * Block, buffer and environment of a level: b = 2^level; buffer 1 site at b = 2 and 2 beyond, environment 2 sites,
 * both shrunk (buffer first kept at >= 1) when the window b + 2 (w + e) would exceed L.
 *
 * @param size - Lattice side L.
 * @param level - Level >= 1.
 * @returns The geometry in lattice sites.
 * @throws RangeError when b does not divide L or not even a buffer and an environment of one site fit.
 */
export function rsmiDimerGeometry(size: number, level: number): RsmiDimerGeometry {
  if (!Number.isInteger(level) || level < 1) throw new RangeError(`level must be a positive integer, got ${level}`);
  const block = 2 ** level;
  if (!Number.isInteger(size) || size % block !== 0) throw new RangeError(`block side ${block} must divide L = ${size}`);
  const wanted = { buffer: block === 2 ? 1 : 2, environment: 2 };
  const reach = Math.min(wanted.buffer + wanted.environment, Math.floor((size - block) / 2));
  if (reach < 2) throw new RangeError(`L = ${size} holds no ${block} x ${block} block with a buffer and an environment of one site around it`);
  const buffer = Math.min(wanted.buffer, reach - 1);
  return { block, buffer, environment: reach - buffer };
}

/**
 * The bonds on the 2L x 2L grid (see the header): occupied +1, empty -1, vertex and face sites 0.
 *
 * @param bonds - (N, 2, L, L) bond occupations 0/1.
 * @param size - Lattice side L.
 * @returns (N, 2L, 2L) lattice samples.
 * @throws RangeError when the length is not whole samples.
 */
export function dimerBondImage(bonds: ArrayLike<number>, size: number): LatticeSamples {
  const n = size * size;
  const count = bonds.length / (2 * n);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${bonds.length} bytes are not whole (2, ${size}, ${size}) samples`);
  const side = 2 * size;
  const values = new Int8Array(count * side * side);
  for (let s = 0; s < count; s++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const cell = s * side * side + 2 * y * side + 2 * x;
        values[cell + 1] = 2 * bonds[s * 2 * n + y * size + x]! - 1;
        values[cell + side] = 2 * bonds[s * 2 * n + n + y * size + x]! - 1;
      }
    }
  }
  return { values, count, height: side, width: side };
}

/**
 * Bond weights (2, 2, b, b) as an image filter (2, (2b)^2) over the 2b x 2b image block, zero on vertex and face sites.
 *
 * @param filters - Bond weights, see the header.
 * @param block - b.
 * @returns The image filter, rows row-major over the image block.
 */
export function imageFilterFromBonds(filters: ArrayLike<number>, block: number): Float64Array {
  const b = block, side = 2 * b;
  const out = new Float64Array(RSMI_DIMER_HIDDEN * side * side);
  for (let c = 0; c < RSMI_DIMER_HIDDEN; c++) {
    for (let y = 0; y < b; y++) {
      for (let x = 0; x < b; x++) {
        out[c * side * side + 2 * y * side + 2 * x + 1] = filters[((c * 2) * b + y) * b + x]!;
        out[c * side * side + (2 * y + 1) * side + 2 * x] = filters[((c * 2 + 1) * b + y) * b + x]!;
      }
    }
  }
  return out;
}

/**
 * An image filter (2, (2b)^2) as bond weights (2, 2, b, b); the vertex and face weights (which only ever met zeros) are dropped.
 *
 * @param image - The image filter.
 * @param block - b.
 * @returns Bond weights, see the header.
 */
export function bondFiltersFromImage(image: ArrayLike<number>, block: number): Float64Array {
  const b = block, side = 2 * b;
  const out = new Float64Array(RSMI_DIMER_HIDDEN * 2 * b * b);
  for (let c = 0; c < RSMI_DIMER_HIDDEN; c++) {
    for (let y = 0; y < b; y++) {
      for (let x = 0; x < b; x++) {
        out[((c * 2) * b + y) * b + x] = image[c * side * side + 2 * y * side + 2 * x + 1]!;
        out[((c * 2 + 1) * b + y) * b + x] = image[c * side * side + (2 * y + 1) * side + 2 * x]!;
      }
    }
  }
  return out;
}

/**
 * Learns the filter of one level on the bond image (cuts aligned to the 2 x 2 cell), two coarse variables per block:
 * `restarts` independent trainings, the highest bound kept.
 *
 * @param core - The kernels.
 * @param image - dimerBondImage of the samples.
 * @param level - Level >= 1 (b = 2^level).
 * @param training - Steps, batch size and restarts.
 * @param seed - Integer seed in [0, 2^53); restart r of level l draws from streams 96 r + 3 (l - 1) .. + 2 of it.
 * @returns The level's filters (bond weights) and bounds.
 * @throws RangeError when the level does not fit the lattice or restarts is not a positive integer.
 */
export function trainRsmiDimerLevel(core: Core, image: LatticeSamples, level: number, training: RsmiDimerTraining, seed: number): RsmiDimerLevel {
  const { restarts } = training;
  if (!Number.isInteger(restarts) || restarts < 1) throw new RangeError(`restarts must be a positive integer, got ${restarts}`);
  const geometry = rsmiDimerGeometry(image.width / 2, level);
  const options: RsmiOptions = {
    block: 2 * geometry.block, buffer: 2 * geometry.buffer, environment: 2 * geometry.environment,
    hidden: RSMI_DIMER_HIDDEN, alignment: 2, steps: training.steps, batchSize: training.batchSize,
  };
  const firstStream = (restart: number) => STREAMS_PER_RESTART * restart + STREAMS_PER_LEVEL * (level - 1);
  const runs = Array.from({ length: restarts }, (_, r) => trainRsmiFilterFromStreams(core, image, options, seed, firstStream(r)));
  const restartBounds = runs.map((r) => r.bound);
  const restart = restartBounds.indexOf(Math.max(...restartBounds));
  const run = runs[restart]!;
  const bondFilters = bondFiltersFromImage(run.filter, geometry.block);
  const rowLength = 2 * geometry.block ** 2;
  const filters = new Float64Array(bondFilters.length);
  for (let c = 0; c < RSMI_DIMER_HIDDEN; c++) filters.set(alignedFilter(bondFilters.subarray(c * rowLength, (c + 1) * rowLength)), c * rowLength);
  return { level, ...geometry, filters, bound: run.bound, boundError: run.boundError, ceiling: run.ceiling, restartBounds, restart };
}

/**
 * The coarse variables of a level: sign(Lambda_c . v) of every b x b block (applyRsmiFilter on the bond image; a tie
 * by the seeded coin of (seed, level, sample, unit)).
 *
 * @param image - dimerBondImage of the samples.
 * @param filters - Bond weights (2, 2, b, b).
 * @param block - b (divides L).
 * @param seed - Integer seed of the tie coins.
 * @param level - The level (keys the coins).
 * @returns (N, (L / b)^2, 2) +-1: unit 2 k + c is coarse variable c of block k, blocks row-major.
 */
export function rsmiDimerSigns(image: LatticeSamples, filters: ArrayLike<number>, block: number, seed: number, level: number): Int8Array {
  return applyRsmiFilter(image, imageFilterFromBonds(filters, block), RSMI_DIMER_HIDDEN, 2 * block, seed, level).values;
}

/**
 * Receptive fields of a level on the `bonds` encoding: each block's filters tiled over the lattice.
 *
 * @param size - Lattice side L.
 * @param filters - Bond weights (2, 2, b, b).
 * @param block - b (divides L).
 * @returns 2 L^2 x 2 (L / b)^2 f32 row-major over the bonds of the (2, L, L) occupations: unit 2 k + c's weight on
 *   every bond of block k, zero elsewhere.
 */
export function rsmiDimerFields(size: number, filters: ArrayLike<number>, block: number): Float32Array {
  const b = block, perSide = size / b, n = size * size;
  const units = RSMI_DIMER_HIDDEN * perSide * perSide;
  const fields = new Float32Array(2 * n * units);
  for (let axis = 0; axis < 2; axis++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const k = Math.floor(y / b) * perSide + Math.floor(x / b);
        for (let c = 0; c < RSMI_DIMER_HIDDEN; c++) {
          fields[(axis * n + y * size + x) * units + RSMI_DIMER_HIDDEN * k + c] = filters[((c * 2 + axis) * b + (y % b)) * b + (x % b)]!;
        }
      }
    }
  }
  return fields;
}
