// Contrastive-divergence training of one Bernoulli RBM layer (Hinton 2002;
// Tieleman 2008 for the persistent variant), with the update rule of
// Hinton & Salakhutdinov's rbm.m:
//   inc = momentum * inc + lr * ((pos - neg) / batch - penalty'(W)),  W += inc
// where the penalty term is strength * W (L2, rbm.m's weightcost) or
// strength * sign(W) (L1, Mehta & Schwab App. A), on weights only.
// The kernels do the arithmetic; this file decides the schedule.

import type { Core } from "../wasm.js";
import { allocStream, shuffleWithDraws, splitSeed } from "../rng.js";
import { selectRows, type LayerData } from "./layer-data.js";
import { initialParameters } from "./initialize.js";
import {
  allFinite, downloadParameters, parameterLayout, uploadParameters, type ParameterLayout, type RbmParameters, type WasmRbm,
} from "./rbm-parameters.js";
import { bytesPerRow, type StorageKind } from "./propagate.js";
import { scoreEnergies, scoreLayer } from "./layer-scores.js";
import { momentumAt, validateLayerOptions, type LayerTrainingOptions } from "./training-options.js";
import { defaultThreads, splitRange, threadTeam, type KernelCall, type Team } from "../threads/pool.js";
import { StreamSplit, streamSplitBytes } from "./stream-split.js";

/** One epoch's monitoring row (a line of metrics.jsonl), scored on up to monitorSamples evenly spaced rows. */
export interface EpochMetrics {
  /** 1-based layer index. */
  layer: number;
  /** 1-based epoch within the layer. */
  epoch: number;
  /** Momentum used in this epoch. */
  momentum: number;
  /** Mean pseudo-likelihood per training row (log, scikit-learn's score_samples); higher is better. */
  pseudoLikelihood: number;
  /** Mean squared error per visible unit of the one-step mean-field reconstruction. */
  reconstructionError: number;
  /** Mean free energy per training row. */
  freeEnergyTrain: number;
  /** Mean free energy per held-out row (null without a held-out set); a growing gap to freeEnergyTrain means overfitting. */
  freeEnergyValidation: number | null;
  /** Mean pseudo-likelihood per held-out row (null without a held-out set). */
  pseudoLikelihoodValidation: number | null;
  /** Wall time of the epoch's updates, in seconds, without monitoring. */
  seconds: number;
  /** Wall time of the monitoring, in seconds. */
  monitorSeconds: number;
}

/** One layer's training: its data, options, seed and hooks (see trainLayer). */
export interface LayerTrainingRun {
  /** 1-based layer index: names RNG streams and metrics rows. */
  layer: number;
  seed: number;
  options: LayerTrainingOptions;
  train: LayerData;
  validation?: LayerData;
  /** Training (and held-out) rows scored each epoch, evenly spaced; default 1000. */
  monitorSamples?: number;
  /** Start from these parameters instead of a random initialisation. */
  initial?: RbmParameters;
  /** Start the persistent chain (batchSize x nHidden, 0/1) here instead of zeros. */
  initialChain?: Float32Array;
  /**
   * Start the momentum increments here instead of zeros (the `increments` of an earlier result), so training in
   * several calls keeps its momentum: laid out as parameterLayout says (W, then visible bias, then hidden bias).
   */
  initialIncrements?: Float32Array;
  /**
   * Resume: epochs already done (default 0); training continues with epoch startEpoch + 1. Give the `initial`
   * parameters, `initialIncrements`, `initialChain` (PCD) and `initialRng` of a LayerState saved at that epoch,
   * and the result is bit-identical to an uninterrupted run.
   */
  startEpoch?: number;
  /** Start the shuffle and Gibbs RNG streams from these saved states (16 bytes each) instead of seeding them. */
  initialRng?: LayerRngState;
  /** Called after every epoch; return "stop" to end training early. */
  onEpoch?: (metrics: EpochMetrics, parameters: () => RbmParameters) => void | "stop";
  /** Called after every mini-batch with the number done in this epoch. */
  onBatch?: (epoch: number, batch: number, batches: number) => void;
  /**
   * Threads for the mini-batch kernels (default defaultThreads(), which is 1 unless set). Parameters are bit-identical
   * for every count; fewer are used where workers are unavailable (see src/threads/pool.ts).
   */
  threads?: number;
}

/** A layer's shuffle and Gibbs RNG streams (four u32 words each), saved to resume exactly. */
export interface LayerRngState {
  shuffle: Uint32Array;
  gibbs: Uint32Array;
}

/** Everything needed to continue one layer's training exactly after `epoch` epochs (see LayerTrainingRun.startEpoch). */
export interface LayerState {
  layer: number;
  epoch: number;
  parameters: RbmParameters;
  increments: Float32Array;
  /** Persistent chain (PCD only). */
  chain?: Float32Array;
  rng: LayerRngState;
}

