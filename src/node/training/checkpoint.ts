// Training checkpoints: DIR/checkpoint/ holds every finished layer, the layer
// in progress (parameters, momentum increments, persistent chain, shuffle and
// Gibbs RNG states, epoch), the metrics so far, and the flags of the run, so
// `blockspin train --resume DIR` continues bit-identically.
//
// Crash safety: array files are content-addressed (the name carries a prefix
// of their SHA-256) and written atomically; state.json, written last and
// atomically, lists them with their full digests. A crash at any point leaves
// the previous state.json and every file it names intact; files no longer
// named are deleted only after the new state.json is in place.

import { sha256 } from "../io/digest.js";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { EpochMetrics, LayerState } from "../../rbm/training/index.js";
import type { RbmParameters } from "../../rbm/rbm-parameters.js";
import type { StackCheckpoint } from "../../rbm/stack.js";
import { removeIfExists, writeFileAtomic } from "../io/atomic-write.js";
import { decodeNpy, encodeNpy } from "../io/npy.js";
import { UsageError } from "../runtime/usage-error.js";
import { LIBRARY_VERSION } from "../runtime/version.js";

export const CHECKPOINT_FORMAT = "blockspin-checkpoint";
export const CHECKPOINT_FORMAT_VERSION = 1;
export const CHECKPOINT_SUBDIR = "checkpoint";
const STATE_FILE = "state.json";

const hexDigest = z.string().regex(/^[0-9a-f]{64}$/, "expected a SHA-256 hex digest");
const fileName = z.string().regex(/^[\w.-]+\.npy$/, "expected a file name in the checkpoint directory");
const u32 = z.number().int().min(0).max(0xffffffff);
const rngState = z.array(u32).length(4);

const arraysSchema = z.object({
  nVisible: z.number().int().positive(),
  nHidden: z.number().int().positive(),
  W: fileName,
  vbias: fileName,
  hbias: fileName,
});

const stateSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  formatVersion: z.literal(CHECKPOINT_FORMAT_VERSION),
  libraryVersion: z.string(),
  createdAt: z.string(),
  /**
   * The settings of the run being checkpointed: for `blockspin train` the keys RECORDED_TRAIN_KEYS of
   * train-settings.ts (`data` resolved to an absolute path), for a reproduce arm the arm's own.
   */
  flags: z.record(z.unknown()),
  /** SHA-256 of the training data as loaded (its LayerData bytes): resuming on other data is refused. */
  dataSha256: hexDigest,
  layers: z.array(arraysSchema),
  current: arraysSchema.extend({
    layer: z.number().int().positive(),
    epoch: z.number().int().nonnegative(),
    increments: fileName,
    chain: fileName.optional(),
    rng: z.object({ shuffle: rngState, gibbs: rngState }),
  }).nullable(),
  metrics: z.array(z.record(z.unknown())),
  sha256: z.record(hexDigest),
});

export type CheckpointState = z.infer<typeof stateSchema>;

/** A training checkpoint with what a resume needs to know the run by. */
export interface SavedCheckpoint {
  /**
   * The settings of the run: for `blockspin train` the keys RECORDED_TRAIN_KEYS (`data` as an absolute path,
   * `simd` as the build it resolved to), for a reproduce arm the arm's own.
   */
  flags: Record<string, unknown>;
  /** SHA-256 of the training data as loaded (dataDigest): resuming on other data is refused. */
  dataSha256: string;
  /** The training state: finished layers, the layer in progress (parameters, increments, chains, RNG states, epoch), metrics so far. */
  checkpoint: StackCheckpoint;
}

export function checkpointDirectory(outDir: string): string {
  return join(outDir, CHECKPOINT_SUBDIR);
}


/**
 * Writes a checkpoint of `saved` under outDir/checkpoint/: content-addressed arrays, each written atomically,
 * then state.json naming them; a crash at any point leaves the previous checkpoint intact.
 *
 * @param outDir - The run's bundle directory.
 * @param saved - The checkpoint and the run's settings and data digest.
 * @returns Once state.json is in place and files it no longer names are deleted.
 */
export async function writeCheckpoint(outDir: string, saved: SavedCheckpoint): Promise<void> {
  const dir = checkpointDirectory(outDir);
  await mkdir(dir, { recursive: true });
  const digests: Record<string, string> = {};
  const put = async (stem: string, shape: number[], data: Float32Array): Promise<string> => {
    const bytes = encodeNpy({ dtype: "float32", shape, data });
    const digest = sha256(bytes);
    const name = `${stem}.${digest.slice(0, 16)}.npy`;
    if (!existsSync(join(dir, name))) await writeFileAtomic(join(dir, name), bytes);
    digests[name] = digest;
    return name;
  };
  const putParameters = async (stem: string, p: RbmParameters) => ({
    nVisible: p.nVisible,
    nHidden: p.nHidden,
    W: await put(`${stem}.W`, [p.nVisible, p.nHidden], p.weights),
    vbias: await put(`${stem}.vbias`, [p.nVisible], p.visibleBias),
    hbias: await put(`${stem}.hbias`, [p.nHidden], p.hiddenBias),
  });
  const { checkpoint } = saved;
  const layers = [];
  for (const [i, p] of checkpoint.layers.entries()) layers.push(await putParameters(`layer${i + 1}`, p));
  let current: CheckpointState["current"] = null;
  const c = checkpoint.current;
  if (c) {
    const stem = `current.layer${c.layer}`;
    current = {
      layer: c.layer,
      epoch: c.epoch,
      ...(await putParameters(stem, c.parameters)),
      increments: await put(`${stem}.increments`, [c.increments.length], c.increments),
      ...(c.chain ? { chain: await put(`${stem}.chain`, [c.chain.length], c.chain) } : {}),
      rng: { shuffle: [...c.rng.shuffle], gibbs: [...c.rng.gibbs] },
    };
  }
  const state: CheckpointState = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    libraryVersion: LIBRARY_VERSION,
    createdAt: new Date().toISOString(),
    flags: saved.flags,
    dataSha256: saved.dataSha256,
    layers,
    current,
    metrics: checkpoint.metrics as unknown as Record<string, unknown>[],
    sha256: digests,
  };
  await writeFileAtomic(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  // Only now may files of earlier checkpoints (and temp files of killed writes) go.
  for (const entry of await readdir(dir)) {
    if (entry !== STATE_FILE && !(entry in digests)) await removeIfExists(join(dir, entry)).catch(() => undefined);
  }
}

