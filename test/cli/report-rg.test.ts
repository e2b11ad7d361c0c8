// The report's "Is it renormalization?" section on constructed rg.json
// records: conclusion lines that follow the numbers, the table with MCRG
// marked where the tiling makes it meaningless, the chart as real SVG, and a
// whole report with the majority-rule arm (no model bundle) beside a trained one.

import { describe, expect, it } from "vitest";
import { buildReportHtml, type RunRecord } from "../../src/node/reproduce/report-html.js";
import { rgConclusion, rgSection, xi2Chart, type RgLevelRecord, type RgRecord } from "../../src/node/reproduce/report-rg.js";
import type { LayerAnalysis } from "../../src/node/reproduce/analysis-summary.js";
import { renderSvg } from "../../src/node/render/chart.js";
import { stackManifest } from "../support/run-records.js";

const DATA_XI2 = 7.5;

function rg(ratios: number[], tiling: number[], nu: number[]): RgRecord {
  const levels: RgLevelRecord[] = [1, ...ratios].map((ratio, level) => ({
    level, units: [1600, 400, 100, 25][level]!, xi2: DATA_XI2 * ratio, xi2Ratio: ratio, absMagnetization: 0.2, binder: 0.17,
    tilingError: level === 0 ? 0 : tiling[level - 1]!, localizedFraction: level === 0 ? 1 : 0.7,
    lambdaT: level === 0 ? null : 2 ** (1 / nu[level - 1]!), nu: level === 0 ? null : nu[level - 1]!,
    mcrgMeaningful: level > 0 && tiling[level - 1]! < 0.5,
  }));
  return { method: "stack", levels };
}

function record(arm: string, title: string, seed: number, record: RgRecord, trained: boolean): RunRecord {
  const layers: LayerAnalysis[] = [1, 2, 3].map((layer) => ({
    layer, nUnits: [400, 100, 25][layer - 1]!, blockSide: 2 ** layer,
    spread: { median: 3, q25: 2, q75: 4 }, blockFraction: { median: 0.9, q25: 0.8, q75: 1 }, overlap: 0.1, localizedFraction: 0.7,
    random: { spread: { median: 16, q25: 15, q75: 17 }, blockFraction: { median: 0.01, q25: 0, q75: 0.02 }, overlap: 0.64 },
  }));
  return {
    arm, armTitle: title, armDescription: `${title} description`, seed, analysisDir: `arms/${arm}/seed-${seed}/analysis`,
    ...(trained ? { manifest: stackManifest(seed) } : {}),
    analysis: {
      format: "blockspin-analysis", formatVersion: 1, lattice: 40, seed, reconstructionSamples: 8, layers,
      figures: trained
        ? { receptiveFields: ["rf-1.png"], weights: [], reconstructions: "r.png", samples: "s.png", curves: [] }
        : { receptiveFields: [], weights: [], reconstructions: "", samples: "", curves: [] },
    },
    rg: record,
  };
}

const majority = record("majority", "majority rule", 1, rg([1.0, 0.99, 0.97], [0, 0, 0], [1.1, 1.2, 1.8]), false);
const learned = [
  record("l1", "L1", 1, rg([1.01, 0.62, 0.31], [0.2, 0.7, 0.9], [0.9, 3, 5]), true),
  record("l1", "L1", 2, rg([0.99, 0.58, 0.29], [0.3, 0.8, 1.1], [1.1, 3, 5]), true),
];

