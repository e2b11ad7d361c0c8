// The regions of real-space mutual information (Koch-Janusz & Ringel,
// "Mutual information, neural networks and the renormalization group",
// Nature Physics 14, 578, 2018; Goekmen, Ringel, Huber & Koch-Janusz, PRE
// 104, 064106, 2021): a visible block V of b x b sites, a buffer of width w
// around it that is left out, and the environment E, a square shell of width
// e beyond the buffer. Offsets are relative to the block's top-left site;
// positions wrap on the periodic lattice.

import type { SeededRandom } from "./random.js";

/** Lattice samples: (count, height, width) values, sample-major and row-major (site (y, x) of sample n at (n height + y) width + x). */
export interface LatticeSamples {
  /** The values: Ising spins +-1, or an encoding with values 0/1 (any small integers are taken as they are). */
  values: Int8Array;
  /** Number of samples N. */
  count: number;
  /** Rows per sample (Ly). */
  height: number;
  /** Columns per sample (Lx). */
  width: number;
}

/** The geometry of one (block, environment) pair. */
export interface RegionGeometry {
  /** Block side b (sites). */
  block: number;
  /** Buffer width w (sites, >= 0) between the block and the environment. */
  buffer: number;
  /** Environment shell width e (sites, >= 1). */
  environment: number;
}

/** Site offsets (dy, dx) of the block and the environment, relative to the block's top-left site. */
export interface RegionOffsets {
  /** b^2 block offsets, row-major over the block. */
  blockDy: Int32Array;
  /** See blockDy. */
  blockDx: Int32Array;
  /** Environment offsets: sites at Chebyshev distance w + 1 .. w + e from the block, row-major over the window. */
  environmentDy: Int32Array;
  /** See environmentDy. */
  environmentDx: Int32Array;
  /** Side of the window that holds block, buffer and environment: b + 2 (w + e). */
  window: number;
}

/**
 * The block and environment offsets of a geometry. The environment is the
 * square shell of sites whose Chebyshev distance from the block is in
 * (w, w + e]: (b + 2(w + e))^2 - (b + 2w)^2 sites.
 *
 * @param geometry - Block side, buffer and environment widths.
 * @returns The offsets.
 * @throws RangeError for a non-positive block or environment, or a negative buffer.
 */
export function regionOffsets(geometry: RegionGeometry): RegionOffsets {
  const { block: b, buffer: w, environment: e } = geometry;
  if (!Number.isInteger(b) || b < 1) throw new RangeError(`block side must be a positive integer, got ${b}`);
  if (!Number.isInteger(w) || w < 0) throw new RangeError(`buffer width must be a non-negative integer, got ${w}`);
  if (!Number.isInteger(e) || e < 1) throw new RangeError(`environment width must be a positive integer, got ${e}`);
  const reach = w + e;
  const blockDy: number[] = [], blockDx: number[] = [], envDy: number[] = [], envDx: number[] = [];
  for (let dy = 0; dy < b; dy++) for (let dx = 0; dx < b; dx++) { blockDy.push(dy); blockDx.push(dx); }
  for (let dy = -reach; dy < b + reach; dy++) {
    for (let dx = -reach; dx < b + reach; dx++) {
      const distance = Math.max(outside(dy, b), outside(dx, b));
      if (distance > w && distance <= reach) { envDy.push(dy); envDx.push(dx); }
    }
  }
  return {
    blockDy: Int32Array.from(blockDy), blockDx: Int32Array.from(blockDx),
    environmentDy: Int32Array.from(envDy), environmentDx: Int32Array.from(envDx),
    window: b + 2 * reach,
  };
}

/** How far offset d lies outside [0, b). */
function outside(d: number, b: number): number {
  return d < 0 ? -d : d >= b ? d - b + 1 : 0;
}

/** A batch of (block, environment) pairs as float64 rows. */
export interface PairBatch {
  /** (K, b^2) block values, row-major. */
  block: Float64Array;
  /** (K, nEnvironment) environment values, row-major. */
  environment: Float64Array;
  /** Pairs K. */
  size: number;
}

/**
 * Checks that a geometry fits the samples: the window must not wrap onto
 * itself (b + 2(w + e) <= both sides) and the sides must be multiples of the
 * alignment.
 *
 * @param samples - The lattice samples.
 * @param offsets - The geometry's offsets.
 * @param alignment - Cell size the block positions are aligned to.
 * @throws RangeError naming the problem.
 */
export function checkGeometryFits(samples: LatticeSamples, offsets: RegionOffsets, alignment: number): void {
  const { count, height, width, values } = samples;
  if (values.length !== count * height * width) throw new RangeError(`samples hold ${values.length} values, expected ${count} x ${height} x ${width}`);
  if (count < 1) throw new RangeError("no samples");
  if (offsets.window > height || offsets.window > width) {
    throw new RangeError(`block, buffer and environment span ${offsets.window} sites, more than the ${height} x ${width} lattice`);
  }
  if (!Number.isInteger(alignment) || alignment < 1 || height % alignment !== 0 || width % alignment !== 0) {
    throw new RangeError(`alignment ${alignment} does not divide the ${height} x ${width} lattice`);
  }
}

/**
 * Cuts K (block, environment) pairs at random: a uniform sample, and a block
 * position whose row and column are uniform multiples of `alignment` (the
 * cell size of the encoding: 1 for Ising spins; 2 for an encoding whose unit
 * cell is 2 x 2, where an unaligned cut would let the coarse variable read
 * the cut's parity). Draws sample, row, column in that order for each pair.
 *
 * @param samples - The lattice samples (geometry already checked).
 * @param offsets - The geometry's offsets.
 * @param size - Pairs K.
 * @param alignment - Cell size of block positions.
 * @param random - The generator the draws come from.
 * @param out - Optional batch to fill (same K and offsets) instead of allocating.
 * @returns The pairs.
 */
export function cutPairs(
  samples: LatticeSamples, offsets: RegionOffsets, size: number, alignment: number, random: SeededRandom, out?: PairBatch,
): PairBatch {
  const { values, height, width, count } = samples;
  const nBlock = offsets.blockDy.length;
  const nEnv = offsets.environmentDy.length;
  const batch = out ?? { block: new Float64Array(size * nBlock), environment: new Float64Array(size * nEnv), size };
  const rows = height / alignment, cols = width / alignment;
  const { blockDy, blockDx, environmentDy, environmentDx } = offsets;
  for (let i = 0; i < size; i++) {
    const sample = random.below(count);
    const y0 = random.below(rows) * alignment;
    const x0 = random.below(cols) * alignment;
    const base = sample * height * width;
    for (let j = 0; j < nBlock; j++) {
      batch.block[i * nBlock + j] = values[base + wrap(y0 + blockDy[j]!, height) * width + wrap(x0 + blockDx[j]!, width)]!;
    }
    for (let j = 0; j < nEnv; j++) {
      batch.environment[i * nEnv + j] = values[base + wrap(y0 + environmentDy[j]!, height) * width + wrap(x0 + environmentDx[j]!, width)]!;
    }
  }
  return batch;
}

/** i modulo n for i in [-n, 2n): the window never spans more than the lattice (checkGeometryFits). */
function wrap(i: number, n: number): number {
  return i < 0 ? i + n : i >= n ? i - n : i;
}
