// Greedy layer-wise training of a stack of RBMs (a deep belief network,
// Hinton, Osindero & Teh 2006): layer l learns from the hidden
// probabilities of layer l-1 on the training data (rbm.m's batchdata =
// batchposhidprobs), or from sampled hidden states when asked.

import type { Core } from "../wasm.js";
import { allocStream, shuffleWithDraws } from "../rng.js";
import { selectRows, type LayerData } from "./layer-data.js";
import { layerSteps, layerStream, type EpochMetrics, type LayerState } from "./training/index.js";
import { uploadParameters, type RbmParameters } from "./rbm-parameters.js";
import { bytesPerRow, hiddenProbabilities, uploadRows } from "./propagate.js";
import type { LayerTrainingOptions } from "./training-options.js";

/** What a layer passes up to the next: hidden probabilities (rbm.m) or sampled 0/1 hidden states. */
export type Propagation = "probabilities" | "samples";

/** Settings of a greedy stack's training (see trainStack). */
export interface StackTrainingOptions {
  /** Options of layer 1, 2, ...; layer k's visible units are layer k - 1's hidden units. */
  layers: LayerTrainingOptions[];
  /** Integer seed in [0, 2^53): splits, initialisation, shuffles and Gibbs chains all derive from it. */
  seed: number;
  /** Fraction of samples held out (chosen at random from the seed); 0 trains on all. */
  validationFraction: number;
  /** Training (and held-out) rows scored each epoch, evenly spaced; default 1000. */
  monitorSamples?: number;
  /** Default "probabilities". */
  propagate?: Propagation;
  /** Threads for training (default defaultThreads(), 1 unless set); results are bit-identical for any count. */
  threads?: number;
  /** After every epoch, with that epoch's metrics and (on request) parameters; return "stop" to end the layer there. */
  onEpoch?: (metrics: EpochMetrics, parameters: () => RbmParameters) => void | "stop";
  /** After every mini-batch: progress within layer `layer`, epoch `epoch`. */
  onBatch?: (layer: number, epoch: number, batch: number, batches: number) => void;
  /** After each layer, with its final parameters. */
  onLayer?: (layer: number, parameters: RbmParameters) => void;
}

/** A trained stack: each layer's parameters and every epoch's metrics. */
export interface StackResult {
  /** Each layer's parameters, layer 1 first (fewer than asked for when training diverged or stopped). */
  layers: RbmParameters[];
  /** Every layer's EpochMetrics rows, layer by layer. */
  metrics: EpochMetrics[];
  /** Rows trained on, and rows held out. */
  trainSamples: number;
  /** Rows held out for validation (0 when validationFraction is 0). */
  validationSamples: number;
  /** Set when a layer diverged; training stopped there with the last finite parameters. */
  diverged?: {
    /** The layer (1-based) whose parameters stopped being finite. */
    layer: number;
    /** The epoch (1-based) in which they did. */
    epoch: number;
  };
}

/** Training rows and (when the fraction is above 0) held-out rows. */
export interface DataSplit {
  /** Rows to train on, in their original order. */
  train: LayerData;
  /** Held-out rows, in their original order; absent when none are held out. */
  validation?: LayerData;
}

/**
 * Random held-out rows (seeded); training rows keep their original order.
 *
 * @param core - The loaded kernels (the draws come from the seed's "split" stream).
 * @param data - All rows.
 * @param fraction - Share to hold out, in [0, 1); round(fraction * nSamples) rows.
 * @param seed - Integer seed in [0, 2^53); the same as the stack's, to hold out the rows it holds out.
 * @returns The two sets of rows.
 * @throws RangeError when the fraction is out of range or would leave no training rows.
 */
export function splitData(core: Core, data: LayerData, fraction: number, seed: number): DataSplit {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`validation fraction must be in [0, 1), got ${fraction}`);
  const held = Math.round(fraction * data.nSamples);
  if (held === 0) return { train: data };
  if (held >= data.nSamples) throw new RangeError("validation split leaves no training samples");
  const isHeld = core.arena.scoped(() => {
    const rng = allocStream(core, seed, layerStream(0, "split"));
    const draws = core.arena.alloc(data.nSamples * 4);
    core.kernels.rngFillU32(rng, draws, data.nSamples);
    const order = Array.from({ length: data.nSamples }, (_, i) => i);
    shuffleWithDraws(order, core.arena.u32(draws, data.nSamples));
    const flags = new Uint8Array(data.nSamples);
    for (let i = 0; i < held; i++) flags[order[i]!] = 1;
    return flags;
  });
  const rows = (keep: number) => [...isHeld.keys()].filter((i) => isHeld[i] === keep);
  return { train: selectRows(data, rows(0)), validation: selectRows(data, rows(1)) };
}