/**
 * Whether outDir holds a checkpoint (its checkpoint/state.json exists; readCheckpoint verifies it).
 *
 * @param outDir - The run's bundle directory.
 * @returns True when there is a checkpoint to resume from.
 */
export function hasCheckpoint(outDir: string): boolean {
  return existsSync(join(checkpointDirectory(outDir), STATE_FILE));
}

/**
 * Reads and verifies outDir/checkpoint/ (state.json against its schema, every array's SHA-256); every
 * problem is a one-line UsageError.
 *
 * @param outDir - The run's bundle directory.
 * @returns The checkpoint with the run's settings and data digest.
 */
export async function readCheckpoint(outDir: string): Promise<SavedCheckpoint> {
  const dir = checkpointDirectory(outDir);
  const statePath = join(dir, STATE_FILE);
  if (!existsSync(statePath)) {
    throw new UsageError(`--resume: ${statePath} is missing (no checkpoint in ${outDir}; finished runs remove theirs)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(statePath, "utf8"));
  } catch (error) {
    throw new UsageError(`${statePath}: not valid JSON (${(error as Error).message.replace(/\s+/g, " ")})`);
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${statePath}: field ${issue.path.join(".") || "(root)"}: ${issue.message.replace(/\s+/g, " ")}`);
  }
  const state = parsed.data;
  const array = async (name: string, shape: number[]): Promise<Float32Array> => {
    const path = join(dir, name);
    const digest = state.sha256[name];
    if (digest === undefined) throw new UsageError(`${statePath}: no SHA-256 recorded for ${name}`);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch {
      throw new UsageError(`${path} is missing (listed in ${STATE_FILE})`);
    }
    if (sha256(bytes) !== digest) throw new UsageError(`${path} is not the file ${STATE_FILE} was written with`);
    const decoded = decode(bytes, path);
    if (decoded.dtype !== "float32" || decoded.shape.join(",") !== shape.join(",")) {
      throw new UsageError(`${path}: ${decoded.dtype} (${decoded.shape.join(", ")}), expected float32 (${shape.join(", ")})`);
    }
    return decoded.data as Float32Array;
  };
  const parameters = async (a: z.infer<typeof arraysSchema>): Promise<RbmParameters> => ({
    nVisible: a.nVisible,
    nHidden: a.nHidden,
    weights: await array(a.W, [a.nVisible, a.nHidden]),
    visibleBias: await array(a.vbias, [a.nVisible]),
    hiddenBias: await array(a.hbias, [a.nHidden]),
  });
  const layers: RbmParameters[] = [];
  for (const layer of state.layers) layers.push(await parameters(layer));
  let current: LayerState | undefined;
  const c = state.current;
  if (c) {
    if (c.layer !== layers.length + 1) throw new UsageError(`${statePath}: field current.layer: expected ${layers.length + 1}, got ${c.layer}`);
    const paramCount = c.nVisible * c.nHidden + c.nVisible + c.nHidden;
    const chain = c.chain === undefined ? undefined : await readChain(c.chain);
    current = {
      layer: c.layer,
      epoch: c.epoch,
      parameters: await parameters(c),
      increments: await array(c.increments, [paramCount]),
      ...(chain ? { chain } : {}),
      rng: { shuffle: Uint32Array.from(c.rng.shuffle), gibbs: Uint32Array.from(c.rng.gibbs) },
    };
  }
  async function readChain(name: string): Promise<Float32Array> {
    // The chain's length is batch x hidden; the trainer checks it against the options.
    const bytes = await readFile(join(dir, name)).catch(() => undefined);
    if (!bytes) throw new UsageError(`${join(dir, name)} is missing (listed in ${STATE_FILE})`);
    return array(name, decode(bytes, join(dir, name)).shape);
  }
  return {
    flags: state.flags,
    dataSha256: state.dataSha256,
    checkpoint: { layers, metrics: state.metrics as unknown as EpochMetrics[], ...(current ? { current } : {}) },
  };
}

function decode(bytes: Uint8Array, path: string) {
  try {
    return decodeNpy(bytes, { source: path });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Removes outDir/checkpoint/ (after the finished model bundle is written); no checkpoint is fine.
 *
 * @param outDir - The run's bundle directory.
 * @returns Once it is gone.
 */
export async function removeCheckpoint(outDir: string): Promise<void> {
  await rm(checkpointDirectory(outDir), { recursive: true, force: true });
}
