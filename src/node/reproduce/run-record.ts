// What the report reads back of one run (an arm at one seed): its manifest,
// analysis.json and rg.json. Shared by report.ts, which reads them, and the
// report's sections (report-html.ts, report-rg.ts), which show them.

import type { ModelManifest } from "../io/model-bundle.js";
import type { AnalysisSummary } from "./analysis-summary.js";
import type { DimerRgRecord } from "./dimer-rg-arm.js";

export interface RunRecord {
  arm: string;
  armTitle: string;
  armDescription: string;
  seed: number;
  /** Analysis directory relative to the report. */
  analysisDir: string;
  /** Absent for the majority-rule arm, which trains no model. */
  manifest?: ModelManifest;
  analysis: AnalysisSummary;
  /** The run's rg.json ("Is it renormalization?"), when measured. */
  rg?: RgRecord;
  /** The run's dimer-rg.json (dimer data: field alignment, decoy share, coarse correlations), when measured. */
  dimerRg?: DimerRgRecord;
}

/** One level of rg.json as read back (NaN was written as null). */
export interface RgLevelRecord {
  level: number;
  units: number;
  xi2: number | null;
  xi2Ratio: number | null;
  absMagnetization: number | null;
  binder: number | null;
  tilingError: number | null;
  localizedFraction: number | null;
  lambdaT: number | null;
  nu: number | null;
  mcrgMeaningful: boolean;
}

/** rg.json as read back: the map measured and its levels. */
export interface RgRecord {
  method: "majority" | "stack" | "rsmi";
  levels: RgLevelRecord[];
}
