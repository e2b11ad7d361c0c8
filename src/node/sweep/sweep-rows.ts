// The sweep's results as a table: one row per task and layer with every axis
// value, the seed and the locality numbers (plus the RG numbers when the
// analysis has them), and the summary over seeds that the report draws.

import type { LayerAnalysis } from "../reproduce/analysis-summary.js";
import { isLocalized, localizedShare, meanAndSd } from "../reproduce/locality-summary.js";
import type { SweepPlan } from "./sweep-plan.js";
import type { SpecValue } from "./sweep-spec.js";
import type { TaskResult, TaskState } from "./task-state.js";

/** Numbers added to a layer's analysis by the RG analysis (docs/methods.md, "Correlation length xi2", "MCRG"); columns appear only when some task has them. */
export const RG_COLUMNS = ["xi2Ratio", "tilingError", "nu"] as const;
/** One of RG_COLUMNS. */
export type RgColumn = (typeof RG_COLUMNS)[number];

/** One row of sweep.csv: one task's numbers for one layer (docs/methods.md, "Locality", "Sweeps' statistics"). */
export interface SweepRow {
  /** The task's index in the plan. */
  index: number;
  /** The task's id. */
  id: string;
  /** The task's status. */
  status: TaskResult["status"];
  /** Every axis of the plan except seed, by key. */
  axes: Record<string, SpecValue>;
  /** Training seed. */
  seed: number;
  /** The layer, 1-based. */
  layer: number;
  /** Hidden units of the layer. */
  units: number;
  /** Median spread of the units' receptive fields, in lattice spacings. */
  spreadMedian: number;
  /** Share of the layer's units whose spread is under half the random fields' median. */
  localizedFraction: number;
  /** Median spread of the random-field reference, in lattice spacings. */
  randomSpreadMedian: number;
  /** Median block fraction, in [0, 1]. */
  blockFractionMedian: number;
  /** Median block fraction of the random-field reference. */
  randomBlockFractionMedian: number;
  /** Mean overlap of unit pairs, in [0, 1]. */
  overlap: number;
  /** Overlap of the random-field reference. */
  randomOverlap: number;
  /** The RG numbers the layer's analysis has (xi2 ratio, tiling error, nu), by column. */
  rg: Partial<Record<RgColumn, number>>;
}

/** A task without a result, listed by `sweep collect`. */
export interface MissingTask {
  /** The task's index in the plan. */
  index: number;
  /** The task's id. */
  id: string;
  /** Its state (not `done`). */
  state: TaskState["state"];
  /** Failure message, lock holder, or `checkpoint` (TaskState.detail). */
  detail?: string;
}

/** Mean and sample standard deviation over seeds (sd 0 for one seed). */
export interface MeanSd {
  /** The mean. */
  mean: number;
  /** The sample standard deviation (n - 1). */
  sd: number;
}

/** Mean and sd over the seeds of one setting (all non-seed axes) and layer. */
export interface SettingSummary {
  /** The setting: every axis but the seed, by key. */
  axes: Record<string, SpecValue>;
  /** The layer, 1-based. */
  layer: number;
  /** Seeds (rows) averaged. */
  seeds: number;
  /** Mean and sd of the median spread, in lattice spacings. */
  spread: MeanSd;
  /** Mean and sd of the random fields' median spread. */
  randomSpread: MeanSd;
  /** Mean and sd of the median block fraction. */
  blockFraction: MeanSd;
  /** Mean and sd of the overlap. */
  overlap: MeanSd;
  /** Mean and sd of each RG number the rows have. */
  rg: Partial<Record<RgColumn, MeanSd>>;
  /** The report's criterion, on the means: spread under half the random fields'. */
  localized: boolean;
}

/** Axis keys of the plan other than the seed, in plan order. */
export const settingAxes = (plan: SweepPlan): string[] => plan.axes.map((a) => a.key).filter((key) => key !== "seed");

