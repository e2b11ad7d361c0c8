// `blockspin reproduce`: the whole Mehta-Schwab experiment and the
// comparison of its arms (arms.ts) in one call. Samples (cached by parameters), trains
// every arm for every seed, analyzes each model and writes report.html.
//
// `--system` picks the data (reproduce-system.ts: Ising, dimers, digits).
//
// Layout of the output directory:
//   data/SYSTEM.npy, data/SYSTEM.json       the samples
//   arms/<arm>/seed-<s>/                    a model bundle per arm and seed
//   arms/<arm>/seed-<s>/analysis/           analysis.json, rg.json and figures
//   arms/<reference>/seed-<s>/analysis/     the system's reference map (majority rule, block field; no bundle)
//   reproduce.json, report.html

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Core, SimdBuild } from "../../index.js";
import { loadCliCore, type SimdChoice } from "../runtime/simd-choice.js";
import type { StackCheckpoint } from "../../rbm/stack.js";
import { hasCheckpoint, readCheckpoint } from "../training/checkpoint.js";
import { watchStopSignals, type StopRequests } from "../runtime/stop-signals.js";
import { UsageError } from "../runtime/usage-error.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { acquireDirectoryLock } from "../io/directory-lock.js";
import { readModelBundle } from "../io/model-bundle.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import type { Progress } from "../runtime/progress.js";
import type { TrainingDataFile } from "../io/training-data.js";
import { stackProgressPlan, trainingRows, type StackProgressPlan } from "../training/training-progress.js";
import { dataDigest, runTraining } from "../training/training-run.js";
import { LIBRARY_VERSION } from "../runtime/version.js";
import { analyzeModel } from "./analyze.js";
import { stackArms, type Arm, type ArmName } from "./arms.js";
import { writeReport } from "./report.js";
import type { ReproduceSettings } from "./reproduce-settings.js";
import { createProgress } from "../runtime/progress.js";
import { reproduceSystem, type ReproduceSystemName } from "./systems.js";
import type { ReferenceArm, ReproduceSystem, SystemData } from "./reproduce-system.js";

/** The options of reproduce(): `blockspin reproduce`'s flags less quiet and logInterval. */
export interface ReproduceOptions {
  /** Output directory: samples, a model bundle and analysis per arm and seed, reproduce.json, report.html. */
  out: string;
  /** The data (reproduce-system.ts): `ising` (the paper's, default), `dimer` or `digits`. */
  system?: ReproduceSystemName;
  /** Dimer data: the encoding the stacks see (DIMER_ENCODINGS); default `kjr`, Koch-Janusz & Ringel's. */
  encoding?: string;
  /** Dimer data: the plaquette interaction V at T = 1; default 0, the free (critical) model. */
  interaction?: number;
  /** Smoke run of about 15 seconds: 1,000 samples, 3 epochs per layer (2 for scikit-learn). */
  quick: boolean;
  /** Training seeds per arm (1..seeds); locality is reported as mean ± sd across them. */
  seeds: number;
  /** Epochs per layer of the rbm.m arms; default the system's (Ising: 200, the paper's), 3 with quick. */
  epochs?: number;
  /** Epochs per layer of the scikit-learn arm; default 10 (n_iter), 2 with quick. */
  sklearnEpochs?: number;
  /** Samples; default the system's (Ising: 20,000, the paper's), 1,000 with quick. */
  samples?: number;
  /** Seed of the Ising samples. */
  dataSeed: number;
  /** Arms to run (ARM_NAMES that the system has); default all of the system's. */
  arms?: readonly ArmName[];
  /** Held-out fraction in (0, 1). */
  validation: number;
  /** Training threads; results are bit-identical for any count. */
  threads: number;
  /** The wasm build (default baseline: the same bytes on every machine). */
  simd?: SimdChoice;
  /** Coupling K of the Ising samples; default the paper's 0.408 (K_c = 0.4406868 makes MCRG's nu the critical exponent). */
  coupling?: number;
  /** Other reproduce output directories whose systems the report shows beside this run's. */
  compare?: readonly string[];
  /** Continue the interrupted run in `out` with the settings saved in its reproduce.json. */
  resume?: boolean;
  /** Take over `out`'s lock even when it is held on another host. */
  force?: boolean;
}

