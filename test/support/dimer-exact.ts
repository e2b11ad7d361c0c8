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