/** Awaited after every epoch by trainLayerAsync (the event loop may run); return "stop" to end training there. */
export type BetweenEpochs = (epoch: number, state: () => LayerState) => Promise<void | "stop">;

/** What trainLayer returns. */
export interface LayerTrainingResult {
  parameters: RbmParameters;
  metrics: EpochMetrics[];
  /** Set when parameters became non-finite: the epoch it happened; parameters are the last finite ones. */
  divergedAtEpoch?: number;
  /** Persistent chain at the end (PCD only). */
  chain?: Float32Array;
  /** Momentum increments at the end (same layout as LayerTrainingRun.initialIncrements), to continue training. */
  increments: Float32Array;
  /** Set when trainLayerAsync's hook asked to stop: the state after the last epoch done. */
  stopped?: LayerState;
}

/** RNG stream numbers per layer: one purpose each, so changing one use never shifts another. */
const STREAMS_PER_LAYER = 8;
const STREAM = { init: 0, shuffle: 1, gibbs: 2, monitorTrain: 3, monitorValidation: 4, propagate: 5, split: 6 } as const;

/** The RNG stream number of `purpose` in layer `layer` (0 for the stack's split): one stream per use. */
export function layerStream(layer: number, purpose: keyof typeof STREAM): number {
  return layer * STREAMS_PER_LAYER + STREAM[purpose];
}

/**
 * Scratch of the subset-sum table kernels (assembly/subset-sums.ts) that scikit-learn's PCD runs on: the weight half
 * of a step with binary visibles in both phases (rbmGradUpdateBinTables: the gradient through tables of 5 batch rows,
 * then the update, in registers) and, from PROPAGATE_TABLES_MIN_BATCH rows, the data's and the chain's up passes
 * (rbmBinPropagateTables: tables of 4 rows of W). Against the row-by-row sums of the same work on the paper's
 * 1600 x 400 layer, one thread: the gradient and update about 0.5x the time at batch 10 and 0.55x at batch 100, the
 * up passes 0.7-0.8x at batch 100 (AMD EPYC, Node 20). The sizes are the kernels' own (subsetTableBytes,
 * gradLookupBytes, gradPartialBytes, propagateLookupBytes; a test holds these to them).
 */
export const SUBSET_TABLES = {
  /** Bytes per concurrent call: a chunk's tables. */
  tableBytes: 30 * 1024,
  /** Batch rows per group of the gradient's tables. */
  gradGroupRows: 5,
  /** Bytes per row of W for the gradient: a u16 entry offset per group of either phase. */
  gradLookupBytes: (rowsPos: number, rowsNeg: number) => 2 * (Math.ceil(rowsPos / 5) + Math.ceil(rowsNeg / 5)),
  /** Bytes per row of W for the gradient: the running sums of a 24-column block. */
  gradPartialBytes: 96,
  /** Rows of W per group of an up pass's tables. */
  upGroupRows: 4,
  /** Bytes per input row of an up pass (per concurrent call): a u16 entry offset per group of inputs. */
  propagateLookupBytes: (nIn: number) => 2 * Math.ceil(nIn / 4),
} as const;

/**
 * One-pass PCD runs its two up passes through subset-sum tables for batches of at least this many rows, and with
 * row-by-row complement sums below: the tables (15 additions per group of 4 rows of W and column block) are built
 * once per call, and at batch 10 building them took longer than the lookups saved (1.15-1.35x the complement sums'
 * time; 0.8-0.95x at 20 to 32 rows, 0.65-0.8x at 50 and 100). Decided by the batch size, a setting, so the bits
 * do not depend on the thread count.
 */
export const PROPAGATE_TABLES_MIN_BATCH = 32;

/**
 * Output units split across threads in multiples of this: whole 24-unit kernel blocks (rbm-propagate.ts), and
 * 192-byte boundaries, so no two threads write the same cache line of an output row.
 */
const COLUMN_SPLIT = 48;

/** Scratch of one concurrent rbmBinPropagateColumns call with complement sums: a 24-unit block's column totals. */
export const COMPLEMENT_SUMS_BYTES = 24 * 4;

/**
 * One-pass PCD sums a 64-row block of W (or W^T) that a row has mostly on as the block's totals minus the rows that
 * are off (rbmBinPropagateColumns' sums) for batches of at least this many rows: the paper's Ising rows have 34% of a
 * block's bits on the smaller side, against 50% summed directly, and a block's totals (64 row additions, made when a
 * row first needs them) are shared by the batch. Data up at batch 10 took 0.37 ms against 0.46 ms, at batch 100
 * 3.0-3.6 ms against 5.1-5.5 ms (1600 x 400, one thread, AMD EPYC). Other roundings than direct sums (the
 * scikit-learn replay test still holds to 2e-6); the same bits on any thread count.
 */
