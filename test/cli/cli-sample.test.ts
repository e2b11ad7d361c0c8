import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJson, type SampleSidecar } from "../support/outputs.js";
import { blockspin } from "../support/cli.js";

// The CLI as users run it: the built entry (npm test builds first).

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "blockspin-cli-"));
}

describe("blockspin sample", () => {
  it("explains itself with --help", () => {
    const top = blockspin("--help");
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("sample");
    const sub = blockspin("sample", "--help");
    expect(sub.code).toBe(0);
    for (const flag of ["--size", "--coupling", "--temperature", "--count", "--seed", "--algorithm", "--chains", "--out", "--quiet"]) {
      expect(sub.stdout).toContain(flag);
    }
  });

  it("writes .npy and .json with the documented contents, silently when not a terminal", () => {
    const dir = scratch();
    const out = join(dir, "nested", "ising.npy");
    const run = blockspin("sample", "--size", "6", "--temperature", "3", "--count", "40", "--seed", "5", "--chains", "2", "--out", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("wrote");
    const bytes = readFileSync(out);
    expect(bytes.subarray(1, 6).toString("latin1")).toBe("NUMPY");
    const meta = readJson<SampleSidecar>(join(dir, "nested", "ising.json"));
    expect(meta.shape).toEqual([40, 6, 6]);
    expect(meta.dtype).toBe("int8");
    expect(meta.stats.coupling).toBeCloseTo(1 / 3, 12);
    expect(meta.stats.algorithm).toBe("wolff");
    expect(meta.stats.seed).toBe(5);
    expect(meta.stats.chains).toBe(2);
    for (const key of ["tauEnergy", "tauAbsMagnetization", "burnIn", "spacing", "wallSeconds"]) {
      expect(typeof meta.stats[key]).toBe("number");
    }
    expect(meta.stats.energyPerSpin.standardError).toBeGreaterThan(0);
    expect(meta.stats.absMagnetization.standardError).toBeGreaterThan(0);
  });

  it("gives identical bytes for the same seed and different bytes for another", () => {
    const dir = scratch();
    const args = ["sample", "--size", "8", "--count", "30", "--algorithm", "metropolis", "--quiet"];
    expect(blockspin(...args, "--seed", "11", "--out", join(dir, "a.npy")).code).toBe(0);
    expect(blockspin(...args, "--seed", "11", "--out", join(dir, "b.npy")).code).toBe(0);
    expect(blockspin(...args, "--seed", "12", "--out", join(dir, "c.npy")).code).toBe(0);
    const a = readFileSync(join(dir, "a.npy"));
    expect(a.equals(readFileSync(join(dir, "b.npy")))).toBe(true);
    expect(a.equals(readFileSync(join(dir, "c.npy")))).toBe(false);
  });

  const badInputs: [string, string[], RegExp][] = [
    ["size below 2", ["--size", "1"], /--size/],
    ["fractional size", ["--size", "2.5"], /--size/],
    ["non-numeric size", ["--size", "big"], /--size/],
    ["zero temperature", ["--temperature", "0"], /--temperature/],
    ["negative coupling", ["--coupling", "-0.4"], /--coupling/],
    ["non-finite coupling", ["--coupling", "Infinity"], /--coupling/],
    ["NaN coupling", ["--coupling", "nan"], /--coupling/],
    ["zero count", ["--count", "0"], /--count/],
    ["unknown algorithm", ["--algorithm", "glauber"], /--algorithm.*wolff, metropolis/],
    ["coupling and temperature together", ["--coupling", "0.4", "--temperature", "2"], /--coupling.*--temperature|--temperature.*--coupling/],
    ["zero chains", ["--chains", "0"], /--chains/],
  ];
  for (const [label, args, pattern] of badInputs) {
    it(`rejects ${label} with one line and exit code 2, writing nothing`, () => {
      const dir = scratch();
      const run = blockspin("sample", ...args, "--count", args.includes("--count") ? args[args.indexOf("--count") + 1]! : "10", "--out", join(dir, "x.npy"));
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(pattern);
      expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+/);
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it("rejects an unwritable output with exit code 2 and leaves nothing", () => {
    const dir = scratch();
    const blocker = join(dir, "file");
    expect(blockspin("sample", "--size", "4", "--count", "5", "--quiet", "--out", blocker).code).toBe(0);
    const run = blockspin("sample", "--size", "4", "--count", "5", "--out", join(blocker, "x.npy"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(blocker, "x.npy"))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["file", "file.json"]);
  });

  it.skipIf(!existsSync("/proc/self"))("rejects an output under /proc promptly (Node's recursive mkdir would spin)", () => {
    const run = blockspin("sample", "--size", "4", "--count", "5", "--out", "/proc/blockspin-no/x.npy");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out: cannot write/);
  });
});
