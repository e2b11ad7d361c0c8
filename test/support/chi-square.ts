// Pearson's chi-square test against exact probabilities, for the samplers'
// known-answer tests (Ising states by enumeration, dimer coverings).

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

/**
 * Q(a, x) = Gamma(a, x) / Gamma(a): the series for P = 1 - Q when x < a + 1, else Lentz's continued
 * fraction (Numerical Recipes, 3rd ed., sec. 6.2).
 */
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

/** ln Gamma(z), Lanczos approximation (g = 7, 9 terms; ~1e-15 relative). */
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