export function rowsOf(plan: SweepPlan, results: readonly TaskResult[]): SweepRow[] {
  const keys = settingAxes(plan);
  return results.flatMap((result) => result.layers.map((layer): SweepRow => ({
    index: result.index, id: result.id, status: result.status,
    axes: Object.fromEntries(keys.map((key) => [key, result.axes[key]!])),
    seed: result.seed, layer: layer.layer, units: layer.nUnits,
    spreadMedian: layer.spread.median, localizedFraction: localizedShare(layer), randomSpreadMedian: layer.random.spread.median,
    blockFractionMedian: layer.blockFraction.median, randomBlockFractionMedian: layer.random.blockFraction.median,
    overlap: layer.overlap, randomOverlap: layer.random.overlap,
    rg: rgNumbers(layer),
  })));
}

/** RG numbers a layer's analysis may carry, at its top level or one object down (e.g. `rg.nu`). */
function rgNumbers(layer: LayerAnalysis): Partial<Record<RgColumn, number>> {
  const fields = layer as unknown as Record<string, unknown>;
  const found: Partial<Record<RgColumn, number>> = {};
  for (const key of RG_COLUMNS) {
    if (typeof fields[key] === "number") {
      found[key] = fields[key];
      continue;
    }
    for (const [name, value] of Object.entries(fields)) {
      if (name === "random" || !value || typeof value !== "object") continue;
      const nested = (value as Record<string, unknown>)[key];
      if (typeof nested === "number") found[key] = nested;
    }
  }
  return found;
}

/** The RG columns, all of them once any row has one (nu is blank where MCRG is not meaningful); none for older analyses. */
export const presentRgColumns = (rows: readonly SweepRow[]): RgColumn[] =>
  rows.some((row) => RG_COLUMNS.some((key) => row.rg[key] !== undefined)) ? [...RG_COLUMNS] : [];

export function summarize(rows: readonly SweepRow[]): SettingSummary[] {
  const groups = new Map<string, SweepRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.axes, row.layer]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const rgKeys = presentRgColumns(rows);
  return [...groups.values()].map((group): SettingSummary => {
    const spread = meanAndSd(group.map((r) => r.spreadMedian));
    const randomSpread = meanAndSd(group.map((r) => r.randomSpreadMedian));
    const rg: SettingSummary["rg"] = {};
    for (const key of rgKeys) {
      const values = group.map((r) => r.rg[key]).filter((v): v is number => v !== undefined);
      if (values.length > 0) rg[key] = meanAndSd(values);
    }
    return {
      axes: group[0]!.axes, layer: group[0]!.layer, seeds: group.length,
      spread, randomSpread,
      blockFraction: meanAndSd(group.map((r) => r.blockFractionMedian)),
      overlap: meanAndSd(group.map((r) => r.overlap)),
      rg, localized: isLocalized(meanAndSd(group.map((r) => r.localizedFraction)).mean),
    };
  });
}

/** sweep.csv: a header and one line per row; fields with commas or quotes are quoted. */
export function rowsCsv(plan: SweepPlan, rows: readonly SweepRow[]): string {
  const keys = settingAxes(plan);
  const rgKeys = presentRgColumns(rows);
  const header = ["index", "id", "status", ...keys, "seed", "layer", "units", "spreadMedian", "localizedFraction", "randomSpreadMedian",
    "blockFractionMedian", "randomBlockFractionMedian", "overlap", "randomOverlap", ...rgKeys];
  const lines = rows.map((row) => [
    row.index, row.id, row.status, ...keys.map((key) => row.axes[key]), row.seed, row.layer, row.units,
    row.spreadMedian, row.localizedFraction, row.randomSpreadMedian, row.blockFractionMedian, row.randomBlockFractionMedian,
    row.overlap, row.randomOverlap, ...rgKeys.map((key) => row.rg[key] ?? ""),
  ].map(csvField).join(","));
  return `${[header.join(","), ...lines].join("\n")}\n`;
}

function csvField(value: string | number | boolean | null | undefined): string {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
