// `blockspin rg` as a service: is it renormalization? The physics of the
// coarse variables of a trained stack, of learned RSMI filters (a bundle of
// `blockspin rsmi`), or of majority rule without a model,
// level by level (docs/methods.md, "Coarse variables", "MCRG"): writes
// DIR/rg.json; formatRgTable gives the same as a table.

import { join } from "node:path";
import { loadCore } from "../../index.js";
import { binaryLayerData, selectRows, type LayerData } from "../../rbm/layer-data.js";
import { rgAnalysis, type RgAnalysis } from "../../rg/rg-analysis.js";
import { checkMajorityLevels } from "../../systems/ising/majority-rule.js";
import { MCRG_OPERATORS } from "../../rg/mcrg.js";
import type { RgLevel } from "../../rg/rg-levels.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { readModelBundle } from "../io/model-bundle.js";
import type { RbmParameters } from "../../rbm/rbm-parameters.js";
import { checkRsmiFilters, type RsmiLevelFilter } from "../../rg/rsmi-coarse-levels.js";
import { rsmiLevelFilters } from "../../rsmi/rsmi-manifest.js";
import { isRsmiBundle, readRsmiManifest } from "../rsmi/rsmi-bundle.js";
import { readNpy } from "../io/npy.js";
import type { RgSettings } from "./rg-settings.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { UsageError } from "../runtime/usage-error.js";
import { LIBRARY_VERSION } from "../runtime/version.js";

/** Spin samples of an L x L lattice read for `rg`. */
export interface RgSamples {
  /** The path read. */
  path: string;
  /** Lattice side L. */
  lattice: number;
  /** The samples as 0/1 bits (spin +1 as 1), L^2 values per sample. */
  data: LayerData;
}

/**
 * `blockspin rg` as a call: checks the settings against the data and the model, measures the levels and
 * writes settings.out/rg.json. Resolves to the analysis and the path written.
 *
 * @param settings - The command's flags, parsed by rgSettingsSchema.
 * @returns The analysis (one entry per level) and the path of rg.json.
 */
export async function runRg(settings: RgSettings): Promise<{
  /** The levels measured (docs/methods.md, "Coarse variables", "MCRG"). */
  analysis: RgAnalysis;
  /** Path of the rg.json written. */
  path: string;
}> {
  const samples = await readSpinSamples(settings.data, settings.samples);
  const map = await readMap(settings, samples);
  prepareOutputDirectory(settings.out, "--out");
  const core = await loadCore();
  const analysis = rgAnalysis(core, samples.data, samples.lattice, {
    ...map,
    ...(settings.levels !== undefined ? { levels: settings.levels } : {}),
    seed: settings.seed, threads: settings.threads,
  });
  const path = join(settings.out, "rg.json");
  await writeFileAtomic(path, rgJson(analysis, {
    data: settings.data, model: settings.model ?? null, lattice: samples.lattice, samples: samples.data.nSamples, seed: settings.seed,
  }));
  return { analysis, path };
}

/**
 * The map --model names, checked against the data and --levels: a stack's layers, an RSMI bundle's filters
 * (rsmi-model.json), or nothing for majority rule.
 */
async function readMap(settings: RgSettings, samples: RgSamples): Promise<{ layers?: RbmParameters[]; rsmi?: RsmiLevelFilter[] }> {
  if (settings.model !== undefined && isRsmiBundle(settings.model)) {
    const filters = rsmiLevelFilters(await readRsmiManifest(settings.model));
    try {
      checkRsmiFilters(samples.lattice, filters);
    } catch (error) {
      throw new UsageError(`--model: its RSMI filters do not fit the ${samples.lattice}x${samples.lattice} data: ${(error as Error).message}`);
    }
    if (settings.levels !== undefined && settings.levels > filters.length) {
      throw new UsageError(`--levels: the RSMI model has ${filters.length} levels, got ${settings.levels}`);
    }
    return { rsmi: filters };
  }
  const bundle = settings.model === undefined ? undefined : await readModelBundle(settings.model);
  if (bundle) {
    const nInputs = bundle.layers[0]!.nVisible;
    if (nInputs !== samples.data.nVisible) {
      throw new UsageError(`--model: its first layer has ${nInputs} visible units, the ${samples.lattice}x${samples.lattice} data has ${samples.data.nVisible}`);
    }
    if (settings.levels !== undefined && settings.levels > bundle.layers.length) {
      throw new UsageError(`--levels: the model has ${bundle.layers.length} layers, got ${settings.levels}`);
    }
    return { layers: bundle.layers };
  }
  if (settings.levels !== undefined) {
    try {
      checkMajorityLevels(samples.lattice, settings.levels);
    } catch (error) {
      throw new UsageError(`--levels: majority rule needs L divisible by 2^levels: ${(error as Error).message}`);
    }
  }
  return {};
}

