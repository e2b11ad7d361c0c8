// The verdict table that opens the report: a row per arm, a column per
// system in the run (or in the runs `blockspin report` combines), each cell
// a short verdict with the number behind it. Locality for every system
// (docs/methods.md, "Locality"); for Ising whether the coarse variables
// keep the correlation length and tile the lattice, with MCRG's nu only at
// the critical point, where it is an exponent ("Correlation length xi2",
// "MCRG"); for dimers whether they carry the block electric field and how
// much weight sits on decoys ("Dimers: is it renormalization?").

import { MAX_MEANINGFUL_TILING_ERROR } from "../../rg/rg-levels.js";
import { isLocalized, localizedShare, meanAndSd } from "./locality-summary.js";
import { atLevel, levelsOf, meanAt, XI2_KEPT_TOLERANCE } from "./report-rg.js";
import { dimerVerdictLines } from "./report-dimer.js";
import type { RunRecord } from "./run-record.js";
import { escapeHtml } from "../render/html-text.js";

/** One column of the verdict table: a system's runs. */
export interface VerdictColumn {
  /** Column heading, e.g. "Ising 40x40, K = 0.408". */
  title: string;
  /** Every arm and seed of the system. */
  runs: readonly RunRecord[];
  /** Whether the samples are at a critical point, where MCRG's nu is an exponent; undefined when unknown. */
  critical?: boolean;
}

/**
 * The verdict table's HTML.
 *
 * @param columns - One per system, in report order.
 * @returns A table: a row per arm (by name, the first title seen), a cell per system ("&ndash;" where the arm did not run).
 */
export function verdictTable(columns: readonly VerdictColumn[]): string {
  const arms = [...new Map(columns.flatMap((c) => c.runs.map((r) => [r.arm, r.armTitle] as const))).entries()];
  const header = `<tr><th>arm</th>${columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join("")}</tr>`;
  const rows = arms.map(([arm, title]) => `<tr><th>${escapeHtml(title)}</th>${columns.map((column) => {
    const runs = column.runs.filter((r) => r.arm === arm);
    return `<td>${runs.length ? verdictLines(runs, column.critical, column.runs).join("<br>") : "&ndash;"}</td>`;
  }).join("")}</tr>`);
  return `<table class="verdict">${header}${rows.join("\n")}</table>`;
}

/**
 * The lines of one cell: locality of the first layer, then, where rg.json was measured, the correlation length,
 * the tiling and (at a critical point) nu; means over seeds.
 *
 * @param runs - One arm's runs (its seeds) on one system.
 * @param critical - Whether the samples are critical (nu shown) or not (nu left out); undefined: unknown, left out.
 * @param allRuns - Every run of the system (dimers: the field reference's); default `runs`.
 * @returns HTML lines.
 */
export function verdictLines(runs: readonly RunRecord[], critical?: boolean, allRuns: readonly RunRecord[] = runs): string[] {
  const lines = [localityLine(runs)];
  const levels = levelsOf(runs).filter((l) => l > 0);
  if (levels.length > 0) lines.push(...rgLines(runs, levels, critical));
  lines.push(...dimerVerdictLines(runs, allRuns));
  return lines;
}

function localityLine(runs: readonly RunRecord[]): string {
  const shares = layerShares(runs);
  if (shares.length === 0) return "&ndash;";
  const localized = shares.filter((s) => isLocalized(s.share)).map((s) => s.layer);
  const percent = shares.map((s) => `${Math.round(100 * s.share)}%`).join(" / ");
  const verdict = localized.length === 0
    ? "not localized"
    : localized.length === shares.length ? "localized" : `localized in layer${localized.length > 1 ? "s" : ""} ${localized.join(", ")}`;
  return `<strong>${verdict}</strong>: ${percent} of units${shares.length > 1 ? ` (layers ${shares.map((s) => s.layer).join(", ")})` : ""}`;
}

/**
 * Per layer, the mean over seeds of the share of localized units.
 *
 * @param runs - One arm's runs (its seeds).
 * @returns Layer and share, bottom first.
 */
export function layerShares(runs: readonly RunRecord[]): { layer: number; share: number }[] {
  const layers = [...new Set(runs.flatMap((r) => r.analysis.layers.map((l) => l.layer)))].sort((a, b) => a - b);
  return layers.map((layer) => ({
    layer,
    share: meanAndSd(runs.map((r) => r.analysis.layers.find((l) => l.layer === layer)).filter((l) => l !== undefined).map(localizedShare)).mean,
  }));
}

function rgLines(runs: readonly RunRecord[], levels: readonly number[], critical: boolean | undefined): string[] {
  const ratios = levels.map((l) => meanAt(runs, l, "xi2Ratio"));
  const fixed = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "n/a");
  const kept = ratios.findIndex((r) => !(Math.abs(r - 1) <= XI2_KEPT_TOLERANCE));
  const first = levels[0]!;
  const xi = kept === -1
    ? `<strong>keeps the correlation length</strong> through layer ${levels.at(-1)!} (xi2 ratio ${fixed(ratios[0]!)} at layer 1)`
    : kept === 0
      ? `<strong>loses the correlation length</strong>: xi2 ratio ${fixed(ratios[0]!)} at layer 1`
      : `keeps the correlation length to layer ${levels[kept - 1]!}, not at ${levels[kept]!} (ratio ${fixed(ratios[kept]!)})`;
  const tiling = meanAt(runs, first, "tilingError");
  const tiles = tiling < MAX_MEANINGFUL_TILING_ERROR
    ? `<strong>tiles the lattice</strong> (error ${fixed(tiling)} at layer 1)`
    : `<strong>does not tile the lattice</strong> (error ${fixed(tiling)} at layer 1)`;
  const lines = [xi, tiles];
  const nu = meanAt(runs, first, "nu");
  const meaningful = atLevel(runs, first).every((l) => l.mcrgMeaningful);
  if (critical === true && meaningful && Number.isFinite(nu)) lines.push(`nu ${nu.toFixed(2)} at layer 1 (exact 1)`);
  return lines;
}
