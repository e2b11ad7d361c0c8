// What an RSMI model bundle's rsmi-model.json holds (checked with zod when a
// bundle is read): the learned filters of every level with the geometry they
// were learned with, the seed and the data they came from. Browser-safe; the
// file is written by src/node/rsmi/rsmi-bundle.ts.

import { z } from "zod";
import type { RsmiLevelFilter } from "../rg/rsmi-coarse-levels.js";

/** The `format` of every rsmi-model.json. */
export const RSMI_MODEL_FORMAT = "blockspin-rsmi-model";
/** The layout version this library writes and reads. */
export const RSMI_MODEL_FORMAT_VERSION = 1;
/** The manifest's file name in a bundle directory. */
export const RSMI_MODEL_FILE = "rsmi-model.json";

const positive = z.number().int().positive();

const levelSchema = z.object({
  /** Level made (1 = from the data). */
  level: positive,
  /** Side of the lattice the filter applies to. */
  side: positive,
  /** Block side b. */
  block: positive,
  /** Buffer width w. */
  buffer: z.number().int().nonnegative(),
  /** Environment width used at this level. */
  environment: positive,
  /** Coarse variables per block k. */
  hidden: positive,
  /** k rows of b^2 weights (the block's sites row-major), each sign-aligned (largest |weight| positive). */
  filters: z.array(z.array(z.number())),
  /** Final InfoNCE estimate of I(H : E), nats. */
  bound: z.number(),
  /** Its standard error (null when not finite). */
  boundError: z.number().nullable(),
  /** ln K. */
  ceiling: z.number(),
});

/** rsmi-model.json: `kind: "rsmi"` tells it from a stack's model.json. */
export const rsmiManifestSchema = z.object({
  /** Always RSMI_MODEL_FORMAT. */
  format: z.literal(RSMI_MODEL_FORMAT),
  /** Always RSMI_MODEL_FORMAT_VERSION. */
  formatVersion: z.literal(RSMI_MODEL_FORMAT_VERSION),
  /** Always "rsmi": what tells this bundle from a stack's. */
  kind: z.literal("rsmi"),
  /** The library version that wrote it. */
  libraryVersion: z.string(),
  /** The data learned from. */
  data: z.object({
    /** Absolute path of the .npy (or a description, for data held in memory). */
    path: z.string(),
    /** SHA-256 of the data, hex. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** Samples N. */
    samples: positive,
    /** Lattice side L. */
    lattice: positive,
  }),
  /** The seed of the trainings and tie coins. */
  seed: z.number().int().nonnegative(),
  /** Block side b asked for. */
  block: positive,
  /** Buffer width w asked for. */
  buffer: z.number().int().nonnegative(),
  /** Environment width e asked for (a level's own may be thinner). */
  environment: positive,
  /** Coarse variables per block k. */
  hidden: positive,
  /** Epochs per level. */
  epochs: positive,
  /** Training steps per epoch. */
  stepsPerEpoch: positive,
  /** Pairs per batch K. */
  batchSize: positive,
  /** Level 1 first. */
  levels: z.array(levelSchema).min(1),
}).superRefine((manifest, context) => {
  for (const level of manifest.levels) {
    const sites = level.block * level.block;
    if (level.filters.length !== level.hidden || level.filters.some((row) => row.length !== sites)) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: `level ${level.level}: expected ${level.hidden} filter rows of ${sites} weights` });
    }
  }
});

/** rsmi-model.json as read. */
export type RsmiManifest = z.infer<typeof rsmiManifestSchema>;

/**
 * The maps `rg` measures: each level's first filter row (one coarse variable per block).
 *
 * @param manifest - A checked manifest.
 * @returns Level 1's filter first.
 */
export function rsmiLevelFilters(manifest: RsmiManifest): RsmiLevelFilter[] {
  return manifest.levels.map((level) => ({ filter: Float64Array.from(level.filters[0]!), block: level.block }));
}
