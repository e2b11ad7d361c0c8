import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, type NpyArray } from "../../src/npy-format.js";
import { readJson, type EpochLine, type ModelManifestJson } from "../support/outputs.js";
import { mulberry32 } from "../support/random.js";
import { blockspin, expectUsageError } from "../support/cli.js";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "blockspin-train-"));
}

function writeArray(dir: string, name: string, array: NpyArray): string {
  const path = join(dir, name);
  writeFileSync(path, encodeNpy(array));
  return path;
}

/** 60 random 4x4 spin configurations as int8 -1/+1. */
function spins(dir: string, count = 60): string {
  const random = mulberry32(9);
  const data = Int8Array.from({ length: count * 16 }, () => (random() < 0.5 ? -1 : 1));
  return writeArray(dir, "spins.npy", { dtype: "int8", shape: [count, 4, 4], data });
}

function npyFloats(path: string): Float32Array {
  return decodeNpy(readFileSync(path)).data as Float32Array;
}

describe("blockspin train and score", () => {
  it("trains a stack into a complete bundle and scores it", () => {
    const dir = scratch();
    const data = spins(dir);
    const out = join(dir, "model");
    const run = blockspin("train", "--data", data, "--layers", "6,3", "--epochs", "3,2", "--batch", "10", "--out", out, "--quiet");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const manifest = readJson<ModelManifestJson>(join(out, "model.json"));
    expect(manifest.architecture).toEqual([16, 6, 3]);
    expect(manifest.status).toBe("complete");
    expect(manifest.layers.map((l) => l.training.epochs)).toEqual([3, 2]);
    expect(manifest.layers[0]!.training.penalty).toBe("l1");
    expect(manifest.data.trainSamples + manifest.data.validationSamples).toBe(60);
    const metrics = readFileSync(join(out, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as EpochLine);
    expect(metrics.map((m) => [m.layer, m.epoch])).toEqual([[1, 1], [1, 2], [1, 3], [2, 1], [2, 2]]);
    const score = blockspin("score", "--model", out, "--data", data);
    expect(score.code).toBe(0);
    const scores = JSON.parse(score.stdout) as Record<string, number>;
    expect(scores.nSamples).toBe(60);
    for (const key of ["freeEnergy", "pseudoLikelihood", "reconstructionError"]) expect(Number.isFinite(scores[key])).toBe(true);
    const layer2 = JSON.parse(blockspin("score", "--model", out, "--data", data, "--layer", "2").stdout) as { layer: number };
    expect(layer2.layer).toBe(2);
  });

  it("--simd picks the wasm build, records it in model.json, and relaxed lands within the documented tolerance of baseline", () => {
    const dir = scratch();
    const data = spins(dir);
    const train = (simd: string) => {
      const out = join(dir, simd);
      const run = blockspin("train", "--data", data, "--layers", "6", "--epochs", "2", "--batch", "10", "--simd", simd, "--out", out, "--quiet");
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const weights = npyFloats(join(out, "layer1.W.npy"));
      return { manifest: readJson<ModelManifestJson>(join(out, "model.json")), weights };
    };
    const baseline = train("baseline");
    // Node 20 needs --experimental-wasm-relaxed-simd: the CLI turns it on itself.
    const relaxed = train("relaxed");
    expect(baseline.manifest.simd).toBe("baseline");
    expect(relaxed.manifest.simd).toBe("relaxed");
    const maxDiff = Math.max(...baseline.weights.map((w, k) => Math.abs(w - relaxed.weights[k]!)));
    expect(maxDiff).toBeLessThanOrEqual(1e-3);
    expectUsageError(blockspin("train", "--data", data, "--simd", "avx", "--out", join(dir, "x")), /--simd.*avx/);
  });

  it("accepts uint8 0/1 data with any trailing shape", () => {
    const dir = scratch();
    const random = mulberry32(2);
    const data = writeArray(dir, "bits.npy", { dtype: "uint8", shape: [40, 2, 3, 2], data: Uint8Array.from({ length: 480 }, () => (random() < 0.3 ? 1 : 0)) });
    const run = blockspin("train", "--data", data, "--hidden", "4", "--epochs", "1", "--batch", "8", "--preset", "sklearn", "--out", join(dir, "m"), "--quiet");
    expect(run.code).toBe(0);
    expect(readJson<ModelManifestJson>(join(dir, "m", "model.json")).layers[0]!.training.preset).toBe("sklearn");
  });

  const badTraining: [string, (dir: string) => string[], RegExp][] = [
    ["float data", (dir) => ["--data", writeArray(dir, "f.npy", { dtype: "float32", shape: [10, 4], data: new Float32Array(40) })], /dtype float32/],
    ["values other than spins or bits", (dir) => ["--data", writeArray(dir, "v.npy", { dtype: "int8", shape: [10, 4], data: new Int8Array(40).fill(2) })], /value 2/],
    ["spins mixed with zeros", (dir) => ["--data", writeArray(dir, "m.npy", { dtype: "int8", shape: [2, 2], data: Int8Array.from([-1, 0, 1, 1]) })], /mixes -1 and 0/],
    ["empty data", (dir) => ["--data", writeArray(dir, "e.npy", { dtype: "int8", shape: [0, 16], data: new Int8Array(0) })], /empty/],
    ["a missing file", (dir) => ["--data", join(dir, "nope.npy")], /--data: .*nope\.npy/],
    ["zero hidden units", (dir) => ["--data", spins(dir), "--hidden", "0"], /--hidden/],
    ["zero learning rate", (dir) => ["--data", spins(dir), "--lr", "0"], /--lr/],
    ["NaN learning rate", (dir) => ["--data", spins(dir), "--lr", "nan"], /--lr/],
    ["a batch larger than the data", (dir) => ["--data", spins(dir), "--batch", "500"], /batch size 500 is larger/],
    ["an unknown penalty", (dir) => ["--data", spins(dir), "--penalty", "l3"], /--penalty/],
    ["an unknown preset", (dir) => ["--data", spins(dir), "--preset", "keras"], /--preset/],
    ["per-layer lists of the wrong length", (dir) => ["--data", spins(dir), "--layers", "4,3", "--lr", "0.1,0.2,0.3"], /--lr: give one value or 2/],
  ];
  for (const [label, args, pattern] of badTraining) {
    it(`rejects ${label} with one line and exit code 2`, () => {
      const dir = scratch();
      expectUsageError(blockspin("train", ...args(dir), "--epochs", "1", "--out", join(dir, "out")), pattern);
    });
  }

  it("rejects broken model bundles naming the file or field", () => {
    const dir = scratch();
    const data = spins(dir);
    const out = join(dir, "model");
    expect(blockspin("train", "--data", data, "--hidden", "5", "--epochs", "1", "--batch", "10", "--out", out, "--quiet").code).toBe(0);
    const manifestPath = join(out, "model.json");
    const manifest = readFileSync(manifestPath, "utf8");

    writeFileSync(manifestPath, manifest.replace('"nHidden": 5', '"nHidden": "five"'));
    expectUsageError(blockspin("score", "--model", out, "--data", data), /field layers\.0\.nHidden/);
    writeFileSync(manifestPath, manifest.replace('"nHidden": 5', '"nHidden": 6'));
    expectUsageError(blockspin("score", "--model", out, "--data", data), /layer1\.W\.npy: shape \(16, 5\), model\.json declares \(16, 6\)/);
    writeFileSync(manifestPath, manifest);
    // a valid array of the right shape from another write: the digest in model.json catches it
    const weights = readFileSync(join(out, "layer1.W.npy"));
    writeArray(out, "layer1.W.npy", { dtype: "float32", shape: [16, 5], data: new Float32Array(80).fill(0.5) });
    expectUsageError(blockspin("score", "--model", out, "--data", data), /layer1\.W\.npy is not the file model\.json was written with/);
    writeFileSync(join(out, "layer1.W.npy"), weights);
    rmSync(join(out, "layer1.hbias.npy"));
    expectUsageError(blockspin("score", "--model", out, "--data", data), /layer1\.hbias\.npy is missing/);
    expectUsageError(blockspin("score", "--model", join(dir, "nothing"), "--data", data), /not a directory/);
  });

  it("stops on divergence naming layer and epoch and keeps the last finite model", () => {
    const dir = scratch();
    const out = join(dir, "model");
    const run = blockspin("train", "--data", spins(dir), "--hidden", "4", "--epochs", "5", "--batch", "10", "--lr", "1e38", "--momentum", "0.9,0.9", "--penalty", "none", "--out", out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/diverged .* at layer 1, epoch \d+/);
    const manifest = readJson<ModelManifestJson>(join(out, "model.json"));
    expect(manifest.status).toBe("diverged");
    expect(manifest.diverged?.layer).toBe(1);
    expect(blockspin("score", "--model", out, "--data", join(dir, "spins.npy")).code).toBe(0);
  });
});
