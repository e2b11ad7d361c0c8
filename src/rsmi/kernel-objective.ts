// The RSMI objective of filter.ts (rsmiBatchObjective) run on the float64
// dense kernels of assembly/rsmi-dense.ts, for training: the model, its
// gradients, one batch and every activation live in the kernels' memory for
// the whole run, laid out once, so a step allocates nothing. Each product
// sums in the same order as the plain TypeScript of critic.ts; the
// exponentials of InfoNCE are the kernel's own (assembly/rsmi-infonce.ts,
// within an ulp or two of Math.exp), so a step agrees with
// rsmiBatchObjective to rounding (held to it in test/library/rsmi.test.ts);
// docs/methods.md "RSMI".

import type { Core } from "../wasm.js";
import type { Mlp } from "./critic.js";
import type { RsmiModel } from "./filter.js";
import type { PairBatch } from "./regions.js";
import { sigmoid } from "./relaxed-bernoulli.js";

/** Byte offsets of one MLP's parameters, gradient and per-layer activations in kernel memory. */
interface MlpLayout {
  sizes: readonly number[];
  parameters: number;
  gradient: number;
  /** activations[l]: (K, sizes[l]); [0] is the input. */
  activations: number[];
}

/** Where each buffer of a training run sits (byte offsets) and the views on them. */
interface Buffers {
  filter: number; filterGradient: number; block: number; environment: number; noise: number; logits: number;
  scores: number; scoreGradient: number; transposed: number; gradientA: number; gradientB: number;
  environmentGradientOut: number; coarseGradientOut: number;
}

/** The views a step reads and writes (made once, after every allocation). */
export interface RsmiKernelViews {
  /** Lambda, (k, b^2): the trained filter, updated in place. */
  filter: Float64Array;
  /** d bound / d Lambda after a step. */
  filterGradient: Float64Array;
  /** g's parameters, in Mlp layout. */
  environmentParameters: Float64Array;
  /** d bound / d g's parameters after a step. */
  environmentGradient: Float64Array;
  /** u's parameters, in Mlp layout. */
  coarseParameters: Float64Array;
  /** d bound / d u's parameters after a step. */
  coarseGradient: Float64Array;
  /** The batch to fill before a step: (K, b^2) blocks and (K, nEnvironment) environments. */
  batch: PairBatch;
  /** (K, k) logistic noise to fill before a step. */
  noise: Float64Array;
}

/**
 * The RSMI objective on kernel memory. Construct it inside an arena scope
 * (it allocates there and its views die with the scope); fill `views.batch`
 * and `views.noise`, call step, read the gradients from the views.
 *
 * @example
 * ```ts
 * core.arena.scoped(() => {
 *   const objective = new RsmiKernelObjective(core, model, 400);
 *   // fill objective.views.batch and objective.views.noise, then:
 *   const bound = objective.step(0.75); // nats; gradients now in objective.views
 *   objective.copyParametersTo(model);
 * });
 * ```
 */
export class RsmiKernelObjective {
  /** Views on the kernel buffers. */
  readonly views: RsmiKernelViews;
  private readonly at: Buffers;
  private readonly environment: MlpLayout;
  private readonly coarse: MlpLayout;
  private readonly hidden: number;
  private readonly nSites: number;
  private readonly embedding: number;
  private readonly size: number;
  private readonly logits: Float64Array;
  private readonly coarseInput: Float64Array;
  private readonly coarseInputGradient: Float64Array;

