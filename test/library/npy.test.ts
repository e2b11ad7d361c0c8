// The browser-safe .npy format (src/npy-format.ts): round trips of every
// dtype and shape, NumPy's exact header, and one-line NpyErrors for bad input.
import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, NpyError, type NpyArray, type NpyDtype } from "../../src/npy-format.js";
import { dict, DTYPES, expectSameArray, randomArray, rawNpy, SHAPES } from "../support/npy.js";
import { mulberry32 } from "../support/random.js";

/** A version 3.0 file whose header holds a byte (0xff) that is never valid UTF-8. */
function invalidUtf8Header(): Uint8Array {
  const file = rawNpy(dict("'<f8'", "(1,)"), 8, [3, 0]);
  file[12 + "{'descr': '".length] = 0xff;
  return file;
}

function rejectionOf(bytes: Uint8Array): NpyError {
  try {
    decodeNpy(bytes, { source: "data/x.npy" });
  } catch (error) {
    expect(error).toBeInstanceOf(NpyError);
    const message = (error as Error).message;
    expect(message.startsWith("data/x.npy: ")).toBe(true);
    expect(message).not.toContain("\n");
    return error as NpyError;
  }
  throw new Error("decodeNpy accepted invalid input");
}

describe("encodeNpy / decodeNpy round trips", () => {
  let seed = 1;
  for (const dtype of DTYPES) {
    for (const shape of SHAPES) {
      it(`${dtype} shape (${shape.join(", ")})`, () => {
        const array = randomArray(dtype, shape, seed++);
        const file = encodeNpy(array);
        expect(file[6]).toBe(1);
        const headerLength = new DataView(file.buffer, file.byteOffset).getUint16(8, true);
        expect((10 + headerLength) % 64).toBe(0); // data is 64-byte aligned
        expectSameArray(decodeNpy(file), array);
      });
    }
  }

  it("encodes typed arrays that are views into a larger buffer", () => {
    const backing = new Int16Array([9, 9, 1, -2, 3, 9]);
    const array: NpyArray = { dtype: "int16", shape: [3], data: backing.subarray(2, 5) };
    expectSameArray(decodeNpy(encodeNpy(array)), array);
  });

  it("writes the header dict exactly as NumPy does", () => {
    const file = encodeNpy({ dtype: "int8", shape: [20000, 40, 40], data: new Int8Array(20000 * 40 * 40) });
    const header = new TextDecoder().decode(file.subarray(10, 128));
    expect(header).toBe(`{'descr': '|i1', 'fortran_order': False, 'shape': (20000, 40, 40), }${" ".repeat(49)}\n`);
    const oneDim = new TextDecoder().decode(encodeNpy({ dtype: "float64", shape: [5], data: new Float64Array(5) }));
    expect(oneDim).toContain("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }");
  });

  it("switches to format 2.0 when the header outgrows 65535 bytes", () => {
    const array: NpyArray = { dtype: "float32", shape: new Array<number>(22000).fill(1), data: new Float32Array([1.5]) };
    const file = encodeNpy(array);
    expect([file[6], file[7]]).toEqual([2, 0]);
    const headerLength = new DataView(file.buffer, file.byteOffset).getUint32(8, true);
    expect(headerLength).toBeGreaterThan(65535);
    expect((12 + headerLength) % 64).toBe(0);
    expectSameArray(decodeNpy(file), array);
  });

  it("normalizes nonzero bool bytes from other writers to 1", () => {
    const file = rawNpy(dict("'|b1'", "(3,)"), 3);
    file.set([0, 7, 255], file.length - 3);
    expect(Array.from(decodeNpy(file).data)).toEqual([0, 1, 1]);
  });

  it("accepts Python 2 long suffixes, any quote style and no trailing comma", () => {
    const file = rawNpy(`{"descr": "<i2", "fortran_order": False, "shape": (2L, 1L)}`, 4);
    file.set([1, 0, 0xff, 0xff], file.length - 4);
    expectSameArray(decodeNpy(file), { dtype: "int16", shape: [2, 1], data: new Int16Array([1, -1]) });
  });

  it("returns data that does not alias the input bytes", () => {
    const file = encodeNpy({ dtype: "uint8", shape: [2], data: new Uint8Array([4, 5]) });
    const decoded = decodeNpy(file);
    file[file.length - 1] = 0;
    expect(Array.from(decoded.data)).toEqual([4, 5]);
  });
});

