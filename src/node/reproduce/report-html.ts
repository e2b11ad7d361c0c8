// report.html: the question, the setup, the three arms side by side, the
// locality table across seeds and a one-line, data-driven conclusion per
// arm. Self-contained except for images, referenced by relative paths, so
// the report opens from disk.

import type { LayerAnalysis } from "./analysis-summary.js";
import { isLocalized, localizedShare, meanAndSd } from "./locality-summary.js";
import { rgConclusion, rgSection, XI2_KEPT_TOLERANCE } from "./report-rg.js";
import { layerShares, verdictTable } from "./report-verdict.js";
import { dimerConclusion, dimerRgSection } from "./report-dimer.js";
import type { RunRecord } from "./run-record.js";
import { escapeHtml } from "../render/html-text.js";
import { CRITICAL_COUPLING } from "../../systems/ising/coupling.js";

export type { RunRecord } from "./run-record.js";
export { isLocalized, localizedShare, meanAndSd } from "./locality-summary.js";

/** One system's part of the report: its samples' parameters and its runs. */
export interface ReportSection {
  /** The system (reproduce --system): ising, dimer or digits. */
  system: string;
  /** The data's parameters (reproduce.json's `sampling`). */
  samples: Record<string, unknown>;
  /** Whether it was a --quick smoke run. */
  quick: boolean;
  /** Every arm and seed. */
  runs: readonly RunRecord[];
  /** Inline SVG of the xi2-against-layer chart (report-rg.ts), when rendered. */
  rgChartSvg?: string;
}

/** The report's stamp. */
export interface ReportMeta {
  /** blockspin's version. */
  libraryVersion: string;
  /** When the report was written, ISO 8601. */
  createdAt: string;
}

/** One system's report (buildReportHtml): its section's fields and the stamp. */
export interface ReportSetup extends ReportMeta {
  /** The system; default ising. */
  system?: string;
  samples: Record<string, unknown>;
  quick: boolean;
  /** Inline SVG of the xi2-against-layer chart (report-rg.ts), when rendered. */
  rgChartSvg?: string;
}

/** How close a run's K must be to Onsager's K_c to count as critical (L = 40's pseudo-critical shift is smaller). */
const CRITICAL_TOLERANCE = 2e-3;

/**
 * Whether a section's samples are at a critical point, where MCRG's nu is an exponent: Ising at K_c; undefined
 * for systems without that measure.
 *
 * @param section - The system and its samples' parameters.
 * @returns true at K_c, false elsewhere, undefined for other systems.
 */
export function atCriticality(section: Pick<ReportSection, "system" | "samples">): boolean | undefined {
  if (section.system !== "ising") return undefined;
  const coupling = Number(section.samples.coupling);
  return Number.isFinite(coupling) && Math.abs(coupling - CRITICAL_COUPLING) <= CRITICAL_TOLERANCE;
}

/**
 * One system's report.html (the runs of one reproduce directory).
 *
 * @param runs - Every arm and seed.
 * @param setup - The samples' parameters, quick, the chart and the stamp.
 * @returns The HTML.
 */
export function buildReportHtml(runs: readonly RunRecord[], setup: ReportSetup): string {
  return buildReport([{
    system: setup.system ?? "ising", samples: setup.samples, quick: setup.quick, runs,
    ...(setup.rgChartSvg ? { rgChartSvg: setup.rgChartSvg } : {}),
  }], setup);
}

/**
 * report.html for one or more systems: the question, the verdict table (a row per arm, a column per system), then
 * each system's conclusions, setup, locality table, RG measures (lattice systems) and figures.
 *
 * @param sections - One per system, in order.
 * @param meta - The stamp.
 * @returns The HTML.
 */
