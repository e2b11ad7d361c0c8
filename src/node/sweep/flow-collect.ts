// `blockspin sweep collect DIR` for a flow sweep: one row per task, training
// set and start with its fixed point (mean T over the last 10 steps) and T
// after the last step; the mean ± sd of both over seeds per setting and start
// (docs/methods.md, "Temperature flow" and "Sweeps' statistics"); a chart of
// T after N steps against the swept training flag, one panel per start.

import type { TopLevelSpec } from "vega-lite";
import { conditionChartSpec, type ConditionPoint } from "../../charts/sweep-charts.js";
import { CRITICAL_TEMPERATURE } from "../../systems/ising/coupling.js";
import { flowJson } from "../flow/flow-run.js";
import type { SweepPlan } from "./sweep-plan.js";
import type { RenderedChart } from "./sweep-report.js";
import { missingSection, sweepPageStart } from "./sweep-report.js";
import { escapeHtml } from "../render/html-text.js";
import { settingAxes, type MeanSd, type MissingTask } from "./sweep-rows.js";
import type { SpecValue } from "./sweep-spec.js";
import type { TaskResult } from "./task-state.js";

/** One row of a flow sweep's sweep.csv: one task's fixed point for one training set and start. */
export interface FlowSweepRow {
  /** The task's index in the plan. */
  index: number;
  /** The task's id. */
  id: string;
  /** Every axis of the plan except seed, by key. */
  axes: Record<string, SpecValue>;
  /** The flow's seed. */
  seed: number;
  /** The training set (a preset's name, or `custom`). */
  trainingSet: string;
  /** The start's name ("random", "ordered", "data T=..."). */
  start: string;
  /** The start's temperature, units of J/k (Infinity for random). */
  startTemperature: number;
  /** Mean T over the flow's last 10 steps: its fixed point. */
  meanTemperature: number;
  /** Standard deviation of those readings. */
  spread: number;
  /** T after the last step. */
  finalTemperature: number;
  /** The thermometer's standard error of finalTemperature. */
  finalError: number;
}

/** Mean and sd over seeds of one setting's fixed point, for one training set and start. */
export interface FlowSettingSummary {
  /** The setting: every axis but the seed, by key. */
  axes: Record<string, SpecValue>;
  /** The training set. */
  trainingSet: string;
  /** The start's name. */
  start: string;
  /** Seeds averaged. */
  seeds: number;
  /** Mean and sd over seeds of the fixed point (mean T over the last 10 steps); infinite when any seed's is. */
  fixedPoint: MeanSd;
  /** Mean and sd over seeds of T after the last step; infinite when any seed's is. */
  afterSteps: MeanSd;
}

/** flow.json and result.json write an infinite temperature as "infinity". */
const temperatureOf = (value: unknown): number => (value === "infinity" ? Infinity : Number(value));

/**
 * The rows of a flow sweep: one per finished task, training set and start.
 *
 * @param plan - The flow sweep's plan.
 * @param results - The finished tasks' result.json files.
 * @returns The rows, in task order.
 */
export function flowRowsOf(plan: SweepPlan, results: readonly TaskResult[]): FlowSweepRow[] {
  const keys = settingAxes(plan);
  return results.flatMap((result) => (result.flow?.sets ?? []).flatMap((set) => set.fixedPoints.map((p): FlowSweepRow => ({
    index: result.index, id: result.id, axes: Object.fromEntries(keys.map((key) => [key, result.axes[key]!])), seed: result.seed,
    trainingSet: set.trainingSet, start: p.start, startTemperature: temperatureOf(p.startTemperature),
    meanTemperature: temperatureOf(p.meanTemperature), spread: temperatureOf(p.spread),
    finalTemperature: temperatureOf(p.finalTemperature), finalError: temperatureOf(p.finalError),
  }))));
}

/** Mean and sample sd, infinite when any value is (a flow that reads no finite temperature). */
function meanSd(values: readonly number[]): MeanSd {
  if (!values.every(Number.isFinite)) return { mean: Infinity, sd: Infinity };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * Mean and sd over seeds per setting, training set and start, in the order of the rows.
 *
 * @param rows - flowRowsOf's rows.
 * @returns One summary per setting, training set and start.
 */
export function summarizeFlow(rows: readonly FlowSweepRow[]): FlowSettingSummary[] {
  const groups = new Map<string, FlowSweepRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.axes, row.trainingSet, row.start]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => ({
    axes: group[0]!.axes, trainingSet: group[0]!.trainingSet, start: group[0]!.start, seeds: group.length,
    fixedPoint: meanSd(group.map((r) => r.meanTemperature)), afterSteps: meanSd(group.map((r) => r.finalTemperature)),
  }));
}

