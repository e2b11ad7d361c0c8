// What the command line writes, as the tests read it: each interface names
// only the fields some test looks at (the files hold more). readJson parses a
// file as one of them; nothing checks the shape, the tests' expectations do.
import { readFileSync } from "node:fs";

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export interface Estimate {
  mean: number;
  standardError: number;
}

/** The .json beside `blockspin sample`'s .npy. */
export interface SampleSidecar {
  shape: number[];
  dtype: string;
  stats: {
    coupling: number;
    algorithm: string;
    seed: number;
    chains: number;
    energyPerSpin: Estimate;
    absMagnetization: Estimate;
    [key: string]: unknown;
  };
}

/** model.json of a bundle (train, reproduce, the demo page). */
export interface ModelManifestJson {
  format: string;
  formatVersion: number;
  architecture: number[];
  status: string;
  simd: string;
  data: { trainSamples: number; validationSamples: number; source: string; [key: string]: unknown };
  layers: { training: { epochs: number; penalty: string; preset: string }; metrics: { epochs: number; seconds: number } }[];
  diverged?: { layer: number };
  [key: string]: unknown;
}

/** One line of metrics.jsonl. */
export interface EpochLine {
  layer: number;
  epoch: number;
  [key: string]: unknown;
}

/** One level of rg.json. */
export interface RgLevelJson {
  level: number;
  units: number;
  xi2: number;
  xi2Ratio: number;
  tilingError: number;
  binder: number | null;
  lambdaT: number | null;
  nu: number | null;
  mcrgMeaningful: boolean;
}

/** rg.json (blockspin rg, and each reproduce arm's analysis). */
export interface RgJson {
  method: string;
  levels: RgLevelJson[];
}

/** One layer of analysis.json (reproduce). */
export interface LayerAnalysisJson {
  nUnits: number;
  blockSide: number;
  spread: { median: number };
  blockFraction: { median: number };
  overlap: number;
  localizedFraction: number;
  random: { spread: { median: number } };
}

export interface AnalysisJson {
  layers: LayerAnalysisJson[];
}
