// `blockspin rsmi` as a service: learns RSMI coarse-graining filters level by
// level on Ising samples (src/rsmi/rsmi-run.ts; docs/methods.md "RSMI") and
// writes the bundle (rsmi-bundle.ts) under --out's lock, with the same
// progress display as `train`.

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { loadCore } from "../../index.js";
import { RSMI_MODEL_FORMAT, RSMI_MODEL_FORMAT_VERSION, type RsmiManifest } from "../../rsmi/rsmi-manifest.js";
import { RSMI_STEPS_PER_EPOCH, checkRsmiRun, runRsmiLevels, type RsmiRunLevel, type RsmiRunSettings } from "../../rsmi/rsmi-run.js";
import type { LatticeSamples } from "../../rsmi/regions.js";
import { rsmiDefaults } from "../../rsmi/train.js";
import { sha256 } from "../io/digest.js";
import { acquireDirectoryLock } from "../io/directory-lock.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { readSpinSamples } from "../rg/rg.js";
import { createProgress } from "../runtime/progress.js";
import { UsageError } from "../runtime/usage-error.js";
import { LIBRARY_VERSION } from "../runtime/version.js";
import { writeRsmiBundle } from "./rsmi-bundle.js";
import type { RsmiSettings } from "./rsmi-settings.js";

/** What runRsmi returns. */
export interface RsmiCommandResult {
  /** The manifest written (rsmi-model.json). */
  manifest: RsmiManifest;
  /** The levels as learned, with their bound per epoch. */
  levels: RsmiRunLevel[];
  /** Every file written. */
  paths: string[];
}

/**
 * `blockspin rsmi` as a call: reads and checks the data, takes --out's lock, learns the levels and writes
 * the bundle. Bad settings or data throw a one-line UsageError before any training.
 *
 * @param settings - The command's flags, parsed by rsmiSettingsSchema.
 * @returns The manifest, the levels and the paths written.
 */
export async function runRsmi(settings: RsmiSettings): Promise<RsmiCommandResult> {
  const samples = await readSpinSamples(settings.data);
  const run: RsmiRunSettings = {
    block: settings.block, buffer: settings.buffer, environment: settings.env, hidden: settings.hidden,
    levels: settings.levels, epochs: settings.epochs, batchSize: settings.batch,
  };
  try {
    checkRsmiRun(samples.lattice, run);
  } catch (error) {
    throw new UsageError(`--block/--buffer/--levels/--hidden: ${(error as Error).message}`);
  }
  prepareOutputDirectory(settings.out, "--out");
  const lock = acquireDirectoryLock(settings.out, { command: "blockspin rsmi", force: settings.force });
  try {
    const digest = sha256(await readFile(settings.data));
    const lattice = spinLattice(samples.data.values, samples.data.nSamples, samples.lattice);
    const core = await loadCore();
    const levels = trainWithProgress(core, lattice, run, settings);
    const manifest = rsmiManifest(run, levels, settings.seed, {
      path: resolve(settings.data), sha256: digest, samples: lattice.count, lattice: samples.lattice,
    });
    const title = `${samples.lattice}x${samples.lattice}, ${lattice.count} samples, seed ${settings.seed}`;
    const paths = await writeRsmiBundle(settings.out, manifest, levels, title);
    return { manifest, levels, paths };
  } finally {
    lock.release();
  }
}

function trainWithProgress(core: Awaited<ReturnType<typeof loadCore>>, lattice: LatticeSamples, run: RsmiRunSettings, settings: RsmiSettings): RsmiRunLevel[] {
  const progress = createProgress(settings.quiet, { ...(settings.logInterval !== undefined ? { logInterval: settings.logInterval } : {}) });
  try {
    return runRsmiLevels(core, lattice, run, settings.seed, (level, step, steps) => {
      const epoch = Math.floor(step / RSMI_STEPS_PER_EPOCH) + 1;
      progress.update((level - 1) * steps + step + 1, run.levels * steps, `level ${level} epoch ${epoch}/${run.epochs}`);
    });
  } finally {
    progress.stop();
  }
}

/**
 * The manifest of a run: the settings asked for, every level's filters and geometry, the seed and the data.
 *
 * @param run - The run's settings.
 * @param levels - runRsmiLevels' levels.
 * @param seed - The run's seed.
 * @param data - Path, SHA-256, samples and lattice side of the data.
 * @returns rsmi-model.json's contents.
 */
export function rsmiManifest(run: RsmiRunSettings, levels: readonly RsmiRunLevel[], seed: number, data: RsmiManifest["data"]): RsmiManifest {
  return {
    format: RSMI_MODEL_FORMAT, formatVersion: RSMI_MODEL_FORMAT_VERSION, kind: "rsmi", libraryVersion: LIBRARY_VERSION, data, seed,
    block: run.block, buffer: run.buffer, environment: run.environment, hidden: run.hidden, epochs: run.epochs,
    stepsPerEpoch: RSMI_STEPS_PER_EPOCH, batchSize: run.batchSize ?? rsmiDefaults().batchSize,
    levels: levels.map((l) => ({
      level: l.level, side: l.side, block: l.block, buffer: l.buffer, environment: l.environment, hidden: l.hidden, filters: l.filters,
      bound: l.bound, boundError: Number.isFinite(l.boundError) ? l.boundError : null, ceiling: l.ceiling,
    })),
  };
}

/**
 * 0/1 bits (spin +1 as 1), L^2 per sample, as the +-1 lattice samples RSMI trains on.
 *
 * @param bits - nSamples x L^2 bits.
 * @param count - Samples.
 * @param L - Lattice side.
 * @returns (count, L, L) spins.
 */
export function spinLattice(bits: ArrayLike<number>, count: number, L: number): LatticeSamples {
  const values = new Int8Array(count * L * L);
  for (let i = 0; i < values.length; i++) values[i] = 2 * bits[i]! - 1;
  return { values, count, height: L, width: L };
}
