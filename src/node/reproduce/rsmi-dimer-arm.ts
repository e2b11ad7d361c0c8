// The RSMI arm of reproduce for dimers (docs/methods.md, "RSMI" and "Dimers:
// is it renormalization?"): per level l = 1..levels an RSMI filter with two
// coarse variables per block of b = 2^l sites, learned on the fine bonds
// (src/systems/dimer/rsmi-dimer.ts says why each level starts from the fine
// bonds, like the field reference), applied to every block as
// sign(Lambda . v), and measured exactly like the field reference: field
// alignment of the signs against their blocks' (E_x, E_y), the coarse
// correlation exponent, no decoy share (the filters read bonds only).
//
// Layout: armDir/rsmi-dimer-model.json (the filters as bond weights, the
// geometry, the bounds, the seed and the data's digest), filters-level<l>.png
// (one block's two filters as bond images) and
// armDir/analysis/analysis.json (locality of the filters tiled over every
// block, on the `bonds` layout) and armDir/analysis/dimer-rg.json (method
// "rsmi").

import { join } from "node:path";
import type { Core } from "../../wasm.js";
import { dimerLayout } from "../../systems/dimer/layout.js";
import { fieldReferencePositions } from "../../systems/dimer/field-reference.js";
import {
  dimerBondImage, rsmiDimerFields, rsmiDimerSigns, trainRsmiDimerLevel, RSMI_DIMER_HIDDEN,
  type RsmiDimerLevel, type RsmiDimerTraining,
} from "../../systems/dimer/rsmi-dimer.js";
import { sha256 } from "../io/digest.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { LIBRARY_VERSION } from "../runtime/version.js";
import { layerAnalysis } from "./analyze.js";
import { renderBondFieldGrid } from "../render/bond-grid.js";
import type { AnalysisSummary } from "./analysis-summary.js";
import { coarseSignsRgLevel, dimerRgJson, DIMER_RG_FILE, type DimerRgRecord } from "./dimer-rg-arm.js";

/** The model file of the arm, in armDir. */
export const RSMI_DIMER_MODEL_FILE = "rsmi-dimer-model.json";

/**
 * The arm's training per level: two restarts of 8,000 steps of K = 100 pairs, the higher bound kept. RSMI-NE's
 * defaults (2,000 steps of K = 400) leave both filters near one mix of E_x and E_y on a 4 x 4-site block, and
 * whether a run separates the two directions varies from run to run (docs/methods.md, "RSMI", dimer paragraph).
 *
 * @returns Steps, pairs per batch and restarts.
 */
export function rsmiDimerTraining(): RsmiDimerTraining {
  return { steps: 8000, batchSize: 100, restarts: 2 };
}

/** One level of rsmi-dimer-model.json. */
export interface RsmiDimerModelLevel {
  /** The level, 1-based. */
  level: number;
  /** Block side b, lattice sites. */
  block: number;
  /** Buffer width, lattice sites. */
  buffer: number;
  /** Environment width, lattice sites. */
  environment: number;
  /** Per coarse variable, 2 b^2 bond weights: the block's horizontal bonds (row-major over its sites), then its vertical ones. */
  filters: number[][];
  /** Final InfoNCE estimate of I(H : E), nats. */
  bound: number;
  /** Its standard error, nats (null when not finite). */
  boundError: number | null;
  /** ln K. */
  ceiling: number;
  /** Final bound of every restart, nats. */
  restartBounds: number[];
  /** The restart kept (highest bound), 0-based. */
  restart: number;
}

/** rsmi-dimer-model.json. */
export interface RsmiDimerModel {
  /** Always "blockspin-rsmi-dimer-model". */
  format: "blockspin-rsmi-dimer-model";
  /** Always 1. */
  formatVersion: 1;
  /** The library version that wrote it. */
  libraryVersion: string;
  /** The data: SHA-256 of the (N, 2, L, L) bond bytes, N and L. */
  data: { sha256: string; samples: number; lattice: number };
  /** Seed of the trainings and the tie coins. */
  seed: number;
  /** Coarse variables per block (2). */
  hidden: number;
  /** Steps, pairs per batch and restarts of every level. */
  training: RsmiDimerTraining;
  /** Level 1 first. */
  levels: RsmiDimerModelLevel[];
}

