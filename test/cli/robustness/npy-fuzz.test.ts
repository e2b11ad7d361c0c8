// Random and mutated .npy bytes never crash, hang or load inconsistently:
// every input either decodes to a self-consistent array or is refused with
// a one-line NpyError. Prints how many bad inputs were tried.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, NpyError, type NpyArray, type NpyDtype } from "../../../src/npy-format.js";

const DTYPES: NpyDtype[] = ["int8", "uint8", "bool", "int16", "int32", "float32", "float64"];
const tally = { tried: 0, refused: 0, decoded: 0 };

afterAll(() => {
  console.log(`npy robustness: ${tally.tried} bad inputs tried, ${tally.refused} refused cleanly with NpyError, ` +
    `${tally.decoded} decoded to self-consistent arrays, 0 crashes`);
});

/** Decodes or refuses; anything else (RangeError, TypeError, a hang) fails the property. */
function decodeOrRefuse(bytes: Uint8Array): NpyArray | undefined {
  tally.tried++;
  try {
    const array = decodeNpy(bytes, { source: "fuzz.npy" });
    tally.decoded++;
    return array;
  } catch (error) {
    if (!(error instanceof NpyError)) throw error;
    expect(error.message.split("\n")).toHaveLength(1);
    tally.refused++;
    return undefined;
  }
}

function expectConsistent(array: NpyArray): void {
  const elements = array.shape.reduce((a, b) => a * b, 1);
  expect(array.data.length).toBe(elements);
  expect(DTYPES).toContain(array.dtype);
}

const arrayArbitrary: fc.Arbitrary<NpyArray> = fc
  .record({
    dtype: fc.constantFrom(...DTYPES),
    shape: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 4 }),
  })
  .chain(({ dtype, shape }) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const values = fc.array(valueFor(dtype), { minLength: count, maxLength: count });
    return values.map((list) => ({ dtype, shape, data: typedArray(dtype, list) }));
  });

function valueFor(dtype: NpyDtype): fc.Arbitrary<number> {
  switch (dtype) {
    case "int8": return fc.integer({ min: -128, max: 127 });
    case "uint8": return fc.integer({ min: 0, max: 255 });
    case "bool": return fc.integer({ min: 0, max: 1 });
    case "int16": return fc.integer({ min: -32768, max: 32767 });
    case "int32": return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case "float32": return fc.float({ noNaN: true }).map(Math.fround);
    case "float64": return fc.double({ noNaN: true });
  }
}

function typedArray(dtype: NpyDtype, values: number[]): NpyArray["data"] {
  switch (dtype) {
    case "int8": return Int8Array.from(values);
    case "uint8": case "bool": return Uint8Array.from(values);
    case "int16": return Int16Array.from(values);
    case "int32": return Int32Array.from(values);
    case "float32": return Float32Array.from(values);
    case "float64": return Float64Array.from(values);
  }
}

describe("npy robustness", () => {
  it("write then read is the identity for every dtype and shape", () => {
    fc.assert(fc.property(arrayArbitrary, (array) => {
      const back = decodeNpy(encodeNpy(array));
      expect(back.dtype).toBe(array.dtype);
      expect(back.shape).toEqual(array.shape);
      expect(Array.from(back.data)).toEqual(Array.from(array.data));
    }), { numRuns: 400 });
  });

  it("random bytes are refused or decode consistently", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const array = decodeOrRefuse(bytes);
      if (array) expectConsistent(array);
    }), { numRuns: 1500 });
  });

  it("random bytes after a valid magic and version are refused or decode consistently", () => {
    const magic = Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
    fc.assert(fc.property(fc.constantFrom(1, 2, 3), fc.uint8Array({ maxLength: 300 }), (major, rest) => {
      const bytes = new Uint8Array([...magic, major, 0, ...rest]);
      const array = decodeOrRefuse(bytes);
      if (array) expectConsistent(array);
    }), { numRuns: 1500 });
  });

  it("mutated valid files are refused or decode consistently, and truncations are always refused", () => {
    const mutation = fc.record({
      array: arrayArbitrary,
      edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
      cut: fc.nat(),
    });
    fc.assert(fc.property(mutation, ({ array, edits, cut }) => {
      const valid = encodeNpy(array);
      const edited = valid.slice();
      for (const { at, value } of edits) edited[at % edited.length] = value;
      const decoded = decodeOrRefuse(edited);
      if (decoded) expectConsistent(decoded);
      const truncated = valid.subarray(0, cut % valid.length);
      expect(decodeOrRefuse(truncated)).toBeUndefined();
    }), { numRuns: 1500 });
  });

  it("refuses absurd declared sizes without allocating them", () => {
    const header = (shape: string) => {
      const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`;
      const padded = dict.padEnd(118, " ") + "\n";
      return new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length & 255, padded.length >> 8, ...Buffer.from(padded, "latin1")]);
    };
    for (const shape of ["(1000000000000,)", "(4294967296, 4294967296)", "(99999999, 99999999, 99999999)"]) {
      expect(decodeOrRefuse(header(shape))).toBeUndefined();
    }
  });
});
