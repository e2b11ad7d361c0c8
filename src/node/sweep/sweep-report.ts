// DIR/report.html for a sweep: what was swept, which tasks are missing or
// failed (never averaged over silently), the conditions map (median spread,
// and xi2Ratio when the analysis has it, against the swept setting, mean ± sd
// over seeds) and the table of settings that give localized fields.

import type { TopLevelSpec } from "vega-lite";
import { conditionChartSpec, type ConditionPoint } from "../../charts/sweep-charts.js";
import { renderSvg } from "../render/chart.js";
import type { SweepPlan } from "./sweep-plan.js";
import type { SpecValue } from "./sweep-spec.js";
import { presentRgColumns, settingAxes, type MissingTask, type SettingSummary, type SweepRow } from "./sweep-rows.js";
import { escapeHtml } from "../render/html-text.js";

/**
 * The start of a sweep report page, up to and including `<body>`: the title and the style rules both sweep kinds
 * share, then the page's own rules.
 *
 * @param name - The sweep's name, in the title.
 * @param ownCss - The page's own style lines (its table and cell classes).
 * @returns HTML text.
 */
export function sweepPageStart(name: string, ownCss: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>blockspin sweep ${escapeHtml(name)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
${ownCss}
</style>
</head>
<body>`;
}

const pm = ({ mean, sd }: { mean: number; sd: number }, digits: number, seeds: number) =>
  seeds > 1 ? `${mean.toFixed(digits)} &plusmn; ${sd.toFixed(digits)}` : mean.toFixed(digits);

/** The axis charts are drawn against: penalty strength when swept, else the first swept setting. */
export function chartAxis(plan: SweepPlan): string | undefined {
  const keys = settingAxes(plan);
  return keys.includes("penaltyStrength") ? "penaltyStrength" : keys[0];
}

export function conditionPoints(
  plan: SweepPlan, summaries: readonly SettingSummary[],
  value: (s: SettingSummary) => { mean: number; sd: number } | undefined, reference?: (s: SettingSummary) => number,
): ConditionPoint[] {
  const xKey = chartAxis(plan);
  if (!xKey) return [];
  const xValues = plan.axes.find((a) => a.key === xKey)!.values;
  const others = settingAxes(plan).filter((key) => key !== xKey);
  return summaries.flatMap((s) => {
    const v = value(s);
    if (!v) return [];
    const x = s.axes[xKey]!;
    return [{
      x, order: xValues.findIndex((candidate) => candidate === x), layer: s.layer, mean: v.mean, sd: v.sd, seeds: s.seeds,
      series: others.map((key) => `${key} ${String(s.axes[key])}`).join(", ") || "all",
      ...(reference ? { reference: reference(s) } : {}),
    }];
  });
}

/** One chart of the conditions map: its Vega-Lite spec and the base name of its PNG beside the report. */
export interface SweepChart {
  /** File name without extension, e.g. "spread" for DIR/spread.png. */
  name: string;
  spec: TopLevelSpec;
}

/**
 * The conditions-map charts: median spread against the chart axis, and xi2Ratio when the analysis has it.
 * Empty when no setting besides the seed is swept or no task has finished: there is nothing to chart.
 */
export function sweepCharts(plan: SweepPlan, rows: readonly SweepRow[], summaries: readonly SettingSummary[]): SweepChart[] {
  const xKey = chartAxis(plan);
  if (!xKey || summaries.length === 0) return [];
  const charts: SweepChart[] = [{
    name: "spread",
    spec: conditionChartSpec(conditionPoints(plan, summaries, (s) => s.spread, (s) => s.randomSpread.mean), {
      title: `median receptive-field spread vs ${xKey} (mean ± sd over seeds; dashed: random fields)`,
      xTitle: xKey, yTitle: "median spread (sites)",
    }),
  }];
  if (presentRgColumns(rows).includes("xi2Ratio")) {
    charts.push({
      name: "xi2-ratio",
      spec: conditionChartSpec(conditionPoints(plan, summaries, (s) => s.rg.xi2Ratio), {
        title: `xi2Ratio vs ${xKey} (mean ± sd over seeds)`, xTitle: xKey, yTitle: "xi2Ratio",
      }),
    });
  }
  return charts;
}

/** A chart of sweepCharts drawn as SVG. */
export interface RenderedChart {
  /** File name without extension, as SweepChart's. */
  name: string;
  svg: string;
}

/** sweepCharts' charts drawn as SVG (renderSvg), in their order. */
export async function renderSweepCharts(charts: readonly SweepChart[]): Promise<RenderedChart[]> {
  return Promise.all(charts.map(async ({ name, spec }) => ({ name, svg: await renderSvg(spec) })));
}

/** DIR/report.html's text, with the charts (from renderSweepCharts) inline. */
export function buildSweepReport(
  plan: SweepPlan, rows: readonly SweepRow[], summaries: readonly SettingSummary[], missing: readonly MissingTask[],
  charts: readonly RenderedChart[], createdAt: string,
): string {
  const svgs = charts.map(({ svg }) => svg);
  const done = new Set(rows.map((r) => r.index)).size;
  return `${sweepPageStart(plan.name, `table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
td, th { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
.yes { font-weight: 600; color: #1a7f37; } .no { color: #888; } .warn { color: #b35900; }
.muted { color: #666; font-size: 0.85rem; }`)}
<h1>Sweep ${escapeHtml(plan.name)}</h1>
${plan.description ? `<p>${escapeHtml(plan.description)}</p>` : ""}
<p>${plan.tasks.length} tasks over ${plan.axes.map((a) => `${escapeHtml(a.key)} {${a.values.map((v) => escapeHtml(String(v))).join(", ")}}`).join(" &times; ")};
${done} analyzed${missing.length > 0 ? `, <span class="warn">${missing.length} missing or failed (listed below, left out of every mean)</span>` : ""}.</p>
${missingSection(missing)}
<h2>Conditions map</h2>
${svgs.length > 0 ? svgs.map((svg) => `<figure>${svg}</figure>`).join("\n") : "<p class=\"muted\">No swept setting besides the seed, or no finished task: nothing to chart.</p>"}
<h2>Which settings give localized fields</h2>
<p class="muted">A layer counts as localized when at least half of its units have a receptive-field spread under half the random fields' median
(the criterion of <code>blockspin reproduce</code>'s report), on the means over seeds.</p>
${summaryTable(plan, rows, summaries)}
<p class="muted">blockspin sweep collect, ${escapeHtml(createdAt)}. Per-task numbers: sweep.csv and sweep.json beside this file${charts.length > 0 ? `; the charts as PNG: ${charts.map(({ name }) => `${name}.png`).join(", ")}` : ""}.</p>
</body>
</html>
`;
}

/** The report's table of missing and failed tasks (empty when there are none). */
export function missingSection(missing: readonly MissingTask[]): string {
  if (missing.length === 0) return "";
  return `<h2>Missing and failed tasks</h2>
<table><tr><th>index</th><th>task</th><th>state</th><th>detail</th></tr>
${missing.map((m) => `<tr><td>${m.index}</td><td>${escapeHtml(m.id)}</td><td>${m.state}</td><td>${escapeHtml(m.detail ?? "")}</td></tr>`).join("\n")}</table>`;
}

function summaryTable(plan: SweepPlan, rows: readonly SweepRow[], summaries: readonly SettingSummary[]): string {
  const keys = settingAxes(plan);
  const rgKeys = presentRgColumns(rows);
  const header = `<tr>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join("")}<th>layer</th><th>seeds</th><th>median spread (sites)</th>` +
    `<th>random</th><th>block fraction</th><th>overlap</th>${rgKeys.map((k) => `<th>${k}</th>`).join("")}<th>localized</th></tr>`;
  const cell = (value: SpecValue) => `<td>${escapeHtml(String(value))}</td>`;
  const body = summaries.map((s) => `<tr>${keys.map((k) => cell(s.axes[k]!)).join("")}<td>${s.layer}</td><td>${s.seeds}</td>` +
    `<td>${pm(s.spread, 2, s.seeds)}</td><td>${pm(s.randomSpread, 2, s.seeds)}</td><td>${pm(s.blockFraction, 3, s.seeds)}</td>` +
    `<td>${pm(s.overlap, 3, s.seeds)}</td>${rgKeys.map((k) => `<td>${s.rg[k] ? pm(s.rg[k], 3, s.seeds) : ""}</td>`).join("")}` +
    `<td class="${s.localized ? "yes" : "no"}">${s.localized ? "yes" : "no"}</td></tr>`);
  return `<table>${header}\n${body.join("\n")}</table>`;
}