/**
 * Reads int8 +-1 samples of shape (N, L, L), optionally the first `count`; every problem is a one-line UsageError.
 *
 * @param path - The .npy file.
 * @param count - Keep the first `count` samples (at most N); default all.
 * @returns The samples with their lattice side.
 */
export async function readSpinSamples(path: string, count?: number): Promise<RgSamples> {
  let array;
  try {
    array = await readNpy(path);
  } catch (error) {
    throw new UsageError(`--data: ${(error as Error).message.split("\n")[0]}`);
  }
  const { shape, dtype } = array;
  if (dtype !== "int8") throw new UsageError(`--data: ${path} has dtype ${dtype}; expected int8 spins -1/+1`);
  if (shape.length !== 3 || shape[1] !== shape[2] || shape[0]! < 2 || shape[1]! < 2) {
    throw new UsageError(`--data: ${path} has shape (${shape.join(", ")}); expected (N, L, L) with N >= 2, L >= 2`);
  }
  const spins = array.data as Int8Array;
  const bad = spins.findIndex((s) => s !== 1 && s !== -1);
  if (bad >= 0) throw new UsageError(`--data: ${path} holds ${spins[bad]} at flat index ${bad}; expected spins -1/+1 only`);
  const lattice = shape[1]!;
  let data = binaryLayerData(spins, shape);
  if (count !== undefined) {
    if (count > data.nSamples) throw new UsageError(`--samples: ${path} has ${data.nSamples} samples, asked for ${count}`);
    data = selectRows(data, Array.from({ length: count }, (_, i) => i));
  }
  return { path, lattice, data };
}

/**
 * rg.json: the levels with RgLevel's key names (NaN written as null), and what they were measured on.
 *
 * @param analysis - The analysis (rgAnalysis).
 * @param source - What it was measured on (data, model, lattice, samples, seed), written at the top level.
 * @returns The JSON text, ending in a newline.
 */
export function rgJson(analysis: RgAnalysis, source: Record<string, unknown>): string {
  return `${JSON.stringify({
    format: "blockspin-rg", formatVersion: 1, libraryVersion: LIBRARY_VERSION, method: analysis.method, ...source,
    mcrgOperators: MCRG_OPERATORS,
    levels: analysis.levels,
  }, (_, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2)}\n`;
}

/**
 * The levels as an aligned text table; MCRG numbers that are not meaningful carry a *.
 *
 * @param levels - The analysis's levels.
 * @returns The table, with a footnote when some number carries a *.
 */
export function formatRgTable(levels: readonly RgLevel[]): string {
  const header = ["level", "units", "xi2", "xi2Ratio", "|m|", "binder", "tiling", "localized", "lambdaT", "nu"];
  const num = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
  const rows = levels.map((l) => {
    const mark = l.level > 0 && !l.mcrgMeaningful && Number.isFinite(l.nu) ? "*" : "";
    return [String(l.level), String(l.units), num(l.xi2, 3), num(l.xi2Ratio, 3), num(l.absMagnetization, 3), num(l.binder, 3),
      num(l.tilingError, 3), num(l.localizedFraction, 2), num(l.lambdaT, 3) + mark, num(l.nu, 3) + mark];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  const note = rows.some((r) => r[9]!.endsWith("*")) ? "\n* not meaningful: tiling error >= 0.5 coarse spacings at that level or the one below" : "";
  return [line(header), ...rows.map(line)].join("\n") + note;
}
