// blockspin sweep over dimer settings on the local pool: a tiny sweep with
// the interaction V and the encoding as axes. Its sample sets are the bytes
// `blockspin sample --model dimer` writes, its models the bytes `blockspin
// train --encoding` trains from them, and sweep.csv's locality numbers are
// those of the models' receptive fields on the 2L x 2L grid, with the grid
// sites of the bonds and the decoys found here from encodeDimers' kjr image.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { torusGeometry } from "../../src/analysis/geometry.js";
import { receptiveFields } from "../../src/analysis/receptive-field.js";
import { readModelBundle } from "../../src/node/io/model-bundle.js";
import { layerAnalysis } from "../../src/node/reproduce/analyze.js";
import { encodeDimers, type DimerEncoding } from "../../src/systems/dimer/encodings.js";
import type { VisibleLayout } from "../../src/systems/visible-layout.js";
import { testCore } from "../support/core.js";
import { cli, tempDir, writeSpec } from "../support/sweep.js";

const SIZE = 8;
const DIMER_SPEC = {
  name: "dimer-tiny",
  sample: { model: "dimer", size: SIZE, count: 400, seed: 3, temperature: 1, interaction: [0, -1] },
  train: { layers: "32,8", epochs: 2, encoding: ["bonds", "kjr"] },
  seeds: [1],
};

interface PlanFile {
  sampleSets: { id: string; settings: Record<string, unknown> }[];
  tasks: { id: string; sampleSet: string; seed: number; sample: Record<string, unknown>; train: { encoding?: DimerEncoding } }[];
}

/**
 * The layout of an encoding derived from the kjr image itself: bond b sits where the image of the one-hot covering
 * b differs from the image of no bonds (same decoy seed); the decoys are the sites where images of no bonds differ
 * across seeds. Blocks: two units per b x b block of lattice sites, 2 (L / b)^2 = n, 2b grid sites.
 */
function layoutFromImages(encoding: DimerEncoding): VisibleLayout {
  const bonds = 2 * SIZE * SIZE;
  const empty = encodeDimers(new Uint8Array(bonds), SIZE, "kjr", 1);
  const blockSide = (nUnits: number) => 2 * SIZE * Math.sqrt(2 / nUnits);
  const geometry = torusGeometry(2 * SIZE);
  if (encoding === "bonds") {
    const sites = Int32Array.from({ length: bonds }, (_, b) => {
      const oneHot = new Uint8Array(bonds);
      oneHot[b] = 1;
      const image = encodeDimers(oneHot, SIZE, "kjr", 1);
      const changed = Array.from(image).flatMap((v, i) => (v !== empty[i] ? [i] : []));
      expect(changed).toHaveLength(1);
      return changed[0]!;
    });
    return { geometry, nVisible: bonds, sites, blockSide };
  }
  const decoys = new Uint8Array(4 * SIZE * SIZE);
  for (let seed = 2; seed < 40; seed++) {
    encodeDimers(new Uint8Array(bonds), SIZE, "kjr", seed).forEach((v, i) => { if (v !== empty[i]) decoys[i] = 1; });
  }
  expect(decoys.reduce((a, b) => a + b, 0)).toBe(2 * SIZE * SIZE);
  return { geometry, nVisible: 4 * SIZE * SIZE, decoys, blockSide };
}

