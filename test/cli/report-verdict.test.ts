// The verdict table that opens the report, on constructed records: a column
// per system, the number behind every verdict, nu only at K_c, the dimer
// cells from dimer-rg.json, the digits' comparison with Ising, and one
// report combining three systems.

import { describe, expect, it } from "vitest";
import type { LayerAnalysis } from "../../src/node/reproduce/analysis-summary.js";
import type { DimerRgRecord } from "../../src/node/reproduce/dimer-rg-arm.js";
import { atCriticality, buildReport, digitsComparison, type ReportSection, type RunRecord } from "../../src/node/reproduce/report-html.js";
import { dimerConclusion } from "../../src/node/reproduce/report-dimer.js";
import { rgConclusion, rgSection, type RgRecord } from "../../src/node/reproduce/report-rg.js";
import { verdictLines, verdictTable } from "../../src/node/reproduce/report-verdict.js";

const quartiles = (median: number) => ({ median, q25: median, q75: median });

function analysisWith(shares: number[]): RunRecord["analysis"] {
  const layers: LayerAnalysis[] = shares.map((share, i) => ({
    layer: i + 1, nUnits: 10, blockSide: 2, spread: quartiles(3), blockFraction: quartiles(0.5), overlap: 0.1, localizedFraction: share,
    random: { spread: quartiles(16), blockFraction: quartiles(0.01), overlap: 0.6 },
  }));
  return { format: "blockspin-analysis", formatVersion: 1, lattice: 40, seed: 1, reconstructionSamples: 0, layers,
    figures: { receptiveFields: [], weights: [], reconstructions: "", samples: "", curves: [] } };
}

function run(arm: string, seed: number, shares: number[], extra: Partial<RunRecord> = {}): RunRecord {
  return { arm, armTitle: `${arm} title`, armDescription: "d", seed, analysisDir: `arms/${arm}`, analysis: analysisWith(shares), ...extra };
}

function rg(ratio: number, tiling: number, nu: number, meaningful = true): RgRecord {
  return { method: "stack", levels: [0, 1].map((level) => ({
    level, units: 10, xi2: 5 * (level ? ratio : 1), xi2Ratio: level ? ratio : 1, absMagnetization: 0.5, binder: 0.5,
    tilingError: level ? tiling : 0, localizedFraction: 1, lambdaT: level ? 2 ** (1 / nu) : null, nu: level ? nu : null,
    mcrgMeaningful: level > 0 && meaningful,
  })) };
}

function dimerRg(method: "stack" | "field", r2: number, decoys: number | null, exponent: number): DimerRgRecord {
  return { method, encoding: "kjr", size: 16, levels: [{ level: 1, units: 128, block: 2, alignmentMedian: r2, alignedShare: r2 > 0.5 ? 1 : 0, decoyShare: decoys, correlationExponent: exponent }] };
}

describe("verdict cells", () => {
  it("Ising: localized share, xi2 kept or lost, tiling, and nu only at a critical point", () => {
    const runs = [run("l1", 1, [0.6, 0.2], { rg: rg(1.02, 0.1, 1.04) }), run("l1", 2, [0.8, 0.2], { rg: rg(1.0, 0.1, 1.0) })];
    const critical = verdictLines(runs, true).join(" | ");
    // Layer 1 localized (70%), layer 2 not (20%).
    expect(critical).toMatch(/^<strong>localized in layer 1<\/strong>: 70% \/ 20% of units \(layers 1, 2\)/);
    expect(critical).toContain("<strong>keeps the correlation length</strong> through layer 1 (xi2 ratio 1.01 at layer 1)");
    expect(critical).toContain("<strong>tiles the lattice</strong> (error 0.10 at layer 1)");
    expect(critical).toContain("nu 1.02 at layer 1 (exact 1)");
    expect(verdictLines(runs, false).join(" | ")).not.toContain("nu ");
    const lost = verdictLines([run("l2", 1, [0.1], { rg: rg(0.55, 0.9, 3, false) })], true).join(" | ");
    expect(lost).toMatch(/^<strong>not localized<\/strong>: 10% of units/);
    expect(lost).toContain("<strong>loses the correlation length</strong>: xi2 ratio 0.55 at layer 1");
    expect(lost).toContain("<strong>does not tile the lattice</strong> (error 0.90 at layer 1)");
    expect(lost).not.toContain("nu ");
  });

  it("dimers: carries the field against the reference's R^2, decoy share, correlation exponent", () => {
    const field = run("field", 1, [1], { dimerRg: dimerRg("field", 0.37, null, 2.0) });
    const rbm = run("l1", 1, [0], { dimerRg: dimerRg("stack", 0.01, 0.62, -0.2) });
    const good = run("rsmi", 1, [1], { dimerRg: dimerRg("stack", 0.3, 0.02, 1.9) });
    const all = [field, rbm, good];
    expect(verdictLines([rbm], undefined, all).join(" | ")).toContain("<strong>does not carry the block field</strong> (median R&sup2; 0.01)");
    expect(verdictLines([rbm], undefined, all).join(" | ")).toContain("<strong>spends its weight on decoys</strong>: 62% of r&sup2;");
    // 0.30 is above half the reference's 0.37: it carries the field.
    expect(verdictLines([good], undefined, all).join(" | ")).toContain("<strong>carries the block field</strong> (median R&sup2; 0.30)");
    expect(verdictLines([good], undefined, all).join(" | ")).toContain("decoys: 2% of r&sup2;");
    expect(verdictLines([field], undefined, all).join(" | ")).toContain("correlation exponent 2.00 (field: 2)");
    expect(dimerConclusion([rbm], all)).toMatch(/decoy share 0\.62 \(spends its weight on the decoys\).*does not carry the block field/);
  });

  it("a table with a column per system and a dash where an arm did not run", () => {
    const html = verdictTable([
      { title: "Ising 40x40", runs: [run("l1", 1, [0.7]), run("majority", 1, [1])], critical: false },
      { title: "digits", runs: [run("l1", 1, [0.9])] },
    ]);
    expect(html).toContain("<th>Ising 40x40</th><th>digits</th>");
    expect(html).toMatch(/<tr><th>l1 title<\/th><td><strong>localized<\/strong>: 70% .*<\/td><td><strong>localized<\/strong>: 90% .*<\/td><\/tr>/);
    expect(html).toMatch(/<tr><th>majority title<\/th><td>.*100% of units<\/td><td>&ndash;<\/td><\/tr>/);
  });
});

