// What every step strategy works on: the layer's parameters and training
// buffers in kernel memory, the thread team, the Gibbs stream and the
// options. A session builds one (session.ts); so can a benchmark that runs a
// strategy's phases on a trained layer's state (bench/preset-profile.ts).

import type { Core } from "../../wasm.js";
import type { Kernels } from "../../kernels.js";
import type { Team } from "../../threads/pool.js";
import type { StorageKind } from "../propagate.js";
import { parameterLayout, type ParameterLayout, type WasmRbm } from "../rbm-parameters.js";
import type { LayerTrainingOptions } from "../training-options.js";
import type { TrainingBuffers } from "./buffers.js";

/** One layer's training state in kernel memory, shared by the session and its step strategy. */
export interface StepContext {
  readonly core: Core;
  /** core.kernels. */
  readonly kernels: Kernels;
  /** Threads the step's phases split their work across. */
  readonly team: Team;
  /** W (nVisible x nHidden f32), visible and hidden biases. */
  readonly rbm: WasmRbm;
  /** The session's buffers (trainingBufferBytes), W^T in buf.weightsT kept current after every update. */
  readonly buf: TrainingBuffers;
  /** Where W, visible and hidden bias sit in buf.increments and buf.gradients. */
  readonly layout: ParameterLayout;
  /** Training rows: 0/1 bytes ("binary") or float32 ("dense"). */
  readonly kind: StorageKind;
  readonly options: LayerTrainingOptions;
  /** Visible units (rows of W). */
  readonly nVisible: number;
  /** Hidden units (columns of W). */
  readonly nHidden: number;
  /** Rows of a full mini-batch (options.batchSize): the thresholds read this, never a short last batch's rows. */
  readonly batchSize: number;
  /** Rows of the persistent chain (PCD: batchSize); see chainRows for a step's negative-phase rows. */
  readonly particles: number;
  /** The Gibbs stream's 16-byte state in kernel memory. */
  readonly gibbsRng: number;
}

/** One mini-batch step: `rows` training rows already in buf.positive, at `momentum`. */
export interface BatchStep {
  /** Rows in this batch (batchSize, or fewer for an epoch's last batch). */
  rows: number;
  /** Momentum of this epoch (momentumAt). */
  momentum: number;
}

/** The parts of a StepContext a caller supplies; the rest follows from them. */
export interface StepContextInputs {
  core: Core;
  team: Team;
  rbm: WasmRbm;
  buf: TrainingBuffers;
  kind: StorageKind;
  options: LayerTrainingOptions;
  nVisible: number;
  gibbsRng: number;
}

/** The StepContext of `inputs` (allocates nothing). */
export function stepContext(inputs: StepContextInputs): StepContext {
  const { core, options, nVisible } = inputs;
  return {
    ...inputs,
    kernels: core.kernels,
    layout: parameterLayout(nVisible, options.nHidden),
    nHidden: options.nHidden,
    batchSize: options.batchSize,
    particles: options.batchSize,
  };
}

/** Rows of the negative phase for a batch of `rows`: the persistent chain's (PCD) or the batch's own (CD). */
export function chainRows(ctx: StepContext, rows: number): number {
  return ctx.options.persistent ? ctx.particles : rows;
}

/** One part of a step (a pass or a few fused ones), run in order with the others on every batch. */
export interface StepPhase {
  /** What the phase does, e.g. "up pass" or "chain down" (bench/preset-profile.ts labels its rows with it). */
  readonly name: string;
  /** Runs the phase on the batch in buf.positive. */
  run(batch: BatchStep): void;
}

/** What every strategy offers: a name and its phases bound to a session's context. */
export interface StepStrategyBase<Name extends string> {
  /** Which strategy (the table in docs/architecture.md uses these names). */
  readonly name: Name;
  /** The kernels its step calls, in order (for docs and profiles). */
  readonly kernels: readonly string[];
  /**
   * Sets up the strategy's per-session state on `ctx` (W^T must be current) and returns the step's phases, in the
   * order they run.
   */
  open(ctx: StepContext): readonly StepPhase[];
}
