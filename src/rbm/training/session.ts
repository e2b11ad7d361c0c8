// One layer's training session (Hinton 2002; Tieleman 2008 for PCD): the
// kernel memory, the epoch loop (shuffle, gather a mini-batch, run the step
// strategy's phases, monitor) and the exact state to resume from. Which
// kernels a step runs is the strategy's business (strategy.ts).

import type { Core } from "../../wasm.js";
import { allocStream, shuffleWithDraws } from "../../rng.js";
import { defaultThreads, threadTeam } from "../../threads/pool.js";
import { initialParameters } from "../initialize.js";
import { bytesPerRow } from "../propagate.js";
import { allFinite, downloadParameters, uploadParameters, type RbmParameters } from "../rbm-parameters.js";
import { momentumAt, validateLayerOptions } from "../training-options.js";
import { allocTrainingBuffers, trainingBufferBytes } from "./buffers.js";
import { EpochMonitor } from "./monitor.js";
import { transposeWeights } from "./passes.js";
import { stepContext, type StepContext, type StepPhase } from "./step-context.js";
import { chooseStepStrategy, runStep, type StepStrategy } from "./strategy.js";
import { layerStream } from "./streams.js";
import type { BetweenEpochs, EpochDone, EpochMetrics, LayerState, LayerTrainingResult, LayerTrainingRun } from "./types.js";

/**
 * Trains one Bernoulli RBM layer with CD-k or PCD-k on `run.train` ((nSamples, nVisible) rows), monitoring every
 * epoch. Parameters depend only on the data, options and seed: not on the thread count or the engine (baseline
 * build). Stop early by returning "stop" from `run.onEpoch`.
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

/**
 * The one epoch loop behind trainLayer and trainLayerAsync (and the stack's): yields after every epoch; next(true)
 * stops there (the result then has `stopped`). Kernel memory is reserved until the generator finishes.
 */
