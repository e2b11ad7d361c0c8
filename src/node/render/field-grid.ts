// Tile grids as PNG: receptive fields on a diverging blue-white-red map (each
// tile scaled by its own largest |value|, zero exactly white), and spin
// configurations in grayscale. Pixels are written into a raw RGB buffer and
// encoded by sharp; every lattice site is a square of cellPixels pixels.

import sharp from "sharp";

/** A colour: red, green and blue, each an integer 0..255. */
export type Rgb = [number, number, number];

/** Options of renderFieldGrid. */
export interface FieldGridOptions {
  /** Tiles per row; default ceil(sqrt(tiles drawn)). */
  columns?: number;
  /** Draw only the first maxUnits units; default all. */
  maxUnits?: number;
  /** Pixels per lattice site; default so a tile is about 80 px wide. */
  cellPixels?: number;
  /** Pixels between tiles and around the grid; default 2. */
  gap?: number;
}

/** Options of renderLatticeGrid. */
export interface LatticeGridOptions {
  /** Tiles per row; default ceil(sqrt(count)). */
  columns?: number;
  /** Pixels per lattice site; default so a tile is about 80 px wide. */
  cellPixels?: number;
  /** Pixels between tiles and around the grid; default 2. */
  gap?: number;
  /** Values mapped to black and white; default [-1, 1] if any value is negative, else [0, 1]. */
  range?: [number, number];
}

/** RdBu (ColorBrewer, 11 classes) from +1 down to -1, with its centre made pure white. */
const DIVERGING_STOPS: readonly Rgb[] = [
  [103, 0, 31], [178, 24, 43], [214, 96, 77], [244, 165, 130], [253, 219, 199],
  [255, 255, 255],
  [209, 229, 240], [146, 197, 222], [67, 147, 195], [33, 102, 172], [5, 48, 97],
];
/** Marks NaN sites: black is on neither end of the diverging map. */
const NOT_A_NUMBER_COLOR: Rgb = [0, 0, 0];
/** Gaps: gray is outside the diverging map, and unlike black / white spins. */
const FIELD_GAP_COLOR: Rgb = [128, 128, 128];
/** Gaps between grayscale lattices: a muted blue, so mid-gray probabilities stay distinct. */
const LATTICE_GAP_COLOR: Rgb = [96, 128, 176];
const TARGET_TILE_PIXELS = 80;
const DEFAULT_GAP = 2;

/**
 * Diverging colour of value / maxAbs on ColorBrewer's RdBu: +1 dark red, 0 white, -1 dark blue (clamped;
 * maxAbs 0 gives white, NaN black).
 *
 * @param value - The value.
 * @param maxAbs - The magnitude drawn at the ends of the map.
 * @returns The colour.
 */
export function colorForValue(value: number, maxAbs: number): Rgb {
  if (Number.isNaN(value)) return [...NOT_A_NUMBER_COLOR];
  const ratio = maxAbs > 0 ? Math.max(-1, Math.min(1, value / maxAbs)) : 0;
  const position = (1 - ratio) / 2 * (DIVERGING_STOPS.length - 1);
  const lower = Math.min(Math.floor(position), DIVERGING_STOPS.length - 2);
  return interpolate(DIVERGING_STOPS[lower]!, DIVERGING_STOPS[lower + 1]!, position - lower);
}

function interpolate(from: Rgb, to: Rgb, fraction: number): Rgb {
  return [0, 1, 2].map((c) => Math.round(from[c]! + (to[c]! - from[c]!) * fraction)) as Rgb;
}

/** Gray level of value on [min, max] (clamped): min black, max white. */
export function grayForValue(value: number, min: number, max: number): Rgb {
  const fraction = max > min ? (value - min) / (max - min) : 0;
  const level = Math.round(255 * Math.max(0, Math.min(1, Number.isNaN(fraction) ? 0 : fraction)));
  return [level, level, level];
}

/**
 * Receptive fields (or weight columns) as a PNG grid of L x L tiles on a diverging blue-white-red map, each
 * tile scaled by its own largest finite |value| (zero exactly white, NaN black), gray gaps.
 *
 * @param fields - Row-major nVisible x nUnits values: unit j's field is column j.
 * @param nVisible - Sites per field, side^2.
 * @param nUnits - Units (columns).
 * @param side - Lattice side L of a tile.
 * @param options - Layout: columns, units drawn, pixels per site, gap.
 * @returns The PNG's bytes.
 */
export async function renderFieldGrid(
  fields: Float32Array, nVisible: number, nUnits: number, side: number, options: FieldGridOptions = {},
): Promise<Buffer> {
  checkSide(nVisible, side);
  checkLength(fields.length, nVisible * nUnits, "fields (nVisible x nUnits)");
  const unitsDrawn = Math.min(nUnits, positiveInteger(options.maxUnits ?? nUnits, "maxUnits"));
  const layout = gridLayout(unitsDrawn, side, options);
  const canvas = blankCanvas(layout, FIELD_GAP_COLOR);
  for (let unit = 0; unit < unitsDrawn; unit++) {
    const fieldAt = (site: number) => fields[site * nUnits + unit]!;
    const maxAbs = largestFiniteMagnitude(fieldAt, nVisible);
    paintTile(canvas, layout, unit, (site) => colorForValue(fieldAt(site), maxAbs));
  }
  return encodePng(canvas, layout);
}