const csvField = (value: SpecValue | undefined): string => {
  const text = value === undefined ? "" : value === Infinity ? "infinity" : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * A flow sweep's sweep.csv: a header and one line per row; infinite temperatures as "infinity".
 *
 * @param plan - The flow sweep's plan.
 * @param rows - flowRowsOf's rows.
 * @returns The file's text.
 */
export function flowRowsCsv(plan: SweepPlan, rows: readonly FlowSweepRow[]): string {
  const keys = settingAxes(plan);
  const header = ["index", "id", ...keys, "seed", "trainingSet", "start", "startTemperature", "meanTemperature", "spread", "finalTemperature", "finalError"];
  const lines = rows.map((row) => [row.index, row.id, ...keys.map((key) => row.axes[key]), row.seed, row.trainingSet, row.start,
    row.startTemperature, row.meanTemperature, row.spread, row.finalTemperature, row.finalError].map(csvField).join(","));
  return `${[header.join(","), ...lines].join("\n")}\n`;
}

/**
 * The starts a flow sweep's chart shows: all of them, in their order, when there are at most six; otherwise the
 * random and ordered starts, then the data starts at the coldest temperature, the one nearest T_c and the hottest
 * (one panel per start of 24 training temperatures would bury the chart; report.html's table has them all).
 */
function chartedStarts(starts: readonly string[]): string[] {
  if (starts.length <= 6) return [...starts];
  const dataTemperature = (start: string) => Number(/^data T=(.+)$/.exec(start)?.[1] ?? NaN);
  const data = starts.filter((start) => Number.isFinite(dataTemperature(start)));
  const byTemperature = [...data].sort((a, b) => dataTemperature(a) - dataTemperature(b));
  const nearest = [...data].sort((a, b) => Math.abs(dataTemperature(a) - CRITICAL_TEMPERATURE) - Math.abs(dataTemperature(b) - CRITICAL_TEMPERATURE))[0];
  const others = starts.filter((start) => !data.includes(start));
  return [...new Set([...others, byTemperature[0]!, nearest!, byTemperature.at(-1)!])];
}

/** The axis a flow sweep's chart is drawn against: the first swept setting other than the training set, else the training set. */
export function flowChartAxis(plan: SweepPlan): string | undefined {
  const keys = settingAxes(plan);
  return keys.find((key) => key !== "trainTemperatures") ?? keys[0];
}

/**
 * The chart of a flow sweep: T after the last step (mean ± sd over seeds) against the swept setting, one line per
 * combination of the other settings (and training set), one panel per start (at most six: chartedStarts), T_c dashed. None when nothing but the
 * seed is swept or no task has finished.
 *
 * @param plan - The flow sweep's plan.
 * @param summaries - summarizeFlow's summaries.
 * @param steps - The flows' steps (the chart's "N").
 * @returns Zero or one chart: its name (the PNG's, "flow-temperature") and spec.
 */
export function flowSweepCharts(plan: SweepPlan, summaries: readonly FlowSettingSummary[], steps: number): { name: string; spec: TopLevelSpec }[] {
  const xKey = flowChartAxis(plan);
  if (!xKey || summaries.length === 0) return [];
  const xValues = plan.axes.find((a) => a.key === xKey)!.values;
  const others = settingAxes(plan).filter((key) => key !== xKey);
  const manySets = new Set(summaries.map((s) => s.trainingSet)).size > 1 && !others.includes("trainTemperatures") && xKey !== "trainTemperatures";
  const starts = chartedStarts([...new Set(summaries.map((s) => s.start))]);
  const points: ConditionPoint[] = summaries.filter((s) => Number.isFinite(s.afterSteps.mean) && starts.includes(s.start)).map((s) => ({
    x: s.axes[xKey]!, order: xValues.findIndex((v) => v === s.axes[xKey]), layer: starts.indexOf(s.start) + 1, panel: s.start,
    mean: s.afterSteps.mean, sd: s.afterSteps.sd, seeds: s.seeds, reference: CRITICAL_TEMPERATURE,
    series: [...others.map((key) => `${key} ${String(s.axes[key])}`), ...(manySets ? [`set ${s.trainingSet}`] : [])].join(", ") || "all",
  }));
  return [{
    name: "flow-temperature",
    spec: conditionChartSpec(points, {
      title: `T after ${steps} steps vs ${xKey}, per start (mean ± sd over seeds; dashed: T_c)`, xTitle: xKey, yTitle: `T after ${steps} steps`,
      columns: Math.min(starts.length, 5), panelOrder: starts,
    }),
  }];
}

const formatT = ({ mean, sd }: MeanSd, seeds: number) =>
  !Number.isFinite(mean) ? "∞" : seeds > 1 ? `${mean.toFixed(3)} &plusmn; ${sd.toFixed(3)}` : mean.toFixed(3);

/**
 * A flow sweep's report.html: what was swept, the missing tasks, the chart, and the table of fixed points per
 * setting and start.
 *
 * @param plan - The flow sweep's plan.
 * @param summaries - summarizeFlow's summaries.
 * @param missing - Tasks without a result.
 * @param charts - flowSweepCharts' charts drawn as SVG.
 * @param steps - The flows' steps.
 * @param createdAt - When the report was written (ISO 8601).
 * @returns The page's text.
 */
export function buildFlowSweepReport(
  plan: SweepPlan, summaries: readonly FlowSettingSummary[], missing: readonly MissingTask[], charts: readonly RenderedChart[],
  steps: number, createdAt: string,
): string {
  const keys = settingAxes(plan);
  const done = plan.tasks.length - missing.length;
  const header = `<tr>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join("")}<th>training set</th><th>start</th><th>seeds</th>` +
    `<th>fixed point (mean T of the last 10 steps)</th><th>T after ${steps} steps</th></tr>`;
  const body = summaries.map((s) => `<tr>${keys.map((k) => `<td>${escapeHtml(String(s.axes[k]))}</td>`).join("")}` +
    `<td>${escapeHtml(s.trainingSet)}</td><td>${escapeHtml(s.start)}</td><td>${s.seeds}</td>` +
    `<td>${formatT(s.fixedPoint, s.seeds)}</td><td>${formatT(s.afterSteps, s.seeds)}</td></tr>`).join("\n");
  return `${sweepPageStart(plan.name, `table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
td, th { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
.warn { color: #b35900; } .muted { color: #666; font-size: 0.85rem; }`)}
<h1>Flow sweep ${escapeHtml(plan.name)}</h1>
${plan.description ? `<p>${escapeHtml(plan.description)}</p>` : ""}
<p>${plan.tasks.length} flow experiments over ${plan.axes.map((a) => `${escapeHtml(a.key)} {${a.values.map((v) => escapeHtml(String(v))).join(", ")}}`).join(" &times; ")};
${done} finished${missing.length > 0 ? `, <span class="warn">${missing.length} missing or failed (listed below, left out of every mean)</span>` : ""}.
T_c = ${CRITICAL_TEMPERATURE.toFixed(4)}. Where the flow goes depends on the training rules (docs/methods.md, "Temperature flow").</p>
${missingSection(missing)}
<h2>T after ${steps} steps against the swept setting</h2>
${charts.length > 0 ? charts.map(({ svg }) => `<figure>${svg}</figure>`).join("\n") : "<p class=\"muted\">No swept setting besides the seed, or no finished task: nothing to chart.</p>"}
<h2>Fixed points per start</h2>
<table>${header}
${body}</table>
<p class="muted">Mean &plusmn; sd over seeds; &infin;: a flow whose mean energy has no finite temperature. blockspin sweep collect, ${escapeHtml(createdAt)}.
Per-task numbers: sweep.csv and sweep.json beside this file; each task's flow.json, charts and report under tasks/ID/flow/.</p>
</body>
</html>
`;
}

/**
 * sweep.json's text for a flow sweep (infinite temperatures as "infinity").
 *
 * @param plan - The flow sweep's plan.
 * @param rows - The rows.
 * @param summaries - The summaries.
 * @param missing - Tasks without a result.
 * @returns The file's text.
 */
export function flowSweepJson(plan: SweepPlan, rows: readonly FlowSweepRow[], summaries: readonly FlowSettingSummary[], missing: readonly MissingTask[]): string {
  return `${flowJson({ name: plan.name, kind: "flow", axes: plan.axes, rows, summaries, missing })}\n`;
}
