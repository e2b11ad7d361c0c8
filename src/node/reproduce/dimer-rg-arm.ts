// "Is it renormalization?" for dimer data (docs/methods.md, "Dimers: is it
// renormalization?"): dimer-rg.json beside a trained dimer arm's
// analysis.json, and the field-reference arm, the dimer analogue of the
// majority-rule arm (rg-arm.ts), which trains nothing: its receptive fields
// are the staggered block patterns (the locality table's ideal row) and its
// coarse variables are sign(E_x), sign(E_y) of each block.
//
// Per layer (or level) of n units, blocks of side b with 2 (L / b)^2 = n
// (dimerBlockSide): the field alignment (median R^2 of the units against
// their blocks' fields and the share with R^2 >= 0.5), the decoy share (the
// layer's mean share of r^2 on decoy sites; kjr encodings only) and the decay
// exponent of the coarse correlations. A trained unit's activation is
// p(h = 1 | v) propagated up the stack as probabilities (deterministic, so
// no seed enters the stack's measures); its block is the one under its
// receptive field's centre (field-alignment.ts).
//
// Layout: arms/<arm>/seed-<s>/analysis/dimer-rg.json for every dimer arm, and
// for the field arm also arms/<field arm>/seed-<s>/analysis/analysis.json (no
// model bundle, no figures).

import { join } from "node:path";
import type { Core } from "../../wasm.js";
import type { LayerData } from "../../rbm/layer-data.js";
import type { RbmParameters } from "../../rbm/rbm-parameters.js";
import { propagateUp } from "../../rbm/stack.js";
import { receptiveFields } from "../../analysis/receptive-field.js";
import { layerLocality } from "../../analysis/locality.js";
import { fieldsOnGrid, type VisibleLayout } from "../../systems/visible-layout.js";
import type { DimerEncoding } from "../../systems/dimer/encodings.js";
import { dimerBlockSide, dimerLayout } from "../../systems/dimer/layout.js";
import { fieldAlignment, unitBlocks } from "../../systems/dimer/field-alignment.js";
import { decoyShare } from "../../systems/dimer/decoy-share.js";
import { coarseCorrelation } from "../../systems/dimer/coarse-correlation.js";
import {
  fieldReferenceBlock, fieldReferenceFields, fieldReferenceLevel, fieldReferencePositions, fieldReferenceUnits,
} from "../../systems/dimer/field-reference.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { LIBRARY_VERSION } from "../runtime/version.js";
import { layerAnalysis } from "./analyze.js";
import type { AnalysisSummary } from "./analysis-summary.js";

/** The file name of a dimer arm's RG measures inside its analysis directory. */
export const DIMER_RG_FILE = "dimer-rg.json";

/** One layer (trained stack) or level (field reference) of dimer-rg.json; null where a measure does not apply or has no value. */
export interface DimerRgLevel {
  /** The layer or level, 1-based. */
  level: number;
  /** Coarse variables (hidden units, or 2 per block for the field reference). */
  units: number;
  /** Block side b in lattice sites: 2 (L / b)^2 = units. */
  block: number;
  /** Median over units of R^2 of the activation against (E_x, E_y) of the unit's block, in [0, 1]. */
  alignmentMedian: number | null;
  /** Share of units with R^2 >= 0.5, in [0, 1]. */
  alignedShare: number | null;
  /** Mean over units of the share of r^2 on decoy sites, in [0, 1]; null for encodings without decoys. */
  decoyShare: number | null;
  /** Decay exponent p of the coarse correlations, G(r) ~ r^-p (2 for the free model's field). */
  correlationExponent: number | null;
}

/** dimer-rg.json's measures: per layer or level, bottom first. */
export interface DimerRgRecord {
  /** "stack": a trained RBM stack; "field": the field reference; "rsmi": RSMI filters learned on the bonds. */
  method: "stack" | "field" | "rsmi";
  /** The encoding the stack saw (`bonds` for the field reference). */
  encoding: DimerEncoding;
  /** Lattice side L. */
  size: number;
  /** Per layer or level. */
  levels: DimerRgLevel[];
}

