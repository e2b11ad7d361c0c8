// The RSMI arm of reproduce (docs/methods.md, "RSMI"): learned
// coarse-graining filters (2 x 2 block, one coarse variable, RSMI-NE's
// defaults) level by level on the arm's Ising data, measured like the
// majority arm. Its receptive fields for the locality table are the
// effective fields of each level on the lattice: the level's filters
// composed down the blocks, each site weighted by the product of the
// (sign-aligned) weights on its path (rsmiEffectiveFields; a uniform filter
// gives majority rule's block indicators times a constant).
//
// Layout: arms/rsmi/seed-<s>/ holds the bundle (rsmi-model.json, rsmi.json,
// filters-level<l>.png, rsmi-bound.png) and analysis/analysis.json and
// analysis/rg.json (method "rsmi").

import { join } from "node:path";
import type { Core } from "../../wasm.js";
import type { LayerData } from "../../rbm/layer-data.js";
import { rsmiEffectiveFields } from "../../rg/rsmi-coarse-levels.js";
import { rsmiLevelFilters } from "../../rsmi/rsmi-manifest.js";
import { runRsmiLevels, type RsmiRunSettings } from "../../rsmi/rsmi-run.js";
import { rsmiDefaults } from "../../rsmi/train.js";
import { sha256 } from "../io/digest.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { writeRsmiBundle } from "../rsmi/rsmi-bundle.js";
import { rsmiManifest, spinLattice } from "../rsmi/rsmi.js";
import { layerAnalysis } from "./analyze.js";
import type { AnalysisSummary } from "./analysis-summary.js";
import { writeArmRg } from "./rg-arm.js";

/** The arm's geometry: RSMI-NE's defaults (2 x 2 block, buffer 2, environment 4, one coarse variable, 20 epochs of 100 steps). */
export function rsmiArmSettings(levels: number): RsmiRunSettings {
  const d = rsmiDefaults();
  return { block: d.block, buffer: d.buffer, environment: d.environment, hidden: d.hidden, levels, epochs: d.steps / 100, batchSize: d.batchSize };
}

/**
 * The RSMI arm for one seed: learns `levels` filters on the data, writes the bundle into armDir, and
 * armDir/analysis/analysis.json (each level's effective fields) and analysis/rg.json (method "rsmi").
 *
 * @param core - The kernels.
 * @param armDir - The arm's directory for this seed (created if missing).
 * @param data - Ising samples as 0/1 bits (spin +1 as 1), L^2 per sample, as reproduce holds them.
 * @param lattice - Lattice side L.
 * @param levels - Levels to learn (each coarse side must hold the 2 x 2 block, buffer 2 and an environment of at least 1).
 * @param seed - Seed of the trainings, the tie coins and the random references.
 * @param threads - Threads for the RG measures (results identical for any count).
 * @param overrides - Settings that differ from rsmiArmSettings (a quick run's fewer epochs).
 * @throws RangeError when the levels do not fit the lattice.
 */
export async function rsmiArm(
  core: Core, armDir: string, data: LayerData, lattice: number, levels: number, seed: number, threads: number,
  overrides: Partial<Pick<RsmiRunSettings, "epochs">> = {},
): Promise<void> {
  prepareOutputDirectory(armDir, "--out");
  const settings = { ...rsmiArmSettings(levels), ...overrides };
  const spins = spinLattice(data.values, data.nSamples, lattice);
  const learned = runRsmiLevels(core, spins, settings, seed);
  const manifest = rsmiManifest(settings, learned, seed, {
    path: "(reproduce's samples)", sha256: sha256(new Uint8Array(data.values.buffer, data.values.byteOffset, data.values.byteLength)),
    samples: data.nSamples, lattice,
  });
  await writeRsmiBundle(armDir, manifest, learned, `${lattice}x${lattice}, ${data.nSamples} samples, seed ${seed}`);
  const filters = rsmiLevelFilters(manifest);
  const analysisDir = join(armDir, "analysis");
  prepareOutputDirectory(analysisDir, "--out");
  const layers = filters.map((_, i) => {
    const level = i + 1;
    const nUnits = (lattice / settings.block ** level) ** 2;
    return layerAnalysis(rsmiEffectiveFields(lattice, filters.slice(0, level)), lattice, nUnits, level, seed);
  });
  const summary: AnalysisSummary = {
    format: "blockspin-analysis", formatVersion: 1, lattice, seed, reconstructionSamples: 0, layers,
    // The learned filters, drawn by writeRsmiBundle beside the bundle, stand where a stack's receptive fields do.
    figures: { receptiveFields: filters.map((_, i) => `../filters-level${i + 1}.png`), weights: [], reconstructions: "", samples: "", curves: [] },
  };
  await writeFileAtomic(join(analysisDir, "analysis.json"), `${JSON.stringify(summary, null, 2)}\n`);
  await writeArmRg(core, analysisDir, data, lattice, { rsmi: filters }, seed, threads);
}
