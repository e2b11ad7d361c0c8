// How dimer coverings are shown to an RBM. A sample file always holds the
// bond occupations, (count, 2, L, L) bytes 0/1 (see observables.ts); an
// encoding turns each covering into the visible units of the first layer.
//
// - `bonds`: the occupations as they are, 2 L^2 units.
// - `kjr`: Koch-Janusz & Ringel's image (Nature Physics 14, 578 (2018),
//   arXiv:1704.06279), 2L x 2L units: site (x, y) becomes the 2 x 2 cell at
//   rows 2y, 2y + 1 and columns 2x, 2x + 1 holding
//       [2y, 2x]     vertex spin (decoy)   [2y, 2x + 1]     bond (x, y)-(x + 1, y)
//       [2y + 1, 2x] bond (x, y)-(x, y + 1) [2y + 1, 2x + 1] face spin (decoy)
//   The vertex and face spins are independent fair coins: they carry no
//   information about the dimers, but a likelihood-trained RBM still spends
//   hidden units on reproducing their statistics.
// - `kjr-correlated`: the same image, the face spin a copy of the vertex
//   spin diagonally across the cell: a decoy with short-range correlations
//   and still no information about the dimers.
//
// The decoys come from seededUniforms (host-random.ts), drawn sample by
// sample and site by site in row-major order (the vertex coin, then, for
// `kjr`, the face coin), so the same seed gives the same image.

import { seededUniforms } from "../../host-random.js";

/** The encodings of dimer coverings an RBM can be trained on. */
export const DIMER_ENCODINGS = ["bonds", "kjr", "kjr-correlated"] as const;

/** One of DIMER_ENCODINGS: `bonds`, `kjr` or `kjr-correlated`. */
export type DimerEncoding = (typeof DIMER_ENCODINGS)[number];

/**
 * The shape of one encoded covering.
 *
 * @param encoding - The encoding.
 * @param size - Lattice side L (even, >= 2).
 * @returns (2, L, L) for `bonds`, (2L, 2L) for `kjr` and `kjr-correlated`.
 */
export function encodedSampleShape(encoding: DimerEncoding, size: number): number[] {
  return encoding === "bonds" ? [2, size, size] : [2 * size, 2 * size];
}

/**
 * Encodes coverings for an RBM's visible units.
 *
 * @param samples - count * 2 L^2 bytes 0/1: per sample the (2, L, L) bond occupations, [0, y, x] the bond
 *   (x, y)-(x + 1, y), [1, y, x] the bond (x, y)-(x, y + 1).
 * @param size - Lattice side L (even, >= 2).
 * @param encoding - `bonds` (a copy, (count, 2, L, L)), `kjr` or `kjr-correlated` ((count, 2L, 2L), cells as in
 *   the comment at the top of this file).
 * @param seed - Integer in [0, 2^53) seeding the decoy spins (unused by `bonds`).
 * @returns count * 2 L^2 bytes (`bonds`) or count * 4 L^2 bytes (the kjr images), 0/1, sample-major.
 * @throws RangeError when L is not an even integer >= 2, the length is not whole samples, or the seed is bad.
 */
export function encodeDimers(samples: ArrayLike<number>, size: number, encoding: DimerEncoding, seed: number): Uint8Array {
  if (!Number.isInteger(size) || size < 2 || size % 2 !== 0) throw new RangeError(`lattice side must be an even integer >= 2, got ${size}`);
  const n = size * size;
  if (samples.length % (2 * n) !== 0) throw new RangeError(`${samples.length} bytes are not whole (2, ${size}, ${size}) samples`);
  const count = samples.length / (2 * n);
  if (encoding === "bonds") return Uint8Array.from(samples);
  const coin = seededUniforms(seed);
  const side = 2 * size;
  const out = new Uint8Array(count * 4 * n);
  for (let s = 0; s < count; s++) {
    const from = s * 2 * n;
    const to = s * 4 * n;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const cell = to + 2 * y * side + 2 * x;
        const vertex = coin() < 0.5 ? 1 : 0;
        out[cell] = vertex;
        out[cell + 1] = samples[from + y * size + x]!;
        out[cell + side] = samples[from + n + y * size + x]!;
        out[cell + side + 1] = encoding === "kjr" ? (coin() < 0.5 ? 1 : 0) : vertex;
      }
    }
  }
  return out;
}
