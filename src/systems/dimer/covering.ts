// Checks that dimer samples are close-packed coverings: every site of the
// L x L torus is an end of exactly one occupied bond.

/** Where a batch of samples first fails to be a covering. */
export interface CoveringDefect {
  /** Index of the first bad sample in the batch. */
  sample: number;
  /** Column of the first bad site of that sample (row-major order: y, then x). */
  x: number;
  /** Row of that site. */
  y: number;
  /** How many occupied bonds touch that site (0, or 2 to 4). */
  covered: number;
}

/**
 * The first site, in sample-major, row-major order, not covered exactly once,
 * or undefined if all samples are coverings. `samples` holds count * 2 L^2
 * bytes: per sample, (2, L, L) bond occupations, [0, y, x] the bond from
 * (x, y) to (x + 1, y) and [1, y, x] the bond from (x, y) to (x, y + 1), on
 * the torus. Throws if a byte is not 0 or 1 or the length is not a multiple
 * of 2 L^2.
 */
export function findCoveringDefect(samples: ArrayLike<number>, size: number): CoveringDefect | undefined {
  const n = size * size;
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`lattice side must be an integer >= 2, got ${size}`);
  if (samples.length % (2 * n) !== 0) throw new RangeError(`${samples.length} bytes are not whole (2, ${size}, ${size}) samples`);
  const count = samples.length / (2 * n);
  for (let s = 0; s < count; s++) {
    const base = s * 2 * n;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const bonds = [
          base + y * size + x, base + y * size + ((x + size - 1) % size),
          base + n + y * size + x, base + n + ((y + size - 1) % size) * size + x,
        ];
        let covered = 0;
        for (const at of bonds) {
          const value = samples[at]!;
          if (value !== 0 && value !== 1) throw new RangeError(`sample ${s}: bond byte ${at - base} is ${value}, not 0 or 1`);
          covered += value;
        }
        if (covered !== 1) return { sample: s, x, y, covered };
      }
    }
  }
  return undefined;
}

/** Throws an Error naming the first bad sample and site (see findCoveringDefect) unless every sample is a covering. */
export function assertCoverings(samples: ArrayLike<number>, size: number): void {
  const defect = findCoveringDefect(samples, size);
  if (defect) {
    throw new Error(`sample ${defect.sample} is not a dimer covering: site (x = ${defect.x}, y = ${defect.y}) ` +
      `is covered ${defect.covered} times`);
  }
}
