// reproduce's RSMI arm (src/node/reproduce/rsmi-arm.ts) on small data: the
// bundle beside analysis/analysis.json and analysis/rg.json; rg.json is the
// library's rgAnalysis of the bundle's filters (method "rsmi"), and the
// locality numbers are those of the filters composed down to the lattice,
// whose support is each unit's own block (block fraction 1).

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binaryLayerData, CRITICAL_COUPLING, sampleIsing } from "../../src/index.js";
import type { AnalysisSummary } from "../../src/node/reproduce/analysis-summary.js";
import { rsmiArm } from "../../src/node/reproduce/rsmi-arm.js";
import { rgAnalysis } from "../../src/rg/rg-analysis.js";
import { rsmiLevelFilters, type RsmiManifest } from "../../src/rsmi/rsmi-manifest.js";
import { testCore } from "../support/core.js";
import { readJson, type RgJson } from "../support/outputs.js";

describe("the RSMI arm", () => {
  it("learns 2 levels on 16 x 16, writes the bundle, analysis.json and rg.json (method rsmi)", async () => {
    const core = await testCore();
    const L = 16, count = 300, seed = 4;
    const { configs } = sampleIsing(core, { size: L, coupling: CRITICAL_COUPLING, count, seed: 8 });
    const data = binaryLayerData(configs, [count, L, L]);
    const dir = join(mkdtempSync(join(tmpdir(), "blockspin-rsmi-arm-")), "seed-4");
    await rsmiArm(core, dir, data, L, 2, seed, 1);
    for (const name of ["rsmi-model.json", "rsmi.json", "filters-level1.png", "filters-level2.png", "rsmi-bound.png"]) {
      expect(existsSync(join(dir, name))).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(dir, "rsmi-model.json"), "utf8")) as RsmiManifest;
    expect([manifest.block, manifest.buffer, manifest.environment, manifest.hidden, manifest.epochs, manifest.batchSize]).toEqual([2, 2, 4, 1, 20, 400]);
    // 16 x 16 holds the default environment 4 only as floor((16 - 2 - 4) / 2) = 5 >= 4; 8 x 8 thins it to 1.
    expect(manifest.levels.map((l) => [l.side, l.environment])).toEqual([[16, 4], [8, 1]]);
    // At K_c the learned filter is uniform within 15% (Kadanoff's block spin).
    const row = manifest.levels[0]!.filters[0]!;
    const mean = row.reduce((s, w) => s + w, 0) / 4;
    for (const w of row) expect(Math.abs(w - mean)).toBeLessThan(0.15 * mean);

    const rg = readJson<RgJson>(join(dir, "analysis", "rg.json"));
    expect(rg.method).toBe("rsmi");
    const library = rgAnalysis(core, data, L, { rsmi: rsmiLevelFilters(manifest), seed });
    library.levels.forEach((level, l) => {
      expect(rg.levels[l]!.xi2).toBe(level.xi2);
      expect(rg.levels[l]!.binder).toBe(level.binder);
    });
    const analysis = readJson<AnalysisSummary>(join(dir, "analysis", "analysis.json"));
    expect(analysis.layers.map((l) => [l.layer, l.nUnits, l.blockSide])).toEqual([[1, 64, 2], [2, 16, 4]]);
    for (const layer of analysis.layers) {
      expect(layer.blockFraction.q25).toBeCloseTo(1, 6);
      expect(layer.spread.median).toBeLessThan(layer.random.spread.median);
    }
  }, 60_000);
});