/**
 * Greedy layer-wise training of a stack of RBMs (a deep belief network; `docs/methods.md`, Training): layer k
 * learns from what layer k - 1 passes up on the training rows. Blocks until done; the same parameters as
 * trainStackAsync without its hook, bit-identical for any thread count.
 *
 * @param core - The loaded kernels.
 * @param data - Layer 1's rows (binaryLayerData of the spins).
 * @param options - Per-layer options, seed, validation fraction; propagation, threads and hooks optional.
 * @returns Each layer's parameters and every epoch's metrics.
 * @throws RangeError on invalid options (validateLayerOptions) or a bad validation fraction.
 *
 * @example
 * ```ts
 * const data = binaryLayerData(configs, [count, 16, 16]);
 * const result = trainStack(core, data, {
 *   layers: [{ ...rbmDefaults(), nHidden: 64, epochs: 20 }],
 *   seed: 1,
 *   validationFraction: 0.1,
 *   onEpoch: (m) => console.log(m.layer, m.epoch, m.pseudoLikelihood),
 * });
 * ```
 */
export function trainStack(core: Core, data: LayerData, options: StackTrainingOptions): StackResult {
  const steps = stackSteps(core, data, options);
  for (;;) {
    const step = steps.next(false);
    if (step.done) return step.value;
  }
}

/** Where a stack's training stands: enough to continue it exactly (see trainStackAsync). */
export interface StackCheckpoint {
  /** Layers finished so far. */
  layers: RbmParameters[];
  /** Every epoch's metrics so far, the layer in progress included. */
  metrics: EpochMetrics[];
  /** The layer in progress (layer layers.length + 1), after `current.epoch` epochs; absent at a layer boundary. */
  current?: LayerState;
}

/** trainStack's settings plus a resume point and an awaited hook between epochs. */
export interface AsyncStackTrainingOptions extends StackTrainingOptions {
  /** Continue from this checkpoint (made by an earlier run with the same data and options). */
  resume?: StackCheckpoint;
  /**
   * Awaited after every epoch (`epoch` set; at a layer's last epoch too) and after each layer ends (`layerEnd`,
   * checkpoint without `current`); return "stop" to end training there. The checkpoint is built only when asked.
   */
  between?: (
    where: {
      /** The layer (1-based) being trained. */
      layer: number;
      /** The epoch (1-based) just finished; absent at a layer's end. */
      epoch?: number;
      /** Whether the layer has just ended. */
      layerEnd: boolean;
    },
    checkpoint: () => StackCheckpoint,
  ) => Promise<void | "stop">;
}

/** trainStackAsync's result: a StackResult, stopped early if the hook asked. */
export interface AsyncStackResult extends StackResult {
  /** Set when `between` asked to stop: the checkpoint to resume from. */
  stopped?: StackCheckpoint;
}

/**
 * trainStack with an awaited hook between epochs and an exact resume: a run stopped (or killed) and continued from
 * a checkpoint of the same data and options gives bit-identical parameters to an uninterrupted one.
 *
 * @param core - The loaded kernels.
 * @param data - Layer 1's rows.
 * @param options - trainStack's, plus `resume` and the awaited `between` hook.
 * @returns The stack so far; `stopped` holds the checkpoint when the hook asked to stop.
 * @throws RangeError on invalid options.
 *
 * @example
 * ```ts
 * let saved: StackCheckpoint | undefined;
 * const first = await trainStackAsync(core, data, {
 *   ...options,
 *   between: async (where) => (where.epoch === 3 ? "stop" : undefined),
 * });
 * saved = first.stopped;
 * const rest = await trainStackAsync(core, data, { ...options, resume: saved }); // same bits as one run
 * ```
 */
export async function trainStackAsync(core: Core, data: LayerData, options: AsyncStackTrainingOptions): Promise<AsyncStackResult> {
  const steps = stackSteps(core, data, options);
  let stop = false;
  for (;;) {
    const step = steps.next(stop);
    if (step.done) return step.value;
    stop = (await options.between?.(step.value.where, step.value.checkpoint)) === "stop";
  }
}

/** A point between epochs (or after a layer) where the stack's training may stop. */
interface StackPause {
  where: { layer: number; epoch?: number; layerEnd: boolean };
  checkpoint: () => StackCheckpoint;
}