/** Settings saved in reproduce.json so --resume can continue with them. */
type SavedSettings = Omit<ReproduceOptions, "out" | "threads" | "resume" | "force" | "compare">;

/** What reproduce() wrote. */
export interface ReproduceResult {
  /** Path of report.html. */
  reportPath: string;
  /** Runs made: the arms selected x seeds (the majority arm, which trains nothing, counts too). */
  runs: number;
}

/**
 * `blockspin reproduce` as a call: reproduce() with a progress bar and progress lines on stderr unless
 * quiet. A validation fraction >= 1 is a UsageError.
 *
 * @param settings - The command's flags, parsed by reproduceSettingsSchema.
 * @returns The report's path and the number of runs.
 */
export async function runReproduce(settings: ReproduceSettings): Promise<ReproduceResult> {
  const { quiet, logInterval, ...options } = settings;
  if (options.validation >= 1) throw new UsageError("--validation: expected a fraction in (0, 1)");
  checkSystemFlags(options);
  for (const dir of options.compare ?? []) {
    if (!existsSync(join(dir, "reproduce.json"))) throw new UsageError(`--compare: ${dir} has no reproduce.json (not a blockspin reproduce directory)`);
  }
  const progress = createProgress(quiet, { logInterval });
  const log = (line: string) => { if (!quiet) console.error(line); };
  try {
    return await reproduce(options, progress, log);
  } finally {
    progress.stop();
  }
}

/**
 * The Mehta & Schwab (2014) experiment and the comparison of its arms in one call: samples the 40 x 40 Ising
 * model (cached by parameters), trains every arm for every seed with checkpoints, analyzes each model
 * (docs/methods.md, "Locality", "MCRG") and writes report.html, holding `out`'s lock throughout. With
 * `resume`, continues the run in `out` with the settings saved in its reproduce.json.
 *
 * @param given - The run's options.
 * @param progress - Progress display (createProgress).
 * @param log - Where status lines go (one line per call).
 * @returns The report's path and the number of runs.
 */
export async function reproduce(given: ReproduceOptions, progress: Progress, log: (line: string) => void): Promise<ReproduceResult> {
  prepareOutputDirectory(given.out, "--out");
  const lock = acquireDirectoryLock(given.out, { command: "blockspin reproduce", force: given.force ?? false });
  try {
    return await reproduceLocked(given, progress, log);
  } finally {
    lock.release();
  }
}

async function reproduceLocked(given: ReproduceOptions, progress: Progress, log: (line: string) => void): Promise<ReproduceResult> {
  const options = given.resume ? { ...(await savedSettings(given.out)), out: given.out, threads: given.threads } : given;
  const system = reproduceSystem(options.system ?? "ising");
  const core = await loadCliCore(options.simd ?? "baseline");
  const data = await system.data(core, options, progress, log);
  const levels = system.hidden(data).length;
  const selected = selectArms(system, data, options);
  await writeFileAtomic(join(options.out, "reproduce.json"), `${JSON.stringify({
    libraryVersion: LIBRARY_VERSION, system: system.name, quick: options.quick, seeds: options.seeds, sampling: data.sampling,
    arms: selected.map(({ arm: a }) => ({ name: a.name, title: a.title, description: a.description })),
    settings: settingsOf(options),
    createdAt: new Date().toISOString(),
  }, null, 2)}\n`);

  const rows = trainingRows(data.input.data.nSamples, options.validation);
  const jobs = Array.from({ length: options.seeds }, (_, s) => s + 1)
    .flatMap((seed) => selected.map(({ arm, reference }) => ({ arm, reference, seed, plan: stackProgressPlan(arm.layers, data.input.data.nVisible, rows) })));
  const total = jobs.reduce((sum, job) => sum + job.plan.total, 0);
  let done = 0;
  const stop = watchStopSignals();
  try {
    for (const job of jobs) {
      if (job.reference) {
        log(`${job.arm.name} seed ${job.seed}`);
        await job.reference.run(core, join(options.out, "arms", job.arm.name, `seed-${job.seed}`), data, levels, job.seed, options.threads, options.quick);
        continue;
      }
      await trainArm(core, system, job.arm, job.seed, data, options, { progress, plan: job.plan, done, total, log, stop });
      done += job.plan.total;
    }
  } finally {
    stop.dispose();
  }
  const reportPath = await writeReport([options.out, ...(given.compare ?? [])], join(options.out, "report.html"));
  return { reportPath, runs: jobs.length };
}

