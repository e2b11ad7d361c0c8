// The report's "Is it renormalization?" section: per arm and
// layer the physics of the coarse variables (rg.json of each run, mean over
// seeds), a chart of xi2 against layer with the majority-rule line and the
// data's xi2, and one conclusion line per arm drawn from the numbers.

import type { TopLevelSpec } from "vega-lite";
import { xi2ChartSpec } from "../../charts/rg-chart.js";
import { MAX_MEANINGFUL_TILING_ERROR } from "../../rg/rg-levels.js";
import { meanAndSd } from "./locality-summary.js";
import type { RgLevelRecord, RgRecord, RunRecord } from "./run-record.js";
import { escapeHtml } from "../render/html-text.js";

export type { RgLevelRecord, RgRecord } from "./run-record.js";

/** xi2 kept "like block spins" when within this fraction of the data's. */
export const XI2_KEPT_TOLERANCE = 0.05;
/** A layer counts as block-spin-like when at least this share of its units is localized. */
const LOCALIZED_LAYER_SHARE = 0.5;
/** The arm every learned one is held against, drawn dashed in the chart. */
export const REFERENCE_ARM = "majority";

type Numeric = Exclude<keyof RgLevelRecord, "mcrgMeaningful">;

const value = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v);

function withRg(runs: readonly RunRecord[]): (RunRecord & { rg: RgRecord })[] {
  return runs.filter((r): r is RunRecord & { rg: RgRecord } => r.rg !== undefined);
}

/**
 * The levels any run's rg.json measured, ascending (0 = the data).
 *
 * @param runs - Runs of one arm.
 * @returns Level numbers.
 */
export function levelsOf(runs: readonly RunRecord[]): number[] {
  return [...new Set(withRg(runs).flatMap((r) => r.rg.levels.map((l) => l.level)))].sort((a, b) => a - b);
}

/**
 * Each run's rg.json record of one level, for the runs that measured it.
 *
 * @param runs - Runs of one arm.
 * @param level - The level.
 * @returns The records.
 */
export function atLevel(runs: readonly RunRecord[], level: number): RgLevelRecord[] {
  return withRg(runs).map((r) => r.rg.levels.find((l) => l.level === level)).filter((l): l is RgLevelRecord => Boolean(l));
}

/**
 * Mean over seeds of one measure at one level.
 *
 * @param runs - Runs of one arm.
 * @param level - The level.
 * @param key - The measure.
 * @returns The mean, NaN when no seed has a finite value.
 */
export function meanAt(runs: readonly RunRecord[], level: number, key: Numeric): number {
  const values = atLevel(runs, level).map((l) => value(l[key])).filter(Number.isFinite);
  return values.length ? meanAndSd(values).mean : NaN;
}

function cell(runs: readonly RunRecord[], level: number, key: Numeric, digits: number): string {
  const values = atLevel(runs, level).map((l) => value(l[key])).filter(Number.isFinite);
  if (values.length === 0) return "&ndash;";
  const { mean, sd } = meanAndSd(values);
  return values.length > 1 ? `${mean.toFixed(digits)} &plusmn; ${sd.toFixed(digits)}` : mean.toFixed(digits);
}

/** MCRG cells carry "(n/m)" when any seed's tiling made them not meaningful. */
function mcrgCell(runs: readonly RunRecord[], level: number, key: "lambdaT" | "nu"): string {
  const records = atLevel(runs, level);
  const text = cell(runs, level, key, 3);
  return records.some((l) => !l.mcrgMeaningful && Number.isFinite(value(l[key]))) ? `${text} <span class="muted">(n/m)</span>` : text;
}

/** Arms in report order that have rg.json, one record per arm (its first run carries the title). */
function armsWithRg(runs: readonly RunRecord[]): RunRecord[] {
  return [...new Map(withRg(runs).map((r) => [r.arm, r])).values()];
}

