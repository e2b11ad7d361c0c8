// Reads training data for `train` and `score`: .npy of int8 +-1 spins or
// uint8 / bool 0/1 bits, any trailing shape (flattened per sample). The
// NAME.json sidecar beside a sample file says which system it holds (its
// `model`, src/systems/registry.ts); a dimer file is checked to be (N, 2, L, L)
// coverings, and encodeTrainingData turns its bonds into the RBM's visible
// units (src/systems/dimer/encodings.ts). A file without a sidecar is read as
// it always was.

import { existsSync, readFileSync } from "node:fs";
import { binaryLayerData, type LayerData } from "../../rbm/layer-data.js";
import { DIMER_ENCODINGS, encodeDimers, encodedSampleShape, type DimerEncoding } from "../../systems/dimer/encodings.js";
import { SYSTEMS, SYSTEM_NAMES, systemNamed, type SystemName } from "../../systems/registry.js";
import { readNpy } from "./npy.js";
import type { Geometry } from "../../analysis/geometry.js";
import { sidecarPath } from "./sample-files.js";
import { UsageError } from "../runtime/usage-error.js";

/** A training-data file as read (readTrainingData). */
export interface TrainingDataFile {
  /** The path read. */
  path: string;
  /** The .npy's shape: (samples, ...). */
  shape: number[];
  /** The .npy's dtype: int8, uint8 or bool. */
  dtype: string;
  /** The samples as 0/1 bits, one row of prod(shape[1:]) visible values per sample (after encodeTrainingData, the encoded rows). */
  data: LayerData;
  /** The system the sidecar names (`ising` for a sample sidecar without `model`); undefined without a sidecar. */
  model?: SystemName;
  /** Lattice side L, when the sidecar names a system. */
  size?: number;
  /** The grid of the sites (the system's, src/systems/registry.ts), when the sidecar names a system. */
  geometry?: Geometry;
  /** How the samples were encoded for the RBM (encodeTrainingData), when they were. */
  encoding?: TrainingEncoding;
}

/** How a file's samples became visible units (encodeTrainingData): recorded in model.json's `data`. */
export interface TrainingEncoding {
  /** The encoding (DIMER_ENCODINGS). */
  name: DimerEncoding;
  /** The shape of one encoded sample: (2, L, L) for `bonds`, (2L, 2L) for the kjr images. */
  shape: number[];
  /** The seed of the decoy spins (kjr encodings only). */
  seed?: number;
}

const ACCEPTED_DTYPES = ["int8", "uint8", "bool"];

/**
 * Reads training data: a .npy of int8 -1/+1 spins or uint8/bool 0/1 bits, shape (samples, ...), each sample
 * flattened. Every problem is a UsageError naming `flag`.
 *
 * @param path - The .npy file.
 * @param flag - The flag the errors name; default `--data`.
 * @returns The file's shape and dtype, and the samples as bits.
 */
