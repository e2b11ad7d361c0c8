// Locality numbers for receptive fields on the periodic L x L lattice, or on
// any grid a Geometry names (geometry.ts: a torus, or an open image grid with
// edges): how compact each unit's field is, and whether a layer's fields tile
// the lattice the way Kadanoff blocks do. Plain TypeScript on JS arrays: per unit the work
// is O(sites), and the pairwise overlap O(units^2 sites) is well under a
// second for the paper's 400 units.
//
// Definitions (quoted by the report; keep them in step with the code).
//
// A field r is a vector over the N = L^2 sites, site s = y L + x (x the
// column, y the row, both 0..L-1: a column of receptive-field.ts reshaped to
// an L x L image). The weight of a site is w_s = r_s^2, the field's "energy"
// density: a coupling's sign never matters, only its magnitude. Why r^2 and
// not |r|: trained fields are a compact blob on top of a faint halo spread
// over all 1600 sites, and with |r| the halo's many small values outweigh the
// blob. On a 30-epoch L1 stack the |r|-weighted median spread of layer 3 was
// 13.9 sites against 16.1 for random fields, though the fields are plainly
// blobs; r^2 gives 9.6 (and r^4 4.3), while scikit-learn's fields stay at
// 15.6 and random ones at 16.0.
//
// Centre. Per axis, the circular mean of the coordinate weighted by w:
//   Cx = sum_s w_s cos(2 pi x_s / L),  Sx = sum_s w_s sin(2 pi x_s / L),
//   centreX = (L / 2 pi) atan2(Sx, Cx) mapped to [0, L); centreY likewise.
// This is the centre of mass on a ring, so a field straddling the boundary
// (columns L-1 and 0) is centred at L - 1/2 rather than at L/2. The resultant
// length Rx = sqrt(Cx^2 + Sx^2) / sum_s w_s is 1 for a field on one column
// and 0 for a uniform one. When Rx < 1e-9 there is no preferred centre along
// x (uniform weight, or weight split evenly between opposite columns); that
// axis then takes the coordinate of the site of largest w (the first in site
// order on ties) and the unit is flagged centred = false. Same for y.
//
// Spread. sqrt( sum_s w_s d_s^2 / sum_s w_s ), d_s the minimal-image
// Euclidean distance from site s to the centre: per axis the offset
// x_s - centreX is wrapped into [-L/2, L/2]. In lattice spacings. A uniform
// k x k block has spread sqrt((k^2 - 1) / 6): 0 for one site, sqrt(0.5) for
// 2 x 2, sqrt(2.5) for 4 x 4.
//
// Block fraction for side k. The block is k consecutive columns times k
// consecutive rows, periodic: per axis the run start, ..., start + k - 1 whose
// mean position start + (k - 1)/2 is nearest the centre,
//   start = round(centre - (k - 1)/2) mod L   (round half up).
// blockFraction(k) = (sum of w over the block) / (sum of w over all sites).
// A k x k block of sites gives exactly 1 at side k, a single site gives 1 for
// every k >= 1, and k >= L takes the whole lattice (1).
//
// A field with sum w = 0 has no centre: centre (0, 0), centred = false,
// spread and blockFraction NaN, and it is left out of the layer quartiles.
//
// Overlap of a layer: the mean over unit pairs i < j of
//   sum_s |r_i(s)| |r_j(s)| / sqrt( sum_s r_i(s)^2  sum_s r_j(s)^2 ),
// the cosine similarity of the magnitudes |r_i|, |r_j|: 1 for the same
// support and profile (up to scale and sign), 0 for disjoint supports, so a
// perfect tiling scores 0. A pair with an all-zero field counts as 0; fewer
// than two units give NaN.
//
// Layer summary: median and quartiles q25, q75 over units, type 7 (linear
// interpolation between order statistics, NumPy's default).
//
// Other grids. Everything above is the torus (a side L stands for the L x L
// torus, every caller's grid before open ones). A torus width x height has
// period width along x and height along y in the centre, the minimal image
// and the block; a block side k at or above one side takes that whole axis.
// An open width x height grid (an image: a handwritten digit, where L1-
// penalized RBMs learn local fields too, Ho 2013) has edges and no wrap:
//   centreX = sum_s w_s x_s / sum_s w_s in [0, width - 1], centreY likewise
//     (the plain centre of mass; it always exists, so centred is true for
//     every field with mass);
//   spread = sqrt( sum_s w_s |s - centre|^2 / sum_s w_s ), plain Euclidean
//     distance: a single pixel, even at a corner, has spread 0, and a uniform
//     n x n grid sqrt((n^2 - 1) / 6) about its middle;
//   blockFraction(k): the same run rule per axis without the mod,
//     start = round(centre - (k - 1)/2), and the block start .. start + k - 1
//     clipped to the grid: the part of the k x k square around the centre
//     that lies outside the image has no pixels and holds no weight, so
//     clipping drops nothing (a k x k blob against the edge still gives 1);
//   overlap: unchanged, a sum over sites with no geometry in it.
// The random reference on an open grid is the same i.i.d. normal fields
// through these open measures. With uniform weight the spread is
// sqrt((width^2 + height^2 - 2) / 12) = 11.42 on 28 x 28; the fitted centre
// cx sits off the middle m by a random amount, and since
//   spread^2 = sum_s w_s |s - m|^2 / sum_s w_s - |centre - m|^2,
// random weights lower spread^2 only by E|centre - m|^2, about
// (Var(w) / E[w]^2) (width^2 + height^2 - 2) / (12 N) = 0.33 on 28 x 28:
// spread ~ 11.41, a second-order effect where the torus's circular mean
// leans first-order (11.13 on a 28 x 28 torus). The block fraction is about
// k^2 / N, without the torus's lift; the overlap is the torus's, 2/pi.
//
// Random reference: nUnits fields of i.i.d. standard normal values per site
// (mulberry32 uniforms through Box-Muller, seeded), through the same
// measures. What to expect, N = L^2 sites, w = X^2 with mean 1 and variance 2:
//   spread: with uniform weight the wrapped offset per axis is uniform on
//     [-L/2, L/2] with mean square L^2/12, so spread = L / sqrt 6 = 16.33 for
//     L = 40 (on the discrete torus exactly sqrt(267) = 16.340 centred on a
//     site). Random weights sit a little lower, because the circular mean is
//     the direction of the first Fourier component of w, so the fitted centre
//     leans towards the heavy sites: the first harmonic at the fitted centre
//     contributes -(L^2/pi^2) R per axis, R Rayleigh-distributed with mean
//     E[R] = sqrt(pi Var(w) / (4 N)) / E[w] = sqrt(pi / (2 N)) = 0.0313, so
//       spread ~ sqrt(L^2/6 - 2 (L^2/pi^2) E[R]) = 16.02 for L = 40.
//   blockFraction(k): k^2 / L^2 (0.0025, 0.01, 0.04 for k = 2, 4, 8 on
//     40 x 40) lifted by the same lean: a site at angle offset phi from the
//     centre carries on average E[w] (1 + lift cos phi) per axis, with
//     lift = sqrt(pi Var(w) / N) / E[w] = sqrt(2 pi / N) = 0.0627, so the mean is about
//       (k^2 / L^2) (1 + 2 lift c_k), c_k = mean over the k offsets
//       j - (k-1)/2 of cos(2 pi (j - (k-1)/2) / L).
//   overlap (still on |r|): E|X| E|Y| / E X^2 = 2 / pi = 0.6366 for independent normals.

