// `blockspin rg` and `analyze` on dimer samples: the sidecar sends them to
// the dimer measures (dimer-rg.json, not rg.json), with the encoding the
// model bundle records; the files agree with the services called in-process
// on the same data, and bad combinations exit 2 with one line.

import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCore } from "../../src/index.js";
import { readModelBundle } from "../../src/node/io/model-bundle.js";
import { encodeTrainingData, readTrainingData } from "../../src/node/io/training-data.js";
import { writeDimerArmRg, writeFieldReferenceRg, type DimerRgRecord } from "../../src/node/reproduce/dimer-rg-arm.js";
import { readJson } from "../support/outputs.js";
import { scoreModel } from "../../src/node/score/score.js";
import { blockspin } from "../support/cli.js";

describe("rg and analyze on dimer samples", () => {
  let dir = "";
  let data = "";
  let model = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "blockspin-rg-dimer-"));
    data = join(dir, "dimers.npy");
    model = join(dir, "model");
    expect(blockspin("sample", "--model", "dimer", "--size", "8", "--count", "400", "--seed", "2", "--quiet", "--out", data).code).toBe(0);
    const train = blockspin("train", "--data", data, "--encoding", "kjr", "--layers", "32,8", "--epochs", "2", "--quiet", "--out", model);
    expect(train.stderr).toBe("");
    expect(train.code).toBe(0);
  });

  it("without --model: the field reference's levels, as the service writes them", async () => {
    const out = join(dir, "field");
    const run = blockspin("rg", "--data", data, "--out", out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/level\s+units\s+block\s+medianR2/);
    const written = readJson<DimerRgRecord>(join(out, "dimer-rg.json"));
    expect(written.method).toBe("field");
    expect(existsSync(join(out, "rg.json"))).toBe(false);
    const bonds = Uint8Array.from((await readTrainingData(data)).data.values);
    const direct = await writeFieldReferenceRg(join(dir, "field-direct"), bonds, 8, 3, 1);
    expect(written.levels).toEqual(JSON.parse(JSON.stringify(direct.levels)));
  });

  it("with --model: each layer's measures on the data encoded as the bundle records (kjr, its decoy seed)", async () => {
    const out = join(dir, "stack");
    const run = blockspin("rg", "--data", data, "--model", model, "--out", out);
    expect(run.code).toBe(0);
    const written = readJson<DimerRgRecord>(join(out, "dimer-rg.json"));
    expect(written).toMatchObject({ method: "stack", encoding: "kjr", size: 8 });
    expect(written.levels.map((l) => l.units)).toEqual([32, 8]);
    expect(written.levels.every((l) => l.decoyShare !== null)).toBe(true);
    const raw = await readTrainingData(data);
    const { manifest, layers } = await readModelBundle(model);
    const visible = encodeTrainingData(raw, "kjr", manifest.data.encoding!.seed!);
    const direct = await writeDimerArmRg(await loadCore(), join(dir, "stack-direct"), Uint8Array.from(raw.data.values), 8, "kjr", visible.data, layers, 1);
    expect(written.levels).toEqual(JSON.parse(JSON.stringify(direct.levels)));
  });

  it("analyze draws bond images with the decoys apart and measures locality on the 2L x 2L grid", () => {
    const out = join(dir, "analysis");
    expect(blockspin("analyze", "--model", model, "--data", data, "--out", out).code).toBe(0);
    const analysis = readJson<{ lattice: number; layers: { blockSide: number }[] }>(join(out, "analysis.json"));
    expect(analysis.lattice).toBe(16);
    // Two units per block of b = 2 and 4 sites: blocks of 4 and 8 grid cells.
    expect(analysis.layers.map((l) => l.blockSide)).toEqual([4, 8]);
    expect(existsSync(join(out, "receptive-field-1-decoys.png"))).toBe(true);
  });

  it("score reads dimer data as the bundle saw it (kjr with its decoy seed); the thermometer refuses it", async () => {
    const run = blockspin("score", "--model", model, "--data", data, "--seed", "3");
    expect(run.code).toBe(0);
    const scored = JSON.parse(run.stdout) as { freeEnergy: number; pseudoLikelihood: number };
    const bundle = await readModelBundle(model);
    const visible = encodeTrainingData(await readTrainingData(data), "kjr", bundle.manifest.data.encoding!.seed!);
    const direct = await scoreModel(bundle, visible.data, 1, 3);
    expect(scored.freeEnergy).toBe(direct.freeEnergy);
    expect(scored.pseudoLikelihood).toBe(direct.pseudoLikelihood);
    const thermometer = blockspin("thermometer", "--data", data);
    expect(thermometer.code).toBe(2);
    expect(thermometer.stderr).toMatch(/holds dimer samples; the thermometer reads the Ising model's temperature/);
  });

  it("an Ising model on dimer data, or too many levels, exit 2 with one line", () => {
    const ising = join(dir, "ising.npy");
    expect(blockspin("sample", "--size", "8", "--count", "300", "--quiet", "--out", ising).code).toBe(0);
    const isingModel = join(dir, "ising-model");
    expect(blockspin("train", "--data", ising, "--hidden", "16", "--epochs", "1", "--quiet", "--out", isingModel).code).toBe(0);
    for (const [args, message] of [
      [["--model", isingModel], /was not trained on dimer data/],
      [["--levels", "4"], /--levels: the field reference on L = 8 has 1\.\.3 levels/],
      [["--model", model, "--levels", "3"], /--levels: the model has 2 layers/],
    ] as const) {
      const run = blockspin("rg", "--data", data, ...args, "--out", join(dir, "bad"));
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });
});
