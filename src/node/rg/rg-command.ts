// `blockspin rg` on whatever the data holds: Ising spins go to runRg
// (rg.json), dimer samples, by their sidecar, to runDimerRg (dimer-rg.json).

import { sidecarModel } from "../io/training-data.js";
import { formatDimerRgTable, runDimerRg } from "./dimer-rg.js";
import { formatRgTable, runRg } from "./rg.js";
import type { RgSettings } from "./rg-settings.js";

/**
 * `blockspin rg` as a call for any data: the measures of the data's system, written to settings.out.
 *
 * @param settings - The command's flags, parsed by rgSettingsSchema.
 * @returns The levels as a text table and the path of the JSON written.
 */
export async function runRgCommand(settings: RgSettings): Promise<{
  /** The levels as an aligned text table (formatRgTable or formatDimerRgTable). */
  table: string;
  /** Path of rg.json or dimer-rg.json. */
  path: string;
}> {
  if (sidecarModel(settings.data, "--data") === "dimer") {
    const { record, path } = await runDimerRg(settings);
    return { table: formatDimerRgTable(record.levels), path };
  }
  const { analysis, path } = await runRg(settings);
  return { table: formatRgTable(analysis.levels), path };
}
