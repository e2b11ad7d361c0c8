// NumPy interop (Debian python3-numpy): .npy files NumPy wrote read back,
// and files blockspin writes loaded by NumPy; skipped without NumPy.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, type NpyArray, type NpyDtype } from "../../src/npy-format.js";
import { readNpy, writeNpy } from "../../src/node/io/npy.js";
import { findPython, runPython } from "../support/python.js";
import { DTYPES, randomArray, SHAPES } from "../support/npy.js";
import { scratchDirectories } from "../support/scratch.js";

const scratch = scratchDirectories("blockspin-npy-");

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
