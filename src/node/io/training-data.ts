// Reads training data for `train` and `score`: .npy of int8 +-1 spins or
// uint8 / bool 0/1 bits, any trailing shape (flattened per sample).

import { binaryLayerData, type LayerData } from "../../rbm/layer-data.js";
import { readNpy } from "./npy.js";
import { UsageError } from "../runtime/usage-error.js";

/** A training-data file as read (readTrainingData). */
export interface TrainingDataFile {
  /** The path read. */
  path: string;
  /** The .npy's shape: (samples, ...). */
  shape: number[];
  /** The .npy's dtype: int8, uint8 or bool. */
  dtype: string;
  /** The samples as 0/1 bits, one row of prod(shape[1:]) visible values per sample. */
  data: LayerData;
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
  try {
    return { path, shape: array.shape, dtype: array.dtype, data: binaryLayerData(array.data, array.shape) };
  } catch (error) {
    throw new UsageError(`${flag}: ${path}: ${(error as Error).message}`);
  }
}
