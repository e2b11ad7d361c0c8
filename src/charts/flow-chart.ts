// Vega-Lite spec of the RBM temperature flow: T against step for every
// start, with horizontal rules at T_c and at the exact specific-heat maximum
// of the same L. Browser-safe (plain JSON out), shared by the report and the
// demo page.

import type { TopLevelSpec } from "vega-lite";
import type { FlowTrace } from "../flow/temperature-flow.js";

/** What the chart needs of a flow: its start and each step's temperature (a FlowTrace is one). */
export interface FlowCurve {
  start: FlowTrace["start"];
  startTemperature: FlowTrace["startTemperature"];
  readings: readonly { temperature: number }[];
}

export interface FlowChartOptions {
  title: string;
  criticalTemperature: number;
  /** T_Cmax(L) of the flows' lattice size. */
  specificHeatPeak: number;
  /** Upper end of the T axis; readings above it (or infinite) are clipped to it and marked. Default 6.5. */
  maxTemperature?: number;
  width?: number;
  height?: number;
}

interface FlowPoint {
  start: string;
  startTemperature: number | null;
  step: number;
  temperature: number;
  clipped: boolean;
}

/** T against step, one line per start (data starts coloured by their temperature, random and ordered in black). */
export function flowChartSpec(traces: readonly FlowCurve[], options: FlowChartOptions): TopLevelSpec {
  const top = options.maxTemperature ?? 6.5;
  const points: FlowPoint[] = traces.flatMap((trace) => trace.readings.map((r, step) => ({
    start: trace.start,
    startTemperature: Number.isFinite(trace.startTemperature) ? trace.startTemperature : null,
    step,
    temperature: Math.min(r.temperature, top),
    clipped: !(r.temperature <= top),
  })));
  // T_Cmax(L) lies just above T_c: its label goes above its rule, T_c's below.
  const rules = [
    { label: `T_c = ${options.criticalTemperature.toFixed(3)}`, temperature: options.criticalTemperature, dy: 9 },
    { label: `T_Cmax(L) = ${options.specificHeatPeak.toFixed(3)}`, temperature: options.specificHeatPeak, dy: -5 },
  ];
  const named = (name: string) => ({ field: "start", equal: name });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: "RBM flow of temperature (exact thermometer)", subtitle: options.title, anchor: "start" },
    width: options.width ?? 520,
    height: options.height ?? 300,
    layer: [
      {
        data: { values: points },
        transform: [{ filter: { not: { or: [named("random"), named("ordered")] } } }],
        mark: { type: "line", strokeWidth: 1, opacity: 0.7 },
        encoding: {
          x: { field: "step", type: "quantitative", title: "step (v -> h -> v)" },
          y: { field: "temperature", type: "quantitative", title: "T (exact thermometer)", scale: { domain: [0, top] } },
          color: { field: "startTemperature", type: "quantitative", title: "data start T", scale: { scheme: "viridis" } },
          detail: { field: "start" },
        },
      },
      {
        data: { values: points },
        transform: [{ filter: { or: [named("random"), named("ordered")] } }],
        mark: { type: "line", strokeWidth: 2.5, color: "#111" },
        encoding: {
          x: { field: "step", type: "quantitative" },
          y: { field: "temperature", type: "quantitative" },
          strokeDash: { field: "start", type: "nominal", title: "start", scale: { domain: ["random", "ordered"], range: [[1, 0], [6, 3]] } },
        },
      },
      {
        data: { values: rules.map(({ label, temperature }) => ({ label, temperature })) },
        mark: { type: "rule", color: "#c0392b", strokeDash: [2, 2] },
        encoding: { y: { field: "temperature", type: "quantitative" } },
      },
      ...rules.map((rule) => ({
        data: { values: [rule] },
        mark: { type: "text" as const, align: "right" as const, dx: -2, dy: rule.dy, color: "#c0392b", fontSize: 10 },
        encoding: { y: { field: "temperature", type: "quantitative" as const }, x: { value: options.width ?? 520 }, text: { field: "label" } },
      })),
    ],
  };
}