export function buildReport(sections: readonly ReportSection[], meta: ReportMeta): string {
  const many = sections.length > 1;
  const maxArms = Math.max(1, ...sections.map((s) => new Set(s.runs.filter((r) => r.manifest || r.analysis.figures.receptiveFields.length).map((r) => r.arm)).size));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>blockspin: does deep learning do block-spin renormalization?</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
h2.system { font-size: 1.4rem; border-bottom: 3px solid #888; margin-top: 3.5rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
td, th { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
.arms { display: grid; grid-template-columns: repeat(${maxArms}, 1fr); gap: 1rem; }
.chart svg { max-width: 100%; height: auto; }
.arms img { max-width: 100%; image-rendering: pixelated; border: 1px solid #eee; }
.conclusion { font-weight: 600; }
.muted { color: #666; font-size: 0.85rem; }
</style>
</head>
<body>
<h1>Does deep learning perform block-spin renormalization?</h1>
<p>Mehta &amp; Schwab (2014) trained a 1600-400-100-25 stack of RBMs on 40&times;40 Ising configurations
at K = 0.408 and saw receptive fields that look like Kadanoff block spins. The blocks may come from the
L1 penalty (which localizes an RBM's weights on images too, Ho 2013) rather than from the RBM itself: an off-the-shelf scikit-learn
<code>BernoulliRBM</code> does not show them. This report trains all three and measures how local the
 receptive fields are, and whether the coarse variables of each layer describe the same physics at a larger scale.</p>

<h2>Verdict</h2>
${verdictTable(sections.map((section) => ({
    title: sectionTitle(section), runs: section.runs, ...optional("critical", atCriticality(section)),
  })))}
<p class="muted">Localized: at least half of a layer's units have a receptive field whose spread is under half that of random fields.
Keeps the correlation length: the coarse variables' xi2 within ${Math.round(XI2_KEPT_TOLERANCE * 100)}% of the data's. Tiles the lattice: the
units sit one to a site of the coarse grid. nu (MCRG) is shown only where the samples are critical, where it is an exponent.
The details follow${many ? ", system by system" : ""}.</p>
${sections.map((section) => systemSection(section, many, section.system === "digits" ? digitsComparison(sections) : undefined)).join("\n")}
<p class="muted">blockspin ${escapeHtml(meta.libraryVersion)}, ${escapeHtml(meta.createdAt)}.</p>
</body>
</html>
`;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A system's column title: the system and its samples. */
export function sectionTitle(section: Pick<ReportSection, "system" | "samples">): string {
  const { samples } = section;
  switch (section.system) {
    case "ising": return `Ising ${String(samples.size)}x${String(samples.size)}, K = ${String(samples.coupling)}`;
    case "dimer": return `dimers ${String(samples.size)}x${String(samples.size)}, V = ${String(samples.interaction)}, ${String(samples.encoding)} encoding`;
    case "digits": return `digits (MNIST, ${String(samples.count)} images)`;
    default: return section.system;
  }
}

function systemSection(section: ReportSection, withHeading: boolean, extraConclusion?: string): string {
  const { runs } = section;
  const arms = [...new Map(runs.map((r) => [r.arm, r])).values()];
  const firstSeedOf = (arm: string) => runs.filter((r) => r.arm === arm).sort((a, b) => a.seed - b.seed)[0]!;
  const trained = arms.filter((a) => a.manifest).map((a) => firstSeedOf(a.arm));
  // Arms that draw fields without a trained stack (RSMI's learned filters) stand beside the stacks' receptive fields.
  const withFields = arms.map((a) => firstSeedOf(a.arm)).filter((r) => r.analysis.figures.receptiveFields.length > 0);
  const critical = atCriticality(section);
  return `${withHeading ? `<h2 class="system">${escapeHtml(sectionTitle(section))}</h2>\n` : ""}${systemIntro(section)}

<h2>Conclusions</h2>
<ul>${arms.map((arm) => `<li class="conclusion">${escapeHtml(arm.armTitle)}: ${escapeHtml(conclusion(runs.filter((r) => r.arm === arm.arm)))}</li>`).join("\n")}
${arms.filter((arm) => arm.dimerRg).map((arm) => `<li class="conclusion">Is it renormalization? ${escapeHtml(arm.armTitle)}: ${escapeHtml(dimerConclusion(runs.filter((r) => r.arm === arm.arm), runs))}</li>`).join("\n")}
${arms.filter((arm) => arm.rg).map((arm) => `<li class="conclusion">Is it renormalization? ${escapeHtml(arm.armTitle)}: ${escapeHtml(rgConclusion(runs.filter((r) => r.arm === arm.arm), critical))}</li>`).join("\n")}${extraConclusion ? `\n<li class="conclusion">${escapeHtml(extraConclusion)}</li>` : ""}</ul>

<h2>Setup</h2>
${setupTable(section.samples, arms)}

<h2>Locality across seeds</h2>
${localityTable(runs)}
<p class="muted">Spread: square root of the r&sup2;-weighted mean squared distance of a unit's receptive field from its
centre of mass (periodic on a torus, Euclidean on an open image), in sites (median over units, then mean &plusmn; sd over seeds);
r&sup2; rather than |r| so that a faint halo over all sites does not outweigh a compact blob. Block fraction: share of r&sup2;
inside the k&times;k block around the centre, k the side of the block one unit would cover if the layer tiled the grid. Overlap: mean over unit pairs of
&Sigma;|r<sub>i</sub>||r<sub>j</sub>| / (&Vert;r<sub>i</sub>&Vert; &Vert;r<sub>j</sub>&Vert;); 1 = same support, 0 = disjoint tiles.
Random: i.i.d. Gaussian fields of the same shape. Localized units: share of a layer's units whose spread is under half the
random fields' median; spreads are bimodal (compact blobs against diffuse fields), so this share is steadier between runs than the median.</p>

${section.system === "digits" ? noRgNote() : section.system === "dimer" ? dimerRgSection(runs, section.samples) : rgSection(runs, section.rgChartSvg, section.samples.coupling ?? "?", critical)}

${figureSection("Effective receptive fields r(l) = r(l&minus;1) W(l) (paper App. B); RSMI: its filter per level", withFields, (r) => r.analysis.figures.receptiveFields, (i) => `layer ${i + 1}`)}
${trained.some((r) => r.analysis.figures.decoyFields?.length) ? figureSection("The same fields' weights on the decoy spins (kjr encoding)", trained, (r) => r.analysis.figures.decoyFields ?? [], (i) => `layer ${i + 1}`) : ""}
${figureSection("Raw weights per layer", trained, (r) => r.analysis.figures.weights, (i) => `layer ${i + 1}: W(${i + 1}) columns on the layer's input`)}
${figureSection("Reconstructions: originals (top row), then through each depth and back", trained, (r) => [r.analysis.figures.reconstructions], () => "")}
${figureSection("Fantasies from the top layer (Gibbs sampling, passed down)", trained, (r) => [r.analysis.figures.samples], () => "")}
${figureSection("Training curves per layer", trained, (r) => r.analysis.figures.curves, () => "")}`;
}

/**
 * The digits' line on L1: its localized shares per layer on digits beside its shares on Ising data (when the
 * report has an Ising section), and what the two say together.
 *
 * @param sections - Every section of the report.
 * @returns The line, or undefined without an L1 arm on digits.
 */
export function digitsComparison(sections: readonly ReportSection[]): string | undefined {
  const digits = sections.find((s) => s.system === "digits");
  const onDigits = digits ? layerShares(digits.runs.filter((r) => r.arm === "l1")) : [];
  if (onDigits.length === 0) return undefined;
  const ising = sections.find((s) => s.system === "ising");
  const onIsing = ising ? layerShares(ising.runs.filter((r) => r.arm === "l1")) : [];
  const text = (shares: { layer: number; share: number }[]) =>
    `${shares.map((s) => `${Math.round(100 * s.share)}%`).join(" / ")} (layers ${shares.map((s) => s.layer).join(", ")})`;
  const digitsText = `L1 on digits: localized units ${text(onDigits)}`;
  if (onIsing.length === 0) {
    return `${digitsText}; no Ising run in this report to compare with (blockspin report DIGITS_RUN ISING_RUN, or reproduce --compare ISING_RUN)`;
  }
  const localizes = (shares: { share: number }[]) => shares.some((s) => isLocalized(s.share));
  const verdict = localizes(onDigits) && localizes(onIsing)
    ? "L1 localizes the fields of data with no lattice physics as it does on Ising configurations: locality alone is no evidence of renormalization"
    : localizes(onIsing)
      ? "L1 localizes Ising fields but not digit fields: on these data, the locality is not what L1 does to any data"
      : localizes(onDigits)
        ? "L1 localizes digit fields but not Ising fields"
        : "L1 localizes neither";
  return `${digitsText}, against ${text(onIsing)} on Ising data: ${verdict}`;
}

function systemIntro(section: ReportSection): string {
  const quick = section.quick ? " <strong>This is a --quick smoke run: too little training to judge.</strong>" : "";
  if (section.system === "digits") {
    return `<p>Handwritten digits (binarized MNIST, ${escapeHtml(String(section.samples.count))} images on the open 28&times;28 grid): data with no
lattice physics. If the L1 arm's receptive fields are as local here as on Ising configurations, their locality is what L1 does to any
data (Ho 2013), not a sign of renormalization.${quick}</p>`;
  }
  if (section.system === "dimer") {
    return `<p>Close-packed dimers on the ${escapeHtml(String(section.samples.size))}&times;${escapeHtml(String(section.samples.size))} torus at V = ${escapeHtml(String(section.samples.interaction))}
(Koch-Janusz &amp; Ringel's counterexample, arXiv:1704.06279): a system whose right coarse variables are known, the block electric field.
The stacks see the ${escapeHtml(String(section.samples.encoding))} encoding; the block field's signs are the reference.${quick}</p>`;
  }
  const coupling = section.samples.coupling ?? "?";
  const couplingText = typeof coupling === "number" || typeof coupling === "string" ? String(coupling) : JSON.stringify(coupling);
  return `<p>Majority-rule block spins are the reference. <strong>This run's samples are at K = ${escapeHtml(couplingText)}${Number(coupling) === 0.408 ? " (the paper's)" : ""}.</strong>${quick}</p>`;
}

function noRgNote(): string {
  return `<h2>Is it renormalization?</h2>
<p>Not measured: the digits have no lattice physics, so there is no correlation length, magnetisation or critical exponent
for a coarse variable to keep. Only locality compares across systems.</p>`;
}

function setupTable(samples: Record<string, unknown>, arms: readonly RunRecord[]): string {
  const rows: [string, string][] = Object.entries(samples).map(([k, v]) => [`samples: ${k}`, JSON.stringify(v)]);
  for (const arm of arms) {
    if (!arm.manifest) {
      rows.push([arm.armTitle, arm.armDescription]);
      continue;
    }
    const first = arm.manifest.layers[0]!.training;
    const epochs = arm.manifest.layers.map((l) => l.training.epochs).join(", ");
    rows.push([`${arm.armTitle}`, `${arm.armDescription}. Layers ${arm.manifest.architecture.join("-")}; epochs ${epochs}; ` +
      `batch ${first.batchSize}; lr ${first.learningRate}; momentum ${first.momentum.join(" then ")} (switch after epoch ${first.momentumSwitch}); ` +
      `CD-${first.cdSteps}${first.persistent ? " persistent" : ""}; penalty ${first.penalty} ${first.penaltyStrength}; init std ${first.initStd}; ` +
      `validation fraction ${arm.manifest.data.validationFraction}`]);
  }
  return `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
}

const fmt = (values: readonly number[], digits: number) => {
  const { mean, sd } = meanAndSd(values);
  return values.length > 1 ? `${mean.toFixed(digits)} &plusmn; ${sd.toFixed(digits)}` : mean.toFixed(digits);
};

function layersOf(runs: readonly RunRecord[]): number[] {
  return [...new Set(runs.flatMap((r) => r.analysis.layers.map((l) => l.layer)))].sort((a, b) => a - b);
}

function pick(runs: readonly RunRecord[], layer: number): LayerAnalysis[] {
  return runs.map((r) => r.analysis.layers.find((l) => l.layer === layer)).filter((l): l is LayerAnalysis => Boolean(l));
}

function localityTable(runs: readonly RunRecord[]): string {
  const arms = [...new Set(runs.map((r) => r.arm))];
  const header = "<tr><th>arm</th><th>layer</th><th>units</th><th>seeds</th><th>median spread (sites)</th><th>localized units</th><th>random</th>" +
    "<th>k</th><th>median block fraction</th><th>random</th><th>overlap</th><th>random</th></tr>";
  const rows = arms.flatMap((arm) => {
    const armRuns = runs.filter((r) => r.arm === arm);
    return layersOf(armRuns).map((layer) => {
      const layerRuns = pick(armRuns, layer);
      const first = layerRuns[0]!;
      return `<tr><td>${escapeHtml(armRuns[0]!.armTitle)}</td><td>${layer}</td><td>${first.nUnits}</td><td>${layerRuns.length}</td>` +
        `<td>${fmt(layerRuns.map((l) => l.spread.median), 2)}</td><td>${fmt(layerRuns.map(localizedShare), 2)}</td>` +
        `<td>${fmt(layerRuns.map((l) => l.random.spread.median), 2)}</td>` +
        `<td>${first.blockSide}</td><td>${fmt(layerRuns.map((l) => l.blockFraction.median), 3)}</td>` +
        `<td>${fmt(layerRuns.map((l) => l.random.blockFraction.median), 3)}</td>` +
        `<td>${fmt(layerRuns.map((l) => l.overlap), 3)}</td><td>${fmt(layerRuns.map((l) => l.random.overlap), 3)}</td></tr>`;
    });
  });
  return `<table>${header}${rows.join("\n")}</table>`;
}

/**
 * One line from the numbers: per layer the share of localized units (spread
 * under half the random fields' median) and the median spread against the
 * random reference; a layer counts as localized, block-spin-like, when at
 * least half of its units are localized.
 */
export function conclusion(armRuns: readonly RunRecord[]): string {
  const layers = layersOf(armRuns);
  const shares = layers.map((layer) => meanAndSd(pick(armRuns, layer).map(localizedShare)).mean);
  const spreads = layers.map((layer) => meanAndSd(pick(armRuns, layer).map((l) => l.spread.median)).mean);
  const random = layers.map((layer) => meanAndSd(pick(armRuns, layer).map((l) => l.random.spread.median)).mean);
  const fractions = layers.map((layer) => meanAndSd(pick(armRuns, layer).map((l) => l.blockFraction.median)).mean);
  const localized = layers.filter((_, i) => isLocalized(shares[i]!));
  const verdict = localized.length === 0
    ? "not localized in any layer: no block spins"
    : `localized, block-spin-like receptive fields in layer${localized.length > 1 ? "s" : ""} ${localized.join(", ")}`;
  return `localized units ${shares.map((f) => `${Math.round(100 * f)}%`).join(" / ")} (layers ${layers.join(", ")}); ` +
    `median spread ${spreads.map((s) => s.toFixed(1)).join(" / ")} sites ` +
    `vs ${random.map((s) => s.toFixed(1)).join(" / ")} for random fields; block fraction ${fractions.map((f) => f.toFixed(2)).join(" / ")}: ` +
    verdict;
}

function figureSection(
  title: string, runs: readonly RunRecord[], figures: (run: RunRecord) => string[], caption: (index: number) => string,
): string {
  const column = (run: RunRecord) =>
    `<div><h3>${escapeHtml(run.armTitle)}</h3>${figures(run)
      .map((file, i) => `<figure><img src="${escapeHtml(`${run.analysisDir}/${file}`)}" alt="${escapeHtml(`${run.arm} ${caption(i) || title}`)}"><figcaption class="muted">${caption(i)}</figcaption></figure>`)
      .join("")}</div>`;
  return `<h2>${title}</h2>\n<div class="arms">${runs.map(column).join("\n")}</div>`;
}