describe("RG conclusion lines", () => {
  it("say how far xi2 is kept, from the mean over seeds", () => {
    expect(rgConclusion([majority])).toMatch(/^keeps the correlation length within 5% through layer 3, like block spins; xi2 ratio 1\.00 \/ 0\.99 \/ 0\.97/);
    expect(rgConclusion([majority])).toMatch(/tiles the coarse grid\);.*MCRG nu 1\.10 \/ 1\.20 \/ 1\.80$/);
    const line = rgConclusion(learned);
    expect(line).toMatch(/^keeps the correlation length within 5% through layer 1, loses it at layer 2 \(xi2 ratio 0\.60\)/);
    expect(line).toMatch(/tiling error 0\.25 \/ 0\.75 \/ 1\.00 coarse spacings \(tiles it in layer 1 only\)/);
    expect(line).toMatch(/MCRG nu 1\.00 \/ 3\.00 \/ 5\.00 \(meaningful in layer 1 only\)$/);
    expect(rgConclusion([record("x", "X", 1, rg([0.5, 0.4, 0.3], [0.9, 0.9, 0.9], [2, 2, 2]), true)]))
      .toMatch(/^does not keep the correlation length: loses it at layer 1 \(xi2 ratio 0\.50\).*does not tile the coarse grid.*\(not meaningful: no tiling\)$/);
    const overshoot = rg([1.24, 0.83, 0.95], [0.6, 0.6, 0.5], [1, 1, 1]);
    overshoot.levels[1]!.nu = null;
    expect(rgConclusion([record("x", "X", 1, overshoot, true)]))
      .toMatch(/^does not keep the correlation length: overshoots it at layer 1 \(xi2 ratio 1\.24\).*MCRG nu n\/a \/ 1\.00 \/ 1\.00 /);
  });
});

describe("RG section", () => {
  it("tabulates the data once and every arm's layers, marking MCRG that the tiling makes meaningless", () => {
    const html = rgSection([majority, ...learned], undefined, 0.408);
    expect(html).toContain("<h2>Is it renormalization?</h2>");
    expect(html).toContain("Samples at K = 0.408.");
    expect(html.match(/<tr><td>/g)).toHaveLength(1 + 3 + 3);
    expect(html).toMatch(/<td>data \(level 0\)<\/td><td>0<\/td><td>1600<\/td><td>1<\/td><td>7\.500<\/td>/);
    // L1 layer 2: xi2 ratio 0.60 +- 0.03 over two seeds, nu marked (n/m).
    expect(html).toMatch(/<td>L1<\/td><td>2<\/td><td>100<\/td><td>2<\/td><td>4\.500 &plusmn; 0\.212<\/td><td>0\.600 &plusmn; 0\.028<\/td>.*3\.000 &plusmn; 0\.000 <span class="muted">\(n\/m\)<\/span><\/td><\/tr>/);
    expect(html).toMatch(/<td>majority rule<\/td><td>1<\/td>.*<td>1\.100<\/td><\/tr>/);
  });

  it("draws xi2 against layer as SVG with the data's xi2 and every arm", async () => {
    const spec = xi2Chart([majority, ...learned], "test");
    const svg = await renderSvg(spec!);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("data: xi2 = 7.50");
    expect(svg).toContain("majority rule");
    expect(svg).toContain(">L1<");
    expect(xi2Chart([{ ...learned[0]!, rg: undefined }], "none")).toBeUndefined();
  });

  it("fits in the whole report beside a trained arm, majority rule without a model bundle", () => {
    const html = buildReportHtml([...learned, majority], {
      samples: { size: 40, coupling: 0.4406868 }, quick: false, libraryVersion: "0", createdAt: "now", rgChartSvg: "<svg id=\"xi2\"></svg>",
    });
    expect(html).toContain("samples are at K = 0.4406868.");
    expect(html).toContain('<figure class="chart"><svg id="xi2"></svg></figure>');
    expect(html).toContain("<th>majority rule</th><td>majority rule description</td>");
    expect(html).toMatch(/Is it renormalization\? L1: keeps the correlation length within 5% through layer 1/);
    expect(html).toMatch(/Is it renormalization\? majority rule: keeps the correlation length within 5% through layer 3/);
    expect(html).not.toContain("arms/majority/seed-1/analysis/");
    expect(html).toContain('src="arms/l1/seed-1/analysis/rf-1.png"');
  });
});
