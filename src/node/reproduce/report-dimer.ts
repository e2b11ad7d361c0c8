// The report's "Is it renormalization?" section for dimer data: per arm and
// layer the measures of dimer-rg.json (mean over seeds): how well the
// coarse variables carry the block electric field, how much of their
// weight sits on decoy spins, and how their correlations decay
// (docs/methods.md, "Dimers: is it renormalization?"); a conclusion line
// and a verdict cell per arm drawn from the numbers.

import { meanAndSd } from "./locality-summary.js";
import type { DimerRgLevel } from "./dimer-rg-arm.js";
import type { RunRecord } from "./run-record.js";
import { escapeHtml } from "../render/html-text.js";

/** A layer carries the field when its median R^2 reaches this much of the field reference's at the same level. */
export const FIELD_CARRIED_FRACTION = 0.5;
/** A unit spends itself on decoys when more than this share of its r^2 is on them (the mean over a layer's units). */
export const DECOY_HEAVY_SHARE = 0.5;
/** The arm every learned one is held against. */
export const DIMER_REFERENCE_ARM = "field";

type Measure = Exclude<keyof DimerRgLevel, "level" | "units" | "block">;

function levelsOf(runs: readonly RunRecord[]): number[] {
  return [...new Set(runs.flatMap((r) => r.dimerRg?.levels.map((l) => l.level) ?? []))].sort((a, b) => a - b);
}

function valuesAt(runs: readonly RunRecord[], level: number, key: Measure): number[] {
  return runs.map((r) => r.dimerRg?.levels.find((l) => l.level === level)?.[key])
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
}

/**
 * Mean over seeds of one measure at one level.
 *
 * @param runs - One arm's runs.
 * @param level - The layer.
 * @param key - The measure.
 * @returns The mean, or NaN when no seed has a value.
 */
export function dimerMeanAt(runs: readonly RunRecord[], level: number, key: Measure): number {
  const values = valuesAt(runs, level, key);
  return values.length ? meanAndSd(values).mean : NaN;
}

