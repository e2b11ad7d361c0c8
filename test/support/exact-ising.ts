// Exact results for the L x L periodic Ising model, zero field, J = 1,
// E = -sum over bonds s_i s_j with each site bonded to its right and down
// neighbours (2 L^2 bonds; on L = 2 every pair is bonded twice).
//
// Closed form: B. Kaufman, Phys. Rev. 76, 1232 (1949); A. E. Ferdinand and
// M. E. Fisher, Phys. Rev. 185, 832 (1969), eqs. (2.1)-(2.5):
//   Z = 1/2 (2 sinh 2K)^(L^2/2) (Z1 + Z2 + Z3 + Z4),
//   Z1 = prod_r 2cosh(L g_{2r+1}/2),  Z2 = prod_r 2sinh(L g_{2r+1}/2),
//   Z3 = prod_r 2cosh(L g_{2r}/2),    Z4 = prod_r 2sinh(L g_{2r}/2),  r = 0..L-1,
//   cosh g_l = cosh 2K coth 2K - cos(pi l / L) (l != 0),  g_0 = 2K + ln tanh K.
// The products overflow doubles for large L, so every quantity is carried as
// a signed logarithm. g_0 < 0 below K_c, which makes the 2sinh(L g_0/2)
// factor (and so Z4) negative there; it vanishes at K_c.

/** A real number x as sign(x) and ln|x| (sign 0 for x = 0). */
interface SignedLog {
  sign: number;
  log: number;
}

const ZERO: SignedLog = { sign: 0, log: -Infinity };

/** ln(sum of signed terms), shifting by the largest magnitude against overflow. */
function signedLogSum(terms: readonly SignedLog[]): SignedLog {
  const largest = Math.max(...terms.filter((t) => t.sign !== 0).map((t) => t.log));
  if (!Number.isFinite(largest)) return ZERO;
  let sum = 0;
  for (const t of terms) if (t.sign !== 0) sum += t.sign * Math.exp(t.log - largest);
  if (sum === 0) return ZERO;
  return { sign: Math.sign(sum), log: largest + Math.log(Math.abs(sum)) };
}

/** 2cosh(x) = e^|x| (1 + e^-2|x|). */
function twoCosh(x: number): SignedLog {
  const a = Math.abs(x);
  return { sign: 1, log: a + Math.log1p(Math.exp(-2 * a)) };
}

/** 2sinh(x) = sign(x) e^|x| (1 - e^-2|x|); expm1 keeps small |x| accurate. */
function twoSinh(x: number): SignedLog {
  if (x === 0) return ZERO;
  const a = Math.abs(x);
  return { sign: Math.sign(x), log: a + Math.log(-Math.expm1(-2 * a)) };
}

/** g_l and dg_l/dK for l = 0..2L-1. */
function kaufmanGammas(L: number, K: number): { gamma: Float64Array; slope: Float64Array } {
  const gamma = new Float64Array(2 * L);
  const slope = new Float64Array(2 * L);
  const s = Math.sinh(2 * K);
  const c = Math.cosh(2 * K);
  // g_0 = 2K + ln tanh K, so dg_0/dK = 2 + 1/(sinh K cosh K) = 2 + 2/sinh 2K.
  gamma[0] = 2 * K + Math.log(Math.tanh(K));
  slope[0] = 2 + 2 / s;
  // cosh g_l = cosh^2(2K)/sinh(2K) - cos(pi l/L); the right side's
  // K-derivative is 2 cosh 2K (sinh^2 2K - 1)/sinh^2 2K, and
  // dg_l/dK = that / sinh g_l.
  const coshGammaSlope = (2 * c * (s * s - 1)) / (s * s);
  for (let l = 1; l < 2 * L; l++) {
    const coshGamma = (c * c) / s - Math.cos((Math.PI * l) / L);
    gamma[l] = Math.acosh(coshGamma);
    slope[l] = coshGammaSlope / Math.sinh(gamma[l]!);
  }
  return { gamma, slope };
}

