// The grid a receptive field lives on, as a property of the data: the Ising
// configurations are a periodic torus, an image (a handwritten digit) is an
// open grid with edges. The locality measures (locality.ts, `docs/methods.md`,
// Locality) take their centre and distances from it.

/**
 * The grid of a layer's visible units: `width` columns x `height` rows, site s = y width + x (x the column, y the
 * row, both from 0).
 *
 * - `"torus"`: periodic along both axes (the Ising lattice). Centres are circular means, distances minimal-image,
 *   blocks wrap round.
 * - `"open"`: edges, no wrap (an image, where L1-penalized RBMs also learn local fields: Ho 2013). Centres are plain
 *   weighted means, distances Euclidean, blocks are clipped at the edges.
 */
export interface Geometry {
  /** Periodic ("torus") or with edges ("open"). */
  readonly kind: "torus" | "open";
  /** Columns (x runs 0..width-1). */
  readonly width: number;
  /** Rows (y runs 0..height-1). */
  readonly height: number;
}

/**
 * A grid given either as a Geometry or as a side L, which means the L x L torus (the Ising lattice: how every caller
 * before open grids passed it).
 */
export type GridLike = number | Geometry;

/**
 * The periodic width x height torus.
 *
 * @param width - Columns (integer >= 1).
 * @param height - Rows (integer >= 1); defaults to width.
 * @returns The geometry.
 */
export function torusGeometry(width: number, height: number = width): Geometry {
  return checkedGeometry({ kind: "torus", width, height });
}

/**
 * The open width x height grid of an image: edges, no wrap.
 *
 * @param width - Columns (integer >= 1).
 * @param height - Rows (integer >= 1); defaults to width.
 * @returns The geometry.
 *
 * @example
 * ```ts
 * const digits = openGeometry(28); // an MNIST image
 * layerLocality(fields, digits, nUnits, kForLayer(digits, 784, nUnits));
 * ```
 */
export function openGeometry(width: number, height: number = width): Geometry {
  return checkedGeometry({ kind: "open", width, height });
}

/**
 * The Geometry of a GridLike: a number L is the L x L torus.
 *
 * @param grid - A side L or a geometry.
 * @returns The geometry, checked (positive integer sides, a known kind).
 * @throws RangeError on a side that is not a positive integer or an unknown kind.
 */
export function asGeometry(grid: GridLike): Geometry {
  if (typeof grid === "number") {
    if (!Number.isInteger(grid) || grid < 1) throw new RangeError(`lattice side must be a positive integer, got ${grid}`);
    return { kind: "torus", width: grid, height: grid };
  }
  return checkedGeometry(grid);
}

/**
 * Sites of the grid, width x height.
 *
 * @param geometry - The grid.
 * @returns width * height.
 */
export function siteCount(geometry: Geometry): number {
  return geometry.width * geometry.height;
}

/**
 * "torus 40 x 40", "open 28 x 28": for messages and cache keys.
 *
 * @param geometry - The grid.
 * @returns Its kind and sides.
 */
export function describeGeometry(geometry: Geometry): string {
  return `${geometry.kind} ${geometry.width} x ${geometry.height}`;
}

function checkedGeometry(geometry: Geometry): Geometry {
  const { kind, width, height } = geometry;
  if (kind !== "torus" && kind !== "open") throw new RangeError(`geometry kind must be "torus" or "open", got ${String(kind)}`);
  for (const [name, side] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(side) || side < 1) throw new RangeError(`grid ${name} must be a positive integer, got ${side}`);
  }
  return { kind, width, height };
}