export function* layerSteps(core: Core, run: LayerTrainingRun): Generator<EpochDone, LayerTrainingResult, boolean> {
  validateLayerOptions(run.options, run.train.nSamples);
  const mark = core.arena.mark();
  try {
    const session = openSession(core, run);
    const epochs = session.epochs();
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

/** The session of `run`, from its initial parameters (given, or drawn from the layer's init stream). */
function openSession(core: Core, run: LayerTrainingRun): TrainingSession {
  const { options, train, layer, seed } = run;
  const initial = run.initial ?? initialParameters(
    core, allocStream(core, seed, layerStream(layer, "init")), train,
    options.nHidden, options.initStd, options.visibleBiasFromData,
  );
  return new TrainingSession(core, run, initial);
}

/** Kernel memory, step strategy and epoch loop of one layer's training. */
class TrainingSession {
  private readonly ctx: StepContext;
  private readonly strategy: StepStrategy;
  private readonly phases: readonly StepPhase[];
  private readonly shuffleRng: number;
  private readonly monitor: EpochMonitor;

  constructor(private readonly core: Core, private readonly spec: LayerTrainingRun, initial: RbmParameters) {
    const rbm = uploadParameters(core, initial);
    const team = threadTeam(core, spec.threads ?? defaultThreads());
    const { train, options } = spec;
    const buf = allocTrainingBuffers(core, trainingBufferBytes(
      train.kind, train.nSamples, train.nVisible, options.nHidden, options.batchSize, team.size, core.kernels,
    ));
    this.shuffleRng = allocStream(core, spec.seed, layerStream(spec.layer, "shuffle"));
    const gibbsRng = allocStream(core, spec.seed, layerStream(spec.layer, "gibbs"));
    this.ctx = stepContext({ core, team, rbm, buf, kind: train.kind, options, nVisible: train.nVisible, gibbsRng });
    this.loadInitialState();
    this.monitor = new EpochMonitor(core, team, rbm, spec, train, spec.validation, spec.monitorSamples);
    // W^T starts as the initial weights' transpose; every update refreshes it.
    transposeWeights(this.ctx);
    this.strategy = chooseStepStrategy(options, train.kind, options.batchSize);
    this.phases = this.strategy.open(this.ctx);
  }

  /** Copies the training rows, and any saved chain, increments and RNG states, into kernel memory. */
  private loadInitialState(): void {
    const a = this.core.arena;
    const { buf, particles, nHidden, layout } = this.ctx;
    const { train, initialChain, initialIncrements, initialRng } = this.spec;
    if (train.kind === "binary") a.u8(buf.data, train.values.length).set(train.values);
    else a.f32(buf.data, train.values.length).set(train.values);
    if (initialChain) {
      if (initialChain.length !== particles * nHidden) {
        throw new RangeError(`initialChain has ${initialChain.length} values, expected ${particles * nHidden}`);
      }
      a.f32(buf.chain, particles * nHidden).set(initialChain);
    }
    if (initialIncrements) {
      if (initialIncrements.length !== layout.count) {
        throw new RangeError(`initialIncrements has ${initialIncrements.length} values, expected ${layout.count}`);
      }
      a.f32(buf.increments, layout.count).set(initialIncrements);
    }
    if (!initialRng) return;
    for (const [ptr, saved] of [[this.shuffleRng, initialRng.shuffle], [this.ctx.gibbsRng, initialRng.gibbs]] as const) {
      if (saved.length !== 4) throw new RangeError(`a saved RNG state has ${saved.length} words, expected 4`);
      a.u32(ptr, 4).set(saved);
    }
  }

  /**
   * The epoch loop: yields each epoch number after it is done (and monitored); next(true) stops there.
   * Metrics of the result cover only the epochs run here (after startEpoch).
   */
  *epochs(): Generator<number, LayerTrainingResult, boolean> {
    const metrics: EpochMetrics[] = [];
    let lastFinite = downloadParameters(this.core, this.ctx.rbm);
    const end = (extra: Partial<LayerTrainingResult> = {}): LayerTrainingResult =>
      ({ parameters: lastFinite, metrics, ...extra, chain: this.chainState(), increments: this.incrementState() });
    for (let epoch = (this.spec.startEpoch ?? 0) + 1; epoch <= this.spec.options.epochs; epoch++) {
      const started = performance.now();
      this.trainEpoch(epoch);
      const seconds = (performance.now() - started) / 1000;
      const current = downloadParameters(this.core, this.ctx.rbm);
      if (!allFinite(current)) return end({ divergedAtEpoch: epoch });
      lastFinite = current;
      const row = this.monitor.score(epoch, seconds);
      metrics.push(row);
      if (this.spec.onEpoch?.(row, () => current) === "stop") break;
      if (yield epoch) return { ...end(), stopped: this.state(epoch) };
    }
    return end();
  }

  /** The state after `epoch` (call between epochs only). */
  state(epoch: number): LayerState {
    const a = this.core.arena;
    const chain = this.chainState();
    return {
      layer: this.spec.layer,
      epoch,
      parameters: downloadParameters(this.core, this.ctx.rbm),
      increments: this.incrementState(),
      ...(chain ? { chain } : {}),
      rng: { shuffle: a.u32(this.shuffleRng, 4).slice(), gibbs: a.u32(this.ctx.gibbsRng, 4).slice() },
    };
  }

  private incrementState(): Float32Array {
    return this.core.arena.f32(this.ctx.buf.increments, this.ctx.layout.count).slice();
  }

  private chainState(): Float32Array | undefined {
    const { options, buf, particles, nHidden } = this.ctx;
    return options.persistent ? this.core.arena.f32(buf.chain, particles * nHidden).slice() : undefined;
  }

  /** One pass over the (shuffled) training rows in mini-batches, each a step of the strategy. */
  private trainEpoch(epoch: number): void {
    const { options, batchSize } = this.ctx;
    const n = this.spec.train.nSamples;
    const order = this.core.arena.i32(this.ctx.buf.order, n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (options.shuffle) this.shuffle(n);
    const batches = Math.ceil(n / batchSize);
    const momentum = momentumAt(options, epoch);
    for (let b = 0; b < batches; b++) {
      const first = b * batchSize;
      const rows = Math.min(batchSize, n - first);
      this.gatherBatch(first, rows);
      runStep(this.phases, { rows, momentum });
      this.spec.onBatch?.(epoch, b + 1, batches);
    }
  }

  /** Shuffles buf.order's n row indices with n draws of the shuffle stream. */
  private shuffle(n: number): void {
    const a = this.core.arena;
    a.scoped(() => {
      const draws = a.alloc(n * 4);
      this.core.kernels.rngFillU32(this.shuffleRng, draws, n);
      shuffleWithDraws(a.i32(this.ctx.buf.order, n), a.u32(draws, n));
    });
  }

  /** Copies the rows at order[first, first + rows) into buf.positive. */
  private gatherBatch(first: number, rows: number): void {
    const { buf, kind, nVisible } = this.ctx;
    const rowBytes = bytesPerRow(kind, nVisible);
    const memory = this.core.arena.u8(0, this.core.memory.buffer.byteLength);
    const order = this.core.arena.i32(buf.order, this.spec.train.nSamples);
    for (let r = 0; r < rows; r++) {
      const source = buf.data + order[first + r]! * rowBytes;
      memory.copyWithin(buf.positive + r * rowBytes, source, source + rowBytes);
    }
  }
}
