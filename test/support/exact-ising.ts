// Exact results for the L x L periodic Ising model used as test references.
// The Kaufman / Ferdinand-Fisher closed form lives in the library
// (src/systems/ising/exact.ts), where the thermometer needs it at run time; this file
// adds brute-force enumeration of every state, the independent check of it.

export {
  CRITICAL_ENERGY_INFINITE, exactEnergyPerSpin, logPartitionFunction,
} from "../../src/systems/ising/exact.js";

// ---- Brute-force enumeration (L <= 4: at most 2^16 states) ----

/** Spin of site i in a state whose bit i is 1 for s_i = +1. */
function spinOf(state: number, site: number): number {
  return (state >>> site) & 1 ? 1 : -1;
}

/** E = -sum_i s_i (s_right(i) + s_down(i)) on the L x L torus. */
export function stateEnergy(L: number, state: number): number {
  let energy = 0;
  for (let y = 0; y < L; y++) {
    for (let x = 0; x < L; x++) {
      const s = spinOf(state, y * L + x);
      const right = spinOf(state, y * L + ((x + 1) % L));
      const down = spinOf(state, ((y + 1) % L) * L + x);
      energy -= s * (right + down);
    }
  }
  return energy;
}

/** M = sum_i s_i = 2 (number of + spins) - N. */
export function stateMagnetization(L: number, state: number): number {
  let up = 0;
  for (let bits = state >>> 0; bits !== 0; bits &= bits - 1) up++;
  return 2 * up - L * L;
}

/** Bit pattern of one sampled configuration (+1/-1 spins, row-major). */
export function stateIndex(spins: ArrayLike<number>): number {
  let state = 0;
  for (let i = 0; i < spins.length; i++) if (spins[i] === 1) state |= 1 << i;
  return state >>> 0;
}

export interface BruteForceResult {
  logZ: number;
  energyPerSpin: number;
  /** Specific heat per spin K^2 (<E^2> - <E>^2) / N. */
  specificHeat: number;
  /** <|M|>/N. */
  absMagnetization: number;
  /** Boltzmann probability of every state, indexed by its bit pattern. */
  probabilities: Float64Array;
}

export function bruteForce(L: number, K: number): BruteForceResult {
  const N = L * L;
  if (N > 16) throw new RangeError(`brute force only for L <= 4, got ${L}`);
  const states = 2 ** N;
  const energies = Float64Array.from({ length: states }, (_, s) => stateEnergy(L, s));
  // Weights relative to the ground state (E = -2N) so exp cannot overflow.
  const weights = energies.map((E) => Math.exp(-K * (E + 2 * N)));
  const Zrelative = weights.reduce((a, w) => a + w, 0);
  const probabilities = weights.map((w) => w / Zrelative);
  let energy = 0;
  let energySquared = 0;
  let absMag = 0;
  for (let s = 0; s < states; s++) {
    energy += probabilities[s]! * energies[s]!;
    energySquared += probabilities[s]! * energies[s]! ** 2;
    absMag += probabilities[s]! * Math.abs(stateMagnetization(L, s));
  }
  return {
    logZ: Math.log(Zrelative) + 2 * N * K,
    energyPerSpin: energy / N,
    specificHeat: (K * K * (energySquared - energy * energy)) / N,
    absMagnetization: absMag / N,
    probabilities,
  };
}