import { seededUniforms } from "../host-random.js";
import { asGeometry, describeGeometry, siteCount, type Geometry, type GridLike } from "./geometry.js";
import { fieldColumn } from "./receptive-field.js";

/** Below this resultant length an axis has no preferred centre (see header). */
const MIN_RESULTANT = 1e-9;

/**
 * How local one receptive field r is on its grid (the periodic L x L lattice, or an open image grid), with
 * w_s = r_s^2 as the mass of site s (`docs/methods.md`, Locality).
 */
export interface UnitLocality {
  /** Centre along x (column), in lattice spacings: the circular mean in [0, width) on a torus, the plain mean in [0, width - 1] on an open grid. */
  centreX: number;
  /** Centre along y (row), in lattice spacings: the circular mean in [0, height) on a torus, the plain mean in [0, height - 1] on an open grid. */
  centreY: number;
  /** RMS distance of the mass from the centre (minimal-image on a torus, Euclidean on an open grid), in lattice spacings. */
  spread: number;
  /** Share of the mass inside the k x k block around the centre (clipped at the edges of an open grid), in [0, 1]. */
  blockFraction: number;
  /** False when an axis had no preferred (circular) centre and fell back to the heaviest site; always true on an open grid. */
  centred: boolean;
}

/** Median and quartiles of a set of values. */
export interface Quartiles {
  /** The 50th percentile (type 7, NumPy's default). */
  median: number;
  /** The 25th percentile. */
  q25: number;
  /** The 75th percentile. */
  q75: number;
}

