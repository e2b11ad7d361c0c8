// Dense linear algebra for the few-by-few matrices of linearized MCRG
// (n = number of operators, at most a handful): solving C T = D and the
// eigenvalues of a real non-symmetric T. Row-major number[][].

/** X with A X = B (A n x n, B n x m) by Gaussian elimination with partial pivoting; undefined when A is singular. */
export function solve(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] | undefined {
  const n = a.length;
  const m = b[0]?.length ?? 0;
  const rows = a.map((row, i) => [...row, ...b[i]!]);
  const scale = Math.max(...a.flat().map(Math.abs));
  if (!(scale > 0)) return undefined;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    if (!(Math.abs(rows[pivot]![col]!) > 1e-13 * scale)) return undefined;
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    const pivotRow = rows[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = rows[r]![col]! / pivotRow[col]!;
      if (factor === 0) continue;
      for (let c = col; c < n + m; c++) rows[r]![c]! -= factor * pivotRow[c]!;
    }
  }
  return rows.map((row, i) => row.slice(n).map((value) => value / row[i]!));
}

/** A complex number (an eigenvalue of a real non-symmetric matrix may be one). */
export interface Complex { re: number; im: number }

/**
 * All eigenvalues of a real n x n matrix: the characteristic polynomial by
 * Faddeev-LeVerrier, its roots by Durand-Kerner (Weierstrass) iteration.
 * Fine for the n <= 6 matrices here; not a general-purpose eigensolver.
 */
export function eigenvalues(matrix: readonly (readonly number[])[]): Complex[] {
  const n = matrix.length;
  if (n === 0) return [];
  if (matrix.some((row) => row.length !== n)) throw new RangeError("eigenvalues need a square matrix");
  return polynomialRoots(characteristicPolynomial(matrix));
}

/**
 * The largest real eigenvalue (imaginary part below 1e-7 of the spectral
 * scale); NaN when there is none or the matrix holds a non-finite value.
 */
export function largestRealEigenvalue(matrix: readonly (readonly number[])[]): number {
  if (matrix.flat().some((value) => !Number.isFinite(value))) return NaN;
  const values = eigenvalues(matrix);
  const scale = Math.max(1, ...values.map((z) => Math.hypot(z.re, z.im)));
  const real = values.filter((z) => Math.abs(z.im) <= 1e-7 * scale).map((z) => z.re);
  return real.length === 0 ? NaN : Math.max(...real);
}

/** Coefficients c_0..c_n (c_0 = 1) of det(lambda I - A) = sum_k c_k lambda^(n-k), Faddeev-LeVerrier. */
function characteristicPolynomial(a: readonly (readonly number[])[]): number[] {
  const n = a.length;
  const coefficients = [1];
  let m = a.map((row) => row.map(() => 0)); // M_0 = 0
  for (let k = 1; k <= n; k++) {
    // M_k = A M_{k-1} + c_{k-1} I, c_k = -tr(A M_k) / k
    const am = multiply(a, m);
    m = am.map((row, i) => row.map((value, j) => value + (i === j ? coefficients[k - 1]! : 0)));
    const trace = multiply(a, m).reduce((sum, row, i) => sum + row[i]!, 0);
    coefficients.push(-trace / k);
  }
  return coefficients;
}

function multiply(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, value, k) => sum + value * b[k]![j]!, 0)));
}

/** Roots of the monic polynomial sum_k c_k z^(n-k), Durand-Kerner. */
function polynomialRoots(coefficients: readonly number[]): Complex[] {
  const n = coefficients.length - 1;
  const radius = 1 + Math.max(...coefficients.slice(1).map(Math.abs)); // Cauchy's bound on |root|
  const seed = { re: 0.4, im: 0.9 };
  let roots: Complex[] = Array.from({ length: n }, (_, k) => scaleBy(power(seed, k), radius / 2));
  for (let iteration = 0; iteration < 2000; iteration++) {
    let change = 0;
    roots = roots.map((z, k) => {
      let denominator: Complex = { re: 1, im: 0 };
      roots.forEach((w, j) => { if (j !== k) denominator = times(denominator, { re: z.re - w.re, im: z.im - w.im }); });
      const step = divide(evaluate(coefficients, z), denominator);
      change = Math.max(change, Math.hypot(step.re, step.im));
      return { re: z.re - step.re, im: z.im - step.im };
    });
    if (change <= 1e-15 * radius) break;
  }
  return roots;
}

function evaluate(coefficients: readonly number[], z: Complex): Complex {
  let value: Complex = { re: 0, im: 0 };
  for (const c of coefficients) value = { re: value.re * z.re - value.im * z.im + c, im: value.re * z.im + value.im * z.re };
  return value;
}

function times(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

function divide(a: Complex, b: Complex): Complex {
  const norm = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / norm, im: (a.im * b.re - a.re * b.im) / norm };
}

function power(z: Complex, k: number): Complex {
  let out: Complex = { re: 1, im: 0 };
  for (let i = 0; i < k; i++) out = times(out, z);
  return out;
}

function scaleBy(z: Complex, factor: number): Complex {
  return { re: z.re * factor, im: z.im * factor };
}
