// Vega-Lite spec of RSMI's training curve: the InfoNCE bound on I(H : E) per
// epoch, one line per level (docs/methods.md, "RSMI"). Browser-safe: plain
// JSON out, as the training curves of training-curves.ts.

import type { TopLevelSpec } from "vega-lite";
import type { RsmiRunLevel } from "../rsmi/rsmi-run.js";
import { CHART_WIDTH } from "./training-curves.js";

/**
 * The bound per epoch of every level, in nats, with each level's mean as a
 * point and its standard error as a band.
 *
 * @param levels - runRsmiLevels' levels.
 * @param title - Chart subtitle (what was learned from).
 * @returns A Vega-Lite spec with its data inline.
 */
export function rsmiBoundSpec(levels: readonly RsmiRunLevel[], title: string): TopLevelSpec {
  const values = levels.flatMap((level) => level.epochs.map((e) => ({
    level: `level ${level.level}`, epoch: e.epoch, bound: e.bound, low: e.bound - e.boundError, high: e.bound + e.boundError,
  })));
  const x = { field: "epoch", type: "quantitative" as const, title: "epoch", axis: { tickMinStep: 1, format: "d" } };
  const color = { field: "level", type: "nominal" as const, title: null, legend: { orient: "top" as const } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "RSMI: InfoNCE bound on I(H : E)", subtitle: title, anchor: "start", offset: 8 },
    data: { values },
    width: CHART_WIDTH,
    height: 220,
    layer: [
      { mark: { type: "area", opacity: 0.25 }, encoding: { x, y: { field: "low", type: "quantitative", title: ["bound (nats)"] }, y2: { field: "high" }, color } },
      { mark: { type: "line", point: true }, encoding: { x, y: { field: "bound", type: "quantitative", title: ["bound (nats)"] }, color } },
    ],
  };
}
