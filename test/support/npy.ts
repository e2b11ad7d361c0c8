// Test data for the .npy tests (test/library/npy.test.ts, test/cli/npy-files.test.ts,
// test/peers/npy-numpy.test.ts): random arrays of every dtype and shape, and
// hand-made files.
import { expect } from "vitest";
import type { NpyArray, NpyData, NpyDtype } from "../../src/npy-format.js";
import { mulberry32 } from "./random.js";

// Shape () (NumPy 0-d array, one element) is supported by both encoder and
// decoder, so it is round-tripped like any other shape.

export const DTYPES: NpyDtype[] = ["bool", "int8", "uint8", "int16", "int32", "float32", "float64"];
export const SHAPES: number[][] = [[], [5], [3, 4, 5], [0, 3], [2, 1, 3, 1]];

const RANDOM_DATA: Record<NpyDtype, (count: number, random: () => number) => NpyData> = {
  bool: (n, r) => Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0)),
  int8: (n, r) => Int8Array.from({ length: n }, () => Math.floor(r() * 2 ** 8) - 2 ** 7),
  uint8: (n, r) => Uint8Array.from({ length: n }, () => Math.floor(r() * 2 ** 8)),
  int16: (n, r) => Int16Array.from({ length: n }, () => Math.floor(r() * 2 ** 16) - 2 ** 15),
  int32: (n, r) => Int32Array.from({ length: n }, () => Math.floor(r() * 2 ** 32) - 2 ** 31),
  float32: (n, r) => Float32Array.from({ length: n }, () => (r() - 0.5) * 10 ** Math.floor(r() * 60 - 30)),
  float64: (n, r) => Float64Array.from({ length: n }, () => (r() - 0.5) * 10 ** Math.floor(r() * 600 - 300)),
};

export function randomArray(dtype: NpyDtype, shape: number[], seed: number): NpyArray {
  const count = shape.reduce((product, dim) => product * dim, 1);
  return { dtype, shape, data: RANDOM_DATA[dtype](count, mulberry32(seed)) };
}

export function expectSameArray(actual: NpyArray, expected: NpyArray): void {
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.data[Symbol.toStringTag]).toBe(expected.data[Symbol.toStringTag]);
  expect(Array.from(actual.data)).toEqual(Array.from(expected.data));
}

/** A hand-made .npy file: prefix, `header` padded to 64 bytes plus newline, then `dataLength` bytes. */
export function rawNpy(header: string, dataLength: number, version: [number, number] = [1, 0]): Uint8Array {
  const prefixLength = version[0] === 1 ? 10 : 12;
  const text = new TextEncoder().encode(header);
  const headerLength = Math.ceil((prefixLength + text.length + 1) / 64) * 64 - prefixLength;
  const file = new Uint8Array(prefixLength + headerLength + dataLength).fill(0x20, 0, prefixLength + headerLength);
  file.set([0x93, ...new TextEncoder().encode("NUMPY"), version[0], version[1]], 0);
  const view = new DataView(file.buffer);
  if (prefixLength === 10) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  file.set(text, prefixLength);
  file[prefixLength + headerLength - 1] = 0x0a;
  return file;
}

export function dict(descr: string, shape: string, fortranOrder = "False"): string {
  return `{'descr': ${descr}, 'fortran_order': ${fortranOrder}, 'shape': ${shape}, }`;
}
