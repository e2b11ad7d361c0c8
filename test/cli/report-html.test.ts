import { describe, expect, it } from "vitest";
import { buildReportHtml, conclusion, meanAndSd, type RunRecord } from "../../src/node/reproduce/report-html.js";
import type { LayerAnalysis } from "../../src/node/reproduce/analysis-summary.js";
import { stackManifest } from "../support/run-records.js";

const quartiles = (median: number) => ({ median, q25: median - 1, q75: median + 1 });

function run(seed: number, spreads: number[]): RunRecord {
  const layers: LayerAnalysis[] = spreads.map((spread, i) => ({
    layer: i + 1, nUnits: [400, 100, 25][i]!, blockSide: [2, 4, 8][i]!,
    spread: quartiles(spread), blockFraction: quartiles(0.1 * (i + 1)), overlap: 0.4,
    random: { spread: quartiles(16), blockFraction: quartiles(0.01), overlap: 0.64 },
  }));
  return {
    arm: "l1", armTitle: "L1 <2e-4>", armDescription: "d", seed, analysisDir: "arms/l1/seed-1/analysis",
    manifest: stackManifest(seed),
    analysis: {
      format: "blockspin-analysis", formatVersion: 1, lattice: 40, seed, reconstructionSamples: 8, layers,
      figures: { receptiveFields: ["rf-1.png"], weights: [], reconstructions: "r.png", samples: "s.png", curves: [] },
    },
  };
}

describe("report conclusions", () => {
  it("names the layers where at least half the units are localized, averaged over seeds", () => {
    // Without recorded shares (older analyses) a layer's share is 1 or 0 from its median spread vs half the random one.
    expect(conclusion([run(1, [15, 5, 4]), run(2, [15, 7, 4])])).toMatch(
      /localized units 0% \/ 100% \/ 100% .*median spread 15\.0 \/ 6\.0 \/ 4\.0 sites vs 16\.0 \/ 16\.0 \/ 16\.0 .*: localized, block-spin-like receptive fields in layers 2, 3$/,
    );
    expect(conclusion([run(1, [15, 9, 12])])).toMatch(/not localized in any layer: no block spins$/);
    // With recorded shares the line follows them, not the median: 40% and 60% localized at a median of 15 sites.
    const shares = run(1, [15, 15, 15]);
    shares.analysis.layers.forEach((layer, i) => { layer.localizedFraction = [0.4, 0.6, 0.5][i]!; });
    expect(conclusion([shares])).toMatch(/localized units 40% \/ 60% \/ 50% .*block-spin-like receptive fields in layers 2, 3$/);
  });

  it("gives mean and sample standard deviation", () => {
    expect(meanAndSd([1, 2, 3])).toEqual({ mean: 2, sd: 1 });
    expect(meanAndSd([4])).toEqual({ mean: 4, sd: 0 });
  });

  it("escapes text and links figures relative to the report", () => {
    const html = buildReportHtml([run(1, [15, 5, 4])], { samples: { size: 40 }, quick: false, libraryVersion: "0", createdAt: "now" });
    expect(html).toContain("L1 &lt;2e-4&gt;");
    expect(html).not.toContain("L1 <2e-4>");
    expect(html).toContain('src="arms/l1/seed-1/analysis/rf-1.png"');
  });
});