/**
 * The RSMI arm for dimers, one seed: learns `levels` filters on the bonds and writes the model, analysis.json and
 * dimer-rg.json (method "rsmi") into armDir (see the header).
 *
 * @param core - The kernels.
 * @param armDir - The arm's directory for this seed (created if missing).
 * @param bonds - (N, 2, L, L) bond occupations 0/1.
 * @param size - Lattice side L, divisible by 2^levels.
 * @param levels - Levels (>= 1); level l has blocks of 2^l x 2^l sites.
 * @param seed - Integer seed in [0, 2^53): trainings, tie coins and the random-field references.
 * @param training - Steps, pairs per batch and restarts of each level (default rsmiDimerTraining()).
 * @throws RangeError when a level does not fit the lattice.
 */
export async function rsmiDimerArm(
  core: Core, armDir: string, bonds: Uint8Array, size: number, levels: number, seed: number,
  training: RsmiDimerTraining = rsmiDimerTraining(),
): Promise<void> {
  if (!Number.isInteger(levels) || levels < 1) throw new RangeError(`levels must be a positive integer, got ${levels}`);
  prepareOutputDirectory(armDir, "--out");
  const image = dimerBondImage(bonds, size);
  const learned = Array.from({ length: levels }, (_, i) => trainRsmiDimerLevel(core, image, i + 1, training, seed));
  const model = rsmiDimerModel(learned, bonds, size, seed, training);
  await writeFileAtomic(join(armDir, RSMI_DIMER_MODEL_FILE), `${JSON.stringify(model, null, 2)}\n`);
  const analysisDir = join(armDir, "analysis");
  prepareOutputDirectory(analysisDir, "--out");
  const layout = dimerLayout("bonds", size);
  const fields = learned.map((l) => rsmiDimerFields(size, l.filters, l.block));
  const figures: string[] = [];
  for (const [i, l] of learned.entries()) {
    // The two filters of one block (block 0's units are the first two) as bond images, beside the stacks' fields.
    const name = `filters-level${l.level}.png`;
    const { bonds: png } = await renderBondFieldGrid(fields[i]!, layout, unitsOf(size, l.block), { maxUnits: RSMI_DIMER_HIDDEN, columns: RSMI_DIMER_HIDDEN });
    await writeFileAtomic(join(armDir, name), png);
    figures.push(`../${name}`);
  }
  const summary: AnalysisSummary = {
    format: "blockspin-analysis", formatVersion: 1, lattice: size, seed, reconstructionSamples: 0,
    layers: learned.map((l, i) => layerAnalysis(fields[i]!, layout, unitsOf(size, l.block), l.level, seed)),
    figures: { receptiveFields: figures, weights: [], reconstructions: "", samples: "", curves: [] },
  };
  await writeFileAtomic(join(analysisDir, "analysis.json"), `${JSON.stringify(summary, null, 2)}\n`);
  const record: DimerRgRecord = {
    method: "rsmi", encoding: "bonds", size,
    levels: learned.map((l) => coarseSignsRgLevel(
      rsmiDimerSigns(image, l.filters, l.block, seed, l.level), fieldReferencePositions(size, l.level), bonds, size, l.level, l.block,
    )),
  };
  await writeFileAtomic(join(analysisDir, DIMER_RG_FILE), dimerRgJson(record, image.count, seed));
}

function unitsOf(size: number, block: number): number {
  return RSMI_DIMER_HIDDEN * (size / block) ** 2;
}

/** The model file's content. */
function rsmiDimerModel(learned: readonly RsmiDimerLevel[], bonds: Uint8Array, size: number, seed: number, training: RsmiDimerTraining): RsmiDimerModel {
  return {
    format: "blockspin-rsmi-dimer-model", formatVersion: 1, libraryVersion: LIBRARY_VERSION,
    data: { sha256: sha256(bonds), samples: bonds.length / (2 * size * size), lattice: size },
    seed, hidden: RSMI_DIMER_HIDDEN, training,
    levels: learned.map((l) => {
      const row = 2 * l.block * l.block;
      return {
        level: l.level, block: l.block, buffer: l.buffer, environment: l.environment,
        filters: Array.from({ length: RSMI_DIMER_HIDDEN }, (_, c) => Array.from(l.filters.subarray(c * row, (c + 1) * row))),
        bound: l.bound, boundError: Number.isFinite(l.boundError) ? l.boundError : null, ceiling: l.ceiling,
        restartBounds: l.restartBounds, restart: l.restart,
      };
    }),
  };
}
