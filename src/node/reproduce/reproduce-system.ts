// What `reproduce --system NAME` needs of a system: its data (sampled or
// loaded, cached in data/), where its visible units sit, the hidden layers
// of the stack arms, the arms that train no RBM (its reference
// coarse-graining), and the physical measures of a stack's coarse
// variables, or none for data without lattice physics. One module per
// system (ising-system.ts, dimer-system.ts, digits-system.ts); reproduce.ts
// dispatches on them.

import type { Core } from "../../wasm.js";
import type { RbmParameters } from "../../rbm/rbm-parameters.js";
import type { SystemName } from "../../systems/registry.js";
import type { VisibleLayout } from "../../systems/visible-layout.js";
import type { TrainingDataFile } from "../io/training-data.js";
import type { Progress } from "../runtime/progress.js";
import type { ArmName } from "./arms.js";

/** What a system's data step gives reproduce. */
export interface SystemData {
  /** The visible units the arms train on (encoded when the system has encodings). */
  input: TrainingDataFile;
  /** Where the visible units sit (locality and figures). */
  layout: VisibleLayout;
  /** The data's parameters, recorded in reproduce.json's `sampling` and shown in the report's setup. */
  sampling: Record<string, unknown>;
  /** The raw samples as stored, when they differ from input (dimer bonds under an encoding); values sample-major. */
  raw?: Uint8Array;
  /** Lattice side L (or the image side of digits). */
  size: number;
}

/** The data options a system reads from reproduce's. */
export interface SystemDataOptions {
  /** The run's output directory (data goes to out/data/). */
  out: string;
  /** Smoke run: fewer samples. */
  quick: boolean;
  /** Samples asked for (--samples), or undefined for the system's default. */
  samples?: number;
  /** Seed of the samples (and of the kjr decoys). */
  dataSeed: number;
  /** Ising: coupling K. */
  coupling?: number;
  /** Dimer: plaquette interaction V (at T = 1). */
  interaction?: number;
  /** Dimer: the encoding of the bonds. */
  encoding?: string;
  /** Threads for sampling. */
  threads: number;
}

/** An arm that trains no RBM: a system's reference coarse-graining, or RSMI. */
export interface ReferenceArm {
  /** Its name (ARM_NAMES). */
  name: ArmName;
  /** Its title in the report. */
  title: string;
  /** One line on what it does. */
  description: string;
  /**
   * Writes armDir/analysis/analysis.json and the system's measures for `levels` coarse levels.
   *
   * @param core - The wasm kernels.
   * @param armDir - arms/NAME/seed-S.
   * @param data - The system's data.
   * @param levels - Coarse levels (as many as the stacks' layers).
   * @param seed - The arm's seed.
   * @param threads - Threads.
   * @param quick - A --quick smoke run: an arm that learns (RSMI) learns briefly.
   */
  run(core: Core, armDir: string, data: SystemData, levels: number, seed: number, threads: number, quick: boolean): Promise<void>;
}

/** A system as reproduce runs it. */
export interface ReproduceSystem {
  /** Its name (src/systems/registry.ts). */
  name: SystemName;
  /** Default epochs per layer of the rbm.m arms, and of the scikit-learn arm (quick runs use 3 and 2). */
  epochs: { rbm: number; sklearn: number };
  /**
   * Samples (or loads) the data, reusing out/data/ when it was made with the same parameters.
   *
   * @param core - The wasm kernels.
   * @param options - reproduce's data options.
   * @param progress - Progress display.
   * @param log - Status lines.
   * @returns The data.
   */
  data(core: Core, options: SystemDataOptions, progress: Progress, log: (line: string) => void): Promise<SystemData>;
  /**
   * Hidden units per layer of the stack arms on this data.
   *
   * @param data - The system's data.
   * @returns Units per layer, bottom first.
   */
  hidden(data: SystemData): number[];
  /** Arms that train no RBM, in report order. */
  references: readonly ReferenceArm[];
  /**
   * Measures a trained stack's coarse variables into analysisDir (rg.json for Ising, dimer-rg.json for dimers);
   * undefined when the data has no lattice physics (digits), and the report says so.
   */
  measure?(core: Core, analysisDir: string, data: SystemData, layers: readonly RbmParameters[], seed: number, threads: number): Promise<void>;
}
