// Vega-Lite specs for the per-epoch training curves of a run (one
// EpochMetrics row per layer per epoch). Browser-safe: plain JSON out, no
// Vega or Node imports, so the report and a web page can share these specs.

import type { TopLevelSpec } from "vega-lite";
import type { EpochMetrics } from "../rbm/training/index.js";

/** Vega-Lite specs of a run's training curves (render with vega, or vega-embed on a page). */
export interface TrainingCurveSpecs {
  /** Pseudo-likelihood per epoch: one panel per layer (their scales differ by layer width). */
  pseudoLikelihood: TopLevelSpec;
  /** Reconstruction error per epoch: one line per layer in one panel (a per-unit mean). */
  reconstructionError: TopLevelSpec;
  /** Mean free energy on training rows and held-out rows: one panel per layer. */
  freeEnergy: TopLevelSpec;
}

/** One point of one curve, in long format. */
interface CurvePoint {
  layer: string;
  epoch: number;
  value: number;
  series: string;
}

export const CHART_WIDTH = 360;
// Vega without a canvas estimates text widths generously (0.8 em per character),
// so axis titles are kept under about 18 characters a line to fit the panels.
const PANEL_HEIGHT = 150;
const SINGLE_PANEL_HEIGHT = 220;
/** Axis titles, one array entry per line. */
export const AXIS_TITLES = {
  epoch: ["epoch"],
  pseudoLikelihood: ["pseudo-likelihood", "(log, per sample)"],
  reconstructionError: ["reconstruction error", "(MSE per visible unit)"],
  freeEnergy: ["mean free energy"],
} as const;
export const SPLIT_NAMES = { train: "train", validation: "held-out" } as const;
/** Neutral for training rows, a warm colour for held-out rows: unlike the layer colours. */
const SPLIT_COLORS = ["#3a3a3a", "#d6604d"];

/**
 * The three training-curve charts of a run's metrics (any number of layers), titled `title`.
 *
 * @param metrics - Every epoch's metrics (trainStack's `metrics`, or those collected by onEpoch).
 * @param title - Chart title.
 * @returns Vega-Lite specs with their data inline.
 *
 * @example
 * ```ts
 * import { compile } from "vega-lite";
 * import { View, parse } from "vega";
 * const specs = trainingCurveSpecs(result.metrics, "L = 40, K_c");
 * await new View(parse(compile(specs.pseudoLikelihood).spec)).initialize(element).runAsync();
 * ```
 */
export function trainingCurveSpecs(metrics: readonly EpochMetrics[], title: string): TrainingCurveSpecs {
  return {
    pseudoLikelihood: pseudoLikelihoodSpec(metrics, title),
    reconstructionError: reconstructionErrorSpec(metrics, title),
    freeEnergy: freeEnergySpec(metrics, title),
  };
}

function layerName(layer: number): string {
  return `layer ${layer}`;
}

/** Long-format points of one metric; rows whose value is missing or not finite are left out. */
function curvePoints(
  metrics: readonly EpochMetrics[], series: string, valueOf: (row: EpochMetrics) => number | null,
): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const row of metrics) {
    const value = valueOf(row);
    if (value === null || !Number.isFinite(value)) continue;
    points.push({ layer: layerName(row.layer), epoch: row.epoch, value, series });
  }
  return points;
}

function layerNames(metrics: readonly EpochMetrics[]): string[] {
  const layers = [...new Set(metrics.map((row) => row.layer))].sort((a, b) => a - b);
  return layers.map(layerName);
}

function chartTitle(metricName: string, title: string) {
  return { text: metricName, subtitle: title, anchor: "start" as const, offset: 8 };
}

function epochAxis() {
  return { field: "epoch", type: "quantitative" as const, title: [...AXIS_TITLES.epoch], axis: { tickMinStep: 1, format: "d" } };
}

function valueAxis(axisTitle: readonly string[]) {
  return { field: "value", type: "quantitative" as const, title: [...axisTitle], scale: { zero: false } };
}

function layerColor(layers: string[], showLegend: boolean) {
  return {
    field: "layer", type: "nominal", title: null, scale: { domain: layers },
    legend: showLegend ? { orient: "top" as const } : null,
  } as const;
}

/** Stacks one panel per layer; each panel's y scale fits its own layer. */
function layerRows(layers: string[]) {
  return {
    field: "layer", type: "nominal", title: null, sort: layers,
    header: { labelOrient: "top", labelAnchor: "start", labelFontWeight: "bold" },
  } as const;
}

function pseudoLikelihoodSpec(metrics: readonly EpochMetrics[], title: string): TopLevelSpec {
  const layers = layerNames(metrics);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: chartTitle("Pseudo-likelihood", title),
    data: { values: curvePoints(metrics, "train", (row) => row.pseudoLikelihood) },
    facet: { row: layerRows(layers) },
    spec: {
      width: CHART_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: "line", point: false },
      encoding: {
        x: epochAxis(),
        y: valueAxis(AXIS_TITLES.pseudoLikelihood),
        color: layerColor(layers, false),
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}

function reconstructionErrorSpec(metrics: readonly EpochMetrics[], title: string): TopLevelSpec {
  const layers = layerNames(metrics);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: chartTitle("Reconstruction error", title),
    data: { values: curvePoints(metrics, "train", (row) => row.reconstructionError) },
    width: CHART_WIDTH,
    height: SINGLE_PANEL_HEIGHT,
    mark: { type: "line" },
    encoding: {
      x: epochAxis(),
      y: valueAxis(AXIS_TITLES.reconstructionError),
      color: layerColor(layers, true),
    },
  };
}

function freeEnergySpec(metrics: readonly EpochMetrics[], title: string): TopLevelSpec {
  const layers = layerNames(metrics);
  const points = [
    ...curvePoints(metrics, SPLIT_NAMES.train, (row) => row.freeEnergyTrain),
    ...curvePoints(metrics, SPLIT_NAMES.validation, (row) => row.freeEnergyValidation),
  ];
  const splits = [SPLIT_NAMES.train, SPLIT_NAMES.validation];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: chartTitle("Free energy, train vs held-out", title),
    data: { values: points },
    facet: { row: layerRows(layers) },
    spec: {
      width: CHART_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: "line" },
      encoding: {
        x: epochAxis(),
        y: valueAxis(AXIS_TITLES.freeEnergy),
        color: {
          field: "series", type: "nominal", title: null,
          scale: { domain: splits, range: SPLIT_COLORS },
          legend: { orient: "top" },
        },
        strokeDash: {
          field: "series", type: "nominal", title: null,
          scale: { domain: splits, range: [[1, 0], [5, 3]] },
          legend: { orient: "top" },
        },
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}