/** Locality of a layer's units: quartiles over units, and each unit's numbers. */
export interface LayerLocality {
  /** Side k of the blocks behind blockFraction. */
  blockSide: number;
  /** Quartiles of the units' spreads (lattice spacings), units without mass left out. */
  spread: Quartiles;
  /** Quartiles of the units' block fractions, in [0, 1]. */
  blockFraction: Quartiles;
  /** Per unit, in unit order. */
  units: UnitLocality[];
}

/**
 * Centre, spread and block fraction (side k) of one field over its grid.
 *
 * On a torus (a side L, or `torusGeometry`) the centre is the circular mean and distances are minimal-image; on an
 * open grid (`openGeometry`, an image) the centre is the plain r^2-weighted mean, distances are Euclidean and the
 * k x k block is clipped at the edges (`docs/methods.md`, Locality).
 *
 * @param field - width x height values, site s = y width + x (a column of a receptive-field matrix; fieldColumn).
 * @param grid - The grid: a side L for the L x L torus, or a Geometry.
 * @param k - Block side for blockFraction (kForLayer gives the tiling one).
 * @returns The unit's numbers; spread and blockFraction are NaN for an all-zero field.
 *
 * @example
 * ```ts
 * const field = new Float32Array(16 * 16);
 * field[5 * 16 + 3] = 1; // one site, x = 3, y = 5
 * unitLocality(field, 16, 2); // centre (3, 5), spread 0, blockFraction 1
 * unitLocality(field, openGeometry(16), 2); // the same on an open 16 x 16 image
 * ```
 */
export function unitLocality(field: ArrayLike<number>, grid: GridLike, k: number): UnitLocality {
  const geometry = asGeometry(grid);
  checkSites(field.length, geometry);
  checkSide(k);
  const weights = new Float64Array(field.length);
  for (let site = 0; site < field.length; site++) weights[site] = field[site]! * field[site]!;
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0)) return { centreX: 0, centreY: 0, spread: NaN, blockFraction: NaN, centred: false };
  return geometry.kind === "torus" ? torusLocality(weights, total, geometry, k) : openLocality(weights, total, geometry, k);
}

/** unitLocality on a torus: circular centres, minimal-image distances, blocks that wrap. */
function torusLocality(weights: Float64Array, total: number, geometry: Geometry, k: number): UnitLocality {
  const { width, height } = geometry;
  const { columns, rows } = marginals(weights, geometry);
  const heaviest = indexOfMax(weights);
  const circularX = circularCentre(columns, total, width);
  const circularY = circularCentre(rows, total, height);
  const centreX = circularX ?? heaviest % width;
  const centreY = circularY ?? Math.floor(heaviest / width);
  const squaredSpread = (secondMoment(columns, centreX, width) + secondMoment(rows, centreY, height)) / total;
  return {
    centreX, centreY,
    spread: Math.sqrt(squaredSpread),
    blockFraction: torusBlockWeight(weights, geometry, centreX, centreY, k) / total,
    centred: circularX !== undefined && circularY !== undefined,
  };
}

/** unitLocality on an open grid: plain centre of mass, Euclidean distances, blocks clipped at the edges. */
function openLocality(weights: Float64Array, total: number, geometry: Geometry, k: number): UnitLocality {
  const { columns, rows } = marginals(weights, geometry);
  const centreX = plainCentre(columns, total);
  const centreY = plainCentre(rows, total);
  const squaredSpread = (secondMoment(columns, centreX) + secondMoment(rows, centreY)) / total;
  return {
    centreX, centreY,
    spread: Math.sqrt(squaredSpread),
    blockFraction: openBlockWeight(weights, geometry, centreX, centreY, k) / total,
    centred: true,
  };
}

/**
 * unitLocality for every column of a row-major nSites x nUnits field matrix, with quartiles.
 *
 * @param fieldMatrix - nSites x nUnits values (nSites = width x height), row-major (receptiveFields' layout).
 * @param grid - The grid: a side L for the L x L torus, or a Geometry (openGeometry(28) for MNIST images).
 * @param nUnits - Columns (units).
 * @param k - Block side.
 * @returns Quartiles over units and each unit's numbers.
 *
 * @example
 * ```ts
 * const fields = receptiveFields(core, stack.layers);
 * const layer2 = layerLocality(fields[1]!, 40, stack.layers[1]!.nHidden, kForLayer(40, 1600, stack.layers[1]!.nHidden));
 * console.log(layer2.spread.median, randomFieldReference(40, stack.layers[1]!.nHidden, layer2.blockSide, 1).spread.median);
 * ```
 */
