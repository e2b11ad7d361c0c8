// Relaxed Bernoulli samples (the binary concrete distribution: Maddison, Mnih
// & Teh, ICLR 2017; the Gumbel-softmax of Jang, Gu & Poole, ICLR 2017, for
// two classes), the differentiable stand-in RSMI-NE uses for binary coarse
// variables (Goekmen, Ringel, Huber & Koch-Janusz, PRL 127, 240603, 2021).

/**
 * The temperature of step t of an annealed schedule,
 * tau_t = max(tauMin, tau0 exp(-rate t)).
 *
 * @param step - Training step t (from 0).
 * @param tau0 - Initial temperature.
 * @param tauMin - Floor.
 * @param rate - Decay per step.
 * @returns tau_t.
 */
export function annealedTemperature(step: number, tau0: number, tauMin: number, rate: number): number {
  return Math.max(tauMin, tau0 * Math.exp(-rate * step));
}

/** Numerically stable logistic sigmoid 1 / (1 + e^-x). */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Relaxed Bernoulli samples h = sigmoid((a + l) / tau) in (0, 1), where a is
 * the logit and l a standard logistic noise (log u - log(1 - u), u uniform):
 * as tau -> 0 h becomes a Bernoulli(sigmoid(a)) draw of 0/1.
 *
 * @param logits - Logits a, any shape.
 * @param noise - Logistic noise l, same length.
 * @param tau - Temperature (> 0).
 * @returns h, same length.
 */
export function relaxedBernoulli(logits: Float64Array, noise: Float64Array, tau: number): Float64Array {
  if (noise.length !== logits.length) throw new RangeError("relaxedBernoulli: noise and logits differ in length");
  const h = new Float64Array(logits.length);
  for (let i = 0; i < h.length; i++) h[i] = sigmoid((logits[i]! + noise[i]!) / tau);
  return h;
}

/**
 * Back through relaxedBernoulli at fixed noise: dObjective/da = dObjective/dh h (1 - h) / tau.
 *
 * @param samples - h from relaxedBernoulli.
 * @param sampleGradient - dObjective/dh, same length.
 * @param tau - The temperature the samples were drawn at.
 * @returns dObjective/da, same length.
 */
export function relaxedBernoulliBackward(samples: Float64Array, sampleGradient: Float64Array, tau: number): Float64Array {
  const out = new Float64Array(samples.length);
  for (let i = 0; i < out.length; i++) {
    const h = samples[i]!;
    out[i] = (sampleGradient[i]! * h * (1 - h)) / tau;
  }
  return out;
}
