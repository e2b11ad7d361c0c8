// Samples on disk: NAME.npy and NAME.json beside it with every parameter and
// the measured statistics. Ising: int8 +-1, shape (count, L, L); dimers:
// uint8 0/1 bond occupations, shape (count, 2, L, L), the sidecar's `model`
// "dimer" (an Ising sidecar has no `model`: files written before there was a
// choice are read the same way).

import type { SampleResult } from "../../index.js";
import type { DimerEstimate, DimerSampleResult, DimerSampleStats } from "../../systems/dimer/sampler.js";
import { bondOccupation } from "../../systems/dimer/observables.js";
import type { DigitSet } from "../../systems/digits/digit-images.js";
import { torusGeometry, type Geometry } from "../../analysis/geometry.js";
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
  /** The grid of the sites: the L x L torus (docs/methods.md, "Locality"). */
  geometry: Geometry;
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
    geometry: torusGeometry(size),
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
  await writeSampleFiles(npyPath, { dtype: "int8", shape: metadata.shape, data: result.configs }, metadata);
  return metadata;
}

/** NAME.json beside a dimer sample file: the model, the file's layout, the sampler's statistics and the observables' means. */
export interface DimerSampleMetadata {
  /** File format tag. */
  format: "blockspin-dimer-samples";
  /** File format version. */
  formatVersion: 1;
  /** The system (src/systems/registry.ts): always "dimer" here. */
  model: "dimer";
  /** The blockspin version that wrote it. */
  libraryVersion: string;
  /** The .npy file's name (no directory). */
  file: string;
  /** The .npy's dtype: bond occupations 0/1. */
  dtype: "uint8";
  /** The .npy's shape: (count, 2, L, L). */
  shape: [number, number, number, number];
  /** What the axes mean. */
  layout: string;
  /** Boundary conditions of the lattice. */
  boundary: "periodic";
  /** The grid of the sites: the L x L torus (docs/methods.md, "Locality"). */
  geometry: Geometry;
  /** Lattice side L. */
  size: number;
  /** Plaquette interaction V: weight exp(-V N_par / T). */
  interaction: number;
  /** Temperature T, in the units of V. */
  temperature: number;
  /** When the file was written, ISO 8601 UTC. */
  createdAt: string;
  /** The sampler's statistics (DimerSampleStats): seed, chains, worms per update, tau_int values, burn-in, spacing. */
  stats: DimerSampleStats;
  /** Means over the stored samples (docs/methods.md, "Dimers"). */
  observables: {
    /** Mean bond occupation: over all bonds, horizontal ones and vertical ones (1/4 for V = 0). */
    bondOccupation: {
      /** Over all bonds. */
      mean: number;
      /** Over the horizontal bonds. */
      horizontal: number;
      /** Over the vertical bonds. */
      vertical: number;
    };
    /** Flippable-plaquette density N_par / L^2. */
    flippableDensity: DimerEstimate;
    /** Winding variance <W_x^2 + W_y^2> / 2 (<W> = 0 by symmetry). */
    windingVariance: DimerEstimate;
  };
}

/**
 * The sidecar of a dimer sample file, stamped with the library version and the current time.
 *
 * @param npyPath - Path of the .npy file; its name goes into `file`.
 * @param result - The samples (sampleDimers).
 * @returns The sidecar's content.
 */
export function dimerSampleMetadata(npyPath: string, result: DimerSampleResult): DimerSampleMetadata {
  const { stats } = result;
  const occupation = bondOccupation(result.configs, stats.size);
  return {
    format: "blockspin-dimer-samples",
    formatVersion: 1,
    model: "dimer",
    libraryVersion: LIBRARY_VERSION,
    file: npyPath.split(/[\\/]/).pop() ?? npyPath,
    dtype: "uint8",
    shape: [stats.count, 2, stats.size, stats.size],
    layout: "[:, 0, y, x] the bond (x, y)-(x + 1, y), [:, 1, y, x] the bond (x, y)-(x, y + 1), on the torus",
    boundary: "periodic",
    geometry: torusGeometry(stats.size),
    size: stats.size,
    interaction: stats.interaction,
    temperature: stats.temperature,
    createdAt: new Date().toISOString(),
    stats,
    observables: {
      bondOccupation: {
        mean: (occupation.horizontal + occupation.vertical) / 2, horizontal: occupation.horizontal, vertical: occupation.vertical,
      },
      flippableDensity: stats.flippableDensity,
      windingVariance: stats.windingSquared,
    },
  };
}

