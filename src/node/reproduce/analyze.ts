// `blockspin analyze`: locality numbers and figures for one model bundle.

import { join } from "node:path";
import type { Core } from "../../wasm.js";
import { receptiveFields } from "../../analysis/receptive-field.js";
import {
  layerLocality, meanOverlap, randomFieldMatrix, randomFieldOverlap, randomFieldReference, type LayerLocality,
} from "../../analysis/locality.js";
import { describeGeometry, openGeometry } from "../../analysis/geometry.js";
import { fieldsOnGrid, samplesOnGrid, siteLayout, type VisibleLayout } from "../../systems/visible-layout.js";
import { reconstructionsByDepth, topLayerSamples } from "../../analysis/reconstruction.js";
import { trainingCurveSpecs } from "../../charts/training-curves.js";
import { localizedFraction, randomReferenceSeed } from "../../rg/localized-fraction.js";
import { selectRows, type LayerData } from "../../rbm/layer-data.js";
import type { RbmParameters } from "../../rbm/rbm-parameters.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { readMetrics, readModelBundle } from "../io/model-bundle.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { renderPng } from "../render/chart.js";
import { renderFieldGrid, renderLatticeGrid } from "../render/field-grid.js";
import { renderBondFieldGrid } from "../render/bond-grid.js";
import { UsageError } from "../runtime/usage-error.js";
import { loadCore } from "../../index.js";
import { encodedAsRecorded, readTrainingData } from "../io/training-data.js";
import { systemNamed } from "../../systems/registry.js";
import type { ModelManifest } from "../../rbm/model-manifest.js";
import type { AnalyzeSettings } from "./reproduce-settings.js";
import type { AnalysisFigures, AnalysisSummary, LayerAnalysis, LocalityNumbers } from "./analysis-summary.js";

/** Options of analyzeModel. */
export interface AnalyzeOptions {
  /** Configurations reconstructed and fantasies drawn. */
  samples: number;
  /** Seed of top-layer sampling and the random-field reference. */
  seed: number;
  /** Title of the training-curve charts; default the model directory (a sweep passes its task id, so figures do not depend on where the sweep lives). */
  title?: string;
}

/** Units drawn per receptive-field figure (the first ones). */
const MAX_UNITS_SHOWN = 100;
/** Gibbs steps in the top RBM before a fantasy is passed down. */
const FANTASY_GIBBS_STEPS = 1000;

/**
 * Analyzes one model bundle: the locality numbers of every layer's effective receptive fields beside the
 * random-field reference (docs/methods.md, "Locality"), and the figures (receptive fields, weights,
 * reconstructions, fantasies, training curves), written with analysis.json into `outDir`.
 *
 * @param core - The loaded wasm kernels (loadCore).
 * @param modelDir - The model bundle directory (from `blockspin train`).
 * @param data - Samples the model was trained on, L^2 visible values each; some are reconstructed.
 * @param lattice - Lattice side L; the model's visible units must be L^2, else UsageError.
 * @param outDir - Directory for analysis.json and the PNGs (created if missing).
 * @param options - Reconstructions to draw, the seed, the charts' title.
 * @returns The summary written to `outDir`/analysis.json.
 */
