// The sweep's shared sample sets: DIR/samples/<set>/ising.npy (+ ising.json),
// or dimer.npy (+ dimer.json) for the dimer model, one per distinct sampling setting, drawn once and read by every task that
// uses it. Whoever needs a set first draws it under the set directory's lock;
// another process needing it meanwhile waits for that one rather than
// drawing the same bytes again.

import { existsSync } from "node:fs";
import { loadCore, sampleIsing, type IsingAlgorithm } from "../../index.js";
import { sampleDimers } from "../../systems/dimer/sampler.js";
import { acquireDirectoryLock, DirectoryLockedError, describeHolder } from "../io/directory-lock.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import type { Progress } from "../runtime/progress.js";
import { sidecarPath, writeDimerSamples, writeSamples } from "../io/sample-files.js";
import { readPlan, sampleDirectory, samplePath, type DimerSampleSettings, type IsingSampleSettings, type SampleSet } from "./sweep-plan.js";

/** Options of ensureSampleSet and ensurePlanSampleSets. */
export interface SampleSetOptions {
  /** Threads the chains run on (the bytes do not depend on it). */
  threads: number;
  /** Progress display (createProgress) for the sampling. */
  progress: Progress;
  /** Where status lines go (one line per call, no newline), e.g. console.error. */
  log: (line: string) => void;
  /** Take over a set's lock held on another host; default false. */
  force?: boolean;
}

/** Seconds between looks at a set another process is drawing. */
const WAIT_POLL_SECONDS = 2;

/**
 * Whether a set's samples and sidecar are on disk (the sidecar is written last).
 *
 * @param dir - The sweep directory.
 * @param set - The sample set (a SweepPlan's).
 * @returns True when the set need not be drawn.
 */
export function sampleSetReady(dir: string, set: SampleSet): boolean {
  const path = samplePath(dir, set);
  return existsSync(path) && existsSync(sidecarPath(path));
}

/**
 * Draws every sample set of the plan in `dir` that is not on disk yet (`blockspin sweep sample`).
 *
 * @param dir - The sweep directory (holding plan.json).
 * @param options - Threads, logging and progress.
 * @returns Once every set is on disk.
 */
export async function ensurePlanSampleSets(dir: string, options: SampleSetOptions): Promise<void> {
  const plan = await readPlan(dir);
  for (const set of plan.sampleSets) await ensureSampleSet(dir, set, options);
}

/**
 * Draws the set into DIR/samples/ID/ising.npy or dimer.npy (with its sidecar) unless it is on disk already; waits while
 * another process holds the set's lock.
 *
 * @param dir - The sweep directory.
 * @param set - The sample set (a SweepPlan's).
 * @param options - Threads, logging and progress.
 * @returns The set's .npy path.
 */
export async function ensureSampleSet(dir: string, set: SampleSet, options: SampleSetOptions): Promise<string> {
  const path = samplePath(dir, set);
  const setDir = sampleDirectory(dir, set.id);
  prepareOutputDirectory(setDir, "DIR");
  let waited = false;
  for (;;) {
    if (sampleSetReady(dir, set)) return path;
    let lock;
    try {
      lock = acquireDirectoryLock(setDir, { command: "blockspin sweep sample", force: options.force ?? false });
    } catch (error) {
      if (!(error instanceof DirectoryLockedError)) throw error;
      if (!waited) options.log(`waiting for ${describeHolder(error.holder)} to finish sample set ${set.id}`);
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_SECONDS * 1000));
      continue;
    }
    try {
      if (sampleSetReady(dir, set)) return path;
      const { settings } = set;
      if (settings.model === "dimer") await drawDimerSet(path, settings);
      else await drawIsingSet(path, settings, options, set.id);
      options.log(`wrote sample set ${set.id} (${settings.count} x ${settings.size}x${settings.size}, ${describeSettings(settings)})`);
      return path;
    } finally {
      lock.release();
    }
  }
}

async function drawIsingSet(path: string, settings: IsingSampleSettings, options: SampleSetOptions, id: string): Promise<void> {
  const result = sampleIsing(await loadCore(), {
    size: settings.size, coupling: settings.coupling, count: settings.count, seed: settings.seed,
    algorithm: settings.algorithm as IsingAlgorithm, chains: settings.chains,
    burnIn: settings.burnIn, spacing: settings.spacing, threads: options.threads,
    onProgress: ({ phase, done, total }) =>
      options.progress.update(done, total, `sample set ${id}: ${phase === "sample" ? "sampling" : "equilibrating"}`),
  });
  await writeSamples(path, result);
}

/** Dimers as `blockspin sample --model dimer` draws them (runDimerSample): the chains run one after another, whatever the threads. */
async function drawDimerSet(path: string, settings: DimerSampleSettings): Promise<void> {
  const result = sampleDimers(await loadCore(), {
    size: settings.size, interaction: settings.interaction, temperature: settings.temperature,
    count: settings.count, seed: settings.seed, chains: settings.chains, burnIn: settings.burnIn, spacing: settings.spacing,
  });
  await writeDimerSamples(path, result);
}

function describeSettings(settings: SampleSet["settings"]): string {
  return settings.model === "dimer" ? `dimers, V = ${settings.interaction}, T = ${settings.temperature}` : `K = ${settings.coupling}`;
}