/** Flags of one system given for another are a UsageError. */
function checkSystemFlags(options: Pick<ReproduceOptions, "system" | "coupling" | "encoding" | "interaction">): void {
  const system: string = options.system ?? "ising";
  if (options.coupling !== undefined && system !== "ising") throw new UsageError(`--coupling is the Ising model's; --system ${system} has none`);
  for (const [flag, value] of [["--encoding", options.encoding], ["--interaction", options.interaction]] as const) {
    if (value !== undefined && system !== "dimer") throw new UsageError(`${flag} is the dimer model's (--system dimer), not ${system}'s`);
  }
}

/** The arms the options ask for, each with the system's reference map when it trains no RBM; an arm the system lacks is a UsageError. */
function selectArms(system: ReproduceSystem, data: SystemData, options: ReproduceOptions): { arm: Arm; reference?: ReferenceArm }[] {
  const epochs = options.epochs ?? (options.quick ? 3 : system.epochs.rbm);
  const sklearnEpochs = options.sklearnEpochs ?? (options.quick ? 2 : system.epochs.sklearn);
  const all = [
    ...stackArms({ epochs, sklearnEpochs }, system.hidden(data)).map((arm) => ({ arm })),
    ...system.references.map((reference) => ({
      arm: { name: reference.name, title: reference.title, description: reference.description, kind: "reference" as const, layers: [] },
      reference,
    })),
  ];
  const names = all.map(({ arm }) => arm.name);
  const missing = (options.arms ?? []).filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new UsageError(`--arms: the ${system.name} system has no arm ${missing.join(", ")} (its arms: ${names.join(", ")})`);
  }
  return all.filter(({ arm }) => (options.arms ?? names).includes(arm.name));
}

interface ArmProgress {
  progress: Progress;
  /** This arm's plan, and the work units (StackProgressPlan's) of the whole run done before it and in all. */
  plan: StackProgressPlan;
  done: number;
  total: number;
  log: (line: string) => void;
  stop: StopRequests;
}

async function trainArm(
  core: Core, system: ReproduceSystem, arm: Arm, seed: number, data: SystemData, options: ReproduceOptions, p: ArmProgress,
): Promise<void> {
  const { input } = data;
  const dir = join(options.out, "arms", arm.name, `seed-${seed}`);
  prepareOutputDirectory(dir, "--out");
  const digest = dataDigest(input);
  if (await alreadyTrained(dir, arm, seed, input, digest, options, core.simd)) {
    p.log(`reusing ${dir} (trained with the same settings)`);
    if (!existsSync(join(dir, "analysis", "analysis.json"))) {
      await analyzeModel(core, dir, input.data, data.layout, join(dir, "analysis"), { samples: 8, seed });
    }
    const { layers } = await readModelBundle(dir);
    await system.measure?.(core, join(dir, "analysis"), data, layers, seed, options.threads);
    return;
  }
  const armFlags = { arm: arm.name, seed, validation: options.validation, layers: arm.layers, simd: core.simd };
  const resume = await matchingCheckpoint(dir, arm, seed, digest, options, core.simd, p.log);
  let lastPL = "";
  const result = await runTraining(core, {
    out: dir, input, layers: arm.layers, seed, validation: options.validation, threads: options.threads,
    checkpointFlags: armFlags, dataSha256: digest, stop: p.stop,
    interruptedWhere: `in arm ${arm.name} seed ${seed}`, resumeCommand: `blockspin reproduce --resume --out ${options.out}`,
    ...(resume ? { resume } : {}),
    onBatch: (layer, epoch, batch) => p.progress.update(
      p.done + p.plan.done(layer, epoch, batch), p.total,
      `${arm.name} seed ${seed} layer ${layer} epoch ${epoch}/${arm.layers[layer - 1]!.epochs}${lastPL}`,
    ),
    onEpoch: (m) => { lastPL = ` PL ${m.pseudoLikelihood.toFixed(2)}`; },
  });
  await writeFileAtomic(join(dir, DATA_DIGEST_FILE), `${digest}\n`);
  if (result.diverged) p.log(`warning: ${arm.name} seed ${seed} diverged at layer ${result.diverged.layer}, epoch ${result.diverged.epoch}`);
  await analyzeModel(core, dir, input.data, data.layout, join(dir, "analysis"), { samples: 8, seed });
  await system.measure?.(core, join(dir, "analysis"), data, result.layers, seed, options.threads);
}

