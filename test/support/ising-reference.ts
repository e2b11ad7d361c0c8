// Plain TypeScript versions of the Ising kernels, drawing random numbers in
// exactly the same order, so a test can demand bit-identical lattices and a
// benchmark can compare speed on the same work.

export class Xoshiro128 {
  private readonly s: Uint32Array;
  constructor(state: ArrayLike<number>) {
    this.s = Uint32Array.from(state);
  }
  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!; s[3]! ^= s[1]!; s[1]! ^= s[2]!; s[0]! ^= s[3]!; s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }
  /** Lemire's bounded integer with rejection, as assembly/wolff.ts. */
  below(range: number): number {
    let product = BigInt(this.next()) * BigInt(range);
    let low = Number(product & 0xffffffffn);
    if (low < range) {
      const threshold = (2 ** 32 - range) % range;
      while (low < threshold) {
        product = BigInt(this.next()) * BigInt(range);
        low = Number(product & 0xffffffffn);
      }
    }
    return Number(product >> 32n);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Right, left, down, up neighbours of every site (periodic). */
export function neighborTable(size: number): Int32Array {
  const table = new Int32Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const site = 4 * (y * size + x);
      table[site] = y * size + ((x + 1) % size);
      table[site + 1] = y * size + ((x + size - 1) % size);
      table[site + 2] = ((y + 1) % size) * size + x;
      table[site + 3] = ((y + size - 1) % size) * size + x;
    }
  }
  return table;
}

/** One Wolff cluster flip; every examined neighbour draws one number. */
export function wolffClusterReference(
  spins: Int8Array, table: Int32Array, rng: Xoshiro128, addThreshold: number, stack: Int32Array,
): number {
  const seed = rng.below(spins.length);
  const old = spins[seed]!;
  spins[seed] = -old;
  stack[0] = seed;
  let top = 1;
  let size = 1;
  while (top > 0) {
    const site = stack[--top]!;
    for (let k = 0; k < 4; k++) {
      const neighbor = table[4 * site + k]!;
      const draw = rng.next();
      if (spins[neighbor] === old && draw < addThreshold) {
        spins[neighbor] = -old;
        stack[top++] = neighbor;
        size++;
      }
    }
  }
  return size;
}

/** One checkerboard Metropolis sweep; every site draws one number. */
export function metropolisSweepReference(
  spins: Int8Array, table: Int32Array, size: number, rng: Xoshiro128, accept4: number, accept8: number,
): number {
  let flips = 0;
  for (let color = 0; color < 2; color++) {
    for (let y = 0; y < size; y++) {
      for (let x = (y + color) & 1; x < size; x += 2) {
        const site = y * size + x;
        const field = spins[table[4 * site]!]! + spins[table[4 * site + 1]!]! +
          spins[table[4 * site + 2]!]! + spins[table[4 * site + 3]!]!;
        const alignment = spins[site]! * field;
        const draw = rng.next();
        const threshold = alignment === 0 ? 2 ** 31 : alignment === 2 ? accept4 : accept8;
        if (alignment < 0 || draw < threshold) {
          spins[site] = -spins[site]!;
          flips++;
        }
      }
    }
  }
  return flips;
}