/**
 * Writes NAME.npy (uint8 0/1 bond occupations, shape (count, 2, L, L)) and its NAME.json sidecar, each
 * atomically; if the sidecar fails the .npy is removed.
 *
 * @param npyPath - Path of the .npy file.
 * @param result - The samples (sampleDimers).
 * @returns The sidecar written.
 */
export async function writeDimerSamples(npyPath: string, result: DimerSampleResult): Promise<DimerSampleMetadata> {
  const metadata = dimerSampleMetadata(npyPath, result);
  await writeSampleFiles(npyPath, { dtype: "uint8", shape: metadata.shape, data: result.configs }, metadata);
  return metadata;
}

/** NAME.json beside a digits file: the source package, the threshold, the subset and the open grid. */
export interface DigitSampleMetadata {
  /** File format tag. */
  format: "blockspin-digit-samples";
  /** File format version. */
  formatVersion: 1;
  /** The data set (src/systems/registry.ts): always "digits" here. */
  model: "digits";
  /** The blockspin version that wrote it. */
  libraryVersion: string;
  /** The .npy file's name (no directory). */
  file: string;
  /** The .npy's dtype: pixels 0/1. */
  dtype: "uint8";
  /** The .npy's shape: (count, 28, 28), [:, y, x] the pixel in row y, column x. */
  shape: [number, number, number];
  /** The grid: the open 28 x 28 image, edges and no wrap (docs/methods.md, "Locality"). */
  geometry: Geometry;
  /** Where the images come from: the npm package and version that ship them. */
  source: string;
  /** Grey level at or above which a pixel is 1. */
  threshold: number;
  /** Seed of the subset, or null when the file holds every image in the package's order. */
  seed: number | null;
  /** Each image's index in the package's order (all classes concatenated, 0s first). */
  sourceIndices: number[];
  /** Each image's digit, 0-9. */
  labels: number[];
  /** When the file was written, ISO 8601 UTC. */
  createdAt: string;
}

/**
 * Writes NAME.npy (uint8 0/1 pixels, shape (count, 28, 28)) and its NAME.json sidecar, each atomically; if the
 * sidecar fails the .npy is removed.
 *
 * @param npyPath - Path of the .npy file.
 * @param digits - The images (loadDigits).
 * @returns The sidecar written.
 */
export async function writeDigitSamples(npyPath: string, digits: DigitSet): Promise<DigitSampleMetadata> {
  const metadata: DigitSampleMetadata = {
    format: "blockspin-digit-samples", formatVersion: 1, model: "digits", libraryVersion: LIBRARY_VERSION,
    file: npyPath.split(/[\\/]/).pop() ?? npyPath, dtype: "uint8", shape: [digits.count, digits.shape[1], digits.shape[2]],
    geometry: digits.geometry, source: digits.source, threshold: digits.threshold, seed: digits.seed,
    sourceIndices: Array.from(digits.sourceIndices), labels: Array.from(digits.labels), createdAt: new Date().toISOString(),
  };
  await writeSampleFiles(npyPath, { dtype: "uint8", shape: metadata.shape, data: digits.images }, metadata);
  return metadata;
}

/** Writes the .npy, then its sidecar, each atomically; removes the .npy if the sidecar fails, so no half pair is left. */
async function writeSampleFiles(npyPath: string, array: Parameters<typeof writeNpy>[1], metadata: object): Promise<void> {
  await writeNpy(npyPath, array);
  try {
    await writeFileAtomic(sidecarPath(npyPath), `${JSON.stringify(metadata, null, 2)}\n`);
  } catch (error) {
    await removeIfExists(npyPath);
    throw error;
  }
}
