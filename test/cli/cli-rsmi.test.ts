// `blockspin rsmi` end to end (dist/node/cli.js: run `npm run build:ts`
// first): the bundle's files and keys (docs/cli.md, "rsmi"), its filters and
// bounds equal to the library's runRsmiLevels on the same data and seed, the
// same bytes for the same seed, `rg --model` on the bundle equal to the
// library's rgAnalysis of its filters, and bad input as one line with exit
// code 2.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binaryLayerData, sampleIsing } from "../../src/index.js";
import { encodeNpy, type NpyArray } from "../../src/npy-format.js";
import { rgAnalysis } from "../../src/rg/rg-analysis.js";
import { runRsmiLevels } from "../../src/rsmi/rsmi-run.js";
import { testCore } from "../support/core.js";
import { readJson, type RgJson } from "../support/outputs.js";
import { blockspin, expectUsageError } from "../support/cli.js";

function writeArray(dir: string, name: string, array: NpyArray): string {
  const path = join(dir, name);
  writeFileSync(path, encodeNpy(array));
  return path;
}

interface RsmiModelJson {
  kind: string;
  seed: number;
  block: number;
  buffer: number;
  environment: number;
  hidden: number;
  data: { sha256: string; samples: number; lattice: number };
  levels: { level: number; side: number; environment: number; filters: number[][]; bound: number; ceiling: number }[];
}

interface RsmiJson {
  levels: { level: number; bound: number; boundOverCeiling: number; boundOverCoarseEntropy: number; epochs: { epoch: number; bound: number; boundOverCeiling: number }[] }[];
}

const L = 16, COUNT = 400;
const FLAGS = ["--levels", "2", "--epochs", "2", "--batch", "40", "--env", "2", "--seed", "5", "--quiet"];

async function isingFile(dir: string): Promise<{ path: string; configs: Int8Array }> {
  const { configs } = sampleIsing(await testCore(), { size: L, coupling: 0.4406868, count: COUNT, seed: 12, algorithm: "wolff", chains: 2 });
  return { path: writeArray(dir, "ising.npy", { dtype: "int8", shape: [COUNT, L, L], data: configs }), configs };
}

