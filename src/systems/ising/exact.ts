// Exact results for the L x L periodic Ising model, zero field, J = 1, k_B = 1,
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
): KaufmanProduct {
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
  // sum_r (L/2) g_l' f'(x_r)/f(x_r): tanh or coth, each O(1), so no large logarithm rounds it.
  let logSlope = 0;
  indices.forEach((l, r) => {
    const x = (L * gamma[l]!) / 2;
    logSlope += (L / 2) * slope[l]! * (useSinh ? 1 / Math.tanh(x) : Math.tanh(x));
    if (factors[r]!.sign === 0) logSlope = NaN;
  });
  return { value: prefix[L]!, derivative: signedLogSum(terms), logSlope };
}

/** One product Z_i, its K-derivative, and d ln|Z_i|/dK (NaN when Z_i = 0). */
interface KaufmanProduct {
  value: SignedLog;
  derivative: SignedLog;
  logSlope: number;
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

/** Z1..Z4 with their derivatives. */
function kaufmanParts(L: number, K: number): KaufmanProduct[] {
  const { gamma, slope } = kaufmanGammas(L, K);
  return [
    kaufmanProduct(L, gamma, slope, 1, false),
    kaufmanProduct(L, gamma, slope, 1, true),
    kaufmanProduct(L, gamma, slope, 0, false),
    kaufmanProduct(L, gamma, slope, 0, true),
  ];
}

/** ln(Z1+Z2+Z3+Z4) as a signed log. */
function kaufmanBracket(L: number, K: number): SignedLog {
  return signedLogSum(kaufmanParts(L, K).map((p) => p.value));
}

/**
 * (sum Z_i')/(sum Z_i) as sum_i w_i d ln|Z_i|/dK with weights w_i = Z_i / sum Z_j normalised after scaling by the
 * largest |Z_i|, so they sum to 1 to rounding. The direct ratio exp(ln sum Z' - ln sum Z) carries the rounding of
 * logarithms of size ~L^2 (relative error ~1e-13 at L = 40), which the inversion at low T cannot afford; here
 * a weight's error only multiplies the difference between the four slopes. A product with a zero factor (Z4 at
 * K_c) contributes Z_i' / sum Z_j directly.
 */
function kaufmanBracketSlope(L: number, K: number): number {
  const parts = kaufmanParts(L, K);
  const largest = Math.max(...parts.filter((p) => p.value.sign !== 0).map((p) => p.value.log));
  const scaled = parts.map((p) => p.value.sign * Math.exp(p.value.log - largest));
  const total = scaled.reduce((a, v) => a + v, 0);
  let slope = 0;
  parts.forEach((p, i) => {
    slope += Number.isNaN(p.logSlope)
      ? p.derivative.sign * Math.exp(p.derivative.log - largest)
      : scaled[i]! * p.logSlope;
  });
  return slope / total;
}

/**
 * ln Z of the L x L torus (L >= 2) at coupling K = J/kT > 0 (Kaufman / Ferdinand-Fisher). Dimensionless; O(L) work.
 *
 * @param L - Lattice side (integer >= 2).
 * @param K - Coupling J / kT (finite, > 0).
 * @returns ln Z, carried as a logarithm throughout so it does not overflow for large L.
 * @throws RangeError on an invalid L or K.
 */
export function logPartitionFunction(L: number, K: number): number {
  checkLattice(L, K);
  const bracket = kaufmanBracket(L, K);
  if (bracket.sign <= 0) throw new Error(`Kaufman bracket not positive at L=${L}, K=${K}`);
  return -Math.LN2 + ((L * L) / 2) * Math.log(2 * Math.sinh(2 * K)) + bracket.log;
}

/**
 * Exact mean energy per spin <E>/N (in units of J, between -2 and 0) of the L x L torus (L >= 2) at coupling K > 0.
 *
 * <E>/N = -(1/N) d ln Z/dK. With N = L^2, d/dK of (N/2) ln(2 sinh 2K) is
 * N coth 2K, and the bracket contributes (sum Z_i')/(sum Z_i). Both terms
 * grow as 1/K while their sum is -2K, so for K < HIGH_TEMPERATURE_COUPLING
 * (and L >= 5) the high-temperature series is used instead (see highTemperatureEnergy).
 *
 * @param L - Lattice side (integer >= 2).
 * @param K - Coupling J / kT (finite, > 0).
 * @returns e in (-2, 0), units of J.
 * @throws RangeError on an invalid L or K.
 *
 * @example
 * ```ts
 * exactEnergyPerSpin(64, CRITICAL_COUPLING); // about -1.42, near Onsager's -sqrt 2
 * ```
 */
export function exactEnergyPerSpin(L: number, K: number): number {
  checkLattice(L, K);
  if (K < HIGH_TEMPERATURE_COUPLING && L >= 5) return highTemperatureEnergy(K);
  const bracketSlope = kaufmanBracketSlope(L, K);
  const N = L * L;
  return -(N / Math.tanh(2 * K) + bracketSlope) / N;
}

/** Infinite-lattice energy per spin at K_c (Onsager): -sqrt 2. */
export const CRITICAL_ENERGY_INFINITE = -Math.SQRT2;

/**
 * Below this coupling the closed form loses digits to cancellation (absolute
 * error ~1e-16 / K in e) and the series below is used: its first neglected
 * term is O(t^5) ~ 1e-20 here.
 */
export const HIGH_TEMPERATURE_COUPLING = 1e-4;

/**
 * High-temperature expansion (t = tanh K): Z = 2^N cosh^(2N) K sum over closed
 * bond graphs of t^(bonds); the N plaquettes give ln Z / N = ln 2 + 2 ln cosh K
 * + t^4 + O(t^6) when no winding loop is shorter than 5 (L >= 5), so
 * e = -2t - 4t^3 (1 - t^2) + O(t^5).
 */
function highTemperatureEnergy(K: number): number {
  const t = Math.tanh(K);
  return -2 * t - 4 * t ** 3 * (1 - t * t);
}

function checkLattice(L: number, K: number): void {
  if (!Number.isInteger(L) || L < 2) throw new RangeError(`lattice size must be an integer >= 2, got ${L}`);
  if (!(K > 0) || !Number.isFinite(K)) throw new RangeError(`coupling must be finite and > 0, got ${K}`);
}

// ---- Temperature as a function of energy, and the specific heat ----

/**
 * Exact energy per spin at temperature T > 0 (T in units of J / k_B): exactEnergyPerSpin(L, 1 / T).
 *
 * @param L - Lattice side (integer >= 2).
 * @param temperature - T > 0, units of J / k_B.
 * @returns e in (-2, 0), units of J.
 */
export function exactEnergyAtTemperature(L: number, temperature: number): number {
  return exactEnergyPerSpin(L, 1 / temperature);
}

/**
 * Exact specific heat per spin c = de/dT = -K^2 de/dK (units of k_B) of the L x L torus at temperature T > 0.
 * de/dK is differentiated numerically from the analytic e(K) (central differences with two Richardson steps,
 * relative step 1e-3), accurate to ~1e-7 relative; no closed-form second derivative is needed at these precisions.
 *
 * @param L - Lattice side (integer >= 2).
 * @param temperature - T > 0, units of J / k_B.
 * @returns c per spin, units of k_B.
 */
export function exactSpecificHeat(L: number, temperature: number): number {
  const K = 1 / temperature;
  const energy = (k: number) => exactEnergyPerSpin(L, k);
  return -K * K * richardsonDerivative(energy, K, 1e-3 * K);
}

/** Why a temperature read from an energy is not an ordinary finite number. */
export type TemperatureFlag = "infinite" | "zero";

/** A temperature inverted from an energy per spin; `flag` is set when the energy is at or beyond an end of (-2, 0). */
export interface InvertedTemperature {
  /** Temperature in units of J / k_B: Infinity when flag is "infinite", 0 when flag is "zero". */
  temperature: number;
  /** null for an ordinary temperature; "infinite" for e >= 0, "zero" for e <= -2. */
  flag: TemperatureFlag | null;
}

/** Coupling bracket of the inversion: e(K_MIN) ~ -2e-12 and e(K_MAX) rounds to -2 in doubles for every L. */
const INVERSION_LOG_K_MIN = Math.log(1e-12);
const INVERSION_LOG_K_MAX = Math.log(50);

/**
 * Inverts the exact finite-L energy per spin e(T), which rises monotonically from -2 (T = 0) to 0 (T = infinity):
 * the temperature whose exact mean energy per spin is `energyPerSpin`. e >= 0 reads as T = infinity (flag
 * "infinite"), e <= -2 as T = 0 (flag "zero"); never NaN. Bisection on ln K until the bracket stops shrinking in
 * doubles, so the round trip T -> e(T) -> T is limited only by the rounding of e(T) (about 1e-12 relative over
 * 0.5 <= T <= 10). Energies in (-2, 0) too close to an end for doubles to resolve return the bracket's end
 * (T ~ 1e12 or T = 0.02) without a flag. Throws RangeError on NaN.
 * (`docs/methods.md`, Thermometer.)
 *
 * @param L - Lattice side (integer >= 2).
 * @param energyPerSpin - e, units of J.
 * @returns The temperature (units of J / k_B) and a flag for the ends.
 * @throws RangeError when the energy is NaN.
 *
 * @example
 * ```ts
 * temperatureFromEnergy(10, exactEnergyAtTemperature(10, 2.5)).temperature; // 2.5
 * ```
 */
export function temperatureFromEnergy(L: number, energyPerSpin: number): InvertedTemperature {
  if (Number.isNaN(energyPerSpin)) throw new RangeError("energy per spin is NaN");
  if (energyPerSpin >= 0) return { temperature: Infinity, flag: "infinite" };
  if (energyPerSpin <= -2) return { temperature: 0, flag: "zero" };
  // e(K) decreases with K: the root lies where the energy crosses the target.
  let low = INVERSION_LOG_K_MIN;
  let high = INVERSION_LOG_K_MAX;
  for (let i = 0; i < 200; i++) {
    const middle = 0.5 * (low + high);
    if (middle === low || middle === high) break;
    if (exactEnergyPerSpin(L, Math.exp(middle)) > energyPerSpin) low = middle;
    else high = middle;
  }
  return { temperature: 1 / Math.exp(0.5 * (low + high)), flag: null };
}

/** Location and height of the exact specific-heat maximum of one lattice size. */
export interface SpecificHeatMaximum {
  /** T_Cmax(L) in units of J / k_B (2.3446 for L = 10; tends to T_c = 2.2692 as L grows). */
  temperature: number;
  /** c(T_Cmax) per spin, units of k_B. */
  specificHeat: number;
}

/**
 * The maximum of the exact specific heat c(T) of the L x L torus (Ferdinand & Fisher 1969, sec. IV): a scan of
 * 0.5 <= T <= 6 in steps of 0.01, then golden-section refinement to ~1e-7 in T.
 *
 * @param L - Lattice side (integer >= 2).
 * @returns Where c(T) peaks (units of J / k_B) and its height (units of k_B).
 *
 * @example
 * ```ts
 * specificHeatMaximum(10).temperature; // 2.3446
 * ```
 */
export function specificHeatMaximum(L: number): SpecificHeatMaximum {
  const heat = (t: number) => exactSpecificHeat(L, t);
  let best = 0.5;
  for (let t = 0.5; t <= 6; t += 0.01) if (heat(t) > heat(best)) best = t;
  let low = best - 0.01;
  let high = best + 0.01;
  const ratio = (Math.sqrt(5) - 1) / 2;
  while (high - low > 1e-7) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (heat(left) > heat(right)) high = right;
    else low = left;
  }
  const temperature = 0.5 * (low + high);
  return { temperature, specificHeat: heat(temperature) };
}

/**
 * f'(x) from central differences D(h) = (f(x+h) - f(x-h)) / 2h, whose error
 * is a series in h^2: two Richardson steps cancel the h^2 and h^4 terms.
 */
function richardsonDerivative(f: (x: number) => number, x: number, h: number): number {
  const central = (step: number) => (f(x + step) - f(x - step)) / (2 * step);
  const d1 = central(h);
  const d2 = central(h / 2);
  const d4 = central(h / 4);
  const r1 = (4 * d2 - d1) / 3;
  const r2 = (4 * d4 - d2) / 3;
  return (16 * r2 - r1) / 15;
}