export function layerLocality(fieldMatrix: ArrayLike<number>, grid: GridLike, nUnits: number, k: number): LayerLocality {
  const geometry = asGeometry(grid);
  const nSites = siteCount(geometry);
  checkSites(fieldMatrix.length / nUnits, geometry);
  const units = Array.from({ length: nUnits }, (_, unit) => unitLocality(fieldColumn(fieldMatrix, nSites, nUnits, unit), geometry, k));
  return {
    blockSide: k,
    spread: quartiles(units.map((u) => u.spread)),
    blockFraction: quartiles(units.map((u) => u.blockFraction)),
    units,
  };
}

/**
 * nUnits unstructured fields: row-major nSites x nUnits, i.i.d. standard normal, from `seed`. The values depend on
 * the number of sites only, so a torus and an open grid of the same sides get the same fields.
 *
 * @param grid - The grid: a side L for the L x L torus, or a Geometry.
 * @param nUnits - Columns.
 * @param seed - Integer seed in [0, 2^53).
 * @returns The matrix (mulberry32 uniforms through Box-Muller; not the kernels' generator).
 */
export function randomFieldMatrix(grid: GridLike, nUnits: number, seed: number): Float32Array {
  const nSites = siteCount(asGeometry(grid));
  const normal = normalSource(seed);
  const fields = new Float32Array(nSites * nUnits);
  for (let i = 0; i < fields.length; i++) fields[i] = normal();
  return fields;
}

/**
 * layerLocality of randomFieldMatrix(grid, nUnits, seed) on the same grid: what no structure looks like there.
 * Remembered (frozen) for the last RANDOM_REFERENCES_KEPT arguments: every arm of a reproduce run, and its RG
 * levels, compare with the same reference, and recomputing it was a third of reproduce --quick.
 *
 * @param grid - The grid: a side L for the L x L torus, or a Geometry (an open grid gets the open measures).
 * @param nUnits - Units.
 * @param k - Block side.
 * @param seed - Integer seed in [0, 2^53).
 * @returns The reference (frozen: shared between callers).
 */
export function randomFieldReference(grid: GridLike, nUnits: number, k: number, seed: number): Readonly<LayerLocality> {
  const geometry = asGeometry(grid);
  return remembered(
    `locality ${describeGeometry(geometry)} ${nUnits} ${k} ${seed}`,
    () => deepFreeze(layerLocality(randomFieldMatrix(geometry, nUnits, seed), geometry, nUnits, k)),
  );
}

/**
 * meanOverlap of randomFieldMatrix(grid, nUnits, seed) (about 2/pi), remembered as randomFieldReference is. The
 * overlap is a sum over sites with no geometry in it, so a torus and an open grid of the same sides agree.
 *
 * @param grid - The grid: a side L for the L x L torus, or a Geometry.
 * @param nUnits - Units.
 * @param seed - Integer seed in [0, 2^53).
 * @returns The mean overlap, in [0, 1].
 */
export function randomFieldOverlap(grid: GridLike, nUnits: number, seed: number): number {
  const nSites = siteCount(asGeometry(grid));
  return remembered(`overlap ${nSites} ${nUnits} ${seed}`, () => meanOverlap(randomFieldMatrix(grid, nUnits, seed), nSites, nUnits));
}

const RANDOM_REFERENCES_KEPT = 64;
const randomReferences = new Map<string, unknown>();

/** make()'s value for `key`, computed once while the key is among the last RANDOM_REFERENCES_KEPT used. */
function remembered<T>(key: string, make: () => T): T {
  if (randomReferences.has(key)) {
    const value = randomReferences.get(key) as T;
    randomReferences.delete(key);
    randomReferences.set(key, value);
    return value;
  }
  const value = make();
  randomReferences.set(key, value);
  if (randomReferences.size > RANDOM_REFERENCES_KEPT) randomReferences.delete(randomReferences.keys().next().value!);
  return value;
}

function deepFreeze<T extends object>(value: T): T {
  for (const member of Object.values(value)) if (typeof member === "object" && member !== null) deepFreeze(member as object);
  return Object.freeze(value);
}