export const COMPLEMENT_MIN_BATCH = 8;

/**
 * Rows of W per block of the gradient sums, update and transpose (see updateOnBatch): at least 64 (100 KB of 400
 * units), and few enough blocks per thread that their calls fit a phase's slot (CONTROL.slotDoubles).
 */
function updateRowBlock(rows: number): number {
  const maxBlocks = 16;
  return Math.max(64, Math.ceil(rows / maxBlocks / 16) * 16);
}

/** Kernel-memory buffers of one layer's training session. */
type TrainingBuffer =
  | "data" | "increments" | "gradients" | "positive" | "positiveHidden" | "chain" | "negativeVisible"
  | "negativeVisibleBin" | "negativeHidden" | "weightsT" | "chainBin" | "gradientMasks" | "order" | "complementSums"
  | "gradientLookups" | "gradientPartial" | "upLookups" | "subsetTables" | "visibleT" | "visibleDraws" | "hiddenDraws";

/**
 * Bytes of each buffer a layer's training allocates besides the parameters
 * themselves (and the per-epoch scoring, see layer-scores.ts) on a team of
 * `threads` threads (per-thread scratch): the memory estimate adds these up,
 * so it counts what the trainer really allocates.
 */
export function trainingBufferBytes(
  kind: StorageKind, nSamples: number, nVisible: number, nHidden: number, batchSize: number, threads: number,
): Record<TrainingBuffer, number> {
  const particles = batchSize;
  const parameterBytes = parameterLayout(nVisible, nHidden).count * 4;
  // In allocation order.
  return {
    data: nSamples * bytesPerRow(kind, nVisible),
    increments: parameterBytes,
    gradients: parameterBytes,
    positive: batchSize * bytesPerRow(kind, nVisible),
    positiveHidden: batchSize * nHidden * 4,
    chain: particles * nHidden * 4,
    chainBin: particles * nHidden,
    gradientMasks: nVisible * 8 * Math.ceil(Math.max(batchSize, particles) / 64),
    negativeVisible: particles * nVisible * 4,
    negativeVisibleBin: particles * nVisible,
    negativeHidden: particles * nHidden * 4,
    weightsT: nVisible * nHidden * 4,
    order: nSamples * 4,
    complementSums: threads * COMPLEMENT_SUMS_BYTES,
    gradientLookups: nVisible * SUBSET_TABLES.gradLookupBytes(batchSize, particles),
    gradientPartial: nVisible * SUBSET_TABLES.gradPartialBytes,
    upLookups: threads * (batchSize + particles) * SUBSET_TABLES.propagateLookupBytes(nVisible),
    subsetTables: threads * SUBSET_TABLES.tableBytes,
    // The dense gradient's transposed batch (rbmGradDenseRows), each thread writing its own rows of W's.
    visibleT: nVisible * Math.max(batchSize, particles) * 4,
    // One-pass PCD's per-thread Gibbs streams and jumps (stream-split.ts).
    visibleDraws: streamSplitBytes(threads),
    hiddenDraws: streamSplitBytes(threads),
  };
}

/**
 * Trains one Bernoulli RBM layer with CD-k or PCD-k on `run.train` ((nSamples,
 * nVisible) rows), monitoring every epoch. Parameters depend only on the data,
 * options and seed: not on the thread count or the engine (baseline build).
 * Stop early by returning "stop" from `run.onEpoch`.
 */
export function trainLayer(core: Core, run: LayerTrainingRun): LayerTrainingResult {
  const steps = layerSteps(core, run);
  for (;;) {
    const step = steps.next(false);
    if (step.done) return step.value;
  }
}

/**
 * trainLayer with an awaited hook between epochs, so the event loop (signals, file writes) runs while a layer
 * trains; parameters are identical to trainLayer's. The kernel memory stays reserved until it resolves: do not
 * run other kernel work on the same core meanwhile.
 */
export async function trainLayerAsync(core: Core, run: LayerTrainingRun, between: BetweenEpochs): Promise<LayerTrainingResult> {
  const steps = layerSteps(core, run);
  let stop = false;
  for (;;) {
    const step = steps.next(stop);
    if (step.done) return step.value;
    stop = (await between(step.value.epoch, step.value.state)) === "stop";
  }
}

/** Where a layer's training pauses: after `epoch`, with its exact state on request. */
export interface EpochDone {
  epoch: number;
  state: () => LayerState;
}