/**
 * SHA-256 of the samples an arm's bundle was trained on, beside the bundle: with --coupling the same
 * data/ising.npy path can hold other samples, and a bundle trained on them must not be reused.
 */
const DATA_DIGEST_FILE = "data.sha256";

/** A complete bundle from the same arm settings, seed and data: an interrupted reproduce resumes per arm. */
async function alreadyTrained(
  dir: string, arm: Arm, seed: number, input: TrainingDataFile, digest: string, options: ReproduceOptions, simd: SimdBuild,
): Promise<boolean> {
  if (!existsSync(join(dir, "model.json")) || !existsSync(join(dir, DATA_DIGEST_FILE))) return false;
  try {
    if ((await readFile(join(dir, DATA_DIGEST_FILE), "utf8")).trim() !== digest) return false;
    const { manifest } = await readModelBundle(dir);
    return manifest.status === "complete" && manifest.seed === seed && (manifest.simd ?? "baseline") === simd &&
      manifest.data.validationFraction === options.validation &&
      JSON.stringify(manifest.data.shape) === JSON.stringify(input.shape) &&
      manifest.layers.length === arm.layers.length &&
      arm.layers.every((expected, i) => sameSettings(manifest.layers[i]!.training, expected));
  } catch {
    return false;
  }
}

/** The checkpoint of an interrupted arm, when it was made with the same arm settings, seed and data. */
async function matchingCheckpoint(
  dir: string, arm: Arm, seed: number, digest: string, options: ReproduceOptions, simd: SimdBuild, log: (line: string) => void,
): Promise<StackCheckpoint | undefined> {
  if (!hasCheckpoint(dir)) return undefined;
  const saved = await readCheckpoint(dir);
  const flags = saved.flags as { arm?: string; seed?: number; validation?: number; layers?: object[]; simd?: SimdBuild };
  const same = flags.arm === arm.name && flags.seed === seed && flags.validation === options.validation &&
    (flags.simd ?? "baseline") === simd &&
    saved.dataSha256 === digest && flags.layers?.length === arm.layers.length &&
    arm.layers.every((expected, i) => sameSettings(flags.layers![i]!, expected));
  if (!same) {
    log(`ignoring the checkpoint in ${dir}: made with other settings`);
    return undefined;
  }
  log(`resuming ${dir} from its checkpoint`);
  return saved.checkpoint;
}

function settingsOf(options: ReproduceOptions): SavedSettings {
  const { out: _out, threads: _threads, resume: _resume, force: _force, compare: _compare, ...settings } = options;
  return settings;
}

async function savedSettings(out: string): Promise<SavedSettings> {
  const path = join(out, "reproduce.json");
  if (!existsSync(path)) throw new UsageError(`--resume: ${out} has no reproduce.json (nothing to resume; run blockspin reproduce --out ${out})`);
  const record = JSON.parse(await readFile(path, "utf8")) as { settings?: SavedSettings };
  if (!record.settings) throw new UsageError(`--resume: ${path} records no settings (made by an older blockspin)`);
  return record.settings;
}

function sameSettings(saved: object, expected: object): boolean {
  const savedFields = saved as Record<string, unknown>;
  return Object.entries(expected).every(([key, value]) => JSON.stringify(savedFields[key]) === JSON.stringify(value));
}
