// Reads training data for `train` and `score`: .npy of int8 +-1 spins or
// uint8 / bool 0/1 bits, any trailing shape (flattened per sample).

import { binaryLayerData, type LayerData } from "../../rbm/layer-data.js";
import { readNpy } from "./npy.js";
import { UsageError } from "../runtime/usage-error.js";

export interface TrainingDataFile {
  path: string;
  shape: number[];
  dtype: string;
  data: LayerData;
}

const ACCEPTED_DTYPES = ["int8", "uint8", "bool"];

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
