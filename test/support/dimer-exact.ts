// Brute-force dimer enumeration, a plain TypeScript worm drawing random
// numbers exactly as assembly/dimer.ts does, and Pearson's chi-square with
// its tail probability, for the dimer tests.

import type { Xoshiro128 } from "./ising-reference.js";

/**
 * Every close-packed dimer covering of the width x height torus, each as
 * (2, height, width) bytes ([0, y, x] bond (x, y)-(x + 1, y), [1, y, x] bond
 * (x, y)-(x, y + 1)), by backtracking: the first uncovered site (row-major)
 * takes each of its four bonds whose far end is uncovered. Every covering
 * comes out once: the bond covering that site is the branch.
 */
export function enumerateCoverings(width: number, height: number): Uint8Array[] {
  const n = width * height;
  const bonds = new Uint8Array(2 * n);
  const covered = new Uint8Array(n);
  const out: Uint8Array[] = [];
  const search = (from: number): void => {
    let site = from;
    while (site < n && covered[site]) site++;
    if (site === n) {
      out.push(Uint8Array.from(bonds));
      return;
    }
    const x = site % width;
    const y = Math.floor(site / width);
    const moves: [bond: number, other: number][] = [
      [y * width + x, y * width + ((x + 1) % width)],
      [n + y * width + x, ((y + 1) % height) * width + x],
      [y * width + ((x + width - 1) % width), y * width + ((x + width - 1) % width)],
      [n + ((y + height - 1) % height) * width + x, ((y + height - 1) % height) * width + x],
    ];
    covered[site] = 1;
    for (const [bond, other] of moves) {
      if (covered[other]) continue;
      bonds[bond] = 1;
      covered[other] = 1;
      search(site + 1);
      covered[other] = 0;
      bonds[bond] = 0;
    }
    covered[site] = 0;
  };
  search(0);
  return out;
}

/** The bytes of a (small) covering as a string key. */
export function coveringKey(bytes: ArrayLike<number>): string {
  return Array.prototype.join.call(bytes, "");
}

/**
 * The worm of assembly/dimer.ts in plain TypeScript: same moves, same random
 * numbers (one Lemire draw for the tail, one u32 per pivot against the exit
 * table). Mutates `bonds`; returns the pivot moves.
 */
export function wormReference(bonds: Uint8Array, size: number, rng: Xoshiro128, table: BigUint64Array): number {
  const n = size * size;
  const wrap = (v: number) => (v + size) % size;
  const bond = (x: number, y: number, d: number) =>
    d === 0 ? y * size + x : d === 1 ? n + y * size + x : d === 2 ? y * size + wrap(x - 1) : n + wrap(y - 1) * size + x;
  const step = (x: number, y: number, d: number): [number, number] =>
    d === 0 ? [wrap(x + 1), y] : d === 1 ? [x, wrap(y + 1)] : d === 2 ? [wrap(x - 1), y] : [x, wrap(y - 1)];
  const h = (x: number, y: number) => bonds[wrap(y) * size + wrap(x)]!;
  const v = (x: number, y: number) => bonds[n + wrap(y) * size + wrap(x)]!;
  const tail = rng.below(n);
  const tx = tail % size;
  const ty = Math.floor(tail / size);
  let d = [0, 1, 2, 3].find((k) => bonds[bond(tx, ty, k)])!;
  let [px, py] = step(tx, ty, d);
  let entry = d ^ 2;
  let moves = 0;
  for (;;) {
    moves++;
    const env = (h(px, py + 1) + h(px, py - 1)) + 3 * (v(px + 1, py) + v(px - 1, py)) +
      9 * (h(px - 1, py + 1) + h(px - 1, py - 1)) + 27 * (v(px + 1, py - 1) + v(px - 1, py - 1));
    const draw = BigInt(rng.next());
    const row = (env * 4 + entry) * 4;
    const exit = [0, 1, 2].filter((k) => draw >= table[row + k]!).length;
    if (exit !== entry) {
      bonds[bond(px, py, entry)] = 0;
      bonds[bond(px, py, exit)] = 1;
    }
    const [bx, by] = step(px, py, exit);
    if (bx === tx && by === ty) return moves;
    d = [0, 1, 2, 3].find((k) => k !== (exit ^ 2) && bonds[bond(bx, by, k)])!;
    [px, py] = step(bx, by, d);
    entry = d ^ 2;
  }
}

/**
 * Pearson's X^2 = sum (O - E)^2 / E with every bin of expected count below 5
 * pooled into one, and that pool, if its own expectation is still below 5,
 * merged into the smallest remaining bin (a pool expecting 0.06 that sees
 * one event would otherwise add 15 on its own); dof = bins - 1.
 */
export function pooledChiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): { statistic: number; degreesOfFreedom: number } {
  const bins: { o: number; e: number }[] = [];
  const pool = { o: 0, e: 0 };
  for (let i = 0; i < expected.length; i++) {
    if (expected[i]! < 5) {
      pool.o += observed[i]!;
      pool.e += expected[i]!;
    } else {
      bins.push({ o: observed[i]!, e: expected[i]! });
    }
  }
  if (pool.e >= 5 || bins.length === 0) bins.push(pool);
  else if (pool.e > 0 || pool.o > 0) {
    const smallest = bins.reduce((a, b) => (b.e < a.e ? b : a));
    smallest.o += pool.o;
    smallest.e += pool.e;
  }
  const statistic = bins.reduce((sum, { o, e }) => sum + (o - e) ** 2 / e, 0);
  return { statistic, degreesOfFreedom: bins.length - 1 };
}

/** P(X^2 > x) for k degrees of freedom: the regularized upper gamma Q(k/2, x/2). */
export function chiSquareSurvival(x: number, k: number): number {
  return regularizedUpperGamma(k / 2, x / 2);
}

// Q(a, x): the series for P = 1 - Q when x < a + 1, else Lentz's continued
// fraction (Numerical Recipes, 3rd ed., sec. 6.2).
function regularizedUpperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100_000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * Math.exp(logPrefactor);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return Math.exp(logPrefactor) * h;
}

// ln Gamma(z), Lanczos approximation (g = 7, 9 terms; ~1e-15 relative).
function logGamma(z: number): number {
  const g = 7;
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const shifted = z - 1;
  let series = coefficients[0]!;
  for (let i = 1; i < coefficients.length; i++) series += coefficients[i]! / (shifted + i);
  const t = shifted + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
}
