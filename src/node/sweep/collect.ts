// `blockspin sweep collect DIR`: DIR/sweep.csv and DIR/sweep.json (one row
// per task and layer; for a flow sweep, per task, training set and start), DIR/report.html and its charts as PNG (DIR/spread.png,
// DIR/xi2-ratio.png) from the tasks' result.json files.
// Tasks without a result are listed as missing or failed, never averaged over.

import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic-write.js";
import { svgToPng } from "../render/chart.js";
import { buildFlowSweepReport, flowRowsCsv, flowRowsOf, flowSweepCharts, flowSweepJson, summarizeFlow, type FlowSettingSummary, type FlowSweepRow } from "./flow-collect.js";
import { readPlan, type SweepPlan } from "./sweep-plan.js";
import { buildSweepReport, renderSweepCharts, sweepCharts } from "./sweep-report.js";
import { rowsCsv, rowsOf, summarize, type MissingTask, type SettingSummary, type SweepRow } from "./sweep-rows.js";
import { planStates, readTaskResult, type TaskResult } from "./task-state.js";

/** What collectSweep read and wrote. */
export interface CollectResult {
  /** A flow sweep's rows and summaries (then `rows` and `summaries` are empty). */
  flow?: {
    /** One row per finished task, training set and start. */
    rows: FlowSweepRow[];
    /** Mean and sd over seeds per setting, training set and start. */
    summaries: FlowSettingSummary[];
  };
  /** One row per finished task and layer (sweep.csv's rows). */
  rows: SweepRow[];
  /** Mean and sd over seeds per setting and layer. */
  summaries: SettingSummary[];
  /** Tasks without a result (pending, running, failed) and diverged ones, by index. */
  missing: MissingTask[];
  /** Paths written. */
  files: {
    /** DIR/sweep.csv. */
    csv: string;
    /** DIR/sweep.json: name, axes, rows, summaries and missing tasks. */
    json: string;
    /** DIR/report.html. */
    report: string;
    /** The report's charts as PNG (none when there is nothing to chart). */
    charts: string[];
  };
}

/**
 * Reads every task's result.json and writes DIR/sweep.csv, DIR/sweep.json, DIR/report.html and each of the
 * report's charts as DIR/<name>.png (spread.png; xi2-ratio.png when the analysis has xi2Ratio). Tasks
 * without a result are listed as missing, never averaged over.
 *
 * @param dir - The sweep directory (holding plan.json).
 * @returns The rows, summaries and missing tasks, and the paths written.
 */
export async function collectSweep(dir: string): Promise<CollectResult> {
  const plan = await readPlan(dir);
  const results = plan.tasks.map((task) => readTaskResult(dir, task)).filter((r): r is TaskResult => r !== undefined);
  const missing: MissingTask[] = planStates(dir, plan)
    .filter(({ state }) => state.state !== "done")
    .map(({ task, state }) => ({ index: task.index, id: task.id, state: state.state, ...(state.detail ? { detail: state.detail } : {}) }));
  for (const result of results.filter((r) => r.status === "diverged")) {
    missing.push({ index: result.index, id: result.id, state: "failed", detail: `diverged at layer ${result.diverged?.layer} epoch ${result.diverged?.epoch}` });
  }
  missing.sort((a, b) => a.index - b.index);
  if (plan.kind === "flow") return collectFlowSweep(dir, plan, results, missing);
  const rows = rowsOf(plan, results);
  const summaries = summarize(rows);
  const charts = sweepCharts(plan, rows, summaries);
  const files = {
    csv: join(dir, "sweep.csv"), json: join(dir, "sweep.json"), report: join(dir, "report.html"),
    charts: charts.map(({ name }) => join(dir, `${name}.png`)),
  };
  await writeFileAtomic(files.csv, rowsCsv(plan, rows));
  await writeFileAtomic(files.json, `${JSON.stringify({ name: plan.name, axes: plan.axes, rows, summaries, missing }, null, 2)}\n`);
  // Each chart through Vega once: inline in the report and as a PNG; the PNGs before the report, which names them.
  const rendered = await renderSweepCharts(charts);
  for (const [i, { svg }] of rendered.entries()) await writeFileAtomic(files.charts[i]!, await svgToPng(svg));
  await writeFileAtomic(files.report, buildSweepReport(plan, rows, summaries, missing, rendered, new Date().toISOString()));
  return { rows, summaries, missing, files };
}

/** collectSweep for a flow sweep: the fixed points per start, their chart and report (flow-collect.ts). */
async function collectFlowSweep(dir: string, plan: SweepPlan, results: readonly TaskResult[], missing: MissingTask[]): Promise<CollectResult> {
  const rows = flowRowsOf(plan, results);
  const summaries = summarizeFlow(rows);
  const steps = plan.tasks[0]?.kind === "flow" ? plan.tasks[0].flow.steps : 0;
  const charts = flowSweepCharts(plan, summaries, steps);
  const files = {
    csv: join(dir, "sweep.csv"), json: join(dir, "sweep.json"), report: join(dir, "report.html"),
    charts: charts.map(({ name }) => join(dir, `${name}.png`)),
  };
  await writeFileAtomic(files.csv, flowRowsCsv(plan, rows));
  await writeFileAtomic(files.json, flowSweepJson(plan, rows, summaries, missing));
  const rendered = await renderSweepCharts(charts);
  for (const [i, { svg }] of rendered.entries()) await writeFileAtomic(files.charts[i]!, await svgToPng(svg));
  await writeFileAtomic(files.report, buildFlowSweepReport(plan, summaries, missing, rendered, steps, new Date().toISOString()));
  return { rows: [], summaries: [], flow: { rows, summaries }, missing, files };
}