/**
 * Mean over unit pairs i < j of the cosine similarity of |r_i| and |r_j|: 1 for the same support and profile, 0
 * for disjoint supports (a perfect tiling scores 0).
 *
 * @param fieldMatrix - nVisible x nUnits values, row-major.
 * @param nVisible - Rows (sites).
 * @param nUnits - Columns (units).
 * @returns The mean, in [0, 1]; NaN for fewer than 2 units.
 */
export function meanOverlap(fieldMatrix: ArrayLike<number>, nVisible: number, nUnits: number): number {
  if (fieldMatrix.length !== nVisible * nUnits) {
    throw new RangeError(`field has ${fieldMatrix.length} values, expected ${nVisible} x ${nUnits}`);
  }
  if (nUnits < 2) return NaN;
  const magnitudes = unitMajorMagnitudes(fieldMatrix, nVisible, nUnits);
  const norms = Array.from({ length: nUnits }, (_, i) => Math.sqrt(dot(magnitudes, i, i, nVisible)));
  let sum = 0;
  const dots = new Float64Array(nUnits);
  for (let i = 0; i < nUnits; i++) {
    dotsWithLater(magnitudes, i, nUnits, nVisible, dots);
    for (let j = i + 1; j < nUnits; j++) {
      const scale = norms[i]! * norms[j]!;
      if (scale > 0) sum += dots[j]! / scale;
    }
  }
  return sum / ((nUnits * (nUnits - 1)) / 2);
}

/**
 * The block side at which nUnits equal blocks would tile the lattice:
 * round(sqrt(nVisible0 / nUnits)), within 1..max(width, height) (40 x 40:
 * 400 units -> 2, 100 -> 4, 25 -> 8; on 28 x 28 images 196 units -> 2).
 *
 * @param grid - The grid: a side L for the L x L torus, or a Geometry.
 * @param nVisible0 - Sites of the input grid (width x height).
 * @param nUnits - Units of the layer.
 * @returns k in 1..max(width, height) (1..L on the L x L torus).
 */
export function kForLayer(grid: GridLike, nVisible0: number, nUnits: number): number {
  const geometry = asGeometry(grid);
  checkSites(nVisible0, geometry);
  if (!Number.isInteger(nUnits) || nUnits < 1) throw new RangeError(`unit count must be a positive integer, got ${nUnits}`);
  return Math.min(Math.max(geometry.width, geometry.height), Math.max(1, Math.round(Math.sqrt(nVisible0 / nUnits))));
}

// --- pieces -------------------------------------------------------------------

function checkSites(nSites: number, geometry: Geometry): void {
  const expected = siteCount(geometry);
  if (nSites !== expected) throw new RangeError(`a field over the ${describeGeometry(geometry)} grid has ${expected} sites, got ${nSites}`);
}

function checkSide(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`block side must be a positive integer, got ${k}`);
}

/** Total weight per column (x) and per row (y): the centre and spread are separable per axis. */
function marginals(weights: Float64Array, geometry: Geometry): { columns: Float64Array; rows: Float64Array } {
  const { width, height } = geometry;
  const columns = new Float64Array(width);
  const rows = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = weights[y * width + x]!;
      columns[x]! += w;
      rows[y]! += w;
    }
  }
  return { columns, rows };
}

/** Circular mean of positions 0..L-1 weighted by `marginal`, in [0, L); undefined when the resultant is ~0. */
function circularCentre(marginal: Float64Array, total: number, L: number): number | undefined {
  let cos = 0, sin = 0;
  marginal.forEach((w, position) => {
    const angle = (2 * Math.PI * position) / L;
    cos += w * Math.cos(angle);
    sin += w * Math.sin(angle);
  });
  if (Math.hypot(cos, sin) < MIN_RESULTANT * total) return undefined;
  return modulo((Math.atan2(sin, cos) * L) / (2 * Math.PI), L);
}

/** Weighted mean of positions 0..n-1 (the plain centre of mass along an open axis). */
function plainCentre(marginal: Float64Array, total: number): number {
  let sum = 0;
  marginal.forEach((w, position) => {
    sum += w * position;
  });
  return sum / total;
}

/**
 * sum over positions of weight times the squared offset from `centre`: minimal-image on a ring of `period`
 * positions, plain when no period is given (an open axis).
 */
function secondMoment(marginal: Float64Array, centre: number, period?: number): number {
  let sum = 0;
  marginal.forEach((w, position) => {
    const offset = position - centre;
    sum += w * (period === undefined ? offset : minimalImage(offset, period)) ** 2;
  });
  return sum;
}