/**
 * Measures a trained dimer stack layer by layer and writes analysisDir/dimer-rg.json (NaN written as null).
 *
 * @param core - The loaded kernels.
 * @param analysisDir - The arm's analysis directory (created if missing).
 * @param bonds - (N, 2, L, L) bond occupations 0/1 of the samples the stack saw.
 * @param size - Lattice side L.
 * @param encoding - The encoding of `visible`.
 * @param visible - The encoded samples (N rows of the first layer's visible units), in the order of `bonds`.
 * @param layers - The stack, layer 1 first.
 * @param seed - The run's seed, recorded in the file (the measures themselves draw nothing).
 * @returns The record written.
 * @throws RangeError when the data and the stack do not fit together.
 */
export async function writeDimerArmRg(
  core: Core, analysisDir: string, bonds: Uint8Array, size: number, encoding: DimerEncoding,
  visible: LayerData, layers: readonly RbmParameters[], seed: number,
): Promise<DimerRgRecord> {
  prepareOutputDirectory(analysisDir, "--out");
  const record = dimerStackRg(core, bonds, size, encoding, visible, layers);
  await writeFileAtomic(join(analysisDir, DIMER_RG_FILE), dimerRgJson(record, visible.nSamples, seed));
  return record;
}

/**
 * The field-reference arm for one seed: analysis.json (locality of the staggered block fields on the bond layout)
 * and dimer-rg.json (method "field") in armDir/analysis; levels b = 2, 4, ..., 2^levels.
 *
 * @param core - The loaded kernels (unused: the reference trains and propagates nothing; kept for the arms' common call).
 * @param armDir - The arm's directory; its analysis/ is created if missing.
 * @param bonds - (N, 2, L, L) bond occupations 0/1.
 * @param size - Lattice side L, divisible by 2^levels.
 * @param levels - Levels (>= 1).
 * @param seed - The run's seed: tie coins and the random-field reference.
 */
