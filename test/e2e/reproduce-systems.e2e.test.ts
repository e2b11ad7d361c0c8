// `blockspin reproduce --quick --system dimer | digits` end to end: the
// files each system's arms write, the measures that replace Ising's where
// magnetisation means nothing, a report combining both runs, and flags of
// one system refused for another.

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readJson, type AnalysisJson, type ModelManifestJson } from "../support/outputs.js";
import { blockspin } from "../support/cli.js";

interface DimerRgJson {
  method: string;
  encoding: string;
  levels: { level: number; units: number; block: number; alignmentMedian: number | null; decoyShare: number | null }[];
}

describe("blockspin reproduce --system", () => {
  let root = "";
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "blockspin-systems-"));
    for (const system of ["dimer", "digits"]) {
      const run = blockspin("reproduce", "--quick", "--quiet", "--system", system, "--out", join(root, system));
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
  });

  it("dimer: kjr-encoded stacks of two units per block, the field reference, dimer-rg.json per arm, decoys drawn apart", () => {
    const out = join(root, "dimer");
    expect(readJson<{ model: string; shape: number[] }>(join(out, "data", "dimer.json"))).toMatchObject({ model: "dimer", shape: [1000, 2, 16, 16] });
    const manifest = readJson<ModelManifestJson & { data: { encoding?: { name: string } } }>(join(out, "arms", "l1", "seed-1", "model.json"));
    expect(manifest.architecture).toEqual([1024, 128, 32, 8]);
    expect(manifest.data.encoding?.name).toBe("kjr");
    for (const arm of ["l1", "l2", "sklearn", "field", "rsmi"]) {
      const record = readJson<DimerRgJson>(join(out, "arms", arm, "seed-1", "analysis", "dimer-rg.json"));
      expect(record.levels.map((l) => [l.units, l.block])).toEqual([[128, 2], [32, 4], [8, 8]]);
      expect(record.method).toBe(arm === "field" || arm === "rsmi" ? arm : "stack");
      // The trained arms saw decoys; the reference and RSMI read bonds only.
      expect(record.levels[0]!.decoyShare === null).toBe(arm === "field" || arm === "rsmi");
    }
    expect(existsSync(join(out, "arms", "rsmi", "seed-1", "filters-level2.png"))).toBe(true);
    expect(existsSync(join(out, "arms", "l1", "seed-1", "analysis", "receptive-field-1-decoys.png"))).toBe(true);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<h2>Verdict</h2>");
    expect(html).toContain("median R&sup2; with (E<sub>x</sub>, E<sub>y</sub>)");
    expect(html).toContain("Is it renormalization? block field");
    expect(html).not.toContain("&lang;|m|&rang;");
  });

  it("digits: a 784-196-49 stack per arm on the open grid, no reference arm and no RG measures", () => {
    const out = join(root, "digits");
    expect(readJson<{ geometry: { kind: string } }>(join(out, "data", "digits.json")).geometry.kind).toBe("open");
    for (const arm of ["l1", "l2", "sklearn"]) {
      const manifest = readJson<ModelManifestJson & { data: { geometry?: object } }>(join(out, "arms", arm, "seed-1", "model.json"));
      expect(manifest.architecture).toEqual([784, 196, 49]);
      expect(manifest.data.geometry).toEqual({ kind: "open", width: 28, height: 28 });
      const analysis = readJson<AnalysisJson>(join(out, "arms", arm, "seed-1", "analysis", "analysis.json"));
      expect(analysis.layers.map((l) => l.blockSide)).toEqual([2, 4]);
      expect(existsSync(join(out, "arms", arm, "seed-1", "analysis", "rg.json"))).toBe(false);
    }
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("Not measured: the digits have no lattice physics");
    expect(html).toMatch(/L1 on digits: localized units \d+% \/ \d+% \(layers 1, 2\); no Ising run in this report/);
  });

  it("blockspin report combines the two runs into one verdict table with a column each", () => {
    const path = join(root, "both.html");
    const run = blockspin("report", join(root, "dimer"), join(root, "digits"), "--out", path);
    expect(run.code).toBe(0);
    const html = readFileSync(path, "utf8");
    expect(html).toMatch(/<th>arm<\/th><th>dimers 16x16, V = 0, kjr encoding<\/th><th>digits \(MNIST, 1000 images\)<\/th>/);
    expect(html).toContain('<h2 class="system">dimers 16x16');
    expect(html).toContain('<h2 class="system">digits (MNIST');
  });

  it("refuses another system's flags and arms with one line and exit 2", () => {
    const out = join(root, "bad");
    for (const [args, message] of [
      [["--system", "digits", "--arms", "majority"], /the digits system has no arm majority \(its arms: l1, l2, sklearn\)/],
      [["--system", "ising", "--encoding", "kjr"], /--encoding is the dimer model's/],
      [["--system", "dimer", "--coupling", "0.4"], /--coupling is the Ising model's/],
      [["--system", "potts"], /--system/],
    ] as const) {
      const run = blockspin("reproduce", "--quick", "--quiet", ...args, "--out", out);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });
});