describe("blockspin rsmi", () => {
  it("writes the bundle: the library's filters and bounds, the same bytes for the same seed, PNGs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blockspin-rsmi-"));
    const { path, configs } = await isingFile(dir);
    const outs = ["a", "b"].map((name) => join(dir, name));
    for (const out of outs) {
      const run = blockspin("rsmi", "--data", path, "--out", out, ...FLAGS);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    const manifestText = readFileSync(join(outs[0]!, "rsmi-model.json"), "utf8");
    expect(readFileSync(join(outs[1]!, "rsmi-model.json"), "utf8")).toBe(manifestText);
    const manifest = JSON.parse(manifestText) as RsmiModelJson;
    expect(manifest.kind).toBe("rsmi");
    expect([manifest.seed, manifest.block, manifest.buffer, manifest.environment, manifest.hidden]).toEqual([5, 2, 2, 2, 1]);
    expect(manifest.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([manifest.data.samples, manifest.data.lattice]).toEqual([COUNT, L]);
    // Level 2 runs on 8 x 8: the environment thins to floor((8 - 2 - 4) / 2) = 1.
    expect(manifest.levels.map((l) => [l.level, l.side, l.environment])).toEqual([[1, 16, 2], [2, 8, 1]]);

    const library = runRsmiLevels(await testCore(), { values: configs, count: COUNT, height: L, width: L },
      { block: 2, buffer: 2, environment: 2, hidden: 1, levels: 2, epochs: 2, batchSize: 40 }, 5);
    library.forEach((level, i) => {
      expect(manifest.levels[i]!.filters).toEqual(level.filters);
      expect(manifest.levels[i]!.bound).toBe(level.bound);
      expect(manifest.levels[i]!.ceiling).toBeCloseTo(Math.log(40), 12);
      // Sign-aligned: the largest |weight| is positive.
      const row = level.filters[0]!;
      expect(row.reduce((a, w) => (Math.abs(w) > Math.abs(a) ? w : a), 0)).toBeGreaterThan(0);
    });
    const summary = readJson<RsmiJson>(join(outs[0]!, "rsmi.json"));
    expect(summary.levels.map((l) => l.epochs.length)).toEqual([2, 2]);
    summary.levels.forEach((level, i) => {
      expect(level.bound).toBe(library[i]!.bound);
      level.epochs.forEach((e, j) => {
        expect(e.bound).toBe(library[i]!.epochs[j]!.bound);
        expect(e.boundOverCeiling).toBeCloseTo(e.bound / Math.log(40), 12);
      });
      expect(level.boundOverCoarseEntropy).toBeCloseTo(level.bound / Math.LN2, 12);
    });
    for (const name of ["filters-level1.png", "filters-level2.png", "rsmi-bound.png"]) {
      expect(readFileSync(join(outs[0]!, name)).subarray(1, 4).toString()).toBe("PNG");
    }
  });

  it("rg --model measures the bundle's filters as the library does, method rsmi", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blockspin-rsmi-"));
    const { path, configs } = await isingFile(dir);
    const model = join(dir, "model");
    expect(blockspin("rsmi", "--data", path, "--out", model, ...FLAGS).code).toBe(0);
    const out = join(dir, "rg");
    const run = blockspin("rg", "--data", path, "--model", model, "--seed", "3", "--out", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rg = readJson<RgJson>(join(out, "rg.json"));
    expect(rg.method).toBe("rsmi");
    const manifest = readJson<RsmiModelJson>(join(model, "rsmi-model.json"));
    const filters = manifest.levels.map((l) => ({ filter: Float64Array.from(l.filters[0]!), block: 2 }));
    const library = rgAnalysis(await testCore(), binaryLayerData(configs, [COUNT, L, L]), L, { rsmi: filters, seed: 3 });
    expect(rg.levels.map((l) => l.units)).toEqual([256, 64, 16]);
    library.levels.forEach((level, l) => {
      expect(rg.levels[l]!.xi2).toBe(level.xi2);
      expect(rg.levels[l]!.binder).toBe(level.binder);
      expect(rg.levels[l]!.tilingError).toBe(0);
      if (l > 0) expect(rg.levels[l]!.nu).toBe(level.nu);
    });
    expectUsageError(blockspin("rg", "--data", path, "--model", model, "--levels", "3", "--out", out), /RSMI model has 2 levels/);
  });

  it("rejects bad input with one line and exit code 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blockspin-rsmi-"));
    const { path } = await isingFile(dir);
    const bits = writeArray(dir, "bits.npy", { dtype: "uint8", shape: [4, 16, 16], data: new Uint8Array(1024).fill(1) });
    const o = join(dir, "o");
    expectUsageError(blockspin("rsmi", "--out", o), /--data/);
    expectUsageError(blockspin("rsmi", "--data", bits, "--out", o), /dtype uint8; expected int8/);
    expectUsageError(blockspin("rsmi", "--data", path, "--block", "3", "--out", o), /block 3 does not divide the 16 x 16 lattice/);
    expectUsageError(blockspin("rsmi", "--data", path, "--hidden", "2", "--levels", "2", "--out", o), /hidden 1/);
    expectUsageError(blockspin("rsmi", "--data", path, "--levels", "3", "--out", o), /level 3: a 4 x 4 lattice cannot hold/);
    expectUsageError(blockspin("rsmi", "--data", path, "--epochs", "0", "--out", o), /--epochs/);
    expectUsageError(blockspin("rsmi", "--data", path, "--buffer", "-1", "--out", o), /--buffer/);
    // A two-level model against 10 x 10 data: level 2 would block a 5 x 5 lattice.
    const model = join(dir, "model");
    expect(blockspin("rsmi", "--data", path, "--out", model, ...FLAGS).code).toBe(0);
    const { configs } = sampleIsing(await testCore(), { size: 10, coupling: 0.4, count: 20, seed: 1 });
    const ten = writeArray(dir, "ten.npy", { dtype: "int8", shape: [20, 10, 10], data: configs });
    expectUsageError(blockspin("rg", "--data", ten, "--model", model, "--out", o), /do not fit the 10x10 data/);
  });
});