describe("encodeNpy rejects inconsistent arrays with NpyError", () => {
  const cases: [string, NpyArray][] = [
    ["data type not matching dtype", { dtype: "float32", shape: [2], data: new Float64Array(2) }],
    ["int8 given a Uint8Array", { dtype: "int8", shape: [2], data: new Uint8Array(2) }],
    ["element count not matching shape", { dtype: "int32", shape: [2, 3], data: new Int32Array(5) }],
    ["negative dimension", { dtype: "uint8", shape: [-1, -2], data: new Uint8Array(2) }],
    ["non-integer dimension", { dtype: "uint8", shape: [0.5, 4], data: new Uint8Array(2) }],
    ["bool value other than 0/1", { dtype: "bool", shape: [2], data: new Uint8Array([1, 2]) }],
    ["unknown dtype", { dtype: "int64" as NpyDtype, shape: [1], data: new Int32Array(1) }],
  ];
  it.each(cases)("%s", (_, array) => {
    expect(() => encodeNpy(array)).toThrow(NpyError);
  });
});

describe("decodeNpy rejects bad input with a one-line NpyError", () => {
  const valid = encodeNpy({ dtype: "float64", shape: [10], data: new Float64Array(10) });
  const withByte = (index: number, value: number) => {
    const copy = valid.slice();
    copy[index] = value;
    return copy;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ["empty file", new Uint8Array(0), /bad magic/],
    ["text file", new TextEncoder().encode("hello, world\n"), /bad magic/],
    ["wrong magic byte", withByte(5, 0x58), /bad magic/],
    ["format version 4.0", withByte(6, 4), /unsupported \.npy format version 4\.0/],
    ["format version 0.0", withByte(6, 0), /unsupported \.npy format version 0\.0/],
    ["format version 1.1", withByte(7, 1), /unsupported \.npy format version 1\.1/],
    ["file ends inside the prefix", valid.slice(0, 9), /truncated/],
    ["header longer than the file", valid.slice(0, 100), /truncated: header declares 118 bytes/],
    ["header not a dict", rawNpy("['descr']", 0), /malformed header/],
    ["Python code in the header", rawNpy("__import__('os').system('true')", 0), /malformed header/],
    ["call inside the dict", rawNpy(dict("str('<f8')", "(1,)"), 8), /malformed header/],
    ["missing key", rawNpy("{'descr': '<f8', 'shape': (1,), }", 8), /missing key 'fortran_order'/],
    ["extra key", rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", 8), /unexpected key 'x'/],
    ["duplicate key", rawNpy("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", 8), /duplicate key/],
    ["unterminated string", rawNpy("{'descr: '<f8', 'fortran_order': False, 'shape': (1,)}", 8), /malformed header/],
    ["escape in a string", rawNpy(dict("'<f\\x38'", "(1,)"), 8), /malformed header/],
    ["unclosed dict", rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), ", 8), /malformed header/],
    ["text after the dict", rawNpy(`${dict("'<f8'", "(1,)")} x`, 8), /unexpected text after the dict/],
    ["lower-case false", rawNpy(dict("'<f8'", "(1,)", "false"), 8), /malformed header/],
    ["fortran_order as 0", rawNpy(dict("'<f8'", "(1,)", "0"), 8), /malformed header/],
    ["descr not a string", rawNpy(dict("8", "(1,)"), 8), /malformed header/],
    ["shape (1) is an int, not a tuple", rawNpy(dict("'<f8'", "(1)"), 8), /not a tuple/],
    ["shape as a list", rawNpy(dict("'<f8'", "[1]"), 8), /malformed header/],
    ["shape as a string", rawNpy(dict("'<f8'", "'1'"), 8), /'shape' is not a tuple/],
    ["invalid UTF-8 in a 3.0 header", invalidUtf8Header(), /not valid UTF-8/],
    ["object dtype", rawNpy(dict("'|O'", "(1,)"), 8), /object dtype/],
    ["structured dtype", rawNpy(dict("[('a', '<i4'), ('b', '<f8')]", "(1,)"), 12), /structured dtypes/],
    ["negative dimension", rawNpy(dict("'<f8'", "(-1, 3)"), 8), /negative dimension -1/],
    ["non-integer dimension", rawNpy(dict("'<f8'", "(2.5, 2)"), 8), /non-negative integers, found "2\.5"/],
    ["dimension in exponent form", rawNpy(dict("'<f8'", "(1e3,)"), 8), /non-negative integers/],
    ["dimension with leading zero", rawNpy(dict("'<f8'", "(08,)"), 8), /non-negative integers/],
    ["truncated data", rawNpy(dict("'<f8'", "(10,)"), 79), /truncated: header declares 80 bytes of data, file has 79$/],
    ["trailing garbage", rawNpy(dict("'<f8'", "(10,)"), 81), /trailing garbage: header declares 80 bytes of data, file has 81$/],
    ["absurd element count", rawNpy(dict("'|i1'", "(100000, 100000, 100000)"), 0), /absurd size/],
    ["just over 2^31 elements", rawNpy(dict("'|u1'", `(${2 ** 31 + 1},)`), 0), /absurd size/],
    ["dimension beyond 2^53", rawNpy(dict("'|u1'", `(${"9".repeat(30)}, 0)`), 0), /absurd size/],
    ["huge declared data, tiny file", rawNpy(dict("'<f8'", "(40000, 40000)"), 1000), /truncated: header declares 12800000000 bytes of data, file has 1000$/],
    ["int64", rawNpy(dict("'<i8'", "(1,)"), 8), /unsupported dtype '<i8'/],
    ["uint16", rawNpy(dict("'<u2'", "(1,)"), 2), /unsupported dtype '<u2'/],
    ["uint32", rawNpy(dict("'<u4'", "(1,)"), 4), /unsupported dtype '<u4'/],
    ["float16", rawNpy(dict("'<f2'", "(1,)"), 2), /unsupported dtype '<f2'/],
    ["complex64", rawNpy(dict("'<c8'", "(1,)"), 8), /unsupported dtype/],
    ["unicode string", rawNpy(dict("'<U3'", "(1,)"), 12), /unsupported dtype/],
    ["datetime", rawNpy(dict("'<M8[ns]'", "(1,)"), 8), /unsupported dtype/],
    ["multi-byte dtype without byte order", rawNpy(dict("'|f4'", "(1,)"), 4), /no definite byte order/],
  ];
  it.each(cases)("%s", (_, bytes, message) => {
    expect(rejectionOf(bytes).message).toMatch(message);
  });

  it("never fails with anything but NpyError on mutated or cut files", () => {
    const random = mulberry32(7);
    const originals = DTYPES.map((dtype, i) => encodeNpy(randomArray(dtype, [3, 4], i)));
    for (let trial = 0; trial < 3000; trial++) {
      const original = originals[trial % originals.length]!;
      let mutant = original.slice(0, Math.floor(random() * (original.length + 10)));
      if (mutant.length > original.length) mutant = new Uint8Array([...original, ...mutant.subarray(original.length)]);
      for (let flips = Math.floor(random() * 4); flips > 0; flips--) {
        mutant[Math.floor(random() * Math.min(mutant.length, 128))] = Math.floor(random() * 256);
      }
      try {
        decodeNpy(mutant);
      } catch (error) {
        expect(error, `trial ${trial}`).toBeInstanceOf(NpyError);
      }
    }
  });
});
