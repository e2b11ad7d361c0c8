import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, NpyError, type NpyArray, type NpyData, type NpyDtype } from "../src/npy-format.js";
import { readNpy, writeNpy } from "../src/node/io/npy.js";
import { removeIfExists, temporaryPathFor, writeFileAtomic } from "../src/node/io/atomic-write.js";
import { findPython, runPython } from "./support/python.js";

// Shape () (NumPy 0-d array, one element) is supported by both encoder and
// decoder, so it is round-tripped here like any other shape.

const DTYPES: NpyDtype[] = ["bool", "int8", "uint8", "int16", "int32", "float32", "float64"];
const SHAPES: number[][] = [[], [5], [3, 4, 5], [0, 3], [2, 1, 3, 1]];

const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "blockspin-npy-"));
  scratchDirs.push(dir);
  return dir;
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const RANDOM_DATA: Record<NpyDtype, (count: number, random: () => number) => NpyData> = {
  bool: (n, r) => Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0)),
  int8: (n, r) => Int8Array.from({ length: n }, () => Math.floor(r() * 2 ** 8) - 2 ** 7),
  uint8: (n, r) => Uint8Array.from({ length: n }, () => Math.floor(r() * 2 ** 8)),
  int16: (n, r) => Int16Array.from({ length: n }, () => Math.floor(r() * 2 ** 16) - 2 ** 15),
  int32: (n, r) => Int32Array.from({ length: n }, () => Math.floor(r() * 2 ** 32) - 2 ** 31),
  float32: (n, r) => Float32Array.from({ length: n }, () => (r() - 0.5) * 10 ** Math.floor(r() * 60 - 30)),
  float64: (n, r) => Float64Array.from({ length: n }, () => (r() - 0.5) * 10 ** Math.floor(r() * 600 - 300)),
};

function randomArray(dtype: NpyDtype, shape: number[], seed: number): NpyArray {
  const count = shape.reduce((product, dim) => product * dim, 1);
  return { dtype, shape, data: RANDOM_DATA[dtype](count, seededRandom(seed)) };
}

function expectSameArray(actual: NpyArray, expected: NpyArray): void {
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.data[Symbol.toStringTag]).toBe(expected.data[Symbol.toStringTag]);
  expect(Array.from(actual.data)).toEqual(Array.from(expected.data));
}