  /**
   * @param core - The kernels; their arena holds every buffer.
   * @param model - Filter and critics to start from (copied in).
   * @param size - Pairs per batch K.
   * @throws RangeError when the critics' embedding widths differ.
   */
  constructor(private readonly core: Core, model: RsmiModel, size: number) {
    const d = model.environmentCritic.sizes.at(-1)!;
    if (model.coarseCritic.sizes.at(-1) !== d) throw new RangeError("the two critics' embeddings differ in width");
    this.hidden = model.hidden;
    this.nSites = model.blockSites;
    this.embedding = d;
    this.size = size;
    const f64 = (n: number): number => core.arena.alloc(8 * n);
    this.environment = layoutMlp(model.environmentCritic, size, f64);
    this.coarse = layoutMlp(model.coarseCritic, size, f64);
    const widest = Math.max(...model.environmentCritic.sizes, ...model.coarseCritic.sizes);
    const nEnv = model.environmentCritic.sizes[0]!;
    this.at = {
      filter: f64(model.filter.length), filterGradient: f64(model.filter.length), block: f64(size * this.nSites),
      environment: this.environment.activations[0]!, noise: f64(size * this.hidden), logits: f64(size * this.hidden),
      scores: f64(size * size), scoreGradient: f64(size * size), transposed: f64(Math.max(size * d, widest * widest)),
      gradientA: f64(size * Math.max(widest, d)), gradientB: f64(size * Math.max(widest, d)),
      environmentGradientOut: f64(size * d), coarseGradientOut: f64(size * d),
    };
    // Views only now: an allocation may grow the memory, which detaches earlier views.
    const view = (ptr: number, n: number): Float64Array => core.arena.f64(ptr, n);
    this.views = {
      filter: view(this.at.filter, model.filter.length), filterGradient: view(this.at.filterGradient, model.filter.length),
      environmentParameters: view(this.environment.parameters, model.environmentCritic.parameters.length),
      environmentGradient: view(this.environment.gradient, model.environmentCritic.parameters.length),
      coarseParameters: view(this.coarse.parameters, model.coarseCritic.parameters.length),
      coarseGradient: view(this.coarse.gradient, model.coarseCritic.parameters.length),
      batch: { block: view(this.at.block, size * this.nSites), environment: view(this.at.environment, size * nEnv), size },
      noise: view(this.at.noise, size * this.hidden),
    };
    this.logits = view(this.at.logits, size * this.hidden);
    this.coarseInput = view(this.coarse.activations[0]!, size * this.hidden);
    this.coarseInputGradient = view(this.at.gradientA, size * this.hidden);
    this.views.filter.set(model.filter);
    this.views.environmentParameters.set(model.environmentCritic.parameters);
    this.views.coarseParameters.set(model.coarseCritic.parameters);
  }

  /**
   * The bound on the batch and noise in `views`, and its gradients (to climb
   * it) in `views.*Gradient`.
   *
   * @param tau - Relaxation temperature (> 0).
   * @returns The InfoNCE bound, nats.
   */
  step(tau: number): number {
    this.coarseVariables(tau);
    this.forward(this.environment);
    this.forward(this.coarse);
    const bound = this.scoresAndBound();
    this.backward(this.environment, this.at.environmentGradientOut, false);
    this.backward(this.coarse, this.at.coarseGradientOut, true);
    this.filterGradient(tau);
    return bound;
  }

  /**
   * Copies the current filter and critic parameters into a model (of the
   * same shapes as the one constructed from).
   *
   * @param model - Updated in place.
   */
  copyParametersTo(model: RsmiModel): void {
    model.filter.set(this.views.filter);
    model.environmentCritic.parameters.set(this.views.environmentParameters);
    model.coarseCritic.parameters.set(this.views.coarseParameters);
  }