export async function fieldReferenceArm(
  core: Core, armDir: string, bonds: Uint8Array, size: number, levels: number, seed: number,
): Promise<void> {
  const analysisDir = join(armDir, "analysis");
  prepareOutputDirectory(analysisDir, "--out");
  const layout = dimerLayout("bonds", size);
  const levelNumbers = Array.from({ length: levels }, (_, i) => i + 1);
  const summary: AnalysisSummary = {
    format: "blockspin-analysis", formatVersion: 1, lattice: size, seed, reconstructionSamples: 0,
    layers: levelNumbers.map((level) => {
      return layerAnalysis(fieldReferenceFields(size, level), layout, fieldReferenceUnits(size, level), level, seed);
    }),
    figures: { receptiveFields: [], weights: [], reconstructions: "", samples: "", curves: [] },
  };
  await writeFileAtomic(join(analysisDir, "analysis.json"), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFieldReferenceRg(analysisDir, bonds, size, levels, seed);
}

/**
 * The field reference's measures (method "field"), written to dir/dimer-rg.json: levels b = 2, 4, ..., 2^levels.
 *
 * @param dir - The directory (created if missing).
 * @param bonds - (N, 2, L, L) bond occupations 0/1.
 * @param size - Lattice side L, divisible by 2^levels.
 * @param levels - Levels (>= 1).
 * @param seed - Seed of the tie coins.
 * @returns The record written.
 */
export async function writeFieldReferenceRg(dir: string, bonds: Uint8Array, size: number, levels: number, seed: number): Promise<DimerRgRecord> {
  prepareOutputDirectory(dir, "--out");
  const record: DimerRgRecord = {
    method: "field", encoding: "bonds", size,
    levels: Array.from({ length: levels }, (_, i) => fieldReferenceRgLevel(bonds, size, i + 1, seed)),
  };
  const count = bonds.length / (2 * size * size);
  await writeFileAtomic(join(dir, DIMER_RG_FILE), dimerRgJson(record, count, seed));
  return record;
}

/** The stack's measures, layer by layer. */
function dimerStackRg(
  core: Core, bonds: Uint8Array, size: number, encoding: DimerEncoding, visible: LayerData, layers: readonly RbmParameters[],
): DimerRgRecord {
  const count = bonds.length / (2 * size * size);
  if (!Number.isInteger(count) || count !== visible.nSamples) {
    throw new RangeError(`${bonds.length} bond bytes are not the ${visible.nSamples} (2, ${size}, ${size}) samples the stack saw`);
  }
  const layout = dimerLayout(encoding, size);
  if (layers[0] && layers[0].nVisible !== layout.nVisible) {
    throw new RangeError(`the stack has ${layers[0].nVisible} visible units, the ${encoding} encoding of L = ${size} has ${layout.nVisible}`);
  }
  const fields = receptiveFields(core, layers);
  let input = visible;
  return {
    method: "stack", encoding, size,
    levels: layers.map((params, i) => {
      input = propagateUp(core, params, input, "probabilities", 0, i + 1);
      return stackRgLevel(layout, fields[i]!, input.values, bonds, size, i + 1);
    }),
  };
}

/** One trained layer's measures from its fields and its activations (N x units). */
function stackRgLevel(
  layout: VisibleLayout, field: Float32Array, activations: ArrayLike<number>, bonds: Uint8Array, size: number, level: number,
): DimerRgLevel {
  const nUnits = field.length / layout.nVisible;
  const block = dimerBlockSide(size, nUnits);
  const onGrid = fieldsOnGrid(layout, field, nUnits);
  const units = layerLocality(onGrid, layout.geometry, nUnits, 2 * block).units;
  const blocks = unitBlocks(units.map((u) => u.centreX), units.map((u) => u.centreY), size, block);
  const alignment = fieldAlignment(activations, nUnits, bonds, size, block, blocks);
  const side = size / block;
  const count = activations.length / nUnits;
  const correlation = coarseCorrelation(
    activations, count, nUnits, Float64Array.from(blocks, (k) => k % side), Float64Array.from(blocks, (k) => Math.floor(k / side)), side,
  );
  return {
    level, units: nUnits, block,
    alignmentMedian: finiteOrNull(alignment.median),
    alignedShare: finiteOrNull(alignment.alignedShare),
    decoyShare: layout.decoys ? finiteOrNull(decoyShare(onGrid, nUnits, layout.decoys).mean) : null,
    correlationExponent: finiteOrNull(correlation.exponent),
  };
}

/** One field-reference level's measures: its sign variables as the activations, each on its own block. */
function fieldReferenceRgLevel(bonds: Uint8Array, size: number, level: number, seed: number): DimerRgLevel {
  const block = fieldReferenceBlock(level);
  return coarseSignsRgLevel(fieldReferenceLevel(bonds, size, level, seed), fieldReferencePositions(size, level), bonds, size, level, block);
}

/** Where coarse variables sit: per unit its block's column and row on the coarse torus, and its block index. */
export interface CoarseUnitPositions {
  /** Per unit, the block's column, coarse spacings (0..L / b - 1). */
  x: Float64Array;
  /** Per unit, the block's row, coarse spacings. */
  y: Float64Array;
  /** Per unit, the block index, row-major over the coarse lattice. */
  block: Int32Array;
}

/**
 * One level's measures for coarse sign variables known to sit on given blocks (the field reference's sign(E), an
 * RSMI filter's sign(Lambda . v)): the field alignment of the signs against their blocks' (E_x, E_y), no decoy share
 * (the variables read bonds only) and the decay exponent of their correlations.
 *
 * @param signs - (N, units) +-1, row-major.
 * @param positions - Each unit's block (as fieldReferencePositions gives them).
 * @param bonds - (N, 2, L, L) bond occupations 0/1 of the same samples.
 * @param size - Lattice side L.
 * @param level - The level, 1-based.
 * @param block - Block side b in lattice sites.
 * @returns The level's row of dimer-rg.json.
 */
export function coarseSignsRgLevel(
  signs: ArrayLike<number>, positions: CoarseUnitPositions, bonds: Uint8Array, size: number, level: number, block: number,
): DimerRgLevel {
  const activations = Float32Array.from(signs);
  const nUnits = positions.block.length;
  const count = activations.length / nUnits;
  const alignment = fieldAlignment(activations, nUnits, bonds, size, block, positions.block);
  const correlation = coarseCorrelation(activations, count, nUnits, positions.x, positions.y, size / block);
  return {
    level, units: nUnits, block,
    alignmentMedian: finiteOrNull(alignment.median),
    alignedShare: finiteOrNull(alignment.alignedShare),
    decoyShare: null,
    correlationExponent: finiteOrNull(correlation.exponent),
  };
}

/**
 * dimer-rg.json's text: a format header, the record, the samples measured and the seed (NaN written as null).
 *
 * @param record - The measures.
 * @param samples - Samples N measured.
 * @param seed - The run's seed.
 * @returns The file's text, newline-terminated.
 */
export function dimerRgJson(record: DimerRgRecord, samples: number, seed: number): string {
  return `${JSON.stringify({
    format: "blockspin-dimer-rg", formatVersion: 1, libraryVersion: LIBRARY_VERSION, ...record, samples, seed,
  }, (_, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2)}\n`;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