/** A hand-made .npy file: prefix, `header` padded to 64 bytes plus newline, then `dataLength` bytes. */
function rawNpy(header: string, dataLength: number, version: [number, number] = [1, 0]): Uint8Array {
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

function dict(descr: string, shape: string, fortranOrder = "False"): string {
  return `{'descr': ${descr}, 'fortran_order': ${fortranOrder}, 'shape': ${shape}, }`;
}

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
    const random = seededRandom(7);
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

describe("readNpy / writeNpy", () => {
  it("round-trips through a file", async () => {
    const path = join(scratch(), "a.npy");
    const array = randomArray("float32", [4, 6], 99);
    await writeNpy(path, array);
    expect(readdirSync(dirname(path))).toEqual(["a.npy"]);
    expectSameArray(await readNpy(path), array);
  });

  it("starts every error message with the path", async () => {
    const dir = scratch();
    await expect(readNpy(join(dir, "missing.npy"))).rejects.toThrow(new RegExp(`^${dir}/missing.npy: cannot read: ENOENT`));
    const truncated = join(dir, "t.npy");
    writeFileSync(truncated, rawNpy(dict("'|i1'", "(20000, 8, 8)"), 1000));
    await expect(readNpy(truncated)).rejects.toThrow(`${truncated}: truncated: header declares 1280000 bytes of data, file has 1000`);
    const bad = join(dir, "bad.npy");
    await expect(writeNpy(bad, { dtype: "int8", shape: [3], data: new Int8Array(2) })).rejects.toThrow(new RegExp(`^${bad}: cannot encode`));
    expect(readdirSync(dir).sort()).toEqual(["t.npy"]);
  });
});

describe("writeFileAtomic", () => {
  it("writes bytes and UTF-8 strings, replacing the old content, leaving no temp files", async () => {
    const dir = scratch();
    const path = join(dir, "out.bin");
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    await writeFileAtomic(path, "π ≈ 3.14\n");
    expect(readFileSync(path, "utf8")).toBe("π ≈ 3.14\n");
    expect(readdirSync(dir)).toEqual(["out.bin"]);
  });

  it("ends with one complete version when writes race", async () => {
    const dir = scratch();
    const path = join(dir, "race.txt");
    const contents = Array.from({ length: 12 }, (_, i) => `${i}`.repeat(10_000 + i));
    await Promise.all(contents.map((content) => writeFileAtomic(path, content)));
    expect(contents).toContain(readFileSync(path, "utf8"));
    expect(readdirSync(dir)).toEqual(["race.txt"]);
  });

  it("rejects and leaves nothing when the directory does not exist", async () => {
    const dir = scratch();
    await expect(writeFileAtomic(join(dir, "no", "such", "x.npy"), "data")).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("removes its temp file when the final rename fails", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "taken", "child"), { recursive: true }); // a non-empty directory cannot be renamed over
    await expect(writeFileAtomic(join(dir, "taken"), "data")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["taken"]);
    expect(readdirSync(join(dir, "taken"))).toEqual(["child"]);
  });

  it("names temp files .<base>.<pid>.<random>.tmp beside the target", () => {
    const temp = temporaryPathFor("/data/run/ising.npy");
    expect(dirname(temp)).toBe("/data/run");
    expect(temp.slice("/data/run/".length)).toMatch(new RegExp(`^\\.ising\\.npy\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    expect(temporaryPathFor("/data/run/ising.npy")).not.toBe(temp);
  });
});

describe("removeIfExists", () => {
  it("removes a file, tolerates a missing one, and reports which happened", async () => {
    const path = join(scratch(), "f");
    writeFileSync(path, "x");
    expect(await removeIfExists(path)).toBe(true);
    expect(await removeIfExists(path)).toBe(false);
  });

  it("still reports other failures", async () => {
    await expect(removeIfExists(scratch())).rejects.toThrow();
  });
});

// ------------------------------------------------------------ NumPy interop

const py = findPython(["numpy"]);
if (!py.python) console.warn(`skipping NumPy interop: ${py.reason}`);

/** Writes fixtures with real NumPy into argv[1]; prints {name: {dtype, shape, values}}. */
const WRITE_FIXTURES = String.raw`
import json, os, sys
import numpy as np
out = sys.argv[1]
manifest = {}
OUR_NAMES = {'?': 'bool', 'b': 'int8', 'B': 'uint8', 'h': 'int16', 'i': 'int32', 'f': 'float32', 'd': 'float64'}

def sample(descr, shape):
    dt = np.dtype(descr)
    k = np.arange(int(np.prod(shape)), dtype=np.int64)
    if dt.kind == 'b':
        v = (k * 7) % 3 == 0
    elif dt.kind == 'f':
        v = (k * 37 % 101) / 7.0 - 6.0
    else:
        info = np.iinfo(dt)
        v = int(info.min) + (k * 2654435761) % (int(info.max) - int(info.min) + 1)
    return np.asarray(v).astype(dt).reshape(shape)

def save(name, a, version=None):
    with open(os.path.join(out, name + '.npy'), 'wb') as f:
        if version is None:
            np.save(f, a)
        else:
            np.lib.format.write_array(f, a, version=version)
    manifest[name] = {'dtype': OUR_NAMES[a.dtype.char], 'shape': list(a.shape),
                      'values': a.reshape(-1, order='C').tolist()}

for descr in ['|b1', '|i1', '|u1', '<i2', '<i4', '<f4', '<f8']:
    save('le_' + descr[1:], sample(descr, (3, 4, 5)))
for descr in ['>f4', '>i4', '>i2', '>f8']:
    save('be_' + descr[1:], sample(descr, (6, 7)))
save('fortran_i2', np.asfortranarray(sample('<i2', (3, 4, 5))))
save('fortran_f8', np.asfortranarray(sample('<f8', (5, 6))))
save('fortran_be_i4', np.asfortranarray(sample('>i4', (2, 3, 4, 5))))
save('fortran_b1', np.asfortranarray(sample('|b1', (4, 3))))
save('v2_f4', sample('<f4', (3, 4)), version=(2, 0))
save('v3_i4', sample('<i4', (2, 2, 2)), version=(3, 0))
save('v3_fortran_be_f8', np.asfortranarray(sample('>f8', (3, 5))), version=(3, 0))
save('scalar_f8', np.array(2.5))
save('vector_u1', sample('|u1', (5,)))
save('empty_i2', sample('<i2', (0, 3)))
save('exact_int8', (np.arange(18) - 9).astype(np.int8).reshape(2, 3, 3))
save('exact_float32', (np.arange(20) / 8 - 1).astype(np.float32).reshape(4, 5))
np.save(os.path.join(out, 'special_be_f8.npy'), np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1 / 3], '>f8'))
np.save(os.path.join(out, 'special_be_f4.npy'), np.array([np.nan, np.inf, -np.inf, -0.0, 1e-45], '>f4'))
print(json.dumps(manifest))
`;

/** Loads every .npy in argv[1] with np.load; prints what NumPy sees. */
const LOAD_OURS = String.raw`
import json, os, sys
import numpy as np
seen = {}
for name in sorted(os.listdir(sys.argv[1])):
    a = np.load(os.path.join(sys.argv[1], name))
    seen[name] = {'descr': a.dtype.str, 'shape': list(a.shape), 'c': bool(a.flags.c_contiguous),
                  'values': a.reshape(-1).tolist()}
print(json.dumps(seen))
`;

interface Fixture {
  dtype: NpyDtype;
  shape: number[];
  values: (number | boolean)[];
}

const NUMPY_DESCR: Record<NpyDtype, string> = {
  bool: "|b1", int8: "|i1", uint8: "|u1", int16: "<i2", int32: "<i4", float32: "<f4", float64: "<f8",
};

describe.skipIf(!py.python)("NumPy interop", () => {
  let fixtureDir = "";
  let fixtures: Record<string, Fixture> = {};
  beforeAll(() => {
    fixtureDir = scratch();
    fixtures = JSON.parse(runPython(py.python!, WRITE_FIXTURES, [fixtureDir])) as Record<string, Fixture>;
  });
  const fixtureBytes = (name: string) => readFileSync(join(fixtureDir, `${name}.npy`));

  it("reads every file NumPy wrote: all dtypes, both byte orders, Fortran order, versions 1-3", async () => {
    expect(Object.keys(fixtures).length).toBe(23);
    for (const [name, fixture] of Object.entries(fixtures)) {
      const array = await readNpy(join(fixtureDir, `${name}.npy`));
      expect({ name, dtype: array.dtype, shape: array.shape }).toEqual({ name, dtype: fixture.dtype, shape: fixture.shape });
      expect(Array.from(array.data), name).toEqual(fixture.values.map(Number));
    }
  });

  it("reads NaN, infinities, -0 and subnormals in big-endian floats", () => {
    const f8 = decodeNpy(fixtureBytes("special_be_f8"));
    expect(f8.dtype).toBe("float64");
    [NaN, Infinity, -Infinity, -0, 5e-324, 1 / 3].forEach((value, i) => expect(Object.is(f8.data[i], value)).toBe(true));
    const f4 = decodeNpy(fixtureBytes("special_be_f4"));
    expect(f4.dtype).toBe("float32");
    [NaN, Infinity, -Infinity, -0, Math.fround(1e-45)].forEach((value, i) => expect(Object.is(f4.data[i], value)).toBe(true));
  });

  it("encodes byte-for-byte what NumPy writes", () => {
    const int8: NpyArray = { dtype: "int8", shape: [2, 3, 3], data: Int8Array.from({ length: 18 }, (_, i) => i - 9) };
    const float32: NpyArray = { dtype: "float32", shape: [4, 5], data: Float32Array.from({ length: 20 }, (_, i) => i / 8 - 1) };
    expect(Buffer.from(encodeNpy(int8)).equals(fixtureBytes("exact_int8"))).toBe(true);
    expect(Buffer.from(encodeNpy(float32)).equals(fixtureBytes("exact_float32"))).toBe(true);
    // Every little-endian C-order fixture, whatever its dtype or shape, re-encodes identically.
    for (const name of ["le_b1", "le_i1", "le_u1", "le_i2", "le_i4", "le_f4", "le_f8", "scalar_f8", "vector_u1", "empty_i2"]) {
      expect(Buffer.from(encodeNpy(decodeNpy(fixtureBytes(name)))).equals(fixtureBytes(name)), name).toBe(true);
    }
  });

  it("writes files NumPy loads with the right dtype, shape and values", async () => {
    const dir = scratch();
    const written = new Map<string, NpyArray>();
    let seed = 1000;
    for (const dtype of DTYPES) {
      for (const shape of SHAPES) {
        const array = randomArray(dtype, shape, seed++);
        const name = `${dtype}_${shape.join("x") || "scalar"}.npy`;
        await writeNpy(join(dir, name), array);
        written.set(name, array);
      }
    }
    const seen = JSON.parse(runPython(py.python!, LOAD_OURS, [dir])) as Record<string, Fixture & { descr: string; c: boolean }>;
    expect(Object.keys(seen).sort()).toEqual([...written.keys()].sort());
    for (const [name, array] of written) {
      const numpy = seen[name]!;
      expect({ name, descr: numpy.descr, shape: numpy.shape, c: numpy.c }).toEqual({ name, descr: NUMPY_DESCR[array.dtype], shape: array.shape, c: true });
      expect(numpy.values.map(Number), name).toEqual(Array.from(array.data));
    }
  });
});
