import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleDimers } from "../../src/systems/dimer/index.js";
import { fieldAlignment } from "../../src/systems/dimer/field-alignment.js";
import { coarseCorrelation } from "../../src/systems/dimer/coarse-correlation.js";
import { fieldReferencePositions } from "../../src/systems/dimer/field-reference.js";
import { dimerBondImage, rsmiDimerSigns } from "../../src/systems/dimer/rsmi-dimer.js";
import { DIMER_RG_FILE, type DimerRgRecord } from "../../src/node/reproduce/dimer-rg-arm.js";
import { RSMI_DIMER_MODEL_FILE, rsmiDimerArm, type RsmiDimerModel } from "../../src/node/reproduce/rsmi-dimer-arm.js";
import type { AnalysisSummary } from "../../src/node/reproduce/analysis-summary.js";
import { testCore } from "../support/core.js";
import { readJson } from "../support/outputs.js";

// The RSMI arm for dimers (src/node/reproduce/rsmi-dimer-arm.ts) on L = 8
// free dimers with short trainings: the files it writes, and dimer-rg.json's
// numbers recomputed from the filters in the model file (signs of every
// block, field alignment, correlation exponent).

const SIZE = 8, COUNT = 2000, SEED = 13, LEVELS = 2;

describe("rsmiDimerArm", () => {
  it("writes the model, analysis.json and dimer-rg.json (method rsmi) whose numbers follow from the model's filters", async () => {
    const core = await testCore();
    const bonds = sampleDimers(core, { size: SIZE, interaction: 0, temperature: 1, count: COUNT, seed: 31 }).configs;
    const armDir = join(mkdtempSync(join(tmpdir(), "rsmi-dimer-arm-")), "seed-13");
    await rsmiDimerArm(core, armDir, bonds, SIZE, LEVELS, SEED, { steps: 300, batchSize: 50, restarts: 2 });

    const model = readJson<RsmiDimerModel>(join(armDir, RSMI_DIMER_MODEL_FILE));
    expect(model.format).toBe("blockspin-rsmi-dimer-model");
    expect(model.data).toMatchObject({ samples: COUNT, lattice: SIZE });
    expect(model.levels.map((l) => [l.level, l.block, l.buffer, l.environment, l.filters.length, l.filters[0]!.length]))
      .toEqual([[1, 2, 1, 2, 2, 8], [2, 4, 1, 1, 2, 32]]);
    for (const level of model.levels) {
      expect(level.restartBounds).toHaveLength(2);
      expect(level.bound).toBe(Math.max(...level.restartBounds));
    }

    const analysis = readJson<AnalysisSummary>(join(armDir, "analysis", "analysis.json"));
    expect(analysis.layers).toHaveLength(LEVELS);
    expect(existsSync(join(armDir, "analysis", DIMER_RG_FILE))).toBe(true);

    const record = readJson<DimerRgRecord & { samples: number; seed: number }>(join(armDir, "analysis", DIMER_RG_FILE));
    expect([record.method, record.encoding, record.size, record.samples, record.seed]).toEqual(["rsmi", "bonds", SIZE, COUNT, SEED]);
    const image = dimerBondImage(bonds, SIZE);
    for (const level of model.levels) {
      const signs = Float32Array.from(rsmiDimerSigns(image, level.filters.flat(), level.block, SEED, level.level));
      const positions = fieldReferencePositions(SIZE, level.level);
      const nUnits = positions.block.length;
      const alignment = fieldAlignment(signs, nUnits, bonds, SIZE, level.block, positions.block);
      const correlation = coarseCorrelation(signs, COUNT, nUnits, positions.x, positions.y, SIZE / level.block);
      const row = record.levels[level.level - 1]!;
      expect([row.level, row.units, row.block, row.decoyShare]).toEqual([level.level, nUnits, level.block, null]);
      expect(row.alignmentMedian).toBe(alignment.median);
      expect(row.alignedShare).toBe(alignment.alignedShare);
      expect(row.correlationExponent).toBe(Number.isFinite(correlation.exponent) ? correlation.exponent : null);
    }
  });
});
