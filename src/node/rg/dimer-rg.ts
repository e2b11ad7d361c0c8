// `blockspin rg` on dimer data (a sample file whose sidecar names the dimer
// model): what a trained stack's coarse variables carry of the block
// electric field, or the field reference's own measures without --model
// (docs/methods.md, "Dimers: is it renormalization?"). Writes
// OUT/dimer-rg.json; formatDimerRgTable gives it as a table.

import { join } from "node:path";
import { loadCore } from "../../index.js";
import type { DimerEncoding } from "../../systems/dimer/encodings.js";
import { fieldReferenceLevelsOn } from "../../systems/dimer/field-reference.js";
import { DIMER_RG_FILE, writeDimerArmRg, writeFieldReferenceRg, type DimerRgLevel, type DimerRgRecord } from "../reproduce/dimer-rg-arm.js";
import { readModelBundle } from "../io/model-bundle.js";
import { encodedAsRecorded, readTrainingData, sampleBits } from "../io/training-data.js";
import { UsageError } from "../runtime/usage-error.js";
import type { RgSettings } from "./rg-settings.js";
import { selectRows } from "../../rbm/layer-data.js";

/**
 * `blockspin rg` on dimer samples as a call: the stack's measures per layer (--model, encoded as the bundle records),
 * or the field reference's per level; writes settings.out/dimer-rg.json.
 *
 * @param settings - The command's flags, parsed by rgSettingsSchema; `data` must be dimer samples.
 * @returns The record and the path written.
 */
export async function runDimerRg(settings: RgSettings): Promise<{
  /** What was measured, per layer or level. */
  record: DimerRgRecord;
  /** Path of dimer-rg.json. */
  path: string;
}> {
  let raw = await readTrainingData(settings.data);
  const size = raw.size;
  if (raw.model !== "dimer" || size === undefined) throw new UsageError(`--data: ${settings.data} holds no dimer samples`);
  if (settings.samples !== undefined) {
    if (settings.samples > raw.data.nSamples) throw new UsageError(`--samples: ${settings.data} has ${raw.data.nSamples} samples, asked for ${settings.samples}`);
    raw = { ...raw, data: selectRows(raw.data, Array.from({ length: settings.samples }, (_, i) => i)) };
  }
  const bonds = sampleBits(raw);
  if (settings.model === undefined) {
    const maxLevels = fieldReferenceLevelsOn(size).length;
    const levels = settings.levels ?? maxLevels;
    if (levels < 1 || levels > maxLevels) throw new UsageError(`--levels: the field reference on L = ${size} has 1..${maxLevels} levels (b = 2, 4, 8 dividing L), got ${levels}`);
    return { record: await writeFieldReferenceRg(settings.out, bonds, size, levels, settings.seed), path: join(settings.out, DIMER_RG_FILE) };
  }
  const { manifest, layers } = await readModelBundle(settings.model);
  const encoding = manifest.data.encoding;
  if (manifest.data.model !== "dimer" || !encoding) throw new UsageError(`--model: ${settings.model} was not trained on dimer data`);
  const visible = encodedAsRecorded(raw, encoding);
  if (visible.data.nVisible !== layers[0]!.nVisible) {
    throw new UsageError(`--model: its first layer has ${layers[0]!.nVisible} visible units, the ${encoding.name}-encoded data has ${visible.data.nVisible}`);
  }
  if (settings.levels !== undefined && settings.levels > layers.length) throw new UsageError(`--levels: the model has ${layers.length} layers, got ${settings.levels}`);
  const used = layers.slice(0, settings.levels ?? layers.length);
  const record = await writeDimerArmRg(await loadCore(), settings.out, bonds, size, encoding.name as DimerEncoding, visible.data, used, settings.seed);
  return { record, path: join(settings.out, DIMER_RG_FILE) };
}

/**
 * dimer-rg.json's levels as an aligned text table.
 *
 * @param levels - The record's levels.
 * @returns The table.
 */
export function formatDimerRgTable(levels: readonly DimerRgLevel[]): string {
  const header = ["level", "units", "block", "medianR2", "aligned", "decoys", "exponent"];
  const num = (value: number | null, digits: number) => (value !== null && Number.isFinite(value) ? value.toFixed(digits) : "-");
  const rows = levels.map((l) => [String(l.level), String(l.units), String(l.block), num(l.alignmentMedian, 3), num(l.alignedShare, 2),
    num(l.decoyShare, 2), num(l.correlationExponent, 2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}
