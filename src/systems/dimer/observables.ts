// Observables of close-packed dimer samples on the L x L torus. Every
// function takes `samples`: count * 2 L^2 bytes 0/1, per sample the (2, L, L)
// bond occupations n: [0, y, x] the horizontal bond from (x, y) to (x + 1, y),
// [1, y, x] the vertical bond from (x, y) to (x, y + 1) (indices mod L).

function sampleCount(samples: ArrayLike<number>, size: number): number {
  const stride = 2 * size * size;
  if (!Number.isInteger(size) || size < 2 || size % 2 !== 0) throw new RangeError(`lattice side must be an even integer >= 2, got ${size}`);
  if (samples.length % stride !== 0) throw new RangeError(`${samples.length} bytes are not whole (2, ${size}, ${size}) samples`);
  return samples.length / stride;
}

/** Mean bond occupations: per bond, (2, L, L) row-major, and per direction. 1/4 everywhere for the free model on any torus. */
export interface BondOccupation {
  /** 2 L^2 means over the samples, indexed as a sample. */
  perBond: Float64Array;
  /** Mean over all horizontal bonds and samples. */
  horizontal: number;
  /** Mean over all vertical bonds and samples. */
  vertical: number;
}

/** Mean occupation of every bond and of each bond direction over the samples. */
export function bondOccupation(samples: ArrayLike<number>, size: number): BondOccupation {
  const count = sampleCount(samples, size);
  const n = size * size;
  const perBond = new Float64Array(2 * n);
  for (let s = 0; s < count; s++) for (let b = 0; b < 2 * n; b++) perBond[b]! += samples[s * 2 * n + b]!;
  let horizontal = 0;
  let vertical = 0;
  for (let b = 0; b < 2 * n; b++) {
    perBond[b]! /= count;
    if (b < n) horizontal += perBond[b]!;
    else vertical += perBond[b]!;
  }
  return { perBond, horizontal: horizontal / n, vertical: vertical / n };
}

/**
 * N_par of each sample (count values): plaquettes holding two parallel dimers
 * (bottom and top, or left and right), the flippable plaquettes of a
 * covering. The energy is V N_par (Alet et al., PRL 94, 235702, 2005).
 */
export function parallelPlaquettes(samples: ArrayLike<number>, size: number): Int32Array {
  const count = sampleCount(samples, size);
  const n = size * size;
  const out = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    const at = s * 2 * n;
    let total = 0;
    for (let y = 0; y < size; y++) {
      const up = ((y + 1) % size) * size;
      for (let x = 0; x < size; x++) {
        const right = (x + 1) % size;
        total += samples[at + y * size + x]! & samples[at + up + x]!;
        total += samples[at + n + y * size + x]! & samples[at + n + y * size + right]!;
      }
    }
    out[s] = total;
  }
  return out;
}

/** Flippable-plaquette density of each sample: N_par / L^2 (count values in [0, 1]). */
export function flippableDensity(samples: ArrayLike<number>, size: number): Float64Array {
  return Float64Array.from(parallelPlaquettes(samples, size), (p) => p / (size * size));
}

/**
 * Winding numbers (W_x, W_y) of each sample, interleaved (2 count values):
 * W_x = sum over y of (-1)^(x + y) n[0, y, x] across the vertical cut at any
 * x (the same for every cut of a covering, L even), here x = 0; W_y = sum
 * over x of (-1)^(x + y) n[1, y, x] at y = 0. Integers in [-L/2, L/2];
 * worms change them, plaquette flips do not.
 */
export function windingNumbers(samples: ArrayLike<number>, size: number): Int32Array {
  const count = sampleCount(samples, size);
  const n = size * size;
  const out = new Int32Array(2 * count);
  for (let s = 0; s < count; s++) {
    const at = s * 2 * n;
    let wx = 0;
    let wy = 0;
    for (let i = 0; i < size; i++) {
      const sign = i % 2 === 0 ? 1 : -1;
      wx += sign * samples[at + i * size]!;
      wy += sign * samples[at + n + i]!;
    }
    out[2 * s] = wx;
    out[2 * s + 1] = wy;
  }
  return out;
}