/**
 * Weight inside the periodic k x k block nearest the centre (see header for the rule). Along an axis shorter than k
 * the block is that whole axis.
 */
function torusBlockWeight(weights: Float64Array, geometry: Geometry, centreX: number, centreY: number, k: number): number {
  const { width, height } = geometry;
  if (k >= width && k >= height) return weights.reduce((sum, w) => sum + w, 0);
  const kx = Math.min(k, width), ky = Math.min(k, height);
  const startX = blockStart(centreX, kx, width);
  const startY = blockStart(centreY, ky, height);
  let sum = 0;
  for (let dy = 0; dy < ky; dy++) {
    const row = ((startY + dy) % height) * width;
    for (let dx = 0; dx < kx; dx++) sum += weights[row + ((startX + dx) % width)]!;
  }
  return sum;
}

/**
 * Weight inside the k x k block nearest the centre on an open grid: the run start = round(centre - (k - 1)/2) per
 * axis (no mod), clipped to the grid (the part outside the image has no pixels).
 */
function openBlockWeight(weights: Float64Array, geometry: Geometry, centreX: number, centreY: number, k: number): number {
  const { width, height } = geometry;
  const startX = Math.round(centreX - (k - 1) / 2), startY = Math.round(centreY - (k - 1) / 2);
  const x0 = Math.max(0, startX), x1 = Math.min(width - 1, startX + k - 1);
  const y0 = Math.max(0, startY), y1 = Math.min(height - 1, startY + k - 1);
  let sum = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) sum += weights[y * width + x]!;
  return sum;
}

/** First position of the k-run whose mean position start + (k-1)/2 is nearest `centre` (Math.round: half up). */
function blockStart(centre: number, k: number, L: number): number {
  return modulo(Math.round(centre - (k - 1) / 2), L);
}

/** Offset wrapped into [-L/2, L/2]: the shortest way round the ring. */
function minimalImage(offset: number, L: number): number {
  return offset - L * Math.round(offset / L);
}

function modulo(value: number, L: number): number {
  return ((value % L) + L) % L;
}

function indexOfMax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * Type-7 quartiles of the non-NaN values (linear interpolation between order statistics, NumPy's default).
 *
 * @param values - Any numbers; NaN are left out.
 * @returns Median and quartiles; NaN for no values.
 */
export function quartiles(values: readonly number[]): Quartiles {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), q25: quantile(sorted, 0.25), q75: quantile(sorted, 0.75) };
}

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** |r| transposed to one contiguous row per unit, so pair products stream through memory. */
function unitMajorMagnitudes(fieldMatrix: ArrayLike<number>, nVisible: number, nUnits: number): Float64Array {
  const out = new Float64Array(nVisible * nUnits);
  for (let site = 0; site < nVisible; site++) {
    for (let unit = 0; unit < nUnits; unit++) out[unit * nVisible + site] = Math.abs(fieldMatrix[site * nUnits + unit]!);
  }
  return out;
}

/**
 * dots[j] = dot(rows, i, j) for j in (i, nRows), four rows j per pass over row i (each dot still summed in site
 * order, so the values are dot's): the pairwise overlap of 400 units was a second of reproduce --quick.
 */
function dotsWithLater(rows: Float64Array, i: number, nRows: number, length: number, dots: Float64Array): void {
  const a = i * length;
  let j = i + 1;
  for (; j + 4 <= nRows; j += 4) {
    const b0 = j * length, b1 = b0 + length, b2 = b1 + length, b3 = b2 + length;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let s = 0; s < length; s++) {
      const x = rows[a + s]!;
      s0 += x * rows[b0 + s]!;
      s1 += x * rows[b1 + s]!;
      s2 += x * rows[b2 + s]!;
      s3 += x * rows[b3 + s]!;
    }
    dots[j] = s0; dots[j + 1] = s1; dots[j + 2] = s2; dots[j + 3] = s3;
  }
  for (; j < nRows; j++) dots[j] = dot(rows, i, j, length);
}

function dot(rows: Float64Array, i: number, j: number, length: number): number {
  let sum = 0;
  const a = i * length, b = j * length;
  for (let s = 0; s < length; s++) sum += rows[a + s]! * rows[b + s]!;
  return sum;
}

/** Standard normals from mulberry32 uniforms (host-random.ts) by Box-Muller (one normal per pair of uniforms). */
function normalSource(seed: number): () => number {
  const uniform = seededUniforms(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
