// Ising samples on disk: NAME.npy (int8 +-1, shape (count, L, L)) and
// NAME.json beside it with every parameter and the measured statistics.

import type { SampleResult } from "../../index.js";
import { writeNpy } from "./npy.js";
import { removeIfExists, writeFileAtomic } from "./atomic-write.js";
import { LIBRARY_VERSION } from "../runtime/version.js";

export function sidecarPath(npyPath: string): string {
  return npyPath.endsWith(".npy") ? `${npyPath.slice(0, -4)}.json` : `${npyPath}.json`;
}

export interface SampleMetadata {
  format: "blockspin-ising-samples";
  formatVersion: 1;
  libraryVersion: string;
  file: string;
  dtype: "int8";
  shape: [number, number, number];
  boundary: "periodic";
  couplingJ: 1;
  field: 0;
  createdAt: string;
  stats: SampleResult["stats"];
}

export function sampleMetadata(npyPath: string, result: SampleResult): SampleMetadata {
  const { size, count } = result.stats;
  return {
    format: "blockspin-ising-samples",
    formatVersion: 1,
    libraryVersion: LIBRARY_VERSION,
    file: npyPath.split(/[\\/]/).pop() ?? npyPath,
    dtype: "int8",
    shape: [count, size, size],
    boundary: "periodic",
    couplingJ: 1,
    field: 0,
    createdAt: new Date().toISOString(),
    stats: result.stats,
  };
}

/** Writes both files atomically; if the second fails the first is removed. */
export async function writeSamples(npyPath: string, result: SampleResult): Promise<SampleMetadata> {
  const metadata = sampleMetadata(npyPath, result);
  await writeNpy(npyPath, { dtype: "int8", shape: metadata.shape, data: result.configs });
  try {
    await writeFileAtomic(sidecarPath(npyPath), `${JSON.stringify(metadata, null, 2)}\n`);
  } catch (error) {
    await removeIfExists(npyPath);
    throw error;
  }
  return metadata;
}