describe("sweep over dimer settings", () => {
  it("refuses dimer settings that do not fit, naming the field", () => {
    const root = tempDir("sweep-dimer-spec");
    const plan = (spec: unknown) => cli(["sweep", "plan", writeSpec(root, spec), "--out", join(root, `p${Math.random().toString(36).slice(2)}`)]);
    const cases: [unknown, RegExp][] = [
      [{ ...DIMER_SPEC, sample: { ...DIMER_SPEC.sample, size: 7 } }, /sample\.size: the dimer model needs an even L/],
      [{ ...DIMER_SPEC, sample: { model: "dimer", size: 8, count: 400, coupling: 0.4 } }, /sample\.coupling is the Ising model's/],
      [{ ...DIMER_SPEC, sample: { size: 8, count: 400, interaction: -1 } }, /sample\.interaction: the plaquette interaction is the dimer model's/],
      [{ ...DIMER_SPEC, sample: { size: 8, count: 400 } }, /encoding: encodings are for dimer samples/],
      [{ ...DIMER_SPEC, train: { ...DIMER_SPEC.train, encoding: "pixels" } }, /train\.encoding: "pixels"/],
    ];
    for (const [spec, pattern] of cases) {
      const run = plan(spec);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(pattern);
    }
  });

  it("samples, trains and collects dimer tasks on the pool as sample and train --encoding would", async () => {
    const root = tempDir("sweep-dimer");
    const dir = join(root, "s");
    const planned = cli(["sweep", "plan", writeSpec(root, DIMER_SPEC), "--out", dir]);
    expect(planned.status, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/4 tasks .* 2 sample sets/);
    const run = cli(["sweep", "run", dir, "--jobs", "2"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/4\/4 tasks done/);
    const collected = cli(["sweep", "collect", dir]);
    expect(collected.status, collected.stderr).toBe(0);

    const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as PlanFile;
    for (const set of plan.sampleSets) {
      expect(set.settings).toMatchObject({ model: "dimer", size: SIZE, temperature: 1 });
      const out = join(root, `sample-${set.id}.npy`);
      const sampled = cli(["sample", "--model", "dimer", "--size", String(SIZE), "--count", "400", "--seed", "3", "--temperature", "1",
        "--interaction", String(set.settings["interaction"]), "--out", out, "--quiet"]);
      expect(sampled.status, sampled.stderr).toBe(0);
      expect(readFileSync(join(dir, "samples", set.id, "dimer.npy")).equals(readFileSync(out))).toBe(true);
    }

    const core = await testCore();
    const [header, ...lines] = readFileSync(join(dir, "sweep.csv"), "utf8").trim().split("\n");
    const columns = header!.split(",");
    expect(columns.slice(0, 8)).toEqual(["index", "id", "status", "sample.interaction", "encoding", "seed", "layer", "units"]);
    expect(lines).toHaveLength(8); // 4 tasks x 2 layers
    const rows = lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [columns[i]!, v])));
    for (const task of plan.tasks) {
      const encoding = task.train.encoding!;
      const model = join(root, `model-${task.id}`);
      const trained = cli(["train", "--data", join(dir, "samples", task.sampleSet, "dimer.npy"), "--encoding", encoding, "--seed", "1",
        "--layers", "32,8", "--epochs", "2", "--threads", "1", "--out", model, "--quiet"]);
      expect(trained.status, trained.stderr).toBe(0);
      for (const file of ["layer1.W.npy", "layer1.hbias.npy", "layer1.vbias.npy", "layer2.W.npy"]) {
        expect(readFileSync(join(dir, "tasks", task.id, "model", file)).equals(readFileSync(join(model, file))), `${task.id} ${file}`).toBe(true);
      }
      const bundle = await readModelBundle(model);
      const layout = layoutFromImages(encoding);
      const fields = receptiveFields(core, bundle.layers);
      for (const [i, field] of fields.entries()) {
        const expected = layerAnalysis(field, layout, bundle.layers[i]!.nHidden, i + 1, task.seed);
        const row = rows.find((r) => r["id"] === task.id && Number(r["layer"]) === i + 1)!;
        expect(row["encoding"]).toBe(encoding);
        expect(Number(row["units"])).toBe(expected.nUnits);
        expect(Number(row["spreadMedian"])).toBe(expected.spread.median);
        expect(Number(row["blockFractionMedian"])).toBe(expected.blockFraction.median);
        expect(Number(row["overlap"])).toBe(expected.overlap);
        expect(Number(row["randomSpreadMedian"])).toBe(expected.random.spread.median);
        expect(Number(row["localizedFraction"])).toBe(expected.localizedFraction);
      }
    }
    // no RG columns: dimers have no block spins for MCRG
    expect(columns).not.toContain("xi2Ratio");
  });
});
