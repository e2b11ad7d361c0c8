// The InfoNCE lower bound on mutual information (van den Oord, Li & Vinyals,
// "Representation learning with contrastive predictive coding",
// arXiv:1807.03748, 2018; Poole et al., ICML 2019, eq. 12), as RSMI-NE
// maximises it (Goekmen, Ringel, Huber & Koch-Janusz, PRE 104, 064106, 2021).

/**
 * The InfoNCE bound of a K x K score matrix and its gradient. Row i holds
 * the critic's scores f(e_i, h_j) of environment i against every coarse
 * variable j of the batch; the diagonal are the true pairs:
 *
 *   I_NCE = (1/K) sum_i [ S_ii - log( (1/K) sum_j exp S_ij ) ]  <=  I(E : H),
 *
 * in nats, never above ln K. Its gradient is
 * dI/dS_ij = (delta_ij - softmax_j(S_i.)) / K.
 *
 * @param scores - (K, K) row-major scores S_ij = f(e_i, h_j).
 * @param size - K.
 * @returns bound: I_NCE in nats; gradient: (K, K) dI/dS.
 */
export function infoNceBound(scores: Float64Array, size: number): { bound: number; gradient: Float64Array } {
  const gradient = new Float64Array(size * size);
  return { bound: infoNceBoundInto(scores, size, gradient), gradient };
}

/**
 * infoNceBound writing the gradient into a given array (the training loop
 * reuses one buffer across steps).
 *
 * @param scores - (K, K) row-major scores S_ij = f(e_i, h_j).
 * @param size - K.
 * @param gradient - (K, K) output: dI/dS; must not be `scores`.
 * @returns I_NCE in nats.
 */
export function infoNceBoundInto(scores: Float64Array, size: number, gradient: Float64Array): number {
  if (scores.length !== size * size || gradient.length !== size * size) {
    throw new RangeError(`scores and gradient must hold ${size} x ${size} values, got ${scores.length} and ${gradient.length}`);
  }
  const logK = Math.log(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    const row = i * size;
    let max = -Infinity;
    for (let j = 0; j < size; j++) max = Math.max(max, scores[row + j]!);
    let sum = 0;
    for (let j = 0; j < size; j++) {
      const e = Math.exp(scores[row + j]! - max);
      gradient[row + j] = e;
      sum += e;
    }
    total += scores[row + i]! - max - Math.log(sum) + logK;
    const scale = -1 / (size * sum);
    for (let j = 0; j < size; j++) gradient[row + j]! *= scale;
    gradient[row + i]! += 1 / size;
  }
  return total / size;
}
