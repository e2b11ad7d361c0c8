// Adam (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR
// 2015) on a flat float64 parameter array, minimising.

/** Adam's settings. */
export interface AdamOptions {
  /** Learning rate (default 5e-3, as RSMI-NE trains). */
  learningRate?: number;
  /** First-moment decay (default 0.9). */
  beta1?: number;
  /** Second-moment decay (default 0.999). */
  beta2?: number;
  /** Added to the root of the second moment (default 1e-8). */
  epsilon?: number;
}

/** Adam's state for one parameter array. */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  private readonly rate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  /**
   * @param size - Number of parameters.
   * @param options - Settings; defaults as documented on AdamOptions.
   */
  constructor(size: number, options: AdamOptions = {}) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.rate = options.learningRate ?? 5e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /**
   * One step downhill: parameters -= rate m^ / (sqrt(v^) + epsilon), with
   * bias-corrected moments m^, v^ of the gradient.
   *
   * @param parameters - Updated in place.
   * @param gradient - d loss / d parameters (same length); to climb an objective pass its negative.
   */
  step(parameters: Float64Array, gradient: Float64Array): void {
    if (parameters.length !== this.m.length || gradient.length !== this.m.length) throw new RangeError("Adam: size mismatch");
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    for (let i = 0; i < parameters.length; i++) {
      const g = gradient[i]!;
      const m = (this.m[i] = this.beta1 * this.m[i]! + (1 - this.beta1) * g);
      const v = (this.v[i] = this.beta2 * this.v[i]! + (1 - this.beta2) * g * g);
      parameters[i]! -= (this.rate * (m / c1)) / (Math.sqrt(v / c2) + this.epsilon);
    }
  }
}
