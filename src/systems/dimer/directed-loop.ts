// Exit probabilities of the dimer worm (assembly/dimer.ts) and their tables.
//
// At a pivot the four configurations with its dimer on bond d = 0..3 (right,
// up, left, down) have weights W_d = exp(-K n_d), K = V / T and n_d in
// {0, 1, 2} the occupied bonds opposite to d in d's two plaquettes. Any
// symmetric matrix A with non-negative entries and row sums W gives exit
// probabilities P(a -> b) = A_ab / W_a that satisfy the directed-loop
// equations W_a P(a -> b) = W_b P(b -> a) (Syljuasen & Sandvik, PRE 66,
// 046701, 2002; for dimers Sandvik & Moessner, PRB 73, 144504, 2006, and
// Alet et al., PRE 74, 041124, 2006). A_aa / W_a is the bounce: the worm
// retraces its last move, wasted work.
//
// "minimal-bounce" (the default) makes the bounce as small as the equations
// allow: with W_1 >= W_2 >= W_3 >= W_4 (sorted), only W_1 can bounce, by
// W_1 - (W_2 + W_3 + W_4) when that is positive (Syljuasen & Sandvik 2002).
// Otherwise there is no bounce, and among the bounce-free solutions we take
// the symmetric A_ab = (W_a + W_b) / 2 - S / 6 (S = sum of W) when it is
// non-negative: at V = 0 it is the uniform 1/3 over the three other bonds of
// Sandvik & Moessner. When it is not (W_3 + W_4 < S / 3), A_34 = 0,
// A_12 = (W_1 + W_2 - W_3 - W_4) / 2, and rows 1 and 2's remainders are
// shared between bonds 3 and 4 in proportion to W_3 : W_4 (all entries >= 0).
// "heat-bath" (P(a -> b) = W_b / S, bouncing with W_a / S: a quarter of all
// moves at V = 0) is kept for comparison: same distribution, longer worms.

/** How the directed-loop equations are solved (see the file comment). */
export type ExitRule = "minimal-bounce" | "heat-bath";

/** Environments of a pivot: (n_0, n_1, n_2, n_3) in {0, 1, 2}^4, index n_0 + 3 n_1 + 9 n_2 + 27 n_3. */
export const DIMER_ENVIRONMENTS = 81;
/** Bytes of one exit table: 81 environments x 4 entries x 4 u64 thresholds. */
export const EXIT_TABLE_BYTES = DIMER_ENVIRONMENTS * 4 * 4 * 8;

/**
 * A solution of the directed-loop equations for one pivot: the symmetric
 * 4 x 4 matrix A (row-major) with row sums `weights`, A[a][b] >= 0.
 */
export function directedLoopMatrix(weights: readonly number[], rule: ExitRule = "minimal-bounce"): number[][] {
  if (weights.length !== 4 || weights.some((w) => !(w > 0) || !Number.isFinite(w))) {
    throw new RangeError(`four positive finite weights expected, got ${weights.join(", ")}`);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const a = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
  if (rule === "heat-bath") {
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) a[i]![j] = (weights[i]! * weights[j]!) / sum;
    return a;
  }
  const order = [0, 1, 2, 3].sort((i, j) => weights[j]! - weights[i]! || i - j);
  const [i1, i2, i3, i4] = order as [number, number, number, number];
  const [w1, w2, w3, w4] = order.map((i) => weights[i]!) as [number, number, number, number];
  const set = (i: number, j: number, value: number) => { a[i]![j] = value; a[j]![i] = value; };
  if (w1 >= w2 + w3 + w4) {
    a[i1]![i1] = w1 - (w2 + w3 + w4);
    set(i1, i2, w2); set(i1, i3, w3); set(i1, i4, w4);
  } else if (w3 + w4 >= sum / 3) {
    for (let i = 0; i < 4; i++) {
      for (let j = i + 1; j < 4; j++) set(i, j, (weights[i]! + weights[j]!) / 2 - sum / 6);
    }
  } else {
    const a12 = (w1 + w2 - w3 - w4) / 2;
    const rest1 = w1 - a12;
    const rest2 = w2 - a12;
    set(i1, i2, a12);
    set(i1, i3, (rest1 * w3) / (w3 + w4)); set(i1, i4, (rest1 * w4) / (w3 + w4));
    set(i2, i3, (rest2 * w3) / (w3 + w4)); set(i2, i4, (rest2 * w4) / (w3 + w4));
  }
  return a;
}

/** Pivot weights exp(-K n_d) of environment `env`, scaled so the largest is 1. */
export function environmentWeights(env: number, coupling: number): number[] {
  const n = [env % 3, Math.floor(env / 3) % 3, Math.floor(env / 9) % 3, Math.floor(env / 27) % 3];
  const energies = n.map((count) => coupling * count);
  const lowest = Math.min(...energies);
  return energies.map((e) => Math.exp(-(e - lowest)));
}

/**
 * Exit probabilities P[env][entry][exit] for K = V / T: 81 x 4 x 4, each row
 * summing to 1.
 */
export function exitProbabilities(coupling: number, rule: ExitRule = "minimal-bounce"): number[][][] {
  if (!Number.isFinite(coupling)) throw new RangeError(`V / T must be finite, got ${coupling}`);
  return Array.from({ length: DIMER_ENVIRONMENTS }, (_, env) => {
    const weights = environmentWeights(env, coupling);
    const matrix = directedLoopMatrix(weights, rule);
    // Divide by the computed row sum rather than W_a: the formulas cancel
    // O(1) terms in rows of weight e^(-2|K|), and the row must sum to 1.
    return matrix.map((row) => {
      const total = row.reduce((a, b) => a + b, 0);
      return row.map((value) => value / total);
    });
  });
}

/**
 * The kernel's exit table for K = V / T: for each environment and entry,
 * four u64 thresholds round(2^32 (P_0 + ... + P_k)), k = 0..3 (the last is
 * 2^32 and unused): a u32 draw u exits on bond #{k < 3 : u >= threshold_k}.
 * EXIT_TABLE_BYTES bytes, little-endian, as BigUint64Array order.
 */
export function exitTable(coupling: number, rule: ExitRule = "minimal-bounce"): BigUint64Array {
  const table = new BigUint64Array(DIMER_ENVIRONMENTS * 16);
  exitProbabilities(coupling, rule).forEach((rows, env) => rows.forEach((row, entry) => {
    let cumulative = 0;
    row.forEach((p, exit) => {
      cumulative += p;
      const threshold = exit === 3 ? 2 ** 32 : Math.min(2 ** 32, Math.round(cumulative * 2 ** 32));
      table[(env * 4 + entry) * 4 + exit] = BigInt(threshold);
    });
  }));
  return table;
}

/**
 * Plaquette-flip acceptance thresholds (Metropolis, min(1, exp(-K dN))) for a
 * change dN = -2..2 of N_par, as five u64 round(2^32 p) for the kernel.
 */
export function plaquetteFlipThresholds(coupling: number): BigUint64Array {
  return BigUint64Array.from([-2, -1, 0, 1, 2], (change) =>
    BigInt(Math.round(Math.min(1, Math.exp(-coupling * change)) * 2 ** 32)));
}