/** The one layer loop behind trainStack and trainStackAsync: yields at every pause; next(true) stops there. */
function* stackSteps(
  core: Core, data: LayerData, options: StackTrainingOptions & { resume?: StackCheckpoint },
): Generator<StackPause, AsyncStackResult, boolean> {
  const split = splitData(core, data, options.validationFraction, options.seed);
  let { train, validation } = split;
  const resume = options.resume;
  const layers: RbmParameters[] = [];
  const metrics: EpochMetrics[] = resume ? [...resume.metrics] : [];
  const base = () => ({ layers, metrics, trainSamples: split.train.nSamples, validationSamples: split.validation?.nSamples ?? 0 });
  const propagate = options.propagate ?? "probabilities";
  if (resume && resume.layers.length + (resume.current ? 1 : 0) > options.layers.length) {
    throw new RangeError("the checkpoint has more layers than the options");
  }
  for (const [index, layerOptions] of options.layers.entries()) {
    const layer = index + 1;
    let parameters: RbmParameters;
    if (resume && index < resume.layers.length) {
      parameters = resume.layers[index]!;
    } else {
      const current = resume?.current?.layer === layer ? resume.current : undefined;
      const layerRows: EpochMetrics[] = [];
      const epochs = layerSteps(core, {
        layer, seed: options.seed, options: layerOptions, train, validation,
        monitorSamples: options.monitorSamples,
        threads: options.threads,
        onEpoch: (row, params) => {
          layerRows.push(row);
          return options.onEpoch?.(row, params);
        },
        onBatch: (epoch, batch, batches) => options.onBatch?.(layer, epoch, batch, batches),
        ...(current ? {
          startEpoch: current.epoch, initial: current.parameters, initialIncrements: current.increments,
          initialRng: current.rng, ...(current.chain ? { initialChain: current.chain } : {}),
        } : {}),
      });
      let stop = false;
      let step = epochs.next(stop);
      while (!step.done) {
        const { epoch, state } = step.value;
        stop = yield {
          where: { layer, epoch, layerEnd: false },
          checkpoint: () => ({ layers: [...layers], metrics: [...metrics, ...layerRows], current: state() }),
        };
        step = epochs.next(stop);
      }
      const result = step.value;
      parameters = result.parameters;
      metrics.push(...result.metrics);
      if (result.stopped) return { ...base(), stopped: { layers: [...layers], metrics: [...metrics], current: result.stopped } };
      layers.push(parameters);
      options.onLayer?.(layer, parameters);
      if (result.divergedAtEpoch !== undefined) return { ...base(), diverged: { layer, epoch: result.divergedAtEpoch } };
      const atLayerEnd = () => ({ layers: [...layers], metrics: [...metrics] });
      if (yield { where: { layer, layerEnd: true }, checkpoint: atLayerEnd }) return { ...base(), stopped: atLayerEnd() };
    }
    if (layers.length < layer) layers.push(parameters);
    if (index + 1 < options.layers.length) {
      train = propagateUp(core, parameters, train, propagate, options.seed, layer);
      if (validation) validation = propagateUp(core, parameters, validation, propagate, options.seed, layer);
    }
  }
  return base();
}

const CHUNK_ROWS = 512;

/**
 * Hidden probabilities (dense) or sampled hidden states (0/1 bytes) of every row: what layer `layer` passes up.
 *
 * @param core - The loaded kernels.
 * @param params - The layer's parameters.
 * @param data - Its visible rows.
 * @param propagate - "probabilities" (dense float32) or "samples" (binary, drawn from the seed's stream for this layer).
 * @param seed - The stack's seed.
 * @param layer - The layer's index (1-based), which picks the sampling stream.
 * @returns nSamples rows of nHidden values.
 */
export function propagateUp(
  core: Core, params: RbmParameters, data: LayerData, propagate: Propagation, seed: number, layer: number,
): LayerData {
  const { nHidden } = params;
  const probabilities = new Float32Array(data.nSamples * nHidden);
  const states = propagate === "samples" ? new Uint8Array(data.nSamples * nHidden) : undefined;
  core.arena.scoped(() => {
    const rbm = uploadParameters(core, params);
    const visible = core.arena.alloc(CHUNK_ROWS * bytesPerRow(data.kind, data.nVisible));
    const hidden = core.arena.alloc(CHUNK_ROWS * nHidden * 4);
    const sampled = core.arena.alloc(CHUNK_ROWS * nHidden);
    const rng = allocStream(core, seed, layerStream(layer, "propagate"));
    for (let first = 0; first < data.nSamples; first += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, data.nSamples - first);
      uploadRows(core, data, first, rows, visible);
      hiddenProbabilities(core, rbm, data.kind, visible, rows, hidden);
      if (states) {
        core.kernels.rbmBernoulliU8(hidden, rows * nHidden, rng, sampled);
        states.set(core.arena.u8(sampled, rows * nHidden), first * nHidden);
      } else {
        probabilities.set(core.arena.f32(hidden, rows * nHidden), first * nHidden);
      }
    }
  });
  return states
    ? { kind: "binary", nSamples: data.nSamples, nVisible: nHidden, values: states }
    : { kind: "dense", nSamples: data.nSamples, nVisible: nHidden, values: probabilities };
}
