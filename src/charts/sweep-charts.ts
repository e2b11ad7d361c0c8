// Vega-Lite specs for a sweep's conditions map: a measured number (median
// spread, xi2Ratio) against one swept setting (penalty strength, epochs),
// mean ± sd over seeds, one line per remaining setting (penalty kind) and a
// panel per layer. Browser-safe: plain JSON out.

import type { TopLevelSpec } from "vega-lite";
import { CHART_WIDTH } from "./training-curves.js";

/** One point: a setting's mean and sd over seeds at one x value, for one line and layer. */
export interface ConditionPoint {
  /** The swept setting's value, as written in the spec. */
  x: string | number | boolean;
  /** Position of x among the axis values (sorts the ordinal scale as the spec lists them). */
  order: number;
  /** The line: the other settings, e.g. "penalty l1" (empty when there are none). */
  series: string;
  layer: number;
  /** The panel's title; default "layer N". */
  panel?: string;
  mean: number;
  sd: number;
  seeds: number;
  /** A reference value for this layer, drawn dashed (e.g. the random fields' spread). */
  reference?: number;
}

export interface ConditionChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  /** Panels per row, wrapping (default: all in one row). */
  columns?: number;
  /** The panels' names in the order to draw them (default: the order they first appear in). */
  panelOrder?: readonly string[];
}

export function conditionChartSpec(points: readonly ConditionPoint[], options: ConditionChartOptions): TopLevelSpec {
  const data = points.map((p) => ({ ...p, x: String(p.x), lo: p.mean - p.sd, hi: p.mean + p.sd, layerName: p.panel ?? `layer ${p.layer}` }));
  const xOrder = [...new Map(points.map((p) => [String(p.x), p.order])).entries()].sort((a, b) => a[1] - b[1]).map(([x]) => x);
  const x = { field: "x", type: "ordinal" as const, title: options.xTitle, sort: xOrder, axis: { labelAngle: 0 } };
  const color = { field: "series", type: "nominal" as const, title: null, legend: { labelLimit: 400 } };
  const layers: unknown[] = [
    { mark: { type: "line", point: true }, encoding: { x, y: { field: "mean", type: "quantitative", title: options.yTitle, scale: { zero: false } }, color } },
    { mark: { type: "rule" }, encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color } },
  ];
  if (points.some((p) => p.reference !== undefined)) {
    // Each point carries its layer's reference, so the facet puts one line in each panel.
    layers.push({
      mark: { type: "rule", strokeDash: [4, 4], color: "#888" },
      encoding: { y: { field: "reference", type: "quantitative", aggregate: "mean" } },
    });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: options.title,
    data: { values: data },
    ...(options.columns === undefined
      ? { facet: { column: { field: "layerName", type: "nominal", title: null } } }
      : { facet: { field: "layerName", type: "nominal", title: null, sort: options.panelOrder ? [...options.panelOrder] : null }, columns: options.columns }),
    spec: { width: CHART_WIDTH * 0.6, height: 180, layer: layers },
    resolve: { scale: { y: "independent" } },
  } as TopLevelSpec;
}
