// Vega-Lite spec of the RBM temperature flow: T against step for every
// start, with horizontal rules at T_c and at the exact specific-heat maximum
// of the same L. Browser-safe (plain JSON out), shared by the report and the
// demo page.

import type { TopLevelSpec } from "vega-lite";
import type { FlowTrace } from "../flow/temperature-flow.js";

/** What the chart needs of a flow: its start and each step's temperature (a FlowTrace is one). */
export interface FlowCurve {
  /** The start's label: a data temperature, "random" or "ordered" (one line each). */
  start: FlowTrace["start"];
  /** The start's temperature (units of J / k_B; Infinity for random, 0 for ordered); colours data starts. */
  startTemperature: FlowTrace["startTemperature"];
  /** One reading per step, step 0 first. */
  readings: readonly {
    /** The thermometer's temperature at that step, units of J / k_B (may be Infinity). */
    temperature: number;
  }[];
}

/** Titles, reference lines and size of flowChartSpec's chart. */
export interface FlowChartOptions {
  /** Subtitle (e.g. the run's settings). */
  title: string;
  /** A second subtitle line (e.g. the training rules); default none. */
  detail?: string;
  /** Where to draw T_c (CRITICAL_TEMPERATURE). */
  criticalTemperature: number;
  /** T_Cmax(L) of the flows' lattice size. */
  specificHeatPeak: number;
  /** Upper end of the T axis; readings above it (or infinite) are clipped to it and marked. Default 6.5. */
  maxTemperature?: number;
  /** Plot width in pixels (default 520). */
  width?: number;
  /** Plot height in pixels (default 300). */
  height?: number;
}

interface FlowPoint {
  start: string;
  startTemperature: number | null;
  step: number;
  temperature: number;
  clipped: boolean;
}

/**
 * T against step, one line per start (data starts coloured by their temperature, random and ordered in black),
 * with rules at T_c and T_Cmax(L) (`docs/methods.md`, Temperature flow).
 *
 * @param traces - The flows (runFlow's traces are FlowCurves).
 * @param options - Titles, reference temperatures and size.
 * @returns A Vega-Lite spec with its data inline (compile with vega-lite, render with vega).
 *
 * @example
 * ```ts
 * const spec = flowChartSpec(traces, {
 *   title: "L = 10", criticalTemperature: CRITICAL_TEMPERATURE, specificHeatPeak: specificHeatMaximum(10).temperature,
 * });
 * ```
 */
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
    title: { text: "RBM flow of temperature (exact thermometer)", subtitle: options.detail === undefined ? options.title : [options.title, options.detail], anchor: "start" },
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
