// NumPy (Debian python3-numpy) loads what `blockspin sample` writes: the
// peer half of test/cli/cli-sample.test.ts, skipped without NumPy.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockspin } from "../support/cli.js";
import { findPython, runPython } from "../support/python.js";
import { readJson, type SampleSidecar } from "../support/outputs.js";
import { loadDigits } from "../../src/systems/digits/load-digits.js";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "blockspin-cli-"));
}

const numpy = findPython(["numpy"]);
if (!numpy.python) console.warn(`skipping NumPy read-back of blockspin sample: ${numpy.reason}`);

describe.skipIf(!numpy.python)("NumPy reads what blockspin sample writes", () => {
  it("has shape (count, L, L), dtype int8, values +-1 and the energy in the sidecar", () => {
    const dir = scratch();
    const out = join(dir, "ising.npy");
    expect(blockspin("sample", "--size", "10", "--coupling", "0.44", "--count", "64", "--seed", "2", "--quiet", "--out", out).code).toBe(0);
    const report = JSON.parse(runPython(numpy.python!, `
import json, sys, numpy as np
x = np.load(sys.argv[1])
e = -(x * (np.roll(x, -1, axis=2) + np.roll(x, -1, axis=1))).sum(axis=(1, 2)) / (x.shape[1] * x.shape[2])
print(json.dumps({"shape": list(x.shape), "dtype": str(x.dtype), "values": sorted(set(np.unique(x).tolist())),
                  "energy": float(e.mean()), "absm": float(np.abs(x.mean(axis=(1, 2))).mean())}))
`, [out])) as { shape: number[]; dtype: string; values: number[]; energy: number; absm: number };
    const meta = readJson<SampleSidecar>(join(dir, "ising.json"));
    expect(report.shape).toEqual([64, 10, 10]);
    expect(report.dtype).toBe("int8");
    expect(report.values).toEqual([-1, 1]);
    expect(report.energy).toBeCloseTo(meta.stats.energyPerSpin.mean, 12);
    expect(report.absm).toBeCloseTo(meta.stats.absMagnetization.mean, 12);
  });

  it("digits: shape (count, 28, 28), dtype uint8, 0/1 pixels, the labels in the sidecar matching the package's images", () => {
    const dir = scratch();
    const out = join(dir, "digits.npy");
    expect(blockspin("sample", "--model", "digits", "--count", "300", "--seed", "4", "--quiet", "--out", out).code).toBe(0);
    const report = JSON.parse(runPython(numpy.python!, `
import json, sys, numpy as np
x = np.load(sys.argv[1])
print(json.dumps({"shape": list(x.shape), "dtype": str(x.dtype), "values": sorted(np.unique(x).tolist()),
                  "density": float(x.mean()), "ink": x.reshape(x.shape[0], -1).sum(axis=1).tolist()}))
`, [out])) as { shape: number[]; dtype: string; values: number[]; density: number; ink: number[] };
    const meta = readJson<{ sourceIndices: number[]; labels: number[]; geometry: { kind: string } }>(join(dir, "digits.json"));
    const digits = loadDigits({ count: 300, seed: 4 });
    expect(report.shape).toEqual([300, 28, 28]);
    expect(report.dtype).toBe("uint8");
    expect(report.values).toEqual([0, 1]);
    expect(meta.geometry.kind).toBe("open");
    expect(meta.labels).toEqual(Array.from(digits.labels));
    const ink = Array.from({ length: 300 }, (_, n) => digits.images.subarray(n * 784, (n + 1) * 784).reduce((a, b) => a + b, 0));
    expect(report.ink).toEqual(ink);
    expect(report.density).toBeGreaterThan(0.1);
    expect(report.density).toBeLessThan(0.16);
  });
});
