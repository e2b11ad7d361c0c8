// `blockspin reproduce --coupling K` with the majority-rule arm, end to end
// (dist/node/cli.js): the ideal locality row, rg.json per arm, the report's
// "Is it renormalization?" section naming the coupling, and a second run at
// another coupling in the same directory retraining instead of reusing
// bundles trained on the other samples.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readJson, type AnalysisJson, type RgJson } from "../support/outputs.js";

const CLI = new URL("../../dist/node/cli.js", import.meta.url).pathname;
const ARGS = ["--quick", "--samples", "400", "--arms", "l1", "majority", "rsmi"];

function reproduce(out: string, coupling: string) {
  const run = spawnSync(process.execPath, [CLI, "reproduce", ...ARGS, "--coupling", coupling, "--out", out], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}


describe("blockspin reproduce --coupling with the majority-rule arm", () => {
  let out = "";
  beforeAll(() => {
    out = join(mkdtempSync(join(tmpdir(), "blockspin-reproduce-rg-")), "run");
    const run = reproduce(out, "0.4406868");
    expect(run.stderr).not.toMatch(/Error|error:/);
    expect(run.code).toBe(0);
  });

  it("samples at the given coupling and writes the majority arm's ideal locality row", () => {
    expect(readJson<{ sampling: { coupling: number } }>(join(out, "reproduce.json")).sampling.coupling).toBe(0.4406868);
    expect(existsSync(join(out, "arms", "majority", "seed-1", "model.json"))).toBe(false);
    const analysis = readJson<AnalysisJson>(join(out, "arms", "majority", "seed-1", "analysis", "analysis.json"));
    expect(analysis.layers.map((l) => l.nUnits)).toEqual([400, 100, 25]);
    analysis.layers.forEach((layer) => {
      expect(layer.spread.median).toBeCloseTo(Math.sqrt((layer.blockSide ** 2 - 1) / 6), 9);
      expect(layer.blockFraction.median).toBeCloseTo(1, 9);
      expect(layer.overlap).toBe(0);
      expect(layer.localizedFraction).toBe(1);
    });
  });

  it("writes rg.json for every arm, with level 0 the same data for both", () => {
    const majority = readJson<RgJson>(join(out, "arms", "majority", "seed-1", "analysis", "rg.json"));
    const l1 = readJson<RgJson>(join(out, "arms", "l1", "seed-1", "analysis", "rg.json"));
    expect(majority.method).toBe("majority");
    expect(l1.method).toBe("stack");
    expect(majority.levels.map((l) => l.units)).toEqual([1600, 400, 100, 25]);
    expect(l1.levels.map((l) => l.units)).toEqual([1600, 400, 100, 25]);
    expect(l1.levels[0]!.xi2).toBe(majority.levels[0]!.xi2);
    expect(majority.levels.map((l) => l.tilingError)).toEqual([0, 0, 0, 0]);
    expect(majority.levels.slice(1).every((l) => l.mcrgMeaningful)).toBe(true);
  });

  it("reports the coupling, the RG table and chart, and an RG conclusion per arm", () => {
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("samples are at K = 0.4406868.");
    expect(html).toContain("<h2>Is it renormalization?</h2>");
    expect(html).toMatch(/<figure class="chart"><svg/);
    expect(html).toMatch(/Is it renormalization\? majority rule b = 2 \(Kadanoff block spins\): keeps the correlation length/);
    expect(html).toMatch(/Is it renormalization\? L1 2e-4 \(the paper\): (keeps|does not keep) the correlation length/);
  });

  it("the RSMI arm: a bundle of filters, rg.json with method rsmi, its filters among the receptive fields, nu in the verdict at K_c", () => {
    const dir = join(out, "arms", "rsmi", "seed-1");
    expect(existsSync(join(dir, "rsmi-model.json"))).toBe(true);
    const rg = readJson<RgJson>(join(dir, "analysis", "rg.json"));
    expect(rg.method).toBe("rsmi");
    expect(rg.levels.map((l) => l.units)).toEqual([1600, 400, 100, 25]);
    // One coarse variable per 2 x 2 block: the coarse lattice is tiled by construction.
    expect(rg.levels.map((l) => l.tilingError)).toEqual([0, 0, 0, 0]);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain('src="arms/rsmi/seed-1/analysis/../filters-level1.png"');
    expect(html).toMatch(/<tr><th>RSMI \(learned by mutual information\)<\/th><td>.*nu \d\.\d\d at layer 1 \(exact 1\)/);
  });

  it("retrains, rather than reuses, arms trained at another coupling in the same directory", () => {
    const run = reproduce(out, "0.408");
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/reusing .*arms.l1.seed-1/);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("samples are at K = 0.408 (the paper's).");
    // The same settings again: now the bundle is reused.
    expect(reproduce(out, "0.408").stderr).toMatch(/reusing .*arms.l1.seed-1/);
  });
});