export async function readTrainingData(path: string, flag = "--data"): Promise<TrainingDataFile> {
  let array;
  try {
    array = await readNpy(path);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
  if (!ACCEPTED_DTYPES.includes(array.dtype)) {
    throw new UsageError(`${flag}: ${path} has dtype ${array.dtype}; expected int8 (spins -1/+1) or uint8/bool (bits 0/1)`);
  }
  if (array.shape.length < 2) {
    throw new UsageError(`${flag}: ${path} has shape (${array.shape.join(", ")}); expected (samples, features...)`);
  }
  const model = sidecarModel(path, flag);
  let size: number | undefined;
  if (model !== undefined) {
    try {
      size = SYSTEMS[model].checkSamples(array.data, array.shape);
    } catch (error) {
      // An Ising sidecar refuses nothing: Ising data of any shape was read before sidecars were.
      if (model !== "ising") throw new UsageError(`${flag}: ${path} (${model} samples): ${(error as Error).message}`);
    }
  }
  try {
    return {
      path, shape: array.shape, dtype: array.dtype, data: binaryLayerData(array.data, array.shape),
      ...(model !== undefined ? { model } : {}), ...(size !== undefined ? { size } : {}),
      ...(model !== undefined && size !== undefined ? { geometry: SYSTEMS[model].geometry(size) } : {}),
    };
  } catch (error) {
    throw new UsageError(`${flag}: ${path}: ${(error as Error).message}`);
  }
}

/**
 * The system a sample file's NAME.json names: its `model`, or `ising` for a sample sidecar from before
 * there was a choice; undefined when there is no sidecar, or it is not a sample sidecar.
 *
 * @param path - The .npy file.
 * @param flag - The flag a bad sidecar's UsageError names.
 * @returns The system's name, or undefined.
 * @throws UsageError when the sidecar names a system blockspin does not know.
 */
export function sidecarModel(path: string, flag: string): SystemName | undefined {
  const sidecar = sidecarPath(path);
  if (!existsSync(sidecar)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(sidecar, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof json !== "object" || json === null) return undefined;
  const { model, format } = json as { model?: unknown; format?: unknown };
  if (model === undefined) return format === "blockspin-ising-samples" ? "ising" : undefined;
  const system = typeof model === "string" ? systemNamed(model) : undefined;
  if (!system) throw new UsageError(`${flag}: ${sidecar} names model ${JSON.stringify(model)}; expected one of ${SYSTEM_NAMES.join(", ")}`);
  return system.name;
}

/**
 * The samples of a file as stored, as 0/1 bytes (a dimer file's bond occupations), without a copy.
 *
 * @param input - The data as read (readTrainingData, which always gives bits).
 * @returns nSamples x nVisible bytes, each 0 or 1, sample-major.
 */
export function sampleBits(input: TrainingDataFile): Uint8Array {
  if (input.data.kind !== "binary") throw new Error(`${input.path}: expected 0/1 samples as read, got ${input.data.kind} values`);
  return input.data.values;
}

/**
 * The training data as the RBM sees it: dimer samples encoded (bonds by default), anything else as read.
 *
 * @param input - The data as read (readTrainingData).
 * @param encoding - One of DIMER_ENCODINGS, or undefined for the default (`bonds` for dimer data).
 * @param seed - Integer in [0, 2^53) seeding the kjr encodings' decoy spins.
 * @param flag - The flag the errors name; default `--encoding`.
 * @returns The input with its rows encoded and `encoding` set (dimer data), or the input itself.
 * @throws UsageError when an encoding is asked for data that is not dimer samples.
 */
export function encodeTrainingData(input: TrainingDataFile, encoding: string | undefined, seed: number, flag = "--encoding"): TrainingDataFile {
  if (input.model !== "dimer") {
    if (encoding === undefined) return input;
    const what = input.model === undefined ? "has no sample sidecar naming a system" : `holds ${input.model} samples`;
    throw new UsageError(`${flag}: ${input.path} ${what}; encodings are for dimer samples (blockspin sample --model dimer)`);
  }
  const name = (encoding ?? DIMER_ENCODINGS[0]) as DimerEncoding;
  if (!(DIMER_ENCODINGS as readonly string[]).includes(name)) {
    throw new UsageError(`${flag}: ${name} is not one of ${DIMER_ENCODINGS.join(", ")}`);
  }
  const size = input.size!;
  const shape = encodedSampleShape(name, size);
  const values = encodeDimers(input.data.values, size, name, seed);
  const nVisible = shape.reduce((a, b) => a * b, 1);
  return {
    ...input,
    data: { kind: "binary", nSamples: input.data.nSamples, nVisible, values },
    encoding: { name, shape, ...(name === "bonds" ? {} : { seed }) },
  };
}

/**
 * The data as a model saw it: encoded as its bundle records (model.json's `data.encoding`: name and decoy seed), or
 * as read when the bundle records no encoding.
 *
 * @param input - The data as read (readTrainingData).
 * @param recorded - The bundle's record of the encoding, if any.
 * @returns The visible units the model was trained on.
 * @throws UsageError when an encoding is recorded but the data are not dimer samples.
 */
export function encodedAsRecorded(input: TrainingDataFile, recorded: { name: string; seed?: number } | undefined): TrainingDataFile {
  return recorded ? encodeTrainingData(input, recorded.name, recorded.seed ?? 0) : input;
}
