// "Is it renormalization?" inside reproduce (docs/methods.md, "MCRG",
// "Correlation length xi2", "Binder cumulant"): rg.json beside each
// trained arm's analysis.json, and the majority-rule arm, which trains
// nothing: its receptive fields are the block indicators (the locality
// table's ideal row) and its coarse levels are block spins.
//
// Layout: arms/<arm>/seed-<s>/analysis/rg.json for every arm, and for the
// majority arm arms/majority/seed-<s>/analysis/analysis.json (no model
// bundle, no figures).

import { join } from "node:path";
import type { Core } from "../../wasm.js";
import type { LayerData } from "../../rbm/layer-data.js";
import type { RbmParameters } from "../../rbm/rbm-parameters.js";
import { blockIndicatorFields, MAJORITY_BLOCK } from "../../systems/ising/majority-rule.js";
import { rgAnalysis, type RgAnalysis } from "../../rg/rg-analysis.js";
import type { RsmiLevelFilter } from "../../rg/rsmi-coarse-levels.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { rgJson } from "../rg/rg.js";
import { layerAnalysis } from "./analyze.js";
import type { AnalysisSummary } from "./analysis-summary.js";

/** The file name of an arm's RG measures inside its analysis directory. */
export const RG_FILE = "rg.json";

/** Writes analysisDir/rg.json for a trained stack (layers), learned RSMI filters (rsmi) or majority rule with `levels` steps, and returns it. */
export async function writeArmRg(
  core: Core, analysisDir: string, data: LayerData, lattice: number,
  source: { layers: readonly RbmParameters[] } | { rsmi: readonly RsmiLevelFilter[] } | { levels: number }, seed: number, threads: number,
): Promise<RgAnalysis> {
  prepareOutputDirectory(analysisDir, "--out");
  const analysis = rgAnalysis(core, data, lattice, { ...source, seed, threads });
  await writeFileAtomic(join(analysisDir, RG_FILE), rgJson(analysis, { lattice, samples: data.nSamples, seed }));
  return analysis;
}

/** The majority-rule arm for one seed: analysis.json (block indicator fields) and rg.json; seconds, so always redone (never stale). */
export async function majorityArm(
  core: Core, armDir: string, data: LayerData, lattice: number, levels: number, seed: number, threads: number,
): Promise<void> {
  const analysisDir = join(armDir, "analysis");
  prepareOutputDirectory(analysisDir, "--out");
  const layers = Array.from({ length: levels }, (_, i) => {
    const level = i + 1;
    const nUnits = (lattice / MAJORITY_BLOCK ** level) ** 2;
    return layerAnalysis(blockIndicatorFields(lattice, level), lattice, nUnits, level, seed);
  });
  const summary: AnalysisSummary = {
    format: "blockspin-analysis", formatVersion: 1, lattice, seed, reconstructionSamples: 0, layers,
    figures: { receptiveFields: [], weights: [], reconstructions: "", samples: "", curves: [] },
  };
  await writeFileAtomic(join(analysisDir, "analysis.json"), `${JSON.stringify(summary, null, 2)}\n`);
  await writeArmRg(core, analysisDir, data, lattice, { levels }, seed, threads);
}
