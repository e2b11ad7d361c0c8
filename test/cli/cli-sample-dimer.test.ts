import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "../../src/npy-format.js";
import { findCoveringDefect } from "../../src/systems/dimer/index.js";
import { readJson, type ModelManifestJson } from "../support/outputs.js";
import { blockspin, expectUsageError } from "../support/cli.js";

// `blockspin sample --model dimer` and training on its files: the file's
// shape and dtype, every sample a covering, the sidecar, determinism, bad
// input; `train --encoding` on dimer data, and the covering check on reading.

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "blockspin-dimer-"));
}

interface DimerSidecar {
  format: string;
  model: string;
  dtype: string;
  shape: number[];
  size: number;
  interaction: number;
  temperature: number;
  stats: Record<string, unknown> & { seed: number; chains: number; interaction: number; temperature: number };
  observables: {
    bondOccupation: { mean: number; horizontal: number; vertical: number };
    flippableDensity: { mean: number; standardError: number };
    windingVariance: { mean: number; standardError: number };
  };
}

describe("blockspin sample --model dimer", () => {
  let dir: string;
  let data: string;
  beforeAll(() => {
    dir = scratch();
    data = join(dir, "dimers.npy");
    const run = blockspin("sample", "--model", "dimer", "--size", "4", "--count", "80", "--seed", "5", "--chains", "2", "--out", data);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("uint8");
  });

  it("lists --model and --interaction in its help", () => {
    const help = blockspin("sample", "--help");
    expect(help.code).toBe(0);
    for (const flag of ["--model", "--interaction", "dimer"]) expect(help.stdout).toContain(flag);
  });

  it("writes uint8 bond occupations of shape (N, 2, L, L), every sample a covering", () => {
    const array = decodeNpy(readFileSync(data));
    expect(array.dtype).toBe("uint8");
    expect(array.shape).toEqual([80, 2, 4, 4]);
    expect(findCoveringDefect(array.data as Uint8Array, 4)).toBeUndefined();
  });

  it("records the model, V, T, seed, chains, tau_int, burn-in, spacing and the observables' means", () => {
    const meta = readJson<DimerSidecar>(join(dir, "dimers.json"));
    expect(meta.format).toBe("blockspin-dimer-samples");
    expect(meta.model).toBe("dimer");
    expect(meta.dtype).toBe("uint8");
    expect(meta.shape).toEqual([80, 2, 4, 4]);
    expect([meta.size, meta.interaction, meta.temperature]).toEqual([4, 0, 1]);
    expect(meta.stats.seed).toBe(5);
    expect(meta.stats.chains).toBe(2);
    for (const key of ["tauParallel", "tauWindingX", "tauWindingY", "tauColumnar", "burnIn", "spacing", "wormsPerUpdate"]) {
      expect(typeof meta.stats[key]).toBe("number");
    }
    // Every covering of the torus occupies a quarter of the bonds.
    expect(meta.observables.bondOccupation.mean).toBeCloseTo(0.25, 12);
    expect(meta.observables.flippableDensity.mean).toBeGreaterThan(0);
    expect(meta.observables.windingVariance.mean).toBeGreaterThan(0);
  });

  it("gives identical bytes for the same seed and different bytes for another, at V != 0 too", () => {
    const here = scratch();
    const args = ["sample", "--model", "dimer", "--size", "4", "--count", "20", "--interaction", "-1", "--temperature", "0.8", "--quiet"];
    expect(blockspin(...args, "--seed", "11", "--out", join(here, "a.npy")).code).toBe(0);
    expect(blockspin(...args, "--seed", "11", "--out", join(here, "b.npy")).code).toBe(0);
    expect(blockspin(...args, "--seed", "12", "--out", join(here, "c.npy")).code).toBe(0);
    const a = readFileSync(join(here, "a.npy"));
    expect(a.equals(readFileSync(join(here, "b.npy")))).toBe(true);
    expect(a.equals(readFileSync(join(here, "c.npy")))).toBe(false);
    const meta = readJson<DimerSidecar>(join(here, "a.json"));
    expect([meta.stats.interaction, meta.stats.temperature]).toEqual([-1, 0.8]);
  });

  const badInputs: [string, string[], RegExp][] = [
    ["odd size", ["--model", "dimer", "--size", "5"], /--size.*even/],
    ["size below 2", ["--model", "dimer", "--size", "1"], /--size/],
    ["zero temperature", ["--model", "dimer", "--temperature", "0"], /--temperature/],
    ["negative temperature", ["--model", "dimer", "--temperature", "-1"], /--temperature/],
    ["a coupling", ["--model", "dimer", "--coupling", "0.4"], /--coupling/],
    ["an Ising algorithm", ["--model", "dimer", "--algorithm", "metropolis"], /--algorithm/],
    ["an unknown model", ["--model", "potts"], /--model.*ising, dimer/],
    ["an interaction for Ising", ["--interaction", "1"], /--interaction/],
  ];
  for (const [label, args, pattern] of badInputs) {
    it(`rejects ${label} with one line and exit code 2, writing nothing`, () => {
      const here = scratch();
      expectUsageError(blockspin("sample", ...args, "--count", "10", "--out", join(here, "x.npy")), pattern);
      expect(readdirSync(here)).toEqual([]);
    });
  }

  describe("training on dimer samples", () => {
    const train = (out: string, ...extra: string[]) =>
      blockspin("train", "--data", data, "--hidden", "6", "--epochs", "2", "--batch", "10", "--out", out, "--quiet", ...extra);

    const cases: [string[], string, number[], number][] = [
      [[], "bonds", [2, 4, 4], 32],
      [["--encoding", "bonds"], "bonds", [2, 4, 4], 32],
      [["--encoding", "kjr"], "kjr", [8, 8], 64],
      [["--encoding", "kjr-correlated"], "kjr-correlated", [8, 8], 64],
    ];
    for (const [flags, name, shape, nVisible] of cases) {
      it(`trains with ${flags.length ? flags.join(" ") : "the default encoding"} and records ${name} in model.json`, () => {
        const out = join(scratch(), "model");
        const run = train(out, ...flags);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        const manifest = readJson<ModelManifestJson>(join(out, "model.json"));
        expect(manifest.architecture).toEqual([nVisible, 6]);
        expect(manifest.data["model"]).toBe("dimer");
        expect(manifest.data["shape"]).toEqual([80, 2, 4, 4]);
        expect(manifest.data["encoding"]).toEqual({ name, shape, ...(name === "bonds" ? {} : { seed: 1 }) });
      });
    }

    it("refuses a file that is not a covering, naming the first bad sample and site", () => {
      const here = scratch();
      const array = decodeNpy(readFileSync(data));
      const bonds = Uint8Array.from(array.data as Uint8Array);
      // Sample 3: occupy the vertical bond (1, 2)-(1, 3) besides whatever covers those sites.
      const n = 16;
      const at = 3 * 2 * n + n + 2 * 4 + 1;
      bonds[at] = 1 - bonds[at]!;
      const bad = join(here, "bad.npy");
      writeFileSync(bad, encodeNpy({ dtype: "uint8", shape: array.shape, data: bonds }));
      copyFileSync(join(dir, "dimers.json"), join(here, "bad.json"));
      const defect = findCoveringDefect(bonds, 4)!;
      expect(defect.sample).toBe(3);
      const run = blockspin("train", "--data", bad, "--hidden", "4", "--epochs", "1", "--batch", "10", "--out", join(here, "m"), "--quiet");
      expectUsageError(run, new RegExp(`sample 3 is not a dimer covering: site \\(x = ${defect.x}, y = ${defect.y}\\)`));
    });

    it("refuses dimer data whose shape is not (N, 2, L, L) with L even", () => {
      const here = scratch();
      const flat = join(here, "flat.npy");
      writeFileSync(flat, encodeNpy({ dtype: "uint8", shape: [80, 32], data: decodeNpy(readFileSync(data)).data }));
      copyFileSync(join(dir, "dimers.json"), join(here, "flat.json"));
      expectUsageError(blockspin("train", "--data", flat, "--hidden", "4", "--out", join(here, "m"), "--quiet"), /not \(samples, 2, L, L\) with L even/);
    });

    it("refuses --encoding on Ising samples and on data without a sidecar", () => {
      const here = scratch();
      const ising = join(here, "ising.npy");
      expect(blockspin("sample", "--size", "4", "--count", "20", "--quiet", "--out", ising).code).toBe(0);
      expectUsageError(blockspin("train", "--data", ising, "--encoding", "kjr", "--out", join(here, "m"), "--quiet"), /--encoding.*ising samples/);
      const bare = join(here, "bare.npy");
      copyFileSync(data, bare);
      expectUsageError(blockspin("train", "--data", bare, "--encoding", "bonds", "--out", join(here, "n"), "--quiet"), /--encoding.*no sample sidecar/);
    });
  });
});
