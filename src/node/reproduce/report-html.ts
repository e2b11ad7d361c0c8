// report.html: the question, the setup, the three arms side by side, the
// locality table across seeds and a one-line, data-driven conclusion per
// arm. Self-contained except for images, referenced by relative paths, so
// the report opens from disk.

import type { LayerAnalysis } from "./analysis-summary.js";
import { isLocalized, localizedShare, meanAndSd } from "./locality-summary.js";
import { rgConclusion, rgSection } from "./report-rg.js";
import type { RunRecord } from "./run-record.js";

export type { RunRecord } from "./run-record.js";
export { isLocalized, localizedShare, meanAndSd } from "./locality-summary.js";

export interface ReportSetup {
  samples: Record<string, unknown>;
  quick: boolean;
  libraryVersion: string;
  createdAt: string;
  /** Inline SVG of the xi2-against-layer chart (report-rg.ts), when rendered. */
  rgChartSvg?: string;
}

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function buildReportHtml(runs: readonly RunRecord[], setup: ReportSetup): string {
  const arms = [...new Map(runs.map((r) => [r.arm, r])).values()];
  const firstSeedOf = (arm: string) => runs.filter((r) => r.arm === arm).sort((a, b) => a.seed - b.seed)[0]!;
  const trained = arms.filter((a) => a.manifest).map((a) => firstSeedOf(a.arm));
  const coupling = setup.samples.coupling ?? "?";
  const couplingText = typeof coupling === "number" || typeof coupling === "string" ? String(coupling) : JSON.stringify(coupling);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>blockspin: does deep learning do block-spin renormalization?</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
td, th { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
.arms { display: grid; grid-template-columns: repeat(${Math.max(1, trained.length)}, 1fr); gap: 1rem; }
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
 receptive fields are, and whether the coarse variables of each layer describe the same physics at a larger scale
(majority-rule block spins alongside as the reference). <strong>This run's samples are at K = ${escape(couplingText)}${Number(coupling) === 0.408 ? " (the paper's)" : ""}.</strong>${setup.quick ? " <strong>This is a --quick smoke run: too little training to judge.</strong>" : ""}</p>

<h2>Conclusions</h2>
<ul>${arms.map((arm) => `<li class="conclusion">${escape(arm.armTitle)}: ${escape(conclusion(runs.filter((r) => r.arm === arm.arm)))}</li>`).join("\n")}
${arms.filter((arm) => arm.rg).map((arm) => `<li class="conclusion">Is it renormalization? ${escape(arm.armTitle)}: ${escape(rgConclusion(runs.filter((r) => r.arm === arm.arm)))}</li>`).join("\n")}</ul>

<h2>Setup</h2>
${setupTable(setup, arms)}

<h2>Locality across seeds</h2>
${localityTable(runs)}
<p class="muted">Spread: square root of the r&sup2;-weighted mean squared periodic distance of a unit's receptive field from its
centre of mass, in lattice spacings (median over units, then mean &plusmn; sd over seeds); r&sup2; rather than |r| so that a
faint halo over all 1600 sites does not outweigh a compact blob. Block fraction: share of r&sup2;
inside the k&times;k block around the centre, k = &radic;(1600 / units). Overlap: mean over unit pairs of
&Sigma;|r<sub>i</sub>||r<sub>j</sub>| / (&Vert;r<sub>i</sub>&Vert; &Vert;r<sub>j</sub>&Vert;); 1 = same support, 0 = disjoint tiles.
Random: i.i.d. Gaussian fields of the same shape. Localized units: share of a layer's units whose spread is under half the
random fields' median; spreads are bimodal (compact blobs against diffuse fields), so this share is steadier between runs than the median.</p>

${rgSection(runs, setup.rgChartSvg, coupling)}

${figureSection("Effective receptive fields r(l) = r(l&minus;1) W(l) (paper App. B)", trained, (r) => r.analysis.figures.receptiveFields, (i) => `layer ${i + 1}`)}
${figureSection("Raw weights per layer", trained, (r) => r.analysis.figures.weights, (i) => `layer ${i + 1}: W(${i + 1}) columns on the layer's input`)}
${figureSection("Reconstructions: originals (top row), then through depth 1, 2, 3 and back", trained, (r) => [r.analysis.figures.reconstructions], () => "")}
${figureSection("Fantasies from the top layer (Gibbs sampling, passed down)", trained, (r) => [r.analysis.figures.samples], () => "")}
${figureSection("Training curves per layer", trained, (r) => r.analysis.figures.curves, () => "")}
<p class="muted">blockspin ${escape(setup.libraryVersion)}, ${escape(setup.createdAt)}.</p>
</body>
</html>
`;
}

function setupTable(setup: ReportSetup, arms: readonly RunRecord[]): string {
  const rows: [string, string][] = Object.entries(setup.samples).map(([k, v]) => [`samples: ${k}`, JSON.stringify(v)]);
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
  return `<table>${rows.map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(v)}</td></tr>`).join("")}</table>`;
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
      return `<tr><td>${escape(armRuns[0]!.armTitle)}</td><td>${layer}</td><td>${first.nUnits}</td><td>${layerRuns.length}</td>` +
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
    `<div><h3>${escape(run.armTitle)}</h3>${figures(run)
      .map((file, i) => `<figure><img src="${escape(`${run.analysisDir}/${file}`)}" alt="${escape(`${run.arm} ${caption(i) || title}`)}"><figcaption class="muted">${caption(i)}</figcaption></figure>`)
      .join("")}</div>`;
  return `<h2>${title}</h2>\n<div class="arms">${runs.map(column).join("\n")}</div>`;
}