/**
 * The one epoch loop behind trainLayer and trainLayerAsync (and the stack's): yields after every epoch; next(true)
 * stops there (the result then has `stopped`). Kernel memory is reserved until the generator finishes.
 */
export function* layerSteps(core: Core, run: LayerTrainingRun): Generator<EpochDone, LayerTrainingResult, boolean> {
  validateLayerOptions(run.options, run.train.nSamples);
  const mark = core.arena.mark();
  try {
    const session = openSession(core, run);
    const epochs = session.steps();
    let stop = false;
    for (;;) {
      const step = epochs.next(stop);
      if (step.done) return step.value;
      const epoch = step.value;
      stop = yield { epoch, state: () => session.state(epoch) };
    }
  } finally {
    core.arena.release(mark);
  }
}

function openSession(core: Core, run: LayerTrainingRun): TrainingSession {
  const { options, train, layer, seed } = run;
  const initial = run.initial ?? initialParameters(
    core, allocStream(core, seed, layerStream(layer, "init")), train,
    options.nHidden, options.initStd, options.visibleBiasFromData,
  );
  return new TrainingSession(core, run, uploadParameters(core, initial));
}

/** Kernel-memory buffers and the epoch loop of one layer's training. */
class TrainingSession {
  private readonly rbm: WasmRbm;
  private readonly kind: LayerData["kind"];
  private readonly nVisible: number;
  private readonly nHidden: number;
  private readonly batchSize: number;
  private readonly particles: number;
  private readonly buf: Record<TrainingBuffer, number>;
  /** Where W, visible and hidden bias sit in the increments and gradients buffers. */
  private readonly layout: ParameterLayout;
  private readonly shuffleRng: number;
  private readonly gibbsRng: number;
  private readonly monitorRng: number;
  private readonly monitorTrain: LayerData;
  private readonly monitorValidation?: LayerData;
  private readonly team: Team;
  /** One-pass PCD's sampling of the visibles and of the chain's hidden states on every thread. */
  private readonly draws?: { visible: StreamSplit; hidden: StreamSplit };

  constructor(private readonly core: Core, private readonly spec: LayerTrainingRun, rbm: WasmRbm) {
    this.rbm = rbm;
    this.team = threadTeam(core, spec.threads ?? defaultThreads());
    const { train, options } = spec;
    this.kind = train.kind;
    this.nVisible = train.nVisible;
    this.nHidden = options.nHidden;
    this.batchSize = options.batchSize;
    this.particles = options.batchSize;
    const a = core.arena;
    this.layout = parameterLayout(this.nVisible, this.nHidden);
    const paramCount = this.layout.count;
    const bytes = trainingBufferBytes(train.kind, train.nSamples, this.nVisible, this.nHidden, this.batchSize, this.team.size);
    // Laid out in the record's order.
    this.buf = Object.fromEntries(Object.entries(bytes).map(([name, size]) => [name, a.alloc(size)])) as Record<TrainingBuffer, number>;
    if (train.kind === "binary") a.u8(this.buf.data, train.values.length).set(train.values);
    else a.f32(this.buf.data, train.values.length).set(train.values);
    if (spec.initialChain && spec.initialChain.length !== this.particles * this.nHidden) {
      throw new RangeError(`initialChain has ${spec.initialChain.length} values, expected ${this.particles * this.nHidden}`);
    }
    if (spec.initialChain) a.f32(this.buf.chain, this.particles * this.nHidden).set(spec.initialChain);
    if (spec.initialIncrements) {
      if (spec.initialIncrements.length !== paramCount) {
        throw new RangeError(`initialIncrements has ${spec.initialIncrements.length} values, expected ${paramCount}`);
      }
      a.f32(this.buf.increments, paramCount).set(spec.initialIncrements);
    }
    this.shuffleRng = allocStream(core, spec.seed, layerStream(spec.layer, "shuffle"));
    this.gibbsRng = allocStream(core, spec.seed, layerStream(spec.layer, "gibbs"));
    if (spec.initialRng) {
      for (const [ptr, saved] of [[this.shuffleRng, spec.initialRng.shuffle], [this.gibbsRng, spec.initialRng.gibbs]] as const) {
        if (saved.length !== 4) throw new RangeError(`a saved RNG state has ${saved.length} words, expected 4`);
        a.u32(ptr, 4).set(saved);
      }
    }
    this.monitorRng = a.alloc(16);
    this.monitorTrain = evenlySpacedRows(train, spec.monitorSamples ?? 1000);
    if (spec.validation) this.monitorValidation = evenlySpacedRows(spec.validation, spec.monitorSamples ?? 1000);
    // W^T starts as the initial weights' transpose; every update refreshes it.
    this.team.run((t) => this.transposeCalls(...this.weightRows(t)));
    if (this.pcdOnePass()) {
      this.draws = {
        visible: new StreamSplit(core, this.team, this.nVisible, COLUMN_SPLIT, this.buf.visibleDraws),
        hidden: new StreamSplit(core, this.team, this.nHidden, COLUMN_SPLIT, this.buf.hiddenDraws),
      };
    }
  }