describe("criticality and nu", () => {
  it("only Ising at K_c is critical", () => {
    expect(atCriticality({ system: "ising", samples: { coupling: 0.4406868 } })).toBe(true);
    expect(atCriticality({ system: "ising", samples: { coupling: 0.408 } })).toBe(false);
    expect(atCriticality({ system: "dimer", samples: {} })).toBeUndefined();
  });

  it("off K_c the RG table and conclusion say nu is no exponent", () => {
    const runs = [run("majority", 1, [1], { rg: rg(1, 0, 1.3) })];
    expect(rgConclusion(runs, false)).toContain("MCRG nu 1.30 (off criticality: not an exponent)");
    expect(rgConclusion(runs, true)).not.toContain("off criticality");
    expect(rgSection(runs, undefined, 0.408, false)).toContain("<th>&nu; (off criticality)</th>");
    expect(rgSection(runs, undefined, 0.4406868, true)).toContain("<th>&nu;</th>");
  });
});

describe("one report of three systems", () => {
  const ising: ReportSection = { system: "ising", samples: { size: 40, coupling: 0.408 }, quick: false,
    runs: [run("l1", 1, [0.8], { rg: rg(0.6, 0.8, 2) }), run("majority", 1, [1], { rg: rg(1, 0, 1.2) })] };
  const digits: ReportSection = { system: "digits", samples: { count: 10000 }, quick: false, runs: [run("l1", 1, [0.9]), run("l2", 1, [0.1])] };
  const dimer: ReportSection = { system: "dimer", samples: { size: 16, interaction: 0, encoding: "kjr" }, quick: false,
    runs: [run("l1", 1, [0], { dimerRg: dimerRg("stack", 0.01, 0.5, 0) }), run("field", 1, [1], { dimerRg: dimerRg("field", 0.37, null, 2) })] };

  it("opens with the verdict, then a section per system; digits without RG, dimers with their measures", () => {
    const html = buildReport([ising, dimer, digits], { libraryVersion: "0", createdAt: "now" });
    const verdict = html.indexOf("<h2>Verdict</h2>");
    expect(verdict).toBeGreaterThan(0);
    expect(verdict).toBeLessThan(html.indexOf("<h2>Conclusions</h2>"));
    expect(html).toContain("<th>Ising 40x40, K = 0.408</th><th>dimers 16x16, V = 0, kjr encoding</th><th>digits (MNIST, 10000 images)</th>");
    expect(html).toContain("Not measured: the digits have no lattice physics");
    expect(html).toContain("median R&sup2; with (E<sub>x</sub>, E<sub>y</sub>)");
    expect(html).toContain("L1 on digits: localized units 90% (layers 1), against 80% (layers 1) on Ising data: L1 localizes the fields of data with no lattice physics");
  });

  it("the digits' line says when there is no Ising run to compare with", () => {
    expect(digitsComparison([digits])).toMatch(/^L1 on digits: localized units 90% \(layers 1\); no Ising run in this report/);
    expect(digitsComparison([ising])).toBeUndefined();
    // Any localized layer counts: 10% then 60% on digits localizes the second layer.
    const deeper: ReportSection = { ...digits, runs: [run("l1", 1, [0.1, 0.6])] };
    expect(digitsComparison([ising, deeper])).toMatch(/^L1 on digits: localized units 10% \/ 60% \(layers 1, 2\), against 80% \(layers 1\) on Ising data: L1 localizes the fields of data with no lattice physics/);
    const unlocalized: ReportSection = { ...digits, runs: [run("l1", 1, [0.1, 0.2])] };
    expect(digitsComparison([ising, unlocalized])).toMatch(/on Ising data: L1 localizes Ising fields but not digit fields/);
  });
});
