// `blockspin rg` end to end (dist/node/cli.js: run `npm run build:ts` first):
// rg.json carries the documented keys (docs/cli.md, "rg") and the library's numbers, a model's
// levels come out the same on any thread count, and bad input is one line
// on stderr with exit code 2.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binaryLayerData, sampleIsing } from "../../src/index.js";
import { encodeNpy, type NpyArray } from "../../src/npy-format.js";
import { rgAnalysis } from "../../src/rg/rg-analysis.js";
import { testCore } from "../support/core.js";
import { readJson, type RgJson } from "../support/outputs.js";
import { blockspin, expectUsageError } from "../support/cli.js";

const LEVEL_KEYS = ["level", "units", "xi2", "xi2Ratio", "absMagnetization", "binder", "tilingError", "lambdaT", "nu"];

function writeArray(dir: string, name: string, array: NpyArray): string {
  const path = join(dir, name);
  writeFileSync(path, encodeNpy(array));
  return path;
}

async function isingFile(dir: string, L: number, count: number): Promise<{ path: string; configs: Int8Array }> {
  const { configs } = sampleIsing(await testCore(), { size: L, coupling: 0.4, count, seed: 12, algorithm: "wolff", chains: 2 });
  return { path: writeArray(dir, `ising-${L}.npy`, { dtype: "int8", shape: [count, L, L], data: configs }), configs };
}

const readRg = (dir: string) => readJson<RgJson>(join(dir, "rg.json"));

describe("blockspin rg", () => {
  it("runs majority rule without --model: the issue's keys, the library's numbers, a table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blockspin-rg-"));
    const { path, configs } = await isingFile(dir, 16, 300);
    const out = join(dir, "out");
    const run = blockspin("rg", "--data", path, "--levels", "2", "--seed", "3", "--out", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rg = readRg(out);
    expect(rg.method).toBe("majority");
    expect(rg.levels.map((l) => l.level)).toEqual([0, 1, 2]);
    for (const level of rg.levels) for (const key of LEVEL_KEYS) expect(level).toHaveProperty(key);
    expect(rg.levels[0]!.lambdaT).toBeNull(); // NaN at level 0, written as null
    const library = rgAnalysis(await testCore(), binaryLayerData(configs, [300, 16, 16]), 16, { levels: 2, seed: 3 });
    library.levels.forEach((level, l) => {
      expect(rg.levels[l]!.xi2).toBe(level.xi2);
      expect(rg.levels[l]!.tilingError).toBe(0);
      if (l > 0) expect(rg.levels[l]!.nu).toBe(level.nu);
    });
    expect(run.stdout.split("\n")[0]).toMatch(/level\s+units\s+xi2\s+xi2Ratio/);
    expect(run.stdout.split("\n")).toHaveLength(1 + 3 + 2); // header, 3 levels, "wrote ..." and the final newline
  });

  it("measures a trained model's layers, identically on 1 and 2 threads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blockspin-rg-"));
    const { path } = await isingFile(dir, 8, 400);
    const model = join(dir, "model");
    const train = blockspin("train", "--data", path, "--layers", "16,4", "--epochs", "3,3", "--batch", "20", "--out", model, "--quiet");
    expect(train.code).toBe(0);
    const runs = [1, 2].map((threads) => {
      const out = join(dir, `out-${threads}`);
      const run = blockspin("rg", "--data", path, "--model", model, "--threads", String(threads), "--out", out);
      expect(run.code).toBe(0);
      return readFileSync(join(out, "rg.json"), "utf8");
    });
    expect(runs[1]).toBe(runs[0]);
    const rg = JSON.parse(runs[0]!) as RgJson;
    expect(rg.method).toBe("stack");
    expect(rg.levels.map((l) => l.units)).toEqual([64, 16, 4]);
    expect(rg.levels[1]!.tilingError).toBeGreaterThanOrEqual(0);
    expect(rg.levels[0]!.xi2Ratio).toBe(1);
  });

  it("rejects bad input with one line and exit code 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blockspin-rg-"));
    const { path } = await isingFile(dir, 10, 50);
    const bits = writeArray(dir, "bits.npy", { dtype: "uint8", shape: [4, 4, 4], data: new Uint8Array(64).fill(1) });
    const zeros = writeArray(dir, "zeros.npy", { dtype: "int8", shape: [4, 4, 4], data: Int8Array.from({ length: 64 }, (_, i) => (i === 5 ? 0 : 1)) });
    const oblong = writeArray(dir, "oblong.npy", { dtype: "int8", shape: [4, 4, 5], data: new Int8Array(80).fill(1) });
    expectUsageError(blockspin("rg", "--data", bits, "--out", join(dir, "o")), /dtype uint8; expected int8/);
    expectUsageError(blockspin("rg", "--data", zeros, "--out", join(dir, "o")), /holds 0 at flat index 5/);
    expectUsageError(blockspin("rg", "--data", oblong, "--out", join(dir, "o")), /expected \(N, L, L\)/);
    expectUsageError(blockspin("rg", "--data", path, "--levels", "2", "--out", join(dir, "o")), /not divisible by 2\^2/);
    expectUsageError(blockspin("rg", "--data", path, "--samples", "51", "--out", join(dir, "o")), /has 50 samples/);
    expectUsageError(blockspin("rg", "--data", join(dir, "missing.npy"), "--out", join(dir, "o")), /cannot read/);
    // A model trained on 4 x 4 lattices against 10 x 10 data.
    const small = writeArray(dir, "small.npy", { dtype: "int8", shape: [20, 4, 4], data: Int8Array.from({ length: 320 }, (_, i) => (i % 3 ? 1 : -1)) });
    const model = join(dir, "model");
    expect(blockspin("train", "--data", small, "--layers", "4", "--epochs", "1", "--batch", "10", "--out", model, "--quiet").code).toBe(0);
    expectUsageError(blockspin("rg", "--data", path, "--model", model, "--out", join(dir, "o")), /first layer has 16 visible units/);
    expectUsageError(blockspin("rg", "--data", small, "--model", model, "--levels", "2", "--out", join(dir, "o")), /model has 1 layers/);
  });
});