/**
 * Columnar order parameter (M_x, M_y) of each sample, interleaved (2 count
 * values): M_x = (2 / L^2) sum over sites of (-1)^x n[0, y, x],
 * M_y = (2 / L^2) sum of (-1)^y n[1, y, x]. This is Alet et al.'s (PRE 74,
 * 041124, 2006) D_x = (1/N) sum_r (-1)^(r_x) [n(r, r + x) - n(r, r - x)] and
 * likewise D_y; M^2 = M_x^2 + M_y^2 is 1 in each of the four columnar states
 * and falls as a power of L in the free (critical) model.
 */
export function columnarOrder(samples: ArrayLike<number>, size: number): Float64Array {
  const count = sampleCount(samples, size);
  const n = size * size;
  const out = new Float64Array(2 * count);
  for (let s = 0; s < count; s++) {
    const at = s * 2 * n;
    let mx = 0;
    let my = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        mx += (x % 2 === 0 ? 1 : -1) * samples[at + y * size + x]!;
        my += (y % 2 === 0 ? 1 : -1) * samples[at + n + y * size + x]!;
      }
    }
    out[2 * s] = (2 * mx) / n;
    out[2 * s + 1] = (2 * my) / n;
  }
  return out;
}

/**
 * Connected dimer-dimer correlation of horizontal bonds, (L, L) row-major:
 * G[dy, dx] = <n[0, y, x] n[0, y + dy, x + dx]> - <n_h>^2, averaged over all
 * positions (x, y) and samples, <n_h> the mean horizontal occupation of the
 * samples. For the free model it falls as 1/r^2 with an oscillating sign
 * (Fisher & Stephenson, Phys. Rev. 132, 1411, 1963).
 */
export function horizontalDimerCorrelation(samples: ArrayLike<number>, size: number): Float64Array {
  const count = sampleCount(samples, size);
  const n = size * size;
  const sums = new Float64Array(n);
  let occupied = 0;
  const row = new Int32Array(n);
  for (let s = 0; s < count; s++) {
    const at = s * 2 * n;
    let k = 0;
    for (let b = 0; b < n; b++) if (samples[at + b]) row[k++] = b;
    occupied += k;
    // Pairs of occupied horizontal bonds only: L^2 / 4 of them per covering squared.
    for (let i = 0; i < k; i++) {
      const yi = Math.floor(row[i]! / size);
      const xi = row[i]! % size;
      for (let j = 0; j < k; j++) {
        const dy = (Math.floor(row[j]! / size) - yi + size) % size;
        const dx = (row[j]! % size - xi + size) % size;
        sums[dy * size + dx]! += 1;
      }
    }
  }
  const mean = occupied / (count * n);
  return Float64Array.from(sums, (sum) => sum / (count * n) - mean * mean);
}

/**
 * Electric field (E_x, E_y) of every b x b block of every sample:
 * E_x = sum over the block's horizontal bonds (left end in the block) of
 * (-1)^(x + y) n[0, y, x], E_y the same over its vertical bonds (lower end in
 * the block). Shape (count, L/b, L/b, 2) int32, block (bx, by) covering
 * columns b bx .. b bx + b - 1 and rows b by .. b by + b - 1; b must divide L.
 * The coarse-grained field of the height description (Alet et al. 2006).
 */
export function blockElectricField(samples: ArrayLike<number>, size: number, block: number): Int32Array {
  const count = sampleCount(samples, size);
  if (!Number.isInteger(block) || block < 1 || size % block !== 0) throw new RangeError(`block side ${block} must divide L = ${size}`);
  const n = size * size;
  const blocks = size / block;
  const out = new Int32Array(count * blocks * blocks * 2);
  for (let s = 0; s < count; s++) {
    const at = s * 2 * n;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const sign = (x + y) % 2 === 0 ? 1 : -1;
        const cell = ((s * blocks + Math.floor(y / block)) * blocks + Math.floor(x / block)) * 2;
        out[cell]! += sign * samples[at + y * size + x]!;
        out[cell + 1]! += sign * samples[at + n + y * size + x]!;
      }
    }
  }
  return out;
}
