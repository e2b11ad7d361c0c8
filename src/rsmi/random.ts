// A seeded pseudo-random generator for the host-side RSMI training: the pair
// positions, the logistic noise of the relaxed Bernoulli samples and the
// initial weights all come from it, so a training run depends on its seed
// alone. xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom
// number generators", ACM TOMS 47, 36, 2021), the generator the kernels use
// (assembly/rng.ts), here in plain TypeScript, its state seeded by
// splitmix32 from the two halves of the seed and a stream index.

import { splitSeed } from "../rng.js";

/** splitmix32 step: returns the next output and advances `state[0]`. */
function splitmix32(state: Uint32Array): number {
  state[0] = (state[0]! + 0x9e3779b9) >>> 0;
  let z = state[0];
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A deterministic xoshiro128** stream in plain TypeScript.
 *
 * @example
 * ```ts
 * const random = new SeededRandom(7, 0);
 * const u = random.uniform(); // in [0, 1)
 * ```
 */
export class SeededRandom {
  private readonly s = new Uint32Array(4);

  /**
   * @param seed - Integer in [0, 2^53).
   * @param stream - Stream index (integer >= 0): streams of one seed are seeded apart.
   */
  constructor(seed: number, stream = 0) {
    const [low, high] = splitSeed(seed);
    const mixer = new Uint32Array([low ^ Math.imul(stream + 1, 0x632be5ab)]);
    const salt = splitmix32(new Uint32Array([high ^ 0x5bd1e995]));
    for (let i = 0; i < 4; i++) this.s[i] = splitmix32(mixer) ^ salt;
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextU32() >>> 5;
    const low = this.nextU32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform in (0, 1): never exactly 0, so its logarithm is finite. */
  openUniform(): number {
    return (this.uniform() * 9007199254740992 + 0.5) / 9007199254740992;
  }

  /** Uniform integer in [0, n) (n >= 1, below 2^32), by rejection so it is unbiased. */
  below(n: number): number {
    const limit = Math.floor(4294967296 / n) * n;
    for (;;) {
      const draw = this.nextU32();
      if (draw < limit) return draw % n;
    }
  }

  /** A standard normal deviate (Box-Muller, one of the pair). */
  normal(): number {
    const u = this.openUniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A standard logistic deviate, log u - log(1 - u): the noise of a relaxed Bernoulli sample. */
  logistic(): number {
    const u = this.openUniform();
    return Math.log(u) - Math.log1p(-u);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