/** The Vega-Lite chart of xi2 against layer per arm, or undefined when no run has rg.json. */
export function xi2Chart(runs: readonly RunRecord[], subtitle: string): TopLevelSpec | undefined {
  const arms = armsWithRg(runs);
  if (arms.length === 0) return undefined;
  const points = arms.flatMap((arm) => {
    const armRuns = runs.filter((r) => r.arm === arm.arm);
    return levelsOf(armRuns).map((level) => ({ arm: arm.armTitle, layer: level, xi2: meanAt(armRuns, level, "xi2") }));
  });
  const reference = arms.find((a) => a.arm === REFERENCE_ARM)?.armTitle;
  return xi2ChartSpec(points, arms.map((a) => a.armTitle), reference, meanAt(runs, 0, "xi2"), subtitle);
}

/** The section's HTML: table, chart (inline SVG, if rendered) and how to read them. */
export function rgSection(runs: readonly RunRecord[], chartSvg: string | undefined, coupling: unknown, critical?: boolean): string {
  const arms = armsWithRg(runs);
  if (arms.length === 0) return "";
  const header = "<tr><th>arm</th><th>layer</th><th>units</th><th>seeds</th><th>xi2 (sites)</th><th>xi2 / data</th>" +
    `<th>&lang;|m|&rang;</th><th>Binder U</th><th>tiling error</th><th>localized units</th><th>&lambda;<sub>t</sub></th><th>&nu;${critical === false ? " (off criticality)" : ""}</th></tr>`;
  const row = (title: string, armRuns: readonly RunRecord[], level: number) => {
    const first = atLevel(armRuns, level)[0]!;
    return `<tr><td>${escapeHtml(title)}</td><td>${level}</td><td>${first.units}</td><td>${atLevel(armRuns, level).length}</td>` +
      `<td>${cell(armRuns, level, "xi2", 3)}</td><td>${cell(armRuns, level, "xi2Ratio", 3)}</td>` +
      `<td>${cell(armRuns, level, "absMagnetization", 3)}</td><td>${cell(armRuns, level, "binder", 3)}</td>` +
      `<td>${cell(armRuns, level, "tilingError", 3)}</td><td>${cell(armRuns, level, "localizedFraction", 2)}</td>` +
      `<td>${mcrgCell(armRuns, level, "lambdaT")}</td><td>${mcrgCell(armRuns, level, "nu")}</td></tr>`;
  };
  // Level 0 is the same data for every arm: shown once, from the first arm's seeds.
  const rows = [row("data (level 0)", runs.filter((r) => r.arm === arms[0]!.arm), 0), ...arms.flatMap((arm) => {
    const armRuns = runs.filter((r) => r.arm === arm.arm);
    return levelsOf(armRuns).filter((l) => l > 0).map((level) => row(arm.armTitle, armRuns, level));
  })];
  return `<h2>Is it renormalization?</h2>
<p>Locality is geometry; renormalization is physics. Each layer's coarse variables (hidden states sampled up the stack
from the data, as &plusmn;1 spins aligned to the sign of the unit's receptive field at its strongest site and placed at the
field's centre) should describe the same Ising model at a larger scale, as Kadanoff's majority-rule block spins do.
Samples at K = ${escapeHtml(String(coupling))}.</p>
<table>${header}${rows.join("\n")}</table>
${chartSvg ? `<figure class="chart">${chartSvg}</figure>` : ""}
<p class="muted">xi2: second-moment correlation length &radic;(S(0)/S(k<sub>min</sub>) &minus; 1) / (2 sin(&pi;/L)) from the structure
factor at the units' positions, in original lattice spacings, so a faithful coarse-graining keeps it (xi2 / data = 1).
&lang;|m|&rang; and Binder U = 1 &minus; &lang;m<sup>4</sup>&rang; / (3&lang;m<sup>2</sup>&rang;<sup>2</sup>) of the aligned spins.
Tiling error: mean distance of the units from their sites on the (L/2<sup>l</sup>)&sup2; coarse grid after an optimal one-to-one
assignment, in coarse spacings (0 for majority rule). Localized units: share with spread under half the random fields'.
&lambda;<sub>t</sub>, &nu; = ln 2 / ln &lambda;<sub>t</sub>: Swendsen's linearized MCRG from the layer below, 4 even operators,
on the assigned grids; (n/m) = not meaningful, a tiling error &ge; ${MAX_MEANINGFUL_TILING_ERROR} at this layer or the one below. Exact 2D Ising: &nu; = 1 (at K<sub>c</sub>).${critical === false ? `
<strong>These samples are not at K<sub>c</sub>: &nu; = ln 2 / ln &lambda;<sub>t</sub> is then a flow rate away from the critical point, not a critical exponent.</strong>` : ""}
Mean &plusmn; sd over seeds.</p>`;
}

