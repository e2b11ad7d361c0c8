// Messages between the page (main.ts) and its worker (worker.ts).

import type { EpochMetrics, Penalty, SampleStats } from "../src/index.js";

export interface SampleRequest {
  type: "sample";
  size: number;
  /** T / T_c. */
  reducedTemperature: number;
  count: number;
  seed: number;
}

export interface TrainRequest {
  type: "train";
  /** Start a new model; otherwise continue the current one (after a pause). */
  fresh: boolean;
  nHidden: number;
  penalty: Penalty;
  penaltyStrength: number;
  epochs: number;
  seed: number;
}

export type ToWorker =
  | SampleRequest
  | TrainRequest
  | { type: "pause" }
  | { type: "export" };

export interface FileBlob {
  name: string;
  bytes: Uint8Array;
  mime: string;
}

export type FromWorker =
  | {
      type: "ready";
      crossOriginIsolated: boolean;
      /** Threads training runs on. */
      threads: number;
      /** Why there is only one thread. */
      reason?: string;
    }
  | { type: "progress"; phase: string; done: number; total: number }
  | { type: "samples"; size: number; preview: Int8Array; previewCount: number; stats: SampleStats }
  | {
      type: "epoch";
      size: number;
      nHidden: number;
      epochs: number;
      metrics: EpochMetrics[];
      /** Layer-1 weights, row-major nVisible x nHidden: column j is unit j's receptive field. */
      fields: Float32Array;
      /** Originals (+-1) and their reconstructions (visible probabilities), rows x L^2 each. */
      originals: Int8Array;
      reconstructions: Float32Array;
      secondsPerEpoch: number;
      /** Threads the epoch was trained on. */
      threads: number;
    }
  | { type: "paused"; epoch: number }
  | { type: "done"; epoch: number; diverged: boolean }
  | { type: "files"; files: FileBlob[] }
  | { type: "error"; message: string };
