// Vega-Lite spec of "Is it renormalization?": the second-moment correlation
// length xi2 (original lattice spacings) of each arm's coarse variables
// against the layer, with the majority-rule reference drawn dashed and the
// data's xi2 as a horizontal rule. A coarse-graining that keeps the physics
// stays on the rule. Browser-safe: plain JSON out.

import type { TopLevelSpec } from "vega-lite";
import { CHART_WIDTH } from "./training-curves.js";

/** One arm's xi2 at one layer (layer 0 = the data), mean over seeds. */
export interface Xi2Point {
  arm: string;
  layer: number;
  xi2: number;
}

const HEIGHT = 260;
/** How the reference arm (majority rule) is drawn: dark and dashed. */
export const REFERENCE_ARM_STYLE = { color: "#222222", dash: [6, 4] };

/**
 * Lines of xi2 against layer, one per arm (`arms` in legend order;
 * `referenceArm` dashed), and a rule at the data's xi2. Non-finite points
 * are left out.
 */
export function xi2ChartSpec(points: readonly Xi2Point[], arms: readonly string[], referenceArm: string | undefined, dataXi2: number, title: string): TopLevelSpec {
  const palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"];
  let next = 0;
  const colors = arms.map((arm) => (arm === referenceArm ? REFERENCE_ARM_STYLE.color : palette[next++ % palette.length]!));
  const dashes = arms.map((arm) => (arm === referenceArm ? REFERENCE_ARM_STYLE.dash : [1, 0]));
  const finite = points.filter((p) => Number.isFinite(p.xi2));
  const layers = [...new Set(finite.map((p) => p.layer))].sort((a, b) => a - b);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Correlation length of the coarse variables", subtitle: title, anchor: "start", offset: 8 },
    width: CHART_WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: finite.map((p) => ({ ...p })) },
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "layer", type: "quantitative", title: ["layer (0 = data)"], scale: { domain: [Math.min(0, ...layers), Math.max(1, ...layers)] }, axis: { values: layers, format: "d" } },
          y: { field: "xi2", type: "quantitative", title: ["xi2 (original", "lattice spacings)"], scale: { zero: true } },
          color: { field: "arm", type: "nominal", title: null, scale: { domain: [...arms], range: colors }, legend: { orient: "top", columns: 1, labelLimit: 360 } },
          strokeDash: { field: "arm", type: "nominal", title: null, scale: { domain: [...arms], range: dashes } },
        },
      },
      {
        data: { values: [{ xi2: dataXi2, label: `data: xi2 = ${dataXi2.toFixed(2)}` }] },
        layer: [
          { mark: { type: "rule", color: "#888888", strokeDash: [2, 2] }, encoding: { y: { field: "xi2", type: "quantitative" } } },
          {
            mark: { type: "text", align: "right", dy: -6, color: "#555555" },
            encoding: { y: { field: "xi2", type: "quantitative" }, x: { value: CHART_WIDTH }, text: { field: "label", type: "nominal" } },
          },
        ],
      },
    ],
  };
}
