// NumPy (Debian python3-numpy) loads what `blockspin sample` writes: the
// peer half of test/cli/cli-sample.test.ts, skipped without NumPy.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findPython, runPython } from "../support/python.js";
import { readJson, type SampleSidecar } from "../support/outputs.js";

const CLI = new URL("../../dist/node/cli.js", import.meta.url).pathname;

function blockspin(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

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
});