/**
 * Lattice configurations (spins, bits or probabilities) as a PNG grid of L x L grayscale tiles, range[0]
 * black and range[1] white.
 *
 * @param values - `count` configurations of side^2 sites each, one after the other.
 * @param count - Configurations to draw.
 * @param side - Lattice side L.
 * @param options - Layout and the value range.
 * @returns The PNG's bytes.
 */
export async function renderLatticeGrid(
  values: Float32Array | Int8Array | Uint8Array, count: number, side: number, options: LatticeGridOptions = {},
): Promise<Buffer> {
  const sites = side * side;
  checkLength(values.length, count * sites, "values (count x side^2)");
  const [min, max] = options.range ?? inferredRange(values);
  const layout = gridLayout(count, side, options);
  const canvas = blankCanvas(layout, LATTICE_GAP_COLOR);
  for (let tile = 0; tile < count; tile++) {
    paintTile(canvas, layout, tile, (site) => grayForValue(values[tile * sites + site]!, min, max));
  }
  return encodePng(canvas, layout);
}

function inferredRange(values: ArrayLike<number>): [number, number] {
  for (let i = 0; i < values.length; i++) if (values[i]! < 0) return [-1, 1];
  return [0, 1];
}

function largestFiniteMagnitude(valueAt: (site: number) => number, sites: number): number {
  let largest = 0;
  for (let site = 0; site < sites; site++) {
    const magnitude = Math.abs(valueAt(site));
    if (Number.isFinite(magnitude) && magnitude > largest) largest = magnitude;
  }
  return largest;
}

interface GridLayout {
  tiles: number;
  side: number;
  columns: number;
  cellPixels: number;
  gap: number;
  /** Width of one tile in pixels. */
  tilePixels: number;
  width: number;
  height: number;
}

function gridLayout(
  tiles: number, side: number, options: { columns?: number; cellPixels?: number; gap?: number },
): GridLayout {
  positiveInteger(side, "side");
  positiveInteger(tiles, "tile count");
  const cellPixels = positiveInteger(options.cellPixels ?? Math.max(1, Math.round(TARGET_TILE_PIXELS / side)), "cellPixels");
  const gap = nonNegativeInteger(options.gap ?? DEFAULT_GAP, "gap");
  const columns = Math.min(tiles, positiveInteger(options.columns ?? Math.ceil(Math.sqrt(tiles)), "columns"));
  const rows = Math.ceil(tiles / columns);
  const tilePixels = side * cellPixels;
  return {
    tiles, side, columns, cellPixels, gap, tilePixels,
    width: columns * tilePixels + (columns + 1) * gap,
    height: rows * tilePixels + (rows + 1) * gap,
  };
}

/** Top-left pixel of a tile: tiles fill rows left to right, with a gap around each. */
function tileOrigin(layout: GridLayout, tile: number): { x: number; y: number } {
  const stride = layout.tilePixels + layout.gap;
  return {
    x: layout.gap + (tile % layout.columns) * stride,
    y: layout.gap + Math.floor(tile / layout.columns) * stride,
  };
}

function blankCanvas(layout: GridLayout, color: Rgb): Uint8Array {
  const canvas = new Uint8Array(layout.width * layout.height * 3);
  for (let i = 0; i < canvas.length; i += 3) setPixel(canvas, i, color);
  return canvas;
}

/** Three stores, not canvas.set(color, offset): a set() call per pixel was a noticeable share of reproduce --quick's time. */
function setPixel(canvas: Uint8Array, offset: number, [red, green, blue]: Rgb): void {
  canvas[offset] = red;
  canvas[offset + 1] = green;
  canvas[offset + 2] = blue;
}

/** Site s of a tile is row floor(s / side), column s % side (row-major, as NumPy reshapes). */
function paintTile(canvas: Uint8Array, layout: GridLayout, tile: number, colorAt: (site: number) => Rgb): void {
  const origin = tileOrigin(layout, tile);
  for (let site = 0; site < layout.side * layout.side; site++) {
    const x = origin.x + (site % layout.side) * layout.cellPixels;
    const y = origin.y + Math.floor(site / layout.side) * layout.cellPixels;
    fillSquare(canvas, layout, x, y, colorAt(site));
  }
}

function fillSquare(canvas: Uint8Array, layout: GridLayout, left: number, top: number, color: Rgb): void {
  for (let y = top; y < top + layout.cellPixels; y++) {
    for (let x = left; x < left + layout.cellPixels; x++) setPixel(canvas, (y * layout.width + x) * 3, color);
  }
}

function encodePng(canvas: Uint8Array, layout: GridLayout): Promise<Buffer> {
  return sharp(canvas, { raw: { width: layout.width, height: layout.height, channels: 3 } }).png().toBuffer();
}

function checkSide(nVisible: number, side: number): void {
  if (side * side !== nVisible) throw new RangeError(`nVisible ${nVisible} is not side^2 = ${side}^2`);
}

function checkLength(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new RangeError(`${what} should have ${expected} values, got ${actual}`);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}
