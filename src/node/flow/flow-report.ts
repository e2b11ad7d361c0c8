// flow/report.html: the fixed-point table of every training set side by
// side, against T_c and the exact specific-heat maximum of the same L, and
// the T-against-step charts. Self-contained except for the SVGs beside it.

import { describeFlowTraining } from "../../flow/flow-training.js";
import type { FlowResult } from "./flow-result.js";
import { escapeHtml } from "../render/html-text.js";

const formatT = (t: number, digits = 3) => (t === Infinity ? "∞" : t.toFixed(digits));

export function flowReportHtml(result: Omit<FlowResult, "reportPath">): string {
  const { settings, sets } = result;
  const peak = result.specificHeatMaximum.temperature;
  const starts = sets[0]?.fixedPoints.map((p) => p.start) ?? [];
  const header = sets.map((s) => `<th colspan="2">trained on: ${escapeHtml(s.trainingSet)}<br><small>${s.trainingTemperatures.length} temperatures</small></th>`).join("");
  const sub = sets.map(() => `<th>T after ${settings.steps} steps</th><th>mean of last 10 ± SD</th>`).join("");
  const rows = starts.map((start, i) => `<tr><td>${escapeHtml(start)}</td>${sets.map((s) => {
    const p = s.fixedPoints[i]!;
    return `<td>${formatT(p.finalTemperature)} ± ${formatT(p.finalError)}</td><td>${formatT(p.meanTemperature)} ± ${formatT(p.spread)}</td>`;
  }).join("")}</tr>`).join("\n");
  const charts = sets.map((s) => `<figure><img src="flow-${encodeURIComponent(s.trainingSet)}.svg" alt="T against step, trained on ${escapeHtml(s.trainingSet)}">
<figcaption>Trained on ${escapeHtml(s.trainingSet)}: ${s.trainingTemperatures.map((t) => formatT(t, 2)).join(", ")}. Training took ${s.training.seconds.toFixed(1)} s.</figcaption></figure>`).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>blockspin: the RBM flow of temperature, read with an exact thermometer</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; } td, th { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: right; }
td:first-child { text-align: left; } figure { display: inline-block; margin: 1rem; } img { max-width: 640px; }
</style>
</head>
<body>
<h1>The RBM flow of temperature (Iso, Shiba &amp; Yokoo 2018), read with an exact thermometer</h1>
<p>One RBM (N<sub>v</sub> = ${settings.size ** 2}, N<sub>h</sub> = ${settings.hidden}; ${escapeHtml(settings.preset)} rules:
${escapeHtml(describeFlowTraining(settings))}) per training set, on ${settings.perTemperature - Math.max(1, Math.round(settings.perTemperature * settings.heldOutFraction))}
Wolff samples per temperature of the ${settings.size} × ${settings.size} torus. Flows of ${settings.steps} steps v → h → v (${settings.mode === "samples" ? "sampled states at both half-steps" : "probabilities fed on"}), seed ${settings.seed}.
Every step's ensemble is read by inverting the exact finite-L energy e(T) (Kaufman; Ferdinand &amp; Fisher), not by a trained network.</p>
<p>References: <b>T<sub>c</sub> = ${result.criticalTemperature.toFixed(4)}</b> (Onsager) and the exact specific-heat maximum of L = ${settings.size},
<b>T<sub>Cmax</sub>(L) = ${peak.toFixed(4)}</b>. Iso et al. read their flow as approaching T<sub>c</sub>; Funai &amp; Giataganas the specific-heat maximum;
Veiga &amp; Vicente's control (trained on extremes only) asks whether either is learned from configurations near T<sub>c</sub> at all.</p>
<h2>Fixed points</h2>
<table>
<thead><tr><th rowspan="2">start</th>${header}</tr><tr>${sub}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p>± after a single step's T is the thermometer's standard error (batch means through de/dT); the mean of the last 10 steps carries their standard deviation.
∞: mean energy ≥ 0, no finite temperature.</p>
<h2>T against step</h2>
${charts}
</body>
</html>
`;
}