/**
 * One of Z1..Z4, prod_r f(x_r) with x_r = L g_l/2, and its K-derivative
 * sum_r (L/2) g_l' f'(x_r) prod_{s != r} f(x_s), f' the other hyperbolic
 * function. Prefix/suffix sums avoid dividing by the zero factor 2sinh(0)
 * that Z4 has at K_c.
 */
function kaufmanProduct(
  L: number, gamma: Float64Array, slope: Float64Array, firstIndex: 0 | 1, useSinh: boolean,
): { value: SignedLog; derivative: SignedLog } {
  const indices = Array.from({ length: L }, (_, r) => 2 * r + firstIndex);
  const factor = (x: number) => (useSinh ? twoSinh(x) : twoCosh(x));
  const factorSlope = (x: number) => (useSinh ? twoCosh(x) : twoSinh(x));
  const factors = indices.map((l) => factor((L * gamma[l]!) / 2));
  const prefix = accumulate(factors);
  const suffix = accumulate([...factors].reverse()).reverse();
  const terms = indices.map((l, r): SignedLog => {
    const df = factorSlope((L * gamma[l]!) / 2);
    const chain = (L / 2) * slope[l]!;
    const others = { sign: prefix[r]!.sign * suffix[r + 1]!.sign, log: prefix[r]!.log + suffix[r + 1]!.log };
    return { sign: Math.sign(chain) * df.sign * others.sign, log: Math.log(Math.abs(chain)) + df.log + others.log };
  });
  return { value: prefix[L]!, derivative: signedLogSum(terms) };
}

/** Running products: entry k is the product of the first k factors. */
function accumulate(factors: readonly SignedLog[]): SignedLog[] {
  const out: SignedLog[] = [{ sign: 1, log: 0 }];
  for (const f of factors) {
    const last = out[out.length - 1]!;
    out.push({ sign: last.sign * f.sign, log: last.log + f.log });
  }
  return out;
}

/** ln(Z1+Z2+Z3+Z4) and d/dK of (Z1+Z2+Z3+Z4), as signed logs. */
function kaufmanBracket(L: number, K: number): { value: SignedLog; derivative: SignedLog } {
  const { gamma, slope } = kaufmanGammas(L, K);
  const parts = [
    kaufmanProduct(L, gamma, slope, 1, false),
    kaufmanProduct(L, gamma, slope, 1, true),
    kaufmanProduct(L, gamma, slope, 0, false),
    kaufmanProduct(L, gamma, slope, 0, true),
  ];
  return {
    value: signedLogSum(parts.map((p) => p.value)),
    derivative: signedLogSum(parts.map((p) => p.derivative)),
  };
}

/** ln Z of the L x L torus at coupling K > 0 (Kaufman / Ferdinand-Fisher). */
export function logPartitionFunction(L: number, K: number): number {
  const bracket = kaufmanBracket(L, K).value;
  if (bracket.sign <= 0) throw new Error(`Kaufman bracket not positive at L=${L}, K=${K}`);
  return -Math.LN2 + ((L * L) / 2) * Math.log(2 * Math.sinh(2 * K)) + bracket.log;
}

/**
 * <E>/N = -(1/N) d ln Z/dK. With N = L^2, d/dK of (N/2) ln(2 sinh 2K) is
 * N coth 2K, and the bracket contributes (sum Z_i')/(sum Z_i).
 */
export function exactEnergyPerSpin(L: number, K: number): number {
  const { value, derivative } = kaufmanBracket(L, K);
  const bracketSlope = derivative.sign * Math.exp(derivative.log - value.log) * value.sign;
  const N = L * L;
  return -(N / Math.tanh(2 * K) + bracketSlope) / N;
}

/** Infinite-lattice energy per spin at K_c (Onsager): -sqrt 2. */
export const CRITICAL_ENERGY_INFINITE = -Math.SQRT2;

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
  let absMag = 0;
  for (let s = 0; s < states; s++) {
    energy += probabilities[s]! * energies[s]!;
    absMag += probabilities[s]! * Math.abs(stateMagnetization(L, s));
  }
  return {
    logZ: Math.log(Zrelative) + 2 * N * K,
    energyPerSpin: energy / N,
    absMagnetization: absMag / N,
    probabilities,
  };
}