/**
 * One line from the numbers: how far xi2 is kept (within 5% of the data's
 * at every layer up to where), the tiling, the localized share and MCRG nu
 * ("n/a" where no seed has a value: lambda_t <= 0 or no real eigenvalue),
 * marked as no exponent when `critical` is false (the samples are off K_c).
 */
export function rgConclusion(armRuns: readonly RunRecord[], critical?: boolean): string {
  const layers = levelsOf(armRuns).filter((l) => l > 0);
  if (layers.length === 0) return "no coarse-variable measurements (rg.json)";
  const ratios = layers.map((l) => meanAt(armRuns, l, "xi2Ratio"));
  const lost = layers.findIndex((_, i) => !(Math.abs(ratios[i]! - 1) <= XI2_KEPT_TOLERANCE));
  const percent = `${Math.round(XI2_KEPT_TOLERANCE * 100)}%`;
  // Off by more than the tolerance: "loses" it below the data's, "overshoots" it above.
  const miss = (i: number) => `${ratios[i]! > 1 ? "overshoots" : "loses"} it at layer ${layers[i]} (xi2 ratio ${ratios[i]!.toFixed(2)})`;
  const keeps = lost === -1
    ? `keeps the correlation length within ${percent} through layer ${layers.at(-1)}, like block spins`
    : lost === 0
      ? `does not keep the correlation length: ${miss(0)}`
      : `keeps the correlation length within ${percent} through layer ${layers[lost - 1]}, ${miss(lost)}`;
  const list = (key: Numeric, digits: number) => layers.map((l) => {
    const mean = meanAt(armRuns, l, key);
    return Number.isFinite(mean) ? mean.toFixed(digits) : "n/a";
  }).join(" / ");
  const tiles = layers.filter((l) => meanAt(armRuns, l, "tilingError") < MAX_MEANINGFUL_TILING_ERROR);
  const localizedLayers = layers.filter((l) => meanAt(armRuns, l, "localizedFraction") >= LOCALIZED_LAYER_SHARE);
  const meaningfulNu = layers.filter((l) => atLevel(armRuns, l).every((r) => r.mcrgMeaningful));
  return `${keeps}; xi2 ratio ${ratios.map((r) => r.toFixed(2)).join(" / ")} (layers ${layers.join(", ")}); ` +
    `tiling error ${list("tilingError", 2)} coarse spacings (${tiles.length === layers.length ? "tiles the coarse grid" : tiles.length ? `tiles it in layer${tiles.length > 1 ? "s" : ""} ${tiles.join(", ")} only` : "does not tile the coarse grid"}); ` +
    `localized units ${list("localizedFraction", 2)}${localizedLayers.length ? ` (block-spin-like in layer${localizedLayers.length > 1 ? "s" : ""} ${localizedLayers.join(", ")})` : ""}; ` +
    `MCRG nu ${list("nu", 2)}${critical === false ? " (off criticality: not an exponent)" : ""}${meaningfulNu.length === layers.length ? "" : meaningfulNu.length ? ` (meaningful in layer${meaningfulNu.length > 1 ? "s" : ""} ${meaningfulNu.join(", ")} only)` : " (not meaningful: no tiling)"}`;
}