function cell(runs: readonly RunRecord[], level: number, key: Measure, digits: number): string {
  const values = valuesAt(runs, level, key);
  if (values.length === 0) return "&ndash;";
  const { mean, sd } = meanAndSd(values);
  return values.length > 1 ? `${mean.toFixed(digits)} &plusmn; ${sd.toFixed(digits)}` : mean.toFixed(digits);
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

/**
 * The section's HTML: a row per arm and layer.
 *
 * @param runs - Every run of the dimer section.
 * @param samples - The data's parameters (for the V and encoding line).
 * @returns The HTML, or "" when no run has dimer-rg.json.
 */
export function dimerRgSection(runs: readonly RunRecord[], samples: Record<string, unknown>): string {
  const arms = [...new Map(runs.filter((r) => r.dimerRg).map((r) => [r.arm, r])).values()];
  if (arms.length === 0) return "";
  const header = "<tr><th>arm</th><th>layer</th><th>units</th><th>block b</th><th>seeds</th><th>median R&sup2; with (E<sub>x</sub>, E<sub>y</sub>)</th>" +
    "<th>units with R&sup2; &ge; 0.5</th><th>decoy share</th><th>correlation exponent</th></tr>";
  const rows = arms.flatMap((arm) => {
    const armRuns = runs.filter((r) => r.arm === arm.arm);
    return levelsOf(armRuns).map((level) => {
      const first = armRuns[0]!.dimerRg!.levels.find((l) => l.level === level)!;
      return `<tr><td>${escapeHtml(arm.armTitle)}</td><td>${level}</td><td>${first.units}</td><td>${first.block}</td><td>${valuesAt(armRuns, level, "alignmentMedian").length}</td>` +
        `<td>${cell(armRuns, level, "alignmentMedian", 3)}</td><td>${cell(armRuns, level, "alignedShare", 2)}</td>` +
        `<td>${cell(armRuns, level, "decoyShare", 2)}</td><td>${cell(armRuns, level, "correlationExponent", 2)}</td></tr>`;
    });
  });
  return `<h2>Is it renormalization?</h2>
<p>The right coarse variables of the dimer model are known: the electric field (E<sub>x</sub>, E<sub>y</sub>) of each block, the staggered
sums of its bond occupations, whose correlations fall as 1/r&sup2; in the free model (Fisher &amp; Stephenson 1963). Each layer's hidden units
are held against their block's field; the block field's own signs are the reference. Samples at V = ${escapeHtml(String(samples.interaction))},
stacks trained on the ${escapeHtml(String(samples.encoding))} encoding.</p>
<table>${header}${rows.join("\n")}</table>
<p class="muted">R&sup2;: squared multiple correlation of a unit's activation (p(h = 1 | v) up the stack) with (E<sub>x</sub>, E<sub>y</sub>) of the
b&times;b block under its receptive field's centre; median over units, and the share of units with R&sup2; &ge; 0.5. A sign variable can reach only
&lang;|E|&rang;&sup2; / Var(E) (the reference's row), so compare with it. Decoy share: mean over units of the share of r&sup2; on the kjr encoding's
decoy spins (&ndash; without decoys). Correlation exponent: p in G(r) ~ r<sup>&minus;p</sup> for the coarse variables' correlations between blocks
(2 for the field at V = 0); rough where the coarse lattice has fewer than 8 blocks a side. Mean &plusmn; sd over seeds.</p>`;
}

/**
 * One line from the numbers: per layer the median R^2 against the reference's, the aligned share, the decoy share
 * and the exponent, and whether the arm's coarse variables carry the field.
 *
 * @param armRuns - One arm's runs.
 * @param allRuns - Every run of the section (for the reference).
 * @returns The line.
 */
export function dimerConclusion(armRuns: readonly RunRecord[], allRuns: readonly RunRecord[]): string {
  const layers = levelsOf(armRuns);
  if (layers.length === 0) return "no dimer measurements (dimer-rg.json)";
  const reference = allRuns.filter((r) => r.arm === DIMER_REFERENCE_ARM);
  const list = (key: Measure) => layers.map((l) => fixed(dimerMeanAt(armRuns, l, key))).join(" / ");
  const carried = layers.filter((l) => carriesField(armRuns, reference, l));
  const decoys = layers.map((l) => dimerMeanAt(armRuns, l, "decoyShare"));
  const decoyText = decoys.some(Number.isFinite)
    ? `; decoy share ${decoys.map((d) => fixed(d)).join(" / ")}${decoys.some((d) => d > DECOY_HEAVY_SHARE) ? " (spends its weight on the decoys)" : ""}`
    : "";
  const verdict = armRuns[0]?.arm === DIMER_REFERENCE_ARM
    ? "the reference"
    : carried.length === layers.length
      ? "carries the block field at every layer"
      : carried.length
        ? `carries the block field in layer${carried.length > 1 ? "s" : ""} ${carried.join(", ")} only`
        : "does not carry the block field: not the dimer model's coarse variables";
  return `median R² with the block field ${list("alignmentMedian")} (layers ${layers.join(", ")}), units aligned ${list("alignedShare")}` +
    `${decoyText}; correlation exponent ${list("correlationExponent")}: ${verdict}`;
}

function carriesField(armRuns: readonly RunRecord[], reference: readonly RunRecord[], level: number): boolean {
  const own = dimerMeanAt(armRuns, level, "alignmentMedian");
  const ref = dimerMeanAt(reference, level, "alignmentMedian");
  const bar = Number.isFinite(ref) ? FIELD_CARRIED_FRACTION * ref : FIELD_CARRIED_FRACTION * 0.5;
  return own >= bar;
}

/**
 * The verdict cell's lines for one arm on dimer data.
 *
 * @param armRuns - One arm's runs.
 * @param allRuns - Every run of the section (for the reference).
 * @returns HTML lines, or [] without dimer-rg.json.
 */
export function dimerVerdictLines(armRuns: readonly RunRecord[], allRuns: readonly RunRecord[]): string[] {
  if (levelsOf(armRuns).length === 0) return [];
  const reference = allRuns.filter((r) => r.arm === DIMER_REFERENCE_ARM);
  const layers = levelsOf(armRuns);
  const carried = layers.filter((l) => carriesField(armRuns, reference, l));
  const r2 = layers.map((l) => fixed(dimerMeanAt(armRuns, l, "alignmentMedian"))).join(" / ");
  const verdict = carried.length === layers.length
    ? "carries the block field"
    : carried.length
      ? `carries the block field in layer${carried.length > 1 ? "s" : ""} ${carried.join(", ")} only`
      : "does not carry the block field";
  const lines = [`<strong>${verdict}</strong> (median R&sup2; ${r2}${layers.length > 1 ? ` at layers ${layers.join(", ")}` : ""})`];
  const decoys = dimerMeanAt(armRuns, 1, "decoyShare");
  if (Number.isFinite(decoys)) lines.push(`${decoys > DECOY_HEAVY_SHARE ? "<strong>spends its weight on decoys</strong>" : "decoys"}: ${Math.round(100 * decoys)}% of r&sup2;`);
  const exponent = dimerMeanAt(armRuns, 1, "correlationExponent");
  if (Number.isFinite(exponent)) lines.push(`correlation exponent ${fixed(exponent)} (field: 2)`);
  return lines;
}
