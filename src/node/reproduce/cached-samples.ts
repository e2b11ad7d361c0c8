// reproduce's data/SYSTEM.npy: reused when its sidecar records the same
// sampling parameters, drawn (and written with its sidecar) otherwise.

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { prepareOutputDirectory } from "../io/output-path.js";
import { sidecarPath } from "../io/sample-files.js";
import { readTrainingData, type TrainingDataFile } from "../io/training-data.js";

/**
 * The samples at `path`: reused when its sidecar's `stats` hold the same value for every key of `sampling`, else
 * drawn by `draw` (which writes the .npy and its sidecar) and read back.
 *
 * @param path - The .npy file.
 * @param sampling - The parameters that make the samples what they are, as the sidecar's stats record them.
 * @param draw - Samples and writes `path` with its sidecar.
 * @param log - Status lines.
 * @returns The samples as read.
 */
export async function cachedSamples(
  path: string, sampling: Readonly<Record<string, unknown>>, draw: () => Promise<unknown>, log: (line: string) => void,
): Promise<TrainingDataFile> {
  const sidecar = sidecarPath(path);
  if (existsSync(path) && existsSync(sidecar)) {
    const { stats } = JSON.parse(await readFile(sidecar, "utf8")) as { stats?: Record<string, unknown> };
    if (stats && Object.entries(sampling).every(([key, value]) => stats[key] === value)) {
      log(`reusing ${path}`);
      return readTrainingData(path, "cached samples");
    }
  }
  prepareOutputDirectory(dirname(path), "--out");
  await draw();
  return readTrainingData(path, "samples");
}
