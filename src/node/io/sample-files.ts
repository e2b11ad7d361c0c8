// Ising samples on disk: NAME.npy (int8 +-1, shape (count, L, L)) and
// NAME.json beside it with every parameter and the measured statistics.

import type { SampleResult } from "../../index.js";
import { writeNpy } from "./npy.js";
import { removeIfExists, writeFileAtomic } from "./atomic-write.js";
import { LIBRARY_VERSION } from "../runtime/version.js";

/**
 * The sidecar of a sample file: NAME.json beside NAME.npy.
 *
 * @param npyPath - Path of the .npy file (without the .npy suffix, `.json` is appended).
 * @returns The sidecar's path.
 */
export function sidecarPath(npyPath: string): string {
  return npyPath.endsWith(".npy") ? `${npyPath.slice(0, -4)}.json` : `${npyPath}.json`;
}

/** NAME.json, the sidecar of a sample file: the model sampled, the file's layout, and the sampler's statistics. */
export interface SampleMetadata {
  /** File format tag. */
  format: "blockspin-ising-samples";
  /** File format version. */
  formatVersion: 1;
  /** The blockspin version that wrote it. */
  libraryVersion: string;
  /** The .npy file's name (no directory). */
  file: string;
  /** The .npy's dtype: spins -1/+1. */
  dtype: "int8";
  /** The .npy's shape: (count, L, L). */
  shape: [number, number, number];
  /** Boundary conditions of the lattice. */
  boundary: "periodic";
  /** Coupling J (energies are in units of J, temperatures in units of J/k). */
  couplingJ: 1;
  /** External field h. */
  field: 0;
  /** When the file was written, ISO 8601 UTC. */
  createdAt: string;
  /** The sampler's statistics (SampleStats): lattice, coupling and temperature, seed, algorithm, chains, tau_int, burn-in, spacing, energy and magnetization. */
  stats: SampleResult["stats"];
}

/**
 * The sidecar of a sample file, stamped with the library version and the current time.
 *
 * @param npyPath - Path of the .npy file; its name goes into `file`.
 * @param result - The samples (sampleIsing); their stats go into the sidecar.
 * @returns The sidecar's content.
 */
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

/**
 * Writes NAME.npy (int8 -1/+1, shape (count, L, L)) and its NAME.json sidecar, each atomically; if the
 * sidecar fails the .npy is removed.
 *
 * @param npyPath - Path of the .npy file.
 * @param result - The samples (sampleIsing).
 * @returns The sidecar written.
 */
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