  /**
   * The epoch loop: yields each epoch number after it is done (and monitored); next(true) stops there.
   * Metrics of the result cover only the epochs run here (after startEpoch).
   */
  *steps(): Generator<number, LayerTrainingResult, boolean> {
    const { options } = this.spec;
    const metrics: EpochMetrics[] = [];
    let lastFinite = downloadParameters(this.core, this.rbm);
    const first = (this.spec.startEpoch ?? 0) + 1;
    for (let epoch = first; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      this.trainEpoch(epoch);
      const seconds = (performance.now() - started) / 1000;
      const current = downloadParameters(this.core, this.rbm);
      if (!allFinite(current)) {
        return { parameters: lastFinite, metrics, divergedAtEpoch: epoch, chain: this.chainState(), increments: this.incrementState() };
      }
      lastFinite = current;
      const row = this.monitor(epoch, seconds);
      metrics.push(row);
      if (this.spec.onEpoch?.(row, () => current) === "stop") break;
      if (yield epoch) {
        return { parameters: lastFinite, metrics, chain: this.chainState(), increments: this.incrementState(), stopped: this.state(epoch) };
      }
    }
    return { parameters: lastFinite, metrics, chain: this.chainState(), increments: this.incrementState() };
  }

  /** The state after `epoch` (call between epochs only). */
  state(epoch: number): LayerState {
    const a = this.core.arena;
    const chain = this.chainState();
    return {
      layer: this.spec.layer,
      epoch,
      parameters: downloadParameters(this.core, this.rbm),
      increments: this.incrementState(),
      ...(chain ? { chain } : {}),
      rng: { shuffle: a.u32(this.shuffleRng, 4).slice(), gibbs: a.u32(this.gibbsRng, 4).slice() },
    };
  }

  private incrementState(): Float32Array {
    return this.core.arena.f32(this.buf.increments, this.layout.count).slice();
  }

  private chainState(): Float32Array | undefined {
    return this.spec.options.persistent ? this.core.arena.f32(this.buf.chain, this.particles * this.nHidden).slice() : undefined;
  }

