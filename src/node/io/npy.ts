// .npy files on disk. Encoding and decoding are the browser-safe pure
// functions of ../npy-format.js; this adds reading and atomic writing.

import { readFile } from "node:fs/promises";
import { decodeNpy, encodeNpy, NpyError, type DecodeNpyOptions, type NpyArray } from "../../npy-format.js";
import { writeFileAtomic } from "./atomic-write.js";

export {
  decodeNpy, encodeNpy, NpyError, NPY_MAX_ELEMENTS,
  type DecodeNpyOptions, type NpyArray, type NpyData, type NpyDtype,
} from "../../npy-format.js";

/**
 * Reads a whole .npy file; every NpyError message starts with `path`.
 *
 * @param path - The .npy file.
 * @param options - decodeNpy's options (limits), less `source`, which is `path`.
 * @returns The array: dtype, shape and data.
 */
export async function readNpy(path: string, options: Omit<DecodeNpyOptions, "source"> = {}): Promise<NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    // Node's message repeats the path after a comma ("ENOENT: no such file or directory, open 'x'").
    const reason = (error instanceof Error ? error.message : String(error)).split(",")[0];
    throw new NpyError(`${path}: cannot read: ${reason}`, { cause: error });
  }
  return decodeNpy(bytes, { ...options, source: path });
}

/**
 * Writes `array` as .npy (see encodeNpy) so that `path` is replaced whole or not at all (writeFileAtomic).
 *
 * @param path - The .npy file.
 * @param array - dtype, shape (C order) and data.
 * @returns Once the file is in place.
 */
export async function writeNpy(path: string, array: NpyArray): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = encodeNpy(array);
  } catch (error) {
    if (error instanceof NpyError) throw new NpyError(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
  await writeFileAtomic(path, bytes);
}