export async function analyzeModel(
  core: Core, modelDir: string, data: LayerData, lattice: number | VisibleLayout, outDir: string, options: AnalyzeOptions,
): Promise<AnalysisSummary> {
  const bundle = await readModelBundle(modelDir);
  const metrics = await readMetrics(modelDir);
  const nVisible = bundle.layers[0]!.nVisible;
  const layout = typeof lattice === "number" ? siteLayout(lattice) : lattice;
  const side = layout.geometry.width;
  if (data.nVisible !== nVisible) throw new UsageError(`--data: samples have ${data.nVisible} values, the model expects ${nVisible}`);
  if (layout.nVisible !== nVisible || layout.geometry.height !== side) {
    throw new UsageError(`the model's ${nVisible} visible units are not a ${describeGeometry(layout.geometry)} grid's`);
  }
  prepareOutputDirectory(outDir, "--out");

  const fields = receptiveFields(core, bundle.layers);
  const layers = fields.map((field, i) => layerAnalysis(field, layout, bundle.layers[i]!.nHidden, i + 1, options.seed));
  const write = (name: string, png: Buffer) => writeFileAtomic(join(outDir, name), png);
  const figures: AnalysisFigures = { receptiveFields: [], weights: [], reconstructions: "reconstructions.png", samples: "samples.png", curves: [] };
  const gridSites = side * side;

  for (const [i, field] of fields.entries()) {
    const name = `receptive-field-${i + 1}.png`;
    const nUnits = bundle.layers[i]!.nHidden;
    if (layout.decoys) {
      // kjr dimer encodings: the bond weights and the decoy weights drawn apart.
      const { bonds, decoys } = await renderBondFieldGrid(field, layout, nUnits, { maxUnits: MAX_UNITS_SHOWN });
      await write(name, bonds);
      if (decoys) {
        const decoyName = `receptive-field-${i + 1}-decoys.png`;
        await write(decoyName, decoys);
        (figures.decoyFields ??= []).push(decoyName);
      }
    } else {
      await write(name, await renderFieldGrid(fieldsOnGrid(layout, field, nUnits), gridSites, nUnits, side, { maxUnits: MAX_UNITS_SHOWN }));
    }
    figures.receptiveFields.push(name);
  }
  for (const [i, params] of bundle.layers.entries()) {
    const png = await renderWeights(params);
    if (!png) continue;
    const name = `weights-${i + 1}.png`;
    await write(name, png);
    figures.weights.push(name);
  }
  await write(figures.reconstructions, await renderReconstructions(core, bundle.layers, data, layout, options.samples));
  const fantasies = topLayerSamples(core, bundle.layers, options.samples, FANTASY_GIBBS_STEPS, options.seed);
  await write(figures.samples, await renderLatticeGrid(samplesOnGrid(layout, fantasies, options.samples), options.samples, side, { columns: options.samples, range: [0, 1] }));
  const specs = trainingCurveSpecs(metrics, options.title ?? modelDir);
  for (const key of Object.keys(specs) as (keyof typeof specs)[]) {
    const spec = specs[key];
    const name = `curves-${key}.png`;
    await write(name, await renderPng(spec));
    figures.curves.push(name);
  }

  const summary: AnalysisSummary = {
    format: "blockspin-analysis", formatVersion: 1, lattice: side, seed: options.seed,
    reconstructionSamples: options.samples, layers, figures,
  };
  await writeFileAtomic(join(outDir, "analysis.json"), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/**
 * Locality numbers of one layer's fields beside the random-field reference (docs/methods.md, "Locality").
 *
 * @param field - The layer's effective receptive fields, nVisible x nUnits row-major.
 * @param layout - Where the visible units sit: a side L (the L x L torus, one unit per site) or a VisibleLayout.
 * @param nUnits - Units of the layer.
 * @param layer - The layer, 1-based (it seeds the random reference).
 * @param seed - The run's seed.
 * @returns The layer's row of analysis.json.
 */
export function layerAnalysis(
  field: Float32Array, layout: number | VisibleLayout, nUnits: number, layer: number, seed: number,
): LayerAnalysis {
  const visible = typeof layout === "number" ? siteLayout(layout) : layout;
  const grid = visible.geometry;
  const k = visible.blockSide(nUnits);
  const onGrid = fieldsOnGrid(visible, field, nUnits);
  const locality = layerLocality(onGrid, grid, nUnits, k);
  const measured = numbers(locality, meanOverlap(field, visible.nVisible, nUnits));
  const randomSeed = randomReferenceSeed(seed, layer);
  const random = visible.sites ? layoutRandomReference(visible, nUnits, k, randomSeed) : numbers(
    randomFieldReference(grid, nUnits, k, randomSeed),
    randomFieldOverlap(grid, nUnits, randomSeed),
  );
  const localized = localizedFraction(locality.units.map((u) => u.spread), random.spread.median);
  return { layer, nUnits, blockSide: k, ...measured, localizedFraction: localized, random };
}

/** The random-field reference of a layout whose units sit on some of its grid's sites: i.i.d. normal values on those sites only. */
function layoutRandomReference(layout: VisibleLayout, nUnits: number, k: number, seed: number): LocalityNumbers {
  const random = randomFieldMatrix(openGeometry(layout.nVisible, 1), nUnits, seed);
  return numbers(layerLocality(fieldsOnGrid(layout, random, nUnits), layout.geometry, nUnits, k), meanOverlap(random, layout.nVisible, nUnits));
}

function numbers(locality: LayerLocality, overlap: number): LocalityNumbers {
  return { spread: locality.spread, blockFraction: locality.blockFraction, overlap };
}

/** Columns of W drawn on the layer's own input when it is square (1600, 400, 100 units are). */
async function renderWeights(params: RbmParameters): Promise<Buffer | undefined> {
  const side = Math.round(Math.sqrt(params.nVisible));
  if (side * side !== params.nVisible) return undefined;
  return renderFieldGrid(params.weights, params.nVisible, params.nHidden, side, { maxUnits: MAX_UNITS_SHOWN });
}

/** Originals in the first row, then one row per depth. */
async function renderReconstructions(
  core: Core, layers: readonly RbmParameters[], data: LayerData, layout: VisibleLayout, count: number,
): Promise<Buffer> {
  const shown = Math.min(count, data.nSamples);
  const picked = selectRows(data, Array.from({ length: shown }, (_, i) => Math.floor((i * data.nSamples) / shown)));
  const depths = reconstructionsByDepth(core, layers, picked);
  const rows = [Float32Array.from(picked.values), ...depths];
  const side = layout.geometry.width;
  const all = new Float32Array(rows.length * shown * side * side);
  rows.forEach((row, r) => all.set(samplesOnGrid(layout, row, shown), r * shown * side * side));
  return renderLatticeGrid(all, rows.length * shown, side, { columns: shown, range: [0, 1] });
}

/**
 * `blockspin analyze` as a call: reads the data (a square lattice per sample, else UsageError), analyzes the
 * bundle into settings.out (default MODEL/analysis) and resolves to the analysis.json written.
 *
 * @param settings - The command's flags, parsed by analyzeSettingsSchema.
 * @returns The path of the analysis.json written.
 */
export async function runAnalyze(settings: AnalyzeSettings): Promise<string> {
  const { manifest } = await readModelBundle(settings.model);
  const read = await readTrainingData(settings.data);
  const encoding = manifest.data.encoding;
  const input = encodedAsRecorded(read, encoding);
  const layout = layoutOfData(manifest.data, input.data.nVisible);
  const out = settings.out ?? join(settings.model, "analysis");
  await analyzeModel(await loadCore(), settings.model, input.data, layout, out, { samples: settings.samples, seed: settings.seed });
  return join(out, "analysis.json");
}

/**
 * Where a model's visible units sit, from what its bundle records of its data: a dimer encoding's bond layout, the
 * recorded grid (digits: the open 28 x 28 image), or else the L x L torus of L^2 Ising spins.
 *
 * @param data - model.json's `data`.
 * @param nVisible - Visible units per sample.
 * @returns The layout.
 * @throws UsageError when the units fit none of these.
 */
export function layoutOfData(data: ModelManifest["data"], nVisible: number): VisibleLayout {
  const system = data.model === undefined ? undefined : systemNamed(data.model);
  if (system && system.name !== "ising") return system.layout(data.shape.at(-1) ?? 0, data.encoding?.name);
  const lattice = Math.round(Math.sqrt(nVisible));
  if (lattice * lattice !== nVisible) throw new UsageError(`--data: ${nVisible} values per sample is not a square lattice`);
  return siteLayout(lattice);
}