  /** Logits a = v Lambda^T and relaxed samples h = sigmoid((a + l) / tau), h written as u's input. */
  private coarseVariables(tau: number): void {
    const { filter, batch, noise } = this.views;
    const k = this.hidden, n = this.nSites;
    for (let i = 0; i < this.size; i++) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += filter[c * n + j]! * batch.block[i * n + j]!;
        this.logits[i * k + c] = s;
        this.coarseInput[i * k + c] = sigmoid((s + noise[i * k + c]!) / tau);
      }
    }
  }

  private forward(mlp: MlpLayout): void {
    const { kernels } = this.core;
    let offset = 0;
    for (let l = 0; l + 1 < mlp.sizes.length; l++) {
      const nIn = mlp.sizes[l]!, nOut = mlp.sizes[l + 1]!;
      const w = mlp.parameters + 8 * offset;
      const relu = l + 2 < mlp.sizes.length ? 1 : 0;
      kernels.rsmiDenseForward(mlp.activations[l]!, this.size, nIn, w, w + 8 * nIn * nOut, nOut, relu, mlp.activations[l + 1]!);
      offset += nIn * nOut + nOut;
    }
  }

  /** S = G U^T, the bound and dS; dG = dS U and dU = dS^T G into the critics' output gradients. */
  private scoresAndBound(): number {
    const { kernels } = this.core;
    const K = this.size, d = this.embedding;
    const G = this.environment.activations.at(-1)!, U = this.coarse.activations.at(-1)!;
    kernels.rsmiTransposeF64(U, K, d, this.at.transposed);
    kernels.rsmiDenseForward(G, K, d, this.at.transposed, 0, K, 0, this.at.scores);
    const bound = kernels.rsmiInfoNce(this.at.scores, K, this.at.scoreGradient);
    kernels.rsmiDenseForward(this.at.scoreGradient, K, K, U, 0, d, 0, this.at.environmentGradientOut);
    kernels.rsmiDenseBackward(this.at.scoreGradient, K, K, G, d, this.at.coarseGradientOut, 0);
    return bound;
  }

  /** Back through an MLP from d bound / d output; with wantInput the input gradient ends in gradientA. */
  private backward(mlp: MlpLayout, outputGradient: number, wantInput: boolean): void {
    const { kernels } = this.core;
    const offsets = layerOffsets(mlp.sizes);
    let dz = outputGradient;
    for (let l = mlp.sizes.length - 2; l >= 0; l--) {
      const nIn = mlp.sizes[l]!, nOut = mlp.sizes[l + 1]!;
      const w = mlp.parameters + 8 * offsets[l]!, dw = mlp.gradient + 8 * offsets[l]!;
      kernels.rsmiDenseBackward(mlp.activations[l]!, this.size, nIn, dz, nOut, dw, dw + 8 * nIn * nOut);
      if (l === 0 && !wantInput) return;
      // dx = dz W^T, into whichever scratch dz is not in; the input gradient ends in gradientA (l = 0 is even).
      const dx = l % 2 === 0 ? this.at.gradientA : this.at.gradientB;
      kernels.rsmiTransposeF64(w, nIn, nOut, this.at.transposed);
      kernels.rsmiDenseForward(dz, this.size, nOut, this.at.transposed, 0, nIn, 0, dx);
      // Below layer 0 the input is ReLU's output: no gradient where it was clipped to 0.
      if (l > 0) kernels.rsmiReluMask(dx, mlp.activations[l]!, this.size * nIn);
      dz = dx;
    }
  }

  /** d bound / d Lambda from d bound / d h through the relaxed samples: dh h (1 - h) / tau times the block. */
  private filterGradient(tau: number): void {
    const { filterGradient, batch } = this.views;
    const k = this.hidden, n = this.nSites;
    filterGradient.fill(0);
    for (let i = 0; i < this.size; i++) {
      for (let c = 0; c < k; c++) {
        const h = this.coarseInput[i * k + c]!;
        const g = (this.coarseInputGradient[i * k + c]! * h * (1 - h)) / tau;
        for (let j = 0; j < n; j++) filterGradient[c * n + j]! += g * batch.block[i * n + j]!;
      }
    }
  }
}

/** Element offset of each layer's W in an MLP's flat parameters. */
function layerOffsets(sizes: readonly number[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) { offsets.push(offset); offset += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!; }
  return offsets;
}

function layoutMlp(mlp: Mlp, size: number, f64: (n: number) => number): MlpLayout {
  const parameters = f64(mlp.parameters.length);
  const gradient = f64(mlp.parameters.length);
  const activations = mlp.sizes.map((width) => f64(size * width));
  return { sizes: mlp.sizes, parameters, gradient, activations };
}