  private trainEpoch(epoch: number): void {
    const { options } = this.spec;
    const n = this.spec.train.nSamples;
    const order = this.core.arena.i32(this.buf.order, n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (options.shuffle) this.shuffle(n);
    const batches = Math.ceil(n / this.batchSize);
    const momentum = momentumAt(options, epoch);
    for (let b = 0; b < batches; b++) {
      const first = b * this.batchSize;
      const rows = Math.min(this.batchSize, n - first);
      this.gatherBatch(first, rows);
      this.updateOnBatch(rows, momentum);
      this.spec.onBatch?.(epoch, b + 1, batches);
    }
  }

  private shuffle(n: number): void {
    this.core.arena.scoped(() => {
      const draws = this.core.arena.alloc(n * 4);
      this.core.kernels.rngFillU32(this.shuffleRng, draws, n);
      shuffleWithDraws(this.core.arena.i32(this.buf.order, n), this.core.arena.u32(draws, n));
    });
  }

  private gatherBatch(first: number, rows: number): void {
    const rowBytes = bytesPerRow(this.kind, this.nVisible);
    const memory = this.core.arena.u8(0, this.core.memory.buffer.byteLength);
    const order = this.core.arena.i32(this.buf.order, this.spec.train.nSamples);
    for (let r = 0; r < rows; r++) {
      const source = this.buf.data + order[first + r]! * rowBytes;
      memory.copyWithin(this.buf.positive + r * rowBytes, source, source + rowBytes);
    }
  }

  /**
   * One CD-k / PCD-k step on `rows` training rows already in buf.positive.
   *
   * Threading: propagation splits the output units, and the weight gradient
   * and update split the rows of W (visible units), each thread owning a
   * disjoint slice that receives the same additions in the same order as on
   * one thread; sampling (one stream, index order) and the cheap bias sums
   * stay on the calling thread, except in one-pass PCD, where each thread
   * samples its own units from the stream jumped to them (stream-split.ts:
   * the same numbers). Parameters are therefore
   * bit-identical for any thread count.
   */
  private updateOnBatch(rows: number, momentum: number): void {
    const k = this.core.kernels;
    const { options } = this.spec;
    const { nVisible, nHidden, rbm, buf, team } = this;
    const { layout } = this;
    const gradW = buf.gradients;
    const gradVisible = gradW + layout.visibleBias * 4;
    const gradHidden = gradW + layout.hiddenBias * 4;
    const binary = this.kind === "binary";

    const particles = options.persistent ? this.particles : rows;
    // Binary visibles in both phases: gradient (by subset-sum tables) and update in one kernel after the Gibbs step.
    const tables = binary && options.negativeVisible === "samples";
    const onePass = this.pcdOnePass();
    let sampledVisible: boolean;
    if (onePass) {
      this.pcdPasses(rows, particles);
      sampledVisible = true;
      k.rbmColumnSumsBin(buf.positive, rows, nVisible, gradVisible, 1);
      k.rbmColumnSumsDense(buf.positiveHidden, rows, nHidden, gradHidden, 1);
    } else {
      this.hiddenPhase(binary, buf.positive, rows, buf.positiveHidden);
      if (binary) k.rbmColumnSumsBin(buf.positive, rows, nVisible, gradVisible, 1);
      else k.rbmColumnSumsDense(buf.positive, rows, nVisible, gradVisible, 1);
      k.rbmColumnSumsDense(buf.positiveHidden, rows, nHidden, gradHidden, 1);
      if (!options.persistent) k.rbmBernoulliF32(buf.positiveHidden, rows * nHidden, this.gibbsRng, buf.chain);
      // Otherwise the positive-phase gradient rides along with the first down pass.
      const positiveGradient = (t: number): KernelCall[] =>
        tables ? [] : this.gradientCalls(binary, t, buf.positive, buf.positiveHidden, rows, 1);
      sampledVisible = this.gibbs(particles, positiveGradient);
    }

    const negativeVisible = sampledVisible ? buf.negativeVisibleBin : buf.negativeVisible;
    if (sampledVisible) k.rbmColumnSumsBin(negativeVisible, particles, nVisible, gradVisible, -1);
    else k.rbmColumnSumsDense(negativeVisible, particles, nVisible, gradVisible, -1);
    k.rbmColumnSumsDense(buf.negativeHidden, particles, nHidden, gradHidden, -1);

    const step = options.learningRate / rows;
    const strength = options.learningRate * options.penaltyStrength;
    const l2 = options.penalty === "l2" ? strength : 0;
    const l1 = options.penalty === "l1" ? strength : 0;
    const inc = buf.increments;
    // One-pass PCD samples the chain's next hidden states alongside the update, each thread its own units.
    this.draws?.hidden.prepare(this.core, this.gibbsRng);
    team.run((t) => {
      const [first, end] = this.weightRows(t);
      const calls: KernelCall[] = this.draws ? this.draws.hidden.calls(t, "rbmBernoulliF32Columns", buf.negativeHidden, particles, buf.chain) : [];
      if (tables) {
        calls.push({
          kernel: "rbmGradUpdateBinTables",
          args: [rbm.weights, inc, buf.positive, buf.positiveHidden, rows, negativeVisible, buf.negativeHidden, particles,
            nVisible, nHidden, first, end, buf.gradientLookups, buf.subsetTables + t * SUBSET_TABLES.tableBytes,
            buf.gradientPartial, momentum, step, l2, l1],
        });
        calls.push(...this.transposeCalls(first, end));
      } else {
        // Row blocks: a block's gradient rows stay in cache from their sums through the update and the transpose,
        // instead of each of the three passes streaming the thread's whole slice of gradW through L3.
        const blockRows = updateRowBlock(end - first);
        for (let block = first; block < end; block += blockRows) {
          const blockEnd = Math.min(block + blockRows, end);
          calls.push(this.gradientCall(sampledVisible, block, blockEnd, negativeVisible, buf.negativeHidden, particles, -1));
          const offset = block * nHidden * 4;
          calls.push({
            kernel: "rbmUpdate",
            args: [rbm.weights + offset, inc + offset, gradW + offset, (blockEnd - block) * nHidden, momentum, step, l2, l1],
          });
          // The transpose of the rows of W just updated.
          calls.push(...this.transposeCalls(block, blockEnd));
        }
      }
      if (t === 0) {
        // Frozen biases still pass through rbmUpdate with zero step and momentum: it clears their gradients.
        const [biasMomentum, biasStep] = options.trainBiases === false ? [0, 0] : [momentum, step];
        calls.push(
          { kernel: "rbmUpdate", args: [rbm.visibleBias, inc + layout.visibleBias * 4, gradVisible, nVisible, biasMomentum, biasStep, 0, 0] },
          { kernel: "rbmUpdate", args: [rbm.hiddenBias, inc + layout.hiddenBias * 4, gradHidden, nHidden, biasMomentum, biasStep, 0, 0] },
        );
      }
      return calls;
    });

    // PCD: the chain moves on with hidden states sampled from the negative
    // phase's probabilities (scikit-learn samples after the update too).
    if (this.draws) this.draws.hidden.finish(this.core, this.gibbsRng);
    else if (options.persistent) k.rbmBernoulliF32(buf.negativeHidden, particles * nHidden, this.gibbsRng, buf.chain);
  }

  /**
   * scikit-learn's PCD-1 with sampled visibles on binary data: the chain's down pass needs only the chain, so it goes
   * first and both up passes (data and chain, through the same W) follow in one barrier. Each pass is split across
   * the team by output units, not rows, so a thread reads only its share of W or W^T however small the batch: at
   * scikit-learn's batch of 10, rows split 5 and 5 had every thread read all of W in three passes a step.
   */
  private pcdOnePass(): boolean {
    const { options } = this.spec;
    return options.persistent && this.kind === "binary" && options.negativeVisible === "samples" && options.cdSteps === 1;
  }

  /** One-pass PCD's Gibbs step and both hidden phases: buf.negativeVisibleBin, buf.negativeHidden, buf.positiveHidden. */
  private pcdPasses(rows: number, particles: number): void {
    const k = this.core.kernels;
    const { nVisible, nHidden, rbm, buf, team } = this;
    // Decided by the batch size, a setting, so the bits do not depend on the thread count.
    const sums = (t: number) => this.batchSize >= COMPLEMENT_MIN_BATCH ? buf.complementSums + t * COMPLEMENT_SUMS_BYTES : 0;
    const draws = this.draws!; // made whenever pcdOnePass()
    k.rbmStatesToU8(buf.chain, particles * nHidden, buf.chainBin);
    // Each thread samples the visibles it computed (the same numbers as one thread in order; stream-split.ts).
    draws.visible.prepare(this.core, this.gibbsRng);
    team.run((t) => {
      const [first, end] = splitRange(nVisible, team.size, t, COLUMN_SPLIT);
      return [{
        kernel: "rbmBinPropagateColumns",
        args: [buf.chainBin, particles, nHidden, buf.weightsT, rbm.visibleBias, nVisible, first, end, buf.negativeVisible, sums(t)],
      }, ...draws.visible.calls(t, "rbmBernoulliU8Columns", buf.negativeVisible, particles, buf.negativeVisibleBin)];
    });
    draws.visible.finish(this.core, this.gibbsRng);
    const upLookupBytes = (this.batchSize + particles) * SUBSET_TABLES.propagateLookupBytes(nVisible);
    team.run((t) => {
      const [first, end] = splitRange(nHidden, team.size, t, COLUMN_SPLIT);
      if (this.batchSize >= PROPAGATE_TABLES_MIN_BATCH) {
        return [{
          kernel: "rbmBinPropagateTables",
          args: [buf.positive, rows, buf.positiveHidden, buf.negativeVisibleBin, particles, buf.negativeHidden, nVisible, rbm.weights,
            rbm.hiddenBias, nHidden, first, end, buf.upLookups + t * upLookupBytes, buf.subsetTables + t * SUBSET_TABLES.tableBytes],
        }];
      }
      const up = (rowsPtr: number, count: number, out: number): KernelCall => ({
        kernel: "rbmBinPropagateColumns", args: [rowsPtr, count, nVisible, rbm.weights, rbm.hiddenBias, nHidden, first, end, out, sums(t)],
      });
      return [up(buf.positive, rows, buf.positiveHidden), up(buf.negativeVisibleBin, particles, buf.negativeHidden)];
    });
  }

  /** W^T (buf.weightsT) for the rows [first, end) of W: the down pass from sampled hidden states reads it. */
  private transposeCalls(first: number, end: number): KernelCall[] {
    if (end <= first) return [];
    return [{ kernel: "rbmTransposeRows", args: [this.rbm.weights, this.nVisible, this.nHidden, this.buf.weightsT, first, end] }];
  }

  /** gradW[slice of thread t, :] += scale vis^T hid (vis 0/1 bytes when binary, else f32). */
  private gradientCalls(binary: boolean, t: number, vis: number, hid: number, rows: number, scale: number): KernelCall[] {
    const [first, end] = this.weightRows(t);
    return end > first ? [this.gradientCall(binary, first, end, vis, hid, rows, scale)] : [];
  }

  /** gradW[first:end, :] += scale vis^T hid. */
  private gradientCall(binary: boolean, first: number, end: number, vis: number, hid: number, rows: number, scale: number): KernelCall {
    const args = [this.buf.gradients, vis, hid, rows, this.nVisible, this.nHidden, scale, first, end] as const;
    return binary
      ? { kernel: "rbmGradBinRows", args: [...args, this.buf.gradientMasks] }
      : { kernel: "rbmGradDenseRows", args: [...args, this.buf.visibleT] };
  }

  /** The rows of W (visible units) thread t updates: each thread owns a disjoint slice. */
  private weightRows(t: number): [first: number, end: number] {
    return splitRange(this.nVisible, this.team.size, t, 16);
  }

  /**
   * out = sigmoid(hbias + vis W), the hidden units split across the team, so that a thread reads only its columns of
   * W (0/1 bytes sum rows of W) or its rows of W^T (probabilities, as dot products: faster than the GEMM tiles on
   * W). W^T must be current.
   */
  private hiddenPhase(binary: boolean, vis: number, rows: number, out: number): void {
    const { nVisible, nHidden, rbm, team } = this;
    team.run((t) => {
      const [first, end] = splitRange(nHidden, team.size, t, COLUMN_SPLIT);
      return [binary
        ? { kernel: "rbmBinPropagateColumns", args: [vis, rows, nVisible, rbm.weights, rbm.hiddenBias, nHidden, first, end, out, 0] }
        : { kernel: "rbmHiddenFromDenseT", args: [vis, rows, nVisible, this.buf.weightsT, rbm.hiddenBias, nHidden, first, end, out] }];
    });
  }

  /**
   * Runs k Gibbs steps from the hidden states in buf.chain; leaves the
   * negative visibles and hidden probabilities in place. Returns whether the
   * final visibles are 0/1 samples (in negativeVisibleBin) rather than
   * probabilities (in negativeVisible). `alongside(t)` are extra calls for
   * thread t in the first down pass.
   */
  private gibbs(particles: number, alongside: (t: number) => KernelCall[]): boolean {
    const k = this.core.kernels;
    const { options } = this.spec;
    const { nVisible, nHidden, rbm, buf, team } = this;
    let sampled = false;
    for (let step = 1; step <= options.cdSteps; step++) {
      // buf.chain holds sampled 0/1 hidden states: as bytes, they select the rows of W^T to sum, split by output
      // units so that a thread reads only its columns of W^T.
      k.rbmStatesToU8(buf.chain, particles * nHidden, buf.chainBin);
      team.run((t) => {
        const calls = step === 1 ? alongside(t) : [];
        const [first, end] = splitRange(nVisible, team.size, t, COLUMN_SPLIT);
        calls.push({
          kernel: "rbmBinPropagateColumns",
          args: [buf.chainBin, particles, nHidden, buf.weightsT, rbm.visibleBias, nVisible, first, end, buf.negativeVisible, 0],
        });
        return calls;
      });
      const last = step === options.cdSteps;
      sampled = !last || options.negativeVisible === "samples";
      if (sampled) {
        k.rbmBernoulliU8(buf.negativeVisible, particles * nVisible, this.gibbsRng, buf.negativeVisibleBin);
        this.hiddenPhase(true, buf.negativeVisibleBin, particles, buf.negativeHidden);
      } else {
        this.hiddenPhase(false, buf.negativeVisible, particles, buf.negativeHidden);
      }
      if (!last) k.rbmBernoulliF32(buf.negativeHidden, particles * nHidden, this.gibbsRng, buf.chain);
    }
    return sampled;
  }

  private monitor(epoch: number, seconds: number): EpochMetrics {
    const started = performance.now();
    const [low, high] = splitSeed(this.spec.seed);
    // The same flipped units every epoch, so the curve shows the model changing, not the draw.
    const seedMonitor = (purpose: "monitorTrain" | "monitorValidation") =>
      this.core.kernels.rngSeed(this.monitorRng, low, high, layerStream(this.spec.layer, purpose));
    seedMonitor("monitorTrain");
    const train = scoreLayer(this.core, this.rbm, this.monitorTrain, this.monitorRng, this.team);
    let validation: ReturnType<typeof scoreEnergies> | undefined;
    if (this.monitorValidation) {
      seedMonitor("monitorValidation");
      validation = scoreEnergies(this.core, this.rbm, this.monitorValidation, this.monitorRng, this.team);
    }
    return {
      layer: this.spec.layer,
      epoch,
      momentum: momentumAt(this.spec.options, epoch),
      pseudoLikelihood: train.pseudoLikelihood,
      reconstructionError: train.reconstructionError,
      freeEnergyTrain: train.freeEnergy,
      freeEnergyValidation: validation?.freeEnergy ?? null,
      pseudoLikelihoodValidation: validation?.pseudoLikelihood ?? null,
      seconds,
      monitorSeconds: (performance.now() - started) / 1000,
    };
  }
}

function evenlySpacedRows(data: LayerData, count: number): LayerData {
  if (count >= data.nSamples) return data;
  return selectRows(data, Array.from({ length: count }, (_, r) => Math.floor((r * data.nSamples) / count)));
}
